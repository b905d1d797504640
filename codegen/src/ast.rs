//! The parsed model of one resource, keeping spans so later stages (checks,
//! the build script's diagnostics and locations) can point at the user's tokens.

use conduit_format::{ActionKind, HookKind, Method, Operation, ReferentialAction, RelationKind};
use proc_macro2::Span;

/// A value with the span of the tokens it came from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One `#[derive(Resource)]` struct.
#[derive(Clone, Debug)]
pub struct ResourceDef {
    /// The struct's identifier.
    pub ident: syn::Ident,
    /// `name = "..."`, or the identifier.
    pub name: Spanned<String>,
    /// `table = "..."`
    pub table: Option<Spanned<String>>,
    /// `path = "..."`
    pub path: Option<Spanned<String>>,
    /// The struct's doc comment, lines joined with `\n`.
    pub docs: String,
    /// `operations(...)`; `None` means all five.
    pub operations: Option<Vec<Spanned<Operation>>>,
    /// `nested_under = Parent` or `nested_under(Parent, ...)`
    pub nested_under: Option<syn::Path>,
    /// `nested_under(Parent, param = "slug")`: the parent's parameter name.
    pub nested_param: Option<Spanned<String>>,
    /// `nested_under(Parent, only)`: no top-level routes.
    pub nested_only: Option<Span>,
    /// `param = "slug"`: the member routes' parameter (default `id`).
    pub param: Option<Spanned<String>>,
    /// `singular`: member routes without a parameter, no `list`.
    pub singular: Option<Span>,
    /// `list_query(...)`
    pub list_query: Vec<QueryParamDef>,
    /// `#[action(...)]`
    pub actions: Vec<ActionDef>,
    /// `middleware(op = [...], ...)`
    pub middleware: Vec<MiddlewareDef>,
    /// `hooks(...)`
    pub hooks: Vec<HookDef>,
    /// Fields in declaration order, including skipped ones.
    pub fields: Vec<FieldDef>,
    /// Relationships declared on the struct and on fields, in source order.
    pub relationships: Vec<RelationshipDef>,
    /// `#[constraint(...)]`
    pub constraints: Vec<ConstraintDef>,
    /// `#[scope(...)]`
    pub scopes: Vec<ScopeDef>,
    /// `#[computed(...)]`
    pub computed: Vec<ComputedDef>,
    /// `#[route(...)]`
    pub routes: Vec<RouteDef>,
}

/// One field.
#[derive(Clone, Debug)]
pub struct FieldDef {
    /// The Rust identifier.
    pub ident: syn::Ident,
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
    pub skip: Option<Span>,
    /// Flags: `primary`, `auto`, `auto_update`, `unique`, `index`.
    pub flags: Vec<Spanned<Flag>>,
    /// `default = <literal>` as Rust literal text.
    pub default: Option<Spanned<String>>,
    /// Validation rules (`min`, `max`, `pattern`, `email`, `url`, `validate(...)`).
    pub validations: Vec<ValidationDef>,
    /// `tags = [...]`
    pub tags: Vec<String>,
    /// The reference's constraint strings, in written order: `primary`,
    /// `min(5)`, `default("x")`…
    pub constraints: Vec<String>,
    /// The field's doc comment.
    pub docs: String,
    /// `ty = "..."`, when given.
    pub ty_override: Option<Spanned<String>>,
    /// The field's span (its identifier).
    pub span: Span,
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

impl FieldDef {
    /// Whether the flag is set.
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.iter().any(|f| f.value == flag)
    }
}

/// A validation rule on a field.
#[derive(Clone, Debug)]
pub struct ValidationDef {
    /// `min`, `max`, `pattern`, `email`, `url`, or the custom kind.
    pub kind: String,
    /// The argument as literal text.
    pub value: Option<String>,
    /// `message = "..."`
    pub message: Option<String>,
    /// Where the rule is written.
    pub span: Span,
}

/// A relationship.
#[derive(Clone, Debug)]
pub struct RelationshipDef {
    /// The kind (`has_many` with `through` is `HasManyThrough`).
    pub kind: RelationKind,
    /// The target type path as written.
    pub target: syn::Path,
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
    pub field: Option<syn::Ident>,
    /// Where it is declared (the target path).
    pub span: Span,
    /// Where each option was written (`foreign_key`, `on_delete`, ...).
    pub option_spans: Vec<(&'static str, Span)>,
}

impl RelationshipDef {
    /// Where option `key` was written, or the target when it was not.
    pub fn span_of(&self, key: &str) -> Span {
        self.option_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(self.span, |(_, s)| *s)
    }
}

/// A lifecycle hook.
#[derive(Clone, Debug)]
pub struct HookDef {
    /// When it runs.
    pub kind: HookKind,
    /// The function path as written.
    pub function: syn::Path,
    /// `transaction`
    pub transaction: bool,
    /// `async`
    pub is_async: bool,
    /// Where it is declared.
    pub span: Span,
}

/// The middleware chain of one operation.
#[derive(Clone, Debug)]
pub struct MiddlewareDef {
    /// The operation.
    pub operation: Operation,
    /// The chain.
    pub chain: Vec<String>,
    /// Where it is declared.
    pub span: Span,
}

/// `#[constraint(name = .., on(..), condition = .., error = ..)]`
#[derive(Clone, Debug)]
pub struct ConstraintDef {
    /// The name.
    pub name: String,
    /// `on(...)`; the write operations (`create`, `update`) the resource
    /// has when absent.
    pub operations: Vec<Operation>,
    /// Where each operation of `on(...)` is written; empty without `on`.
    pub operation_spans: Vec<Span>,
    /// The condition text.
    pub condition: String,
    /// The error text.
    pub error: String,
    /// Where it is declared.
    pub span: Span,
    /// Where the name is written.
    pub name_span: Span,
    /// Where the condition is written.
    pub condition_span: Span,
}

/// `#[scope(name = .., query = ..)]`
#[derive(Clone, Debug)]
pub struct ScopeDef {
    /// The name.
    pub name: String,
    /// The query text.
    pub query: String,
    /// Where it is declared.
    pub span: Span,
    /// Where the name is written.
    pub name_span: Span,
}

/// `#[computed(name = .., ty = .., expr = ..)]`
#[derive(Clone, Debug)]
pub struct ComputedDef {
    /// The name.
    pub name: String,
    /// The normalized type.
    pub ty: String,
    /// The expression text.
    pub expr: String,
    /// Where it is declared.
    pub span: Span,
    /// Where the name is written.
    pub name_span: Span,
    /// Where the expression is written.
    pub expr_span: Span,
}

/// One query parameter: `limit: u32 = 20`.
#[derive(Clone, Debug)]
pub struct QueryParamDef {
    /// The name.
    pub name: String,
    /// The Rust type as written, canonically spelled.
    pub rust_type: String,
    /// The Rust type without `Option`.
    pub value_type: String,
    /// The normalized type.
    pub ty: String,
    /// The default as Rust literal text.
    pub default: Option<Spanned<String>>,
    /// Where the name is written.
    pub span: Span,
}

/// `#[action(METHOD, name, member|collection, segment = .., middleware = [..], query(..))]`
#[derive(Clone, Debug)]
pub struct ActionDef {
    /// The HTTP method.
    pub method: Method,
    /// The action's name (the handler's suffix).
    pub name: Spanned<String>,
    /// Member or collection.
    pub kind: ActionKind,
    /// `segment = ".."`: the final path segment, when not the name.
    pub segment: Option<Spanned<String>>,
    /// The middleware chain.
    pub middleware: Vec<String>,
    /// `query(...)`
    pub query: Vec<QueryParamDef>,
    /// Where it is declared.
    pub span: Span,
}

impl ActionDef {
    /// The final path segment.
    pub fn segment(&self) -> &str {
        self.segment.as_ref().map_or(&self.name.value, |s| &s.value)
    }
}

/// `#[route(method = .., path = .., handler = .., middleware = [..])]`
#[derive(Clone, Debug)]
pub struct RouteDef {
    /// The HTTP method.
    pub method: Method,
    /// The path pattern.
    pub path: String,
    /// The handler name.
    pub handler: String,
    /// The middleware chain.
    pub middleware: Vec<String>,
    /// Where it is declared.
    pub span: Span,
    /// Where the path is written.
    pub path_span: Span,
    /// Where the handler is written.
    pub handler_span: Span,
}

impl ResourceDef {
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
    pub fn kept_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(|f| f.skip.is_none())
    }
}
