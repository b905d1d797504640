//! Parsing: a `syn::DeriveInput` and its attributes into a [`ResourceDef`].
//!
//! Each mistake is reported to the [`Ctxt`] and parsing goes on, so one
//! build shows every mistake of a struct.

mod action;
mod extras;
mod field;
mod query;
mod relation;
mod resource;
pub(crate) mod values;

use crate::ast::{FieldDef, ResourceDef, Spanned};
use crate::ctxt::Ctxt;
use crate::types;
use syn::ext::IdentExt as _;
use syn::spanned::Spanned as _;

/// The attributes `#[derive(Resource)]` owns (defined in `conduit-format`).
pub use conduit_format::generated::HELPER_ATTRIBUTES;

/// Parses a struct into the model; `None` when its shape is unsupported.
/// Attribute mistakes go to `cx`; the returned model skips what was wrong.
///
/// ```
/// use conduit_codegen::{Ctxt, parse_resource};
/// let input: syn::DeriveInput = syn::parse_quote! {
///     #[resource(table = "posts")]
///     struct Post { #[field(primary)] id: u64, title: Option<String> }
/// };
/// let cx = Ctxt::new();
/// let def = parse_resource(&cx, &input).unwrap();
/// cx.finish().unwrap();
/// assert_eq!(def.table(), "posts");
/// assert!(def.fields[1].nullable);
/// ```
pub fn parse_resource(cx: &Ctxt, input: &syn::DeriveInput) -> Option<ResourceDef> {
    let named = match &input.data {
        syn::Data::Struct(s) => match &s.fields {
            syn::Fields::Named(n) => Some(n),
            syn::Fields::Unnamed(_) => {
                cx.error(
                    input.ident.span(),
                    format!(
                        "`#[derive(Resource)]` needs named fields; `{}` is a tuple struct: write `struct {} {{ id: u64, ... }}`",
                        input.ident, input.ident
                    ),
                );
                None
            }
            syn::Fields::Unit => {
                cx.error(
                    input.ident.span(),
                    format!(
                        "`#[derive(Resource)]` needs named fields; `{}` is a unit struct: write `struct {} {{ id: u64, ... }}`",
                        input.ident, input.ident
                    ),
                );
                None
            }
        },
        syn::Data::Enum(e) => {
            cx.error(
                e.enum_token.span(),
                "`#[derive(Resource)]` supports structs with named fields, not enums; describe the enum as a field type instead",
            );
            None
        }
        syn::Data::Union(u) => {
            cx.error(
                u.union_token.span(),
                "`#[derive(Resource)]` supports structs with named fields, not unions",
            );
            None
        }
    };
    if let Some(param) = input.generics.params.first() {
        let msg = match param {
            syn::GenericParam::Lifetime(_) => {
                "`#[derive(Resource)]` does not support lifetime parameters: a resource's fields are owned data; use owned types (`String` instead of `&'a str`) and remove the parameter"
            }
            _ => {
                "`#[derive(Resource)]` does not support generic structs: a resource describes one concrete table; remove the generic parameters"
            }
        };
        cx.error(param.span(), msg);
        return None;
    }
    let named = named?;
    let ident = input.ident.clone();
    let mut def = ResourceDef {
        name: Spanned::new(ident.unraw().to_string(), ident.span()),
        ident,
        table: None,
        path: None,
        docs: docs(&input.attrs),
        operations: None,
        nested_under: None,
        nested_param: None,
        nested_only: None,
        param: None,
        singular: None,
        list_query: Vec::new(),
        actions: Vec::new(),
        middleware: Vec::new(),
        hooks: Vec::new(),
        fields: Vec::new(),
        relationships: Vec::new(),
        constraints: Vec::new(),
        scopes: Vec::new(),
        computed: Vec::new(),
        routes: Vec::new(),
    };
    // #[resource(...)] first: the name feeds relationship defaults.
    let mut seen = values::Seen::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("resource")) {
        resource::parse(cx, attr, &mut def, &mut seen);
    }
    for attr in &input.attrs {
        let p = attr.path();
        if let Some(kind) = relation::kind_of(attr) {
            def.relationships
                .extend(relation::parse(cx, attr, kind, &def.name.value, None));
        } else if p.is_ident("constraint") {
            def.constraints
                .extend(extras::constraint(cx, attr, &def.operations()));
        } else if p.is_ident("scope") {
            def.scopes.extend(extras::scope(cx, attr));
        } else if p.is_ident("computed") {
            def.computed.extend(extras::computed(cx, attr));
        } else if p.is_ident("route") {
            def.routes.extend(extras::route(cx, attr));
        } else if p.is_ident("action") {
            def.actions.extend(action::parse(cx, attr));
        } else if p.is_ident("field") {
            cx.error(
                p.span(),
                "`#[field(...)]` goes on a field, not on the struct",
            );
        }
    }
    for f in &named.named {
        let Some(fdef) = parse_field(cx, f, &mut def) else {
            continue;
        };
        def.fields.push(fdef);
    }
    crate::rules::implicit_key(&mut def);
    crate::check::check(cx, &def);
    Some(def)
}

fn parse_field(cx: &Ctxt, f: &syn::Field, def: &mut ResourceDef) -> Option<FieldDef> {
    let ident = f.ident.clone()?;
    let inner = types::option_inner(&f.ty);
    let value_type = inner.unwrap_or(&f.ty);
    let base_ty = types::normalize(value_type);
    let mut field = FieldDef {
        name: ident.unraw().to_string(),
        rust_type: types::canonical_type(&f.ty),
        ty: base_ty.clone(),
        value_type: types::canonical_type(value_type),
        base_ty,
        nullable: inner.is_some(),
        skip: None,
        flags: Vec::new(),
        default: None,
        validations: Vec::new(),
        tags: Vec::new(),
        constraints: Vec::new(),
        docs: docs(&f.attrs),
        ty_override: None,
        span: ident.span(),
        ident,
    };
    let mut seen = values::Seen::default();
    for attr in &f.attrs {
        let p = attr.path();
        if p.is_ident("field") {
            field::parse(cx, attr, &mut field, &mut seen);
        } else if p.is_ident("belongs_to") {
            if let Some(kind) = relation::kind_of(attr) {
                def.relationships.extend(relation::parse(
                    cx,
                    attr,
                    kind,
                    &def.name.value,
                    Some(&field.ident),
                ));
            }
        } else if p.is_ident("has_one") || p.is_ident("has_many") {
            let a = values::attr_name(attr);
            cx.error(
                p.span(),
                format!(
                    "`#[{a}(...)]` goes on the struct: the foreign key lives in the other resource"
                ),
            );
        } else if [
            "resource",
            "constraint",
            "scope",
            "computed",
            "route",
            "action",
        ]
        .iter()
        .any(|n| p.is_ident(n))
        {
            let a = values::attr_name(attr);
            cx.error(
                p.span(),
                format!("`#[{a}(...)]` goes on the struct, not on a field"),
            );
        }
    }
    Some(field)
}

/// A doc comment's text: `///` lines joined with `\n`, one leading space trimmed.
pub fn docs(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if nv.path.is_ident("doc") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    let v = s.value();
                    for line in v.lines() {
                        lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                    }
                }
            }
        }
    }
    lines.join("\n").trim().to_owned()
}
