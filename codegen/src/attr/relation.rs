//! `#[belongs_to(..)]`, `#[has_one(..)]`, `#[has_many(..)]` on the struct or a field.

use super::values::{self, Seen, key, span};
use crate::ast::RelationshipDef;
use crate::ctxt::Ctxt;
use crate::naming::{plural, snake_case};
use crate::suggest::did_you_mean;
use conduit_format::{ReferentialAction, RelationKind};
use syn::ext::IdentExt as _;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;

use crate::ast::RELATION_OPTIONS as OPTIONS;
const ACTIONS: &[&str] = &["cascade", "restrict", "set_null", "no_action"];

/// Which relationship attribute is being parsed.
pub fn kind_of(attr: &syn::Attribute) -> Option<RelationKind> {
    let p = attr.path();
    if p.is_ident("belongs_to") {
        Some(RelationKind::BelongsTo)
    } else if p.is_ident("has_one") {
        Some(RelationKind::HasOne)
    } else if p.is_ident("has_many") {
        Some(RelationKind::HasMany)
    } else {
        None
    }
}

/// Parses one relationship attribute. `owner` is the resource's name;
/// `field` the field it sits on, if any.
pub fn parse(
    cx: &Ctxt,
    attr: &syn::Attribute,
    kind: RelationKind,
    owner: &str,
    field: Option<&syn::Ident>,
) -> Option<RelationshipDef> {
    let attr_name = kind.as_str();
    let mut target: Option<syn::Path> = None;
    let mut name = None;
    let mut foreign_key = None;
    let mut through = None;
    let (mut on_delete, mut on_update) = (None, None);
    let mut seen = Seen::default();
    let mut first = true;
    let mut option_spans: Vec<(&'static str, proc_macro2::Span)> = Vec::new();
    if let Some(s) = leading_string(attr) {
        cx.error(
            s.span(),
            format!(
                "the target of `#[{attr_name}(...)]` is a type, not a string: write `#[{attr_name}({}, ...)]`",
                s.value()
            ),
        );
        return None;
    }
    let read = values::each(cx, attr, |meta| {
        let is_first = std::mem::replace(&mut first, false);
        let k = key(&meta);
        let bare = !meta.input.peek(syn::Token![=]) && !meta.input.peek(syn::token::Paren);
        if is_first && bare && !OPTIONS.contains(&k.as_str()) {
            // #[has_many(Comment, ...)]: the target type comes first
            target = Some(meta.path.clone());
            return Ok(());
        }
        if OPTIONS.contains(&k.as_str()) && !seen.first(cx, &meta, attr_name) {
            return values::skip_value(&meta);
        }
        if let Some(o) = OPTIONS.iter().find(|o| **o == k) {
            option_spans.push((o, span(&meta)));
        }
        match k.as_str() {
            // name = "author"
            "name" => name = values::string(cx, &meta, "name = \"author\"")?.map(|s| s.value),
            // foreign_key = "author_id"
            "foreign_key" => {
                foreign_key =
                    values::string(cx, &meta, "foreign_key = \"author_id\"")?.map(|s| s.value)
            }
            // through = "post_tags"
            "through" => {
                let v = values::string(cx, &meta, "through = \"post_tags\"")?;
                if kind == RelationKind::HasMany {
                    through = v.map(|s| s.value);
                } else {
                    cx.error(
                        span(&meta),
                        format!("`through` only applies to `has_many`; a `{attr_name}` relationship has no join table: remove `through`, or use `#[has_many(..., through = \"...\")]`"),
                    );
                }
            }
            // on_delete = "cascade"
            "on_delete" => on_delete = action(cx, &meta)?,
            // on_update = "cascade"
            "on_update" => on_update = action(cx, &meta)?,
            _ if bare && !is_first => {
                if target.is_none() {
                    // reported here; do not report "needs the target" again
                    target = Some(meta.path.clone());
                }
                cx.error(
                    span(&meta),
                    format!(
                        "the target type must come first: `#[{attr_name}({k}, ...)]`{}",
                        {
                            let h = did_you_mean(&k, OPTIONS.iter().copied());
                            if h.is_empty() {
                                String::new()
                            } else {
                                format!(" (or{})", h.trim_start_matches(';'))
                            }
                        }
                    ),
                )
            }
            _ => values::unknown(cx, &meta, attr_name, OPTIONS)?,
        }
        Ok(())
    });
    if !read {
        return None;
    }
    let Some(target) = target else {
        cx.error(
            attr.path().span(),
            format!(
                "`#[{attr_name}(...)]` needs the target resource first, e.g. `#[{attr_name}(User)]`"
            ),
        );
        return None;
    };
    let target_name = target
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    let kind = if through.is_some() {
        RelationKind::HasManyThrough
    } else {
        kind
    };
    let default_name = match (kind, field) {
        (RelationKind::BelongsTo, Some(f)) => {
            let f = f.unraw().to_string();
            f.strip_suffix("_id").map(str::to_owned).unwrap_or(f)
        }
        (RelationKind::BelongsTo | RelationKind::HasOne, _) => snake_case(&target_name),
        (RelationKind::HasMany | RelationKind::HasManyThrough, _) => {
            plural(&snake_case(&target_name))
        }
    };
    let default_fk = match (kind, field) {
        (RelationKind::BelongsTo, Some(f)) => Some(f.unraw().to_string()),
        (RelationKind::BelongsTo, None) => Some(format!("{}_id", snake_case(&target_name))),
        (RelationKind::HasOne | RelationKind::HasMany, _) => {
            Some(format!("{}_id", snake_case(owner)))
        }
        (RelationKind::HasManyThrough, _) => None,
    };
    Some(RelationshipDef {
        kind,
        name: name.unwrap_or(default_name),
        foreign_key: foreign_key.or(default_fk),
        through,
        on_delete,
        on_update,
        field: field.cloned(),
        span: target.span(),
        option_spans,
        target,
    })
}

fn action(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<ReferentialAction>> {
    let k = key(meta);
    let Some(v) = values::string(cx, meta, &format!("{k} = \"cascade\""))? else {
        return Ok(None);
    };
    match v.value.parse::<ReferentialAction>() {
        Ok(a) => Ok(Some(a)),
        Err(_) => {
            let h = did_you_mean(&v.value, ACTIONS.iter().copied());
            let h = if h.is_empty() {
                format!("; expected one of {}", values::list(ACTIONS))
            } else {
                h
            };
            cx.error(v.span, format!("unknown `{k}` action `{}`{h}", v.value));
            Ok(None)
        }
    }
}

/// `"Comment"` in `#[has_many("Comment", ...)]`.
fn leading_string(attr: &syn::Attribute) -> Option<syn::LitStr> {
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    let first = list.tokens.clone().into_iter().next()?;
    syn::parse2::<syn::LitStr>(first.into()).ok()
}
