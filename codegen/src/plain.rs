//! The model as plain data ([`Plain`]): positions instead of `proc_macro2`
//! spans, strings instead of `syn` identifiers and paths, so that it can be
//! built on one thread and read on another (`proc_macro2` tokens are neither
//! `Send` nor meaningful away from the thread that parsed them).
//!
//! ```
//! use conduit_codegen::plain::{Pos, Plain};
//! use conduit_codegen::ast::ResourceDef;
//! let input: syn::DeriveInput = syn::parse_quote! {
//!     #[has_many(crate::models::Comment)]
//!     struct Post { id: u64 }
//! };
//! let cx = conduit_codegen::Ctxt::new();
//! let def = conduit_codegen::parse_resource(&cx, &input).unwrap();
//! let plain: ResourceDef<Plain> = def.into_plain(&|_| Pos::default());
//! assert_eq!(plain.ident.text, "Post");
//! assert_eq!(plain.relationships[0].target.text, "crate::models::Comment");
//! assert_eq!(plain.relationships[0].target.segments, ["crate", "models", "Comment"]);
//! ```

use crate::ast::*;
use proc_macro2::Span;

/// Where something was written: its first and last line (1-based) and
/// column (0-based, in characters), as `proc_macro2` reports a span's
/// start and end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    /// The first line, 1-based.
    pub line: u32,
    /// The first column, 0-based, in characters.
    pub column: u32,
    /// The line of the end.
    pub end_line: u32,
    /// The column just past the end.
    pub end_column: u32,
}

/// An identifier and where it was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Name {
    /// The identifier as written (`r#type` keeps its `r#`).
    pub text: String,
    /// Where.
    pub span: Pos,
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Name {
    /// Where the identifier was written.
    pub fn span(&self) -> Pos {
        self.span
    }
}

/// A path as written: its segments' identifiers and its canonical spelling.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathText {
    /// The identifier of each segment (`crate`, `models`, `User`).
    pub segments: Vec<String>,
    /// The path spelled canonically (`crate::models::User`).
    pub text: String,
    /// Where the whole path was written.
    pub span: Pos,
}

impl PathText {
    /// The plain form of a `syn` path; `pos` places its span.
    pub fn of(path: &syn::Path, pos: &dyn Fn(Span) -> Pos) -> PathText {
        PathText {
            segments: path.segments.iter().map(|s| s.ident.to_string()).collect(),
            text: crate::types::canonical_path(path),
            span: pos(syn::spanned::Spanned::span(path)),
        }
    }

    /// The last segment's identifier (`User` of `crate::models::User`).
    pub fn last(&self) -> &str {
        self.segments.last().map_or("", String::as_str)
    }

    /// Whether the path is the single identifier `ident`, as
    /// `syn::Path::is_ident` says.
    pub fn is_ident(&self, ident: &str) -> bool {
        self.text == ident
    }
}

/// The model as plain data: [`Pos`], [`Name`], [`PathText`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plain;

impl Syntax for Plain {
    type Span = Pos;
    type Ident = Name;
    type Path = PathText;

    fn ident_span(ident: &Name) -> Pos {
        ident.span
    }
    fn path_text(path: &PathText) -> String {
        path.text.clone()
    }
    fn last_segment(path: &PathText) -> String {
        path.last().to_owned()
    }
}

fn name(ident: syn::Ident, pos: &dyn Fn(Span) -> Pos) -> Name {
    Name {
        span: pos(ident.span()),
        text: ident.to_string(),
    }
}

fn spanned<T>(s: Spanned<T>, pos: &dyn Fn(Span) -> Pos) -> Spanned<T, Pos> {
    Spanned::new(s.value, pos(s.span))
}

fn query(q: QueryParamDef, pos: &dyn Fn(Span) -> Pos) -> QueryParamDef<Plain> {
    QueryParamDef {
        name: q.name,
        rust_type: q.rust_type,
        value_type: q.value_type,
        ty: q.ty,
        default: q.default.map(|d| spanned(d, pos)),
        span: pos(q.span),
    }
}

fn field(f: FieldDef, pos: &dyn Fn(Span) -> Pos) -> FieldDef<Plain> {
    FieldDef {
        ident: name(f.ident, pos),
        name: f.name,
        rust_type: f.rust_type,
        ty: f.ty,
        value_type: f.value_type,
        base_ty: f.base_ty,
        nullable: f.nullable,
        skip: f.skip.map(pos),
        flags: f.flags.into_iter().map(|x| spanned(x, pos)).collect(),
        default: f.default.map(|d| spanned(d, pos)),
        validations: f
            .validations
            .into_iter()
            .map(|v| ValidationDef {
                kind: v.kind,
                value: v.value,
                message: v.message,
                span: pos(v.span),
            })
            .collect(),
        tags: f.tags,
        constraints: f.constraints,
        docs: f.docs,
        ty_override: f.ty_override.map(|t| spanned(t, pos)),
        span: pos(f.span),
    }
}

fn relationship(r: RelationshipDef, pos: &dyn Fn(Span) -> Pos) -> RelationshipDef<Plain> {
    RelationshipDef {
        kind: r.kind,
        target: PathText::of(&r.target, pos),
        name: r.name,
        foreign_key: r.foreign_key,
        through: r.through,
        on_delete: r.on_delete,
        on_update: r.on_update,
        field: r.field.map(|f| name(f, pos)),
        span: pos(r.span),
        option_spans: r
            .option_spans
            .into_iter()
            .map(|(k, s)| (k, pos(s)))
            .collect(),
    }
}

fn action(a: ActionDef, pos: &dyn Fn(Span) -> Pos) -> ActionDef<Plain> {
    ActionDef {
        method: a.method,
        name: spanned(a.name, pos),
        kind: a.kind,
        segment: a.segment.map(|s| spanned(s, pos)),
        middleware: a.middleware,
        query: a.query.into_iter().map(|q| query(q, pos)).collect(),
        span: pos(a.span),
    }
}

impl ResourceDef<Tokens> {
    /// The same model as plain data; `pos` places each span (in a build
    /// step, from the span's start and end on the thread that parsed it).
    pub fn into_plain(self, pos: &dyn Fn(Span) -> Pos) -> ResourceDef<Plain> {
        ResourceDef {
            ident: name(self.ident, pos),
            name: spanned(self.name, pos),
            table: self.table.map(|t| spanned(t, pos)),
            path: self.path.map(|p| spanned(p, pos)),
            docs: self.docs,
            operations: self
                .operations
                .map(|ops| ops.into_iter().map(|o| spanned(o, pos)).collect()),
            nested_under: self.nested_under.map(|p| PathText::of(&p, pos)),
            nested_param: self.nested_param.map(|p| spanned(p, pos)),
            nested_only: self.nested_only.map(pos),
            param: self.param.map(|p| spanned(p, pos)),
            singular: self.singular.map(pos),
            list_query: self.list_query.into_iter().map(|q| query(q, pos)).collect(),
            actions: self.actions.into_iter().map(|a| action(a, pos)).collect(),
            middleware: self
                .middleware
                .into_iter()
                .map(|m| MiddlewareDef {
                    operation: m.operation,
                    chain: m.chain,
                    span: pos(m.span),
                })
                .collect(),
            hooks: self
                .hooks
                .into_iter()
                .map(|h| HookDef {
                    kind: h.kind,
                    function: PathText::of(&h.function, pos),
                    transaction: h.transaction,
                    is_async: h.is_async,
                    span: pos(h.span),
                })
                .collect(),
            fields: self.fields.into_iter().map(|f| field(f, pos)).collect(),
            relationships: self
                .relationships
                .into_iter()
                .map(|r| relationship(r, pos))
                .collect(),
            constraints: self
                .constraints
                .into_iter()
                .map(|c| ConstraintDef {
                    name: c.name,
                    operations: c.operations,
                    operation_spans: c.operation_spans.into_iter().map(pos).collect(),
                    condition: c.condition,
                    error: c.error,
                    span: pos(c.span),
                    name_span: pos(c.name_span),
                    condition_span: pos(c.condition_span),
                })
                .collect(),
            scopes: self
                .scopes
                .into_iter()
                .map(|s| ScopeDef {
                    name: s.name,
                    query: s.query,
                    span: pos(s.span),
                    name_span: pos(s.name_span),
                })
                .collect(),
            computed: self
                .computed
                .into_iter()
                .map(|c| ComputedDef {
                    name: c.name,
                    ty: c.ty,
                    expr: c.expr,
                    span: pos(c.span),
                    name_span: pos(c.name_span),
                    expr_span: pos(c.expr_span),
                })
                .collect(),
            routes: self
                .routes
                .into_iter()
                .map(|r| RouteDef {
                    method: r.method,
                    path: r.path,
                    handler: r.handler,
                    middleware: r.middleware,
                    span: pos(r.span),
                    path_span: pos(r.path_span),
                    handler_span: pos(r.handler_span),
                })
                .collect(),
        }
    }
}

#[cfg(all(test, feature = "build"))]
mod tests {
    use super::*;
    use conduit_format::schema::Location;

    /// Every resource of the example models, parsed from their files.
    fn example_defs() -> Vec<ResourceDef> {
        let files = [
            include_str!("../../examples/blog/src/models/post.rs"),
            include_str!("../../examples/blog/src/models/comment.rs"),
            include_str!("../../examples/blog/src/models/user.rs"),
            include_str!("../../examples/blog/src/models/tag.rs"),
            include_str!("../../examples/realworld/src/models/article.rs"),
            include_str!("../../examples/realworld/src/models/user.rs"),
            include_str!("../../examples/realworld/src/models/profile.rs"),
        ];
        let mut defs = Vec::new();
        for text in files {
            let file = syn::parse_file(text).unwrap();
            for item in file.items {
                let syn::Item::Struct(s) = item else { continue };
                let cx = crate::Ctxt::new();
                let def = crate::parse_resource(&cx, &s.into());
                cx.finish().unwrap();
                defs.push(def.unwrap());
            }
        }
        assert!(defs.len() >= 7, "{} resources", defs.len());
        defs
    }

    fn pos(span: Span) -> Pos {
        let (s, e) = (span.start(), span.end());
        Pos {
            line: s.line as u32,
            column: s.column as u32,
            end_line: e.line as u32,
            end_column: e.column as u32,
        }
    }

    fn location(p: Pos) -> Location {
        Location {
            file: p.end_line,
            line: p.line,
            column: p.column * 1000 + p.end_column,
        }
    }

    #[test]
    fn the_plain_model_lowers_and_fingerprints_as_the_parsed_one() {
        for def in example_defs() {
            let resolved = crate::lower::Resolved::default();
            let plain = def.clone().into_plain(&pos);
            assert_eq!(
                crate::fingerprint::fingerprint(&def),
                crate::fingerprint::fingerprint(&plain)
            );
            let ident = def.ident.to_string();
            let from_tokens = crate::lower::lower(def, resolved.clone(), &|s| location(pos(s)));
            let from_plain = crate::lower::lower(plain, resolved, &location);
            assert_eq!(from_tokens, from_plain, "{ident}");
        }
    }

    #[test]
    fn names_and_paths_keep_what_the_build_step_reads() {
        for def in example_defs() {
            let plain = def.clone().into_plain(&pos);
            assert_eq!(plain.ident.span(), pos(def.ident.span()));
            for (r, p) in def.relationships.iter().zip(&plain.relationships) {
                assert_eq!(p.target.text, Tokens::path_text(&r.target));
                assert_eq!(
                    Plain::last_segment(&p.target),
                    Tokens::last_segment(&r.target)
                );
                assert_eq!(p.target.is_ident("Self"), r.target.is_ident("Self"));
                assert_eq!(p.target.span, pos(syn::spanned::Spanned::span(&r.target)));
                for ((k, s), (pk, ps)) in r.option_spans.iter().zip(&p.option_spans) {
                    assert_eq!((k, pos(*s)), (pk, *ps));
                }
                assert_eq!(
                    r.field.as_ref().map(|f| f.to_string()),
                    p.field.as_ref().map(|f| f.text.clone())
                );
            }
            for (f, p) in def.fields.iter().zip(&plain.fields) {
                assert_eq!(
                    (f.ident.to_string(), pos(f.span)),
                    (p.ident.text.clone(), p.span)
                );
                assert_eq!(f.skip.map(pos), p.skip);
            }
            assert_eq!(def.routes.len(), plain.routes.len());
            for (r, p) in def.routes.iter().zip(&plain.routes) {
                assert_eq!(
                    (pos(r.path_span), pos(r.handler_span)),
                    (p.path_span, p.handler_span)
                );
            }
            for (c, p) in def.constraints.iter().zip(&plain.constraints) {
                assert_eq!(
                    (pos(c.name_span), pos(c.condition_span)),
                    (p.name_span, p.condition_span)
                );
                let spans: Vec<Pos> = c.operation_spans.iter().map(|s| pos(*s)).collect();
                assert_eq!(spans, p.operation_spans);
            }
        }
    }

    #[test]
    fn a_raw_identifier_names_its_foreign_key_without_the_prefix() {
        let input: syn::DeriveInput = syn::parse_quote! {
            struct Post { id: u64, #[belongs_to(User, foreign_key = "type")] r#type: u64 }
        };
        let cx = crate::Ctxt::new();
        let def = crate::parse_resource(&cx, &input).unwrap();
        let _ = cx.finish();
        let plain = def.clone().into_plain(&pos);
        assert_eq!(plain.fields[1].ident.text, "r#type");
        let found = crate::rules::key_field(&plain, "type").map(|f| f.name.clone());
        assert_eq!(
            found,
            crate::rules::key_field(&def, "type").map(|f| f.name.clone())
        );
        assert!(found.is_some());
    }
}
