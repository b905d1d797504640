//! The parsed model of one resource, keeping spans so later stages (checks,
//! the build script's diagnostics and locations) can point at the user's tokens.
//!
//! The model is generic over what its spans, identifiers and paths are
//! ([`Syntax`]): the parser builds it from `syn` tokens ([`Tokens`], the
//! default), and the build step turns it into plain data
//! ([`Plain`](crate::plain::Plain)) that can cross threads, since
//! `proc_macro2` tokens cannot.

use conduit_format::{ActionKind, HookKind, Method, Operation, ReferentialAction, RelationKind};
use proc_macro2::Span;

/// What a [`ResourceDef`] is made of: its spans, identifiers and paths.
pub trait Syntax: Clone + std::fmt::Debug {
    /// Where something was written.
    type Span: Copy + std::fmt::Debug;
    /// An identifier (displays as written).
    type Ident: Clone + std::fmt::Debug + std::fmt::Display;
    /// A path as written (`crate::models::User`).
    type Path: Clone + std::fmt::Debug;

    /// Where an identifier was written.
    fn ident_span(ident: &Self::Ident) -> Self::Span;
    /// A path spelled canonically ([`canonical_path`](crate::types::canonical_path)).
    fn path_text(path: &Self::Path) -> String;
    /// A path's last segment (`User` of `crate::models::User`).
    fn last_segment(path: &Self::Path) -> String;
}

/// The model as parsed: `proc_macro2` spans, `syn` identifiers and paths.
///
/// ```
/// use conduit_codegen::ast::{ResourceDef, Syntax, Tokens};
/// let input: syn::DeriveInput = syn::parse_quote!(struct Post { id: u64 });
/// let cx = conduit_codegen::Ctxt::new();
/// let def: ResourceDef<Tokens> = conduit_codegen::parse_resource(&cx, &input).unwrap();
/// assert_eq!(def.ident.to_string(), "Post");
/// let path: syn::Path = syn::parse_quote!(crate :: models :: User);
/// assert_eq!(Tokens::path_text(&path), "crate::models::User");
/// assert_eq!(Tokens::last_segment(&path), "User");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tokens;

impl Syntax for Tokens {
    type Span = Span;
    type Ident = syn::Ident;
    type Path = syn::Path;

    fn ident_span(ident: &syn::Ident) -> Span {
        ident.span()
    }
    fn path_text(path: &syn::Path) -> String {
        crate::types::canonical_path(path)
    }
    fn last_segment(path: &syn::Path) -> String {
        crate::naming::last_segment(path)
    }
}

/// A value with the span of the tokens it came from.
#[derive(Clone, Debug)]
pub struct Spanned<T, S = Span> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: S,
}

impl<T, S> Spanned<T, S> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: S) -> Self {
        Spanned { value, span }
    }
}

/// One `#[derive(Resource)]` struct.
#[derive(Clone, Debug)]
pub struct ResourceDef<X: Syntax = Tokens> {
    /// The struct's identifier.
    pub ident: X::Ident,
    /// `name = "..."`, or the identifier.
    pub name: Spanned<String, X::Span>,
    /// `table = "..."`
    pub table: Option<Spanned<String, X::Span>>,
    /// `path = "..."`
    pub path: Option<Spanned<String, X::Span>>,
    /// The struct's doc comment, lines joined with `\n`.
    pub docs: String,
    /// `operations(...)`; `None` means all five.
    pub operations: Option<Vec<Spanned<Operation, X::Span>>>,
    /// `nested_under = Parent` or `nested_under(Parent, ...)`
    pub nested_under: Option<X::Path>,
    /// `nested_under(Parent, param = "slug")`: the parent's parameter name.
    pub nested_param: Option<Spanned<String, X::Span>>,
    /// `nested_under(Parent, only)`: no top-level routes.
    pub nested_only: Option<X::Span>,
    /// `param = "slug"`: the member routes' parameter (default `id`).
    pub param: Option<Spanned<String, X::Span>>,
    /// `singular`: member routes without a parameter, no `list`.
    pub singular: Option<X::Span>,
    /// `list_query(...)`
    pub list_query: Vec<QueryParamDef<X>>,
    /// `#[action(...)]`
    pub actions: Vec<ActionDef<X>>,
    /// `middleware(op = [...], ...)`
    pub middleware: Vec<MiddlewareDef<X>>,
    /// `hooks(...)`
    pub hooks: Vec<HookDef<X>>,
    /// Fields in declaration order, including skipped ones.
    pub fields: Vec<FieldDef<X>>,
    /// Relationships declared on the struct and on fields, in source order.
    pub relationships: Vec<RelationshipDef<X>>,
    /// `#[constraint(...)]`
    pub constraints: Vec<ConstraintDef<X>>,
    /// `#[scope(...)]`
    pub scopes: Vec<ScopeDef<X>>,
    /// `#[computed(...)]`
    pub computed: Vec<ComputedDef<X>>,
    /// `#[route(...)]`
    pub routes: Vec<RouteDef<X>>,
}

/// One field.
#[derive(Clone, Debug)]
pub struct FieldDef<X: Syntax = Tokens> {
    /// The Rust identifier.
    pub ident: X::Ident,
    /// `rename = "..."`, or the identifier.
    pub name: String,
    /// The type as written, canonically spelled.
    pub rust_type: String,
    /// The normalized type (after `ty = "..."`).
    pub ty: String,
    /// The Rust type without `Option`, canonically spelled (`u8`).
    pub value_type: String,
    /// The normalized type of the Rust type, before any `ty = "..."`.
    pub base_ty: String,
    /// `Option<T>`
    pub nullable: bool,
    /// `#[field(skip)]`
    pub skip: Option<X::Span>,
    /// Flags: `primary`, `auto`, `auto_update`, `unique`, `index`.
    pub flags: Vec<Spanned<Flag, X::Span>>,
    /// `default = <literal>` as Rust literal text.
    pub default: Option<Spanned<String, X::Span>>,
    /// Validation rules (`min`, `max`, `pattern`, `email`, `url`, `validate(...)`).
    pub validations: Vec<ValidationDef<X>>,
    /// `tags = [...]`
    pub tags: Vec<String>,
    /// The reference's constraint strings, in written order: `primary`,
    /// `min(5)`, `default("x")`…
    pub constraints: Vec<String>,
    /// The field's doc comment.
    pub docs: String,
    /// `ty = "..."`, when given.
    pub ty_override: Option<Spanned<String, X::Span>>,
    /// The field's span (its identifier).
    pub span: X::Span,
}

/// A boolean field option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// `primary`
    Primary,
    /// `auto`
    Auto,
    /// `auto_update`
    AutoUpdate,
    /// `unique`
    Unique,
    /// `index`
    Index,
}

impl Flag {
    /// Every flag with its spelling.
    pub const ALL: [(&'static str, Flag); 5] = [
        ("primary", Flag::Primary),
        ("auto", Flag::Auto),
        ("auto_update", Flag::AutoUpdate),
        ("unique", Flag::Unique),
        ("index", Flag::Index),
    ];

    /// The attribute spelling.
    pub fn as_str(self) -> &'static str {
        Flag::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(s, _)| s)
    }
}

impl<X: Syntax> FieldDef<X> {
    /// Whether the flag is set.
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.iter().any(|f| f.value == flag)
    }
}

/// A validation rule on a field.
#[derive(Clone, Debug)]
pub struct ValidationDef<X: Syntax = Tokens> {
    /// `min`, `max`, `pattern`, `email`, `url`, or the custom kind.
    pub kind: String,
    /// The argument as literal text.
    pub value: Option<String>,
    /// `message = "..."`
    pub message: Option<String>,
    /// Where the rule is written.
    pub span: X::Span,
}

/// The options a relationship attribute takes, as
/// [`RelationshipDef::option_spans`] names them.
///
/// ```
/// assert!(conduit_codegen::ast::RELATION_OPTIONS.contains(&"foreign_key"));
/// ```
pub const RELATION_OPTIONS: &[&str] = &["foreign_key", "through", "on_delete", "on_update", "name"];

/// A relationship.
#[derive(Clone, Debug)]
pub struct RelationshipDef<X: Syntax = Tokens> {
    /// The kind (`has_many` with `through` is `HasManyThrough`).
    pub kind: RelationKind,
    /// The target type path as written.
    pub target: X::Path,
    /// `name = "..."`, or the default for the kind.
    pub name: String,
    /// `foreign_key = "..."`, or the default for the kind.
    pub foreign_key: Option<String>,
    /// `through = "..."`
    pub through: Option<String>,
    /// `on_delete = "..."`
    pub on_delete: Option<ReferentialAction>,
    /// `on_update = "..."`
    pub on_update: Option<ReferentialAction>,
    /// The field it is declared on, if any.
    pub field: Option<X::Ident>,
    /// Where it is declared (the target path).
    pub span: X::Span,
    /// Where each option was written (`foreign_key`, `on_delete`, ...).
    pub option_spans: Vec<(&'static str, X::Span)>,
}

impl<X: Syntax> RelationshipDef<X> {
    /// Where option `key` was written, or the target when it was not.
    pub fn span_of(&self, key: &str) -> X::Span {
        self.option_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(self.span, |(_, s)| *s)
    }
}

/// A lifecycle hook.
#[derive(Clone, Debug)]
pub struct HookDef<X: Syntax = Tokens> {
    /// When it runs.
    pub kind: HookKind,
    /// The function path as written.
    pub function: X::Path,
    /// `transaction`
    pub transaction: bool,
    /// `async`
    pub is_async: bool,
    /// Where it is declared.
    pub span: X::Span,
}

/// The middleware chain of one operation.
#[derive(Clone, Debug)]
pub struct MiddlewareDef<X: Syntax = Tokens> {
    /// The operation.
    pub operation: Operation,
    /// The chain.
    pub chain: Vec<String>,
    /// Where it is declared.
    pub span: X::Span,
}

/// `#[constraint(name = .., on(..), condition = .., error = ..)]`
#[derive(Clone, Debug)]
pub struct ConstraintDef<X: Syntax = Tokens> {
    /// The name.
    pub name: String,
    /// `on(...)`; the write operations (`create`, `update`) the resource
    /// has when absent.
    pub operations: Vec<Operation>,
    /// Where each operation of `on(...)` is written; empty without `on`.
    pub operation_spans: Vec<X::Span>,
    /// The condition text.
    pub condition: String,
    /// The error text.
    pub error: String,
    /// Where it is declared.
    pub span: X::Span,
    /// Where the name is written.
    pub name_span: X::Span,
    /// Where the condition is written.
    pub condition_span: X::Span,
}

/// `#[scope(name = .., query = ..)]`
#[derive(Clone, Debug)]
pub struct ScopeDef<X: Syntax = Tokens> {
    /// The name.
    pub name: String,
    /// The query text.
    pub query: String,
    /// Where it is declared.
    pub span: X::Span,
    /// Where the name is written.
    pub name_span: X::Span,
}

/// `#[computed(name = .., ty = .., expr = ..)]`
#[derive(Clone, Debug)]
pub struct ComputedDef<X: Syntax = Tokens> {
    /// The name.
    pub name: String,
    /// The normalized type.
    pub ty: String,
    /// The expression text.
    pub expr: String,
    /// Where it is declared.
    pub span: X::Span,
    /// Where the name is written.
    pub name_span: X::Span,
    /// Where the expression is written.
    pub expr_span: X::Span,
}

/// One query parameter: `limit: u32 = 20`.
#[derive(Clone, Debug)]
pub struct QueryParamDef<X: Syntax = Tokens> {
    /// The name.
    pub name: String,
    /// The Rust type as written, canonically spelled.
    pub rust_type: String,
    /// The Rust type without `Option`.
    pub value_type: String,
    /// The normalized type.
    pub ty: String,
    /// The default as Rust literal text.
    pub default: Option<Spanned<String, X::Span>>,
    /// Where the name is written.
    pub span: X::Span,
}

/// `#[action(METHOD, name, member|collection, segment = .., middleware = [..], query(..))]`
#[derive(Clone, Debug)]
pub struct ActionDef<X: Syntax = Tokens> {
    /// The HTTP method.
    pub method: Method,
    /// The action's name (the handler's suffix).
    pub name: Spanned<String, X::Span>,
    /// Member or collection.
    pub kind: ActionKind,
    /// `segment = ".."`: the final path segment, when not the name.
    pub segment: Option<Spanned<String, X::Span>>,
    /// The middleware chain.
    pub middleware: Vec<String>,
    /// `query(...)`
    pub query: Vec<QueryParamDef<X>>,
    /// Where it is declared.
    pub span: X::Span,
}

impl<X: Syntax> ActionDef<X> {
    /// The final path segment.
    pub fn segment(&self) -> &str {
        self.segment.as_ref().map_or(&self.name.value, |s| &s.value)
    }
}

/// `#[route(method = .., path = .., handler = .., middleware = [..])]`
#[derive(Clone, Debug)]
pub struct RouteDef<X: Syntax = Tokens> {
    /// The HTTP method.
    pub method: Method,
    /// The path pattern.
    pub path: String,
    /// The handler name.
    pub handler: String,
    /// The middleware chain.
    pub middleware: Vec<String>,
    /// Where it is declared.
    pub span: X::Span,
    /// Where the path is written.
    pub path_span: X::Span,
    /// Where the handler is written.
    pub handler_span: X::Span,
}

impl<X: Syntax> ResourceDef<X> {
    /// The operations the resource exposes (all five unless restricted).
    pub fn operations(&self) -> Vec<Operation> {
        match &self.operations {
            Some(ops) => ops.iter().map(|o| o.value).collect(),
            // A singular resource has no collection to list.
            None if self.singular.is_some() => Operation::ALL
                .iter()
                .copied()
                .filter(|o| *o != Operation::List)
                .collect(),
            None => Operation::ALL.to_vec(),
        }
    }

    /// The table name: explicit, or the snake_case plural of the name.
    pub fn table(&self) -> String {
        match &self.table {
            Some(t) => t.value.clone(),
            None => crate::naming::table_name(&self.name.value),
        }
    }

    /// The REST path: explicit (`{param}` spelled `:param`), or `/` + table.
    pub fn path(&self) -> String {
        match &self.path {
            Some(p) => crate::naming::colon_form(&p.value),
            None => format!("/{}", self.table()),
        }
    }

    /// The member routes' parameter: `param = ".."`, or `id`.
    pub fn param(&self) -> &str {
        self.param.as_ref().map_or("id", |p| &p.value)
    }

    /// The fields that are part of the metadata (not `skip`ped).
    pub fn kept_fields(&self) -> impl Iterator<Item = &FieldDef<X>> {
        self.fields.iter().filter(|f| f.skip.is_none())
    }
}
