//! The dependency graph, cycles, patterns and the exports.

use super::{AnswerError, Bounded, find, invalid};
use conduit::{DepQuery, EdgeKind, NodeKind, NodeRef, PatternCategory, PatternRef, Registry};
use serde::Serialize;

/// The most examples of a pattern in an answer.
const PATTERN_EXAMPLES: usize = 5;

/// A node of the dependency graph.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DepNode {
    /// Its id: a resource's name, `middleware:NAME` or `function:PATH`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `resource`, `middleware` or `function`.
    pub kind: String,
}

/// An edge of the dependency graph (ids of [`DepNode`]s).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DepEdge {
    /// The node that depends.
    pub from: String,
    /// The node depended on.
    pub to: String,
    /// `belongs_to`, `has_one`, `has_many`, `has_many_through`, `uses` or `calls`.
    pub kind: String,
    /// How many declarations give this edge.
    pub weight: u32,
}

/// What to follow from the start resource.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DependencyQuery {
    /// Follow at most this many edges (0: unlimited).
    pub depth: u32,
    /// Follow edges backwards: what depends on the start.
    pub reverse: bool,
    /// Only these edge kinds (any case); empty: all.
    pub kinds: Vec<String>,
}

/// The part of the graph a dependency query reached.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Dependencies {
    /// The start resource.
    pub resource: String,
    /// The depth limit (0: unlimited).
    pub depth: u32,
    /// Whether edges were followed backwards.
    pub reverse: bool,
    /// The edge kinds followed (empty: all).
    pub kinds: Vec<String>,
    /// The nodes reached, the start first (at most [`super::MAX_ITEMS`]).
    pub nodes: Bounded<DepNode>,
    /// The edges followed (at most [`super::MAX_ITEMS`]).
    pub edges: Bounded<DepEdge>,
}

/// A node's id: a resource's name, `middleware:NAME`, `function:PATH`.
///
/// ```
/// use conduit::DepQuery;
/// # let registry = &conduit_testkit::REGISTRY;
/// let deps = registry.dependencies("Post", DepQuery::new()).unwrap();
/// assert_eq!(conduit_axum::answers::node_id(deps.nodes().next().unwrap()), "Post");
/// ```
pub fn node_id(n: NodeRef<'_>) -> String {
    match n.kind() {
        NodeKind::Resource => n.name().to_owned(),
        kind => format!("{}:{}", kind.as_str(), n.name()),
    }
}

fn node(n: NodeRef<'_>) -> DepNode {
    DepNode {
        id: node_id(n),
        name: n.name().to_owned(),
        kind: n.kind().as_str().to_owned(),
    }
}

/// What the resource called `name` depends on (or, `reverse`, what depends
/// on it).
///
/// # Errors
///
/// An unknown resource (not found, with a suggestion) or edge kind (bad
/// request, with a suggestion).
///
/// ```
/// use conduit_axum::answers::{self, DependencyQuery};
/// # let registry = &conduit_testkit::REGISTRY;
/// let q = DependencyQuery { depth: 1, kinds: vec!["belongs_to".into()], ..DependencyQuery::default() };
/// let deps = answers::dependencies(registry, "Comment", &q)?;
/// let names: Vec<&str> = deps.nodes.items.iter().map(|n| n.name.as_str()).collect();
/// assert_eq!(names, ["Comment", "Post"]);
/// # Ok::<(), answers::AnswerError>(())
/// ```
pub fn dependencies(
    registry: &Registry<'_>,
    name: &str,
    query: &DependencyQuery,
) -> Result<Dependencies, AnswerError> {
    let r = find(registry, name)?;
    let kinds = query
        .kinds
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
        .map(|k| {
            EdgeKind::parse_ignore_case(k)
                .ok_or_else(|| invalid("edge kind", k, EdgeKind::ALL.iter().map(|e| e.as_str())))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut q = DepQuery::new().depth(query.depth);
    if query.reverse {
        q = q.reverse();
    }
    if !kinds.is_empty() {
        q = q.kinds(kinds.iter().copied());
    }
    let deps = r.dependencies(q);
    Ok(Dependencies {
        resource: r.name().to_owned(),
        depth: query.depth,
        reverse: query.reverse,
        kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        nodes: Bounded::collect(deps.nodes().map(node)),
        edges: Bounded::collect(deps.edges().map(|e| DepEdge {
            from: node_id(e.from()),
            to: node_id(e.to()),
            kind: e.kind().as_str().to_owned(),
            weight: e.weight(),
        })),
    })
}

/// Every dependency cycle found at build time.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cycles {
    /// Whether the build step listed every cycle (it stops at a budget).
    pub complete: bool,
    /// Each cycle as its node ids (at most [`super::MAX_ITEMS`] cycles).
    pub cycles: Bounded<Vec<String>>,
}

/// Every dependency cycle.
///
/// ```
/// # let registry = &conduit_testkit::REGISTRY;
/// let c = conduit_axum::answers::cycles(registry);
/// assert!(c.cycles.total >= 1);
/// ```
pub fn cycles(registry: &Registry<'_>) -> Cycles {
    let all = registry.cycles();
    Cycles {
        complete: all.is_complete(),
        cycles: Bounded::collect(all.map(|c| c.nodes().map(node_id).collect())),
    }
}

/// A convention that recurs.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatternLine {
    /// Its name.
    pub name: String,
    /// Its category.
    pub category: String,
    /// How often it occurs.
    pub frequency: u32,
    /// How sure the build step is (0 to 1).
    pub confidence: f32,
    /// What it is (not in the overview).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its template (not in the overview).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Where it occurs: at most five examples (not in the overview).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples: Option<Vec<String>>,
}

impl PatternLine {
    /// The line of `p`; `full` adds description, template and examples.
    pub fn of(p: PatternRef<'_>, full: bool) -> Self {
        PatternLine {
            name: p.name().to_owned(),
            category: p.category().as_str().to_owned(),
            frequency: p.frequency(),
            confidence: p.confidence(),
            description: full.then(|| p.description().to_owned()),
            template: full.then(|| p.template().to_owned()),
            examples: full.then(|| {
                p.examples()
                    .take(PATTERN_EXAMPLES)
                    .map(str::to_owned)
                    .collect()
            }),
        }
    }
}

/// The patterns of one category (any case), or all; the most frequent
/// first, at most [`super::MAX_ITEMS`].
///
/// # Errors
///
/// An unknown category (bad request, with a suggestion).
///
/// ```
/// # let registry = &conduit_testkit::REGISTRY;
/// let auth = conduit_axum::answers::patterns(registry, Some("authentication"))?;
/// assert!(auth.items.iter().all(|p| p.category == "authentication"));
/// # Ok::<(), conduit_axum::answers::AnswerError>(())
/// ```
pub fn patterns(
    registry: &Registry<'_>,
    category: Option<&str>,
) -> Result<Bounded<PatternLine>, AnswerError> {
    let line = |p| PatternLine::of(p, true);
    Ok(match category {
        None => Bounded::collect(registry.patterns().map(line)),
        Some(c) => {
            let c = PatternCategory::parse_ignore_case(c).ok_or_else(|| {
                invalid(
                    "pattern category",
                    c,
                    PatternCategory::ALL.iter().map(|c| c.as_str()),
                )
            })?;
            Bounded::collect(registry.patterns_by_category(c).map(line))
        }
    })
}

/// An export of the whole registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// The reference system's metadata JSON (`Registry::to_json`).
    Json,
    /// An OpenAPI 3.1 document (`Registry::to_openapi`, default options).
    Openapi,
    /// SQLite DDL (`Registry::to_sql`).
    SqlSqlite,
    /// PostgreSQL DDL (`Registry::to_sql`).
    SqlPostgres,
}

impl ExportFormat {
    /// Every format this build has.
    pub const ALL: &'static [ExportFormat] = &[
        ExportFormat::Json,
        ExportFormat::Openapi,
        ExportFormat::SqlSqlite,
        ExportFormat::SqlPostgres,
    ];

    /// Its name: `json`, `openapi`, `sql-sqlite` or `sql-postgres`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Openapi => "openapi",
            ExportFormat::SqlSqlite => "sql-sqlite",
            ExportFormat::SqlPostgres => "sql-postgres",
        }
    }

    /// The format called `name` (any case).
    ///
    /// # Errors
    ///
    /// A format this build does not have (bad request, with the known ones).
    ///
    /// ```
    /// use conduit_axum::answers::ExportFormat;
    /// assert_eq!(ExportFormat::parse("JSON"), Ok(ExportFormat::Json));
    /// assert!(ExportFormat::parse("yaml").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<Self, AnswerError> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| invalid("export format", name, Self::ALL.iter().map(|f| f.as_str())))
    }
}

/// The whole registry in one format (unbounded: it is all of it).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Export {
    /// The format's name.
    pub format: String,
    /// Its media type.
    pub media_type: String,
    /// The document: JSON for the JSON formats, a string for text formats.
    pub content: serde_json::Value,
}

/// The registry exported as `format`.
///
/// ```
/// use conduit_axum::answers::{self, ExportFormat};
/// # let registry = &conduit_testkit::REGISTRY;
/// let e = answers::export(registry, ExportFormat::Json);
/// assert_eq!(e.media_type, "application/json");
/// assert_eq!(e.content["resources"].as_array().unwrap().len(), 3);
/// ```
pub fn export(registry: &Registry<'_>, format: ExportFormat) -> Export {
    let (media_type, content) = match format {
        ExportFormat::Json => ("application/json", registry.to_json_value()),
        ExportFormat::Openapi => ("application/json", openapi(registry)),
        ExportFormat::SqlSqlite => (
            "application/sql",
            serde_json::Value::String(registry.to_sql(conduit::Dialect::Sqlite)),
        ),
        ExportFormat::SqlPostgres => (
            "application/sql",
            serde_json::Value::String(registry.to_sql(conduit::Dialect::Postgres)),
        ),
    };
    Export {
        format: format.as_str().to_owned(),
        media_type: media_type.to_owned(),
        content,
    }
}

/// The registry's OpenAPI 3.1 document (default options: title from the
/// registry, `auth` as authentication) as JSON.
///
/// ```
/// # let registry = &conduit_testkit::REGISTRY;
/// let doc = conduit_axum::answers::openapi(registry);
/// assert_eq!(doc["openapi"], "3.1.0");
/// ```
pub fn openapi(registry: &Registry<'_>) -> serde_json::Value {
    let text = registry.to_openapi(&conduit::OpenApiOptions::new());
    // `to_openapi` writes JSON; `Null` is never returned.
    serde_json::from_str(&text).unwrap_or_default()
}
