//! Resources: the overview, the list, and everything about one resource.

use super::AnswerError;
use super::{Bounded, OVERVIEW_PATTERNS, PatternLine, RouteLine, find, summary};
use conduit::{Operation, Registry, ResourceRef};
use serde::Serialize;

/// A resource in one line: names, counts and the first line of its docs.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResourceLine {
    /// The resource name, e.g. `Post`.
    pub name: String,
    /// Its REST base path, e.g. `/posts`.
    pub path: String,
    /// Its table, e.g. `posts`.
    pub table: String,
    /// How many fields it has.
    pub fields: usize,
    /// How many relationships it has.
    pub relationships: usize,
    /// How many routes it has.
    pub routes: usize,
    /// The first line of its docs (at most [`super::MAX_SUMMARY`] characters).
    pub summary: String,
}

impl ResourceLine {
    /// The line of `r`.
    pub fn of(r: ResourceRef<'_>) -> Self {
        ResourceLine {
            name: r.name().to_owned(),
            path: r.path().to_owned(),
            table: r.table().to_owned(),
            fields: r.fields().len(),
            relationships: r.relationships().len(),
            routes: r.routes().len(),
            summary: summary(r.docs()),
        }
    }
}

/// What the registry holds, in a few hundred bytes per resource: the first
/// thing a client asks.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Overview {
    /// The schema version.
    pub version: String,
    /// The build inputs' hash, 16 hex digits (the HTTP ETag).
    pub source_hash: String,
    /// How many routes there are.
    pub route_count: usize,
    /// How many patterns the build step found.
    pub pattern_count: usize,
    /// How many dependency cycles there are.
    pub cycle_count: usize,
    /// Every resource in one line (at most [`super::MAX_ITEMS`]).
    pub resources: Bounded<ResourceLine>,
    /// The most frequent patterns (at most [`OVERVIEW_PATTERNS`]).
    pub patterns: Bounded<PatternLine>,
}

/// The overview of `registry`.
///
/// ```
/// # let registry = &conduit_testkit::REGISTRY;
/// let o = conduit_axum::answers::overview(registry);
/// assert_eq!(o.resources.total, 3);
/// assert_eq!(o.source_hash.len(), 16);
/// ```
pub fn overview(registry: &Registry<'_>) -> Overview {
    Overview {
        version: registry.version().to_owned(),
        source_hash: format!("{:016x}", registry.source_hash()),
        route_count: registry.routes().len(),
        pattern_count: registry.patterns().len(),
        cycle_count: registry.cycles().len(),
        resources: resources(registry),
        patterns: Bounded::collect_at_most(
            registry.patterns().map(|p| PatternLine::of(p, false)),
            OVERVIEW_PATTERNS,
        ),
    }
}

/// Every resource in one line, in name order (at most [`super::MAX_ITEMS`]).
///
/// ```
/// # let registry = &conduit_testkit::REGISTRY;
/// let names: Vec<String> = conduit_axum::answers::resources(registry).items.into_iter().map(|r| r.name).collect();
/// assert_eq!(names, ["Comment", "Post", "User"]);
/// ```
pub fn resources(registry: &Registry<'_>) -> Bounded<ResourceLine> {
    Bounded::collect(registry.resources().map(ResourceLine::of))
}

/// A field.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldLine {
    /// The field name.
    pub name: String,
    /// The normalized type (`string`, `uuid`, …).
    #[serde(rename = "type")]
    pub ty: String,
    /// The type as written in Rust.
    pub rust_type: String,
    /// Whether it may be null (`Option<T>`).
    pub nullable: bool,
    /// Its constraints: `primary`, `unique`, `index`, `auto`, …
    pub constraints: Vec<String>,
    /// Its default value, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Its docs.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

/// A relationship.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RelationshipLine {
    /// The relationship name.
    pub name: String,
    /// `belongs_to`, `has_one`, `has_many` or `has_many_through`.
    pub kind: String,
    /// The target resource.
    pub target: String,
    /// The foreign key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_key: Option<String>,
    /// The join table of `has_many_through`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<String>,
    /// What a delete of the target does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<String>,
    /// What an update of the target's key does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
}

/// A lifecycle hook.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HookLine {
    /// `before_create`, `after_update`, …
    pub kind: String,
    /// The function's path.
    pub function: String,
    /// Whether it is async.
    #[serde(rename = "async")]
    pub is_async: bool,
    /// Whether it runs in the transaction.
    pub transaction: bool,
    /// Where it is declared (`file:line:column`).
    pub declared_at: String,
    /// Where the function is (`file:line:column`), when the build step saw it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defined_at: Option<String>,
    /// The functions it calls.
    pub calls: Vec<String>,
    /// Its source text (only with `detail`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A validation.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValidationLine {
    /// The field it checks.
    pub field: String,
    /// `min`, `max`, `pattern`, `email`, `url` or a custom kind.
    pub kind: String,
    /// Its argument.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Its message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A constraint over several fields.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConstraintLine {
    /// Its name.
    pub name: String,
    /// The operations it is checked on.
    pub operations: Vec<String>,
    /// The condition, as Rust source.
    pub condition: String,
    /// The error when it fails.
    pub error: String,
}

/// A named query.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeLine {
    /// Its name.
    pub name: String,
    /// Its query.
    pub query: String,
}

/// A computed field.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ComputedLine {
    /// Its name.
    pub name: String,
    /// Its normalized type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Its expression, as Rust source.
    pub expr: String,
}

/// One middleware chain: an operation and its middleware, in order.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MiddlewareLine {
    /// The operation (`list`, `create`, …).
    pub operation: String,
    /// Its middleware, in order.
    pub middleware: Vec<String>,
}

/// Everything about one resource.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResourceDetail {
    /// The resource name.
    pub name: String,
    /// The Rust type's path.
    pub rust_path: String,
    /// Its table.
    pub table: String,
    /// Its REST base path.
    pub path: String,
    /// Its docs.
    pub docs: String,
    /// Where it is declared (`file:line:column`).
    pub declared_at: String,
    /// The resource it is nested under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nested_under: Option<String>,
    /// Its REST operations.
    pub operations: Vec<String>,
    /// Its fields, in declaration order.
    pub fields: Vec<FieldLine>,
    /// Its relationships.
    pub relationships: Vec<RelationshipLine>,
    /// Its lifecycle hooks.
    pub hooks: Vec<HookLine>,
    /// Its validations.
    pub validations: Vec<ValidationLine>,
    /// Its constraints.
    pub constraints: Vec<ConstraintLine>,
    /// Its scopes.
    pub scopes: Vec<ScopeLine>,
    /// Its computed fields.
    pub computed: Vec<ComputedLine>,
    /// The middleware of each operation that has some.
    pub middleware: Vec<MiddlewareLine>,
    /// Its routes.
    pub routes: Vec<RouteLine>,
}

/// Everything about the resource called `name`; `detail` adds each hook's
/// source text.
///
/// # Errors
///
/// An unknown name (not found, with a suggestion).
///
/// ```
/// # let registry = &conduit_testkit::REGISTRY;
/// let post = conduit_axum::answers::resource(registry, "Post", true)?;
/// assert!(post.fields.iter().any(|f| f.name == "title"));
/// assert!(post.hooks.iter().all(|h| h.source.is_some() || h.defined_at.is_none()));
/// # Ok::<(), conduit_axum::answers::AnswerError>(())
/// ```
pub fn resource(
    registry: &Registry<'_>,
    name: &str,
    detail: bool,
) -> Result<ResourceDetail, AnswerError> {
    let r = find(registry, name)?;
    Ok(ResourceDetail {
        name: r.name().to_owned(),
        rust_path: r.rust_path().to_owned(),
        table: r.table().to_owned(),
        path: r.path().to_owned(),
        docs: r.docs().to_owned(),
        declared_at: r.location().to_string(),
        nested_under: r.nested_under().map(str::to_owned),
        operations: r.operations().map(|o| o.as_str().to_owned()).collect(),
        fields: r
            .fields()
            .map(|f| FieldLine {
                name: f.name().to_owned(),
                ty: f.ty().to_owned(),
                rust_type: f.rust_type().to_owned(),
                nullable: f.nullable(),
                constraints: f.constraints().map(str::to_owned).collect(),
                default: f.default_value().map(str::to_owned),
                docs: f.docs().to_owned(),
            })
            .collect(),
        relationships: r
            .relationships()
            .map(|rel| RelationshipLine {
                name: rel.name().to_owned(),
                kind: rel.kind().as_str().to_owned(),
                target: rel.target().to_owned(),
                foreign_key: rel.foreign_key().map(str::to_owned),
                through: rel.through().map(str::to_owned),
                on_delete: rel.on_delete().map(|a| a.as_str().to_owned()),
                on_update: rel.on_update().map(|a| a.as_str().to_owned()),
            })
            .collect(),
        hooks: r
            .hooks()
            .map(|h| HookLine {
                kind: h.kind().as_str().to_owned(),
                function: h.function().to_owned(),
                is_async: h.is_async(),
                transaction: h.transaction(),
                declared_at: h.location().to_string(),
                defined_at: h.source_location().map(|l| l.to_string()),
                calls: h.calls().map(str::to_owned).collect(),
                source: if detail {
                    h.source().map(str::to_owned)
                } else {
                    None
                },
            })
            .collect(),
        validations: r
            .validations()
            .map(|v| ValidationLine {
                field: v.field().to_owned(),
                kind: v.kind().as_str().to_owned(),
                value: v.value().map(str::to_owned),
                message: v.message().map(str::to_owned),
            })
            .collect(),
        constraints: r
            .constraints()
            .map(|c| ConstraintLine {
                name: c.name().to_owned(),
                operations: c.operations().map(|o| o.as_str().to_owned()).collect(),
                condition: c.condition().to_owned(),
                error: c.error().to_owned(),
            })
            .collect(),
        scopes: r
            .scopes()
            .map(|s| ScopeLine {
                name: s.name().to_owned(),
                query: s.query().to_owned(),
            })
            .collect(),
        computed: r
            .computed_fields()
            .map(|c| ComputedLine {
                name: c.name().to_owned(),
                ty: c.ty().to_owned(),
                expr: c.expr().to_owned(),
            })
            .collect(),
        middleware: Operation::ALL
            .iter()
            .map(|op| MiddlewareLine {
                operation: op.as_str().to_owned(),
                middleware: r.middleware(*op).map(str::to_owned).collect(),
            })
            .filter(|m| !m.middleware.is_empty())
            .collect(),
        routes: r.routes().map(RouteLine::of).collect(),
    })
}
