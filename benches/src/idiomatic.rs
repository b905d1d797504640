//! Baseline 2, *idiomatic Rust*: what a good Rust developer writes instead
//! of conduit. The same metadata JSON is parsed once (behind a `LazyLock` in
//! the benchmarks) into owned `String`/`Vec` records, with `HashMap` and
//! `Vec` indexes built beside it; queries return references, slices and
//! iterators over index slices, nothing is copied and nothing is locked.
//! Dependency queries walk adjacency lists built at start-up from the
//! metadata's dependency graph (BFS with a `Vec<bool>` visited set); route
//! matching compares pre-split path patterns.

use serde::{Deserialize, Deserializer};
use std::collections::HashMap;

fn nullable<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn nullable_str<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// The metadata document.
#[derive(Debug, Deserialize)]
pub struct Metadata {
    /// Schema version.
    pub version: String,
    /// Every resource.
    #[serde(default, deserialize_with = "nullable")]
    pub resources: Vec<Resource>,
    /// Every route.
    #[serde(default, deserialize_with = "nullable")]
    pub routes: Vec<Route>,
    /// Every pattern.
    #[serde(default, deserialize_with = "nullable")]
    pub patterns: Vec<Pattern>,
    /// The dependency graph.
    #[serde(default)]
    pub dependencies: Graph,
}

/// A resource.
#[derive(Debug, Deserialize)]
pub struct Resource {
    /// Name.
    pub name: String,
    /// Doc comment.
    #[serde(default, deserialize_with = "nullable_str")]
    pub documentation: String,
    /// Source file.
    #[serde(default, deserialize_with = "nullable_str")]
    pub file_path: String,
    /// Fields.
    #[serde(default, deserialize_with = "nullable")]
    pub fields: Vec<Field>,
    /// Relationships.
    #[serde(default, deserialize_with = "nullable")]
    pub relationships: Vec<Relationship>,
    /// Hooks.
    #[serde(default, deserialize_with = "nullable")]
    pub hooks: Vec<Hook>,
    /// Middleware chain per operation.
    #[serde(default)]
    pub middleware: HashMap<String, Vec<String>>,
}

/// A field.
#[derive(Debug, Deserialize)]
pub struct Field {
    /// Name.
    pub name: String,
    /// Normalized type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Nullable.
    #[serde(default)]
    pub nullable: bool,
    /// Constraints, as text.
    #[serde(default, deserialize_with = "nullable")]
    pub constraints: Vec<String>,
}

/// A relationship.
#[derive(Debug, Deserialize)]
pub struct Relationship {
    /// Name.
    pub name: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: String,
    /// Target resource.
    pub target_resource: String,
    /// Foreign key.
    #[serde(default, deserialize_with = "nullable_str")]
    pub foreign_key: String,
}

/// A hook.
#[derive(Debug, Deserialize)]
pub struct Hook {
    /// Kind.
    #[serde(rename = "type")]
    pub kind: String,
    /// The function's path.
    #[serde(default, deserialize_with = "nullable_str")]
    pub function: String,
    /// Functions the body calls.
    #[serde(default, deserialize_with = "nullable")]
    pub calls: Vec<String>,
}

/// A route.
#[derive(Debug, Deserialize)]
pub struct Route {
    /// HTTP method.
    pub method: String,
    /// Path pattern.
    pub path: String,
    /// Handler.
    #[serde(default, deserialize_with = "nullable_str")]
    pub handler: String,
    /// Resource.
    #[serde(default, deserialize_with = "nullable_str")]
    pub resource: String,
    /// Operation.
    #[serde(default, deserialize_with = "nullable_str")]
    pub operation: String,
    /// Middleware.
    #[serde(default, deserialize_with = "nullable")]
    pub middleware: Vec<String>,
}

/// A pattern.
#[derive(Debug, Deserialize)]
pub struct Pattern {
    /// Name.
    pub name: String,
    /// Category.
    #[serde(default, deserialize_with = "nullable_str")]
    pub category: String,
    /// Frequency.
    #[serde(default)]
    pub frequency: u32,
}

/// The graph as serialized.
#[derive(Debug, Default, Deserialize)]
pub struct Graph {
    /// Nodes by id.
    #[serde(default)]
    pub nodes: Option<HashMap<String, Node>>,
    /// Edges.
    #[serde(default)]
    pub edges: Option<Vec<Edge>>,
}

/// A node.
#[derive(Debug, Deserialize)]
pub struct Node {
    /// Name.
    pub name: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: String,
}

/// An edge.
#[derive(Debug, Deserialize)]
pub struct Edge {
    /// Dependent.
    pub from: String,
    /// Dependency.
    pub to: String,
    /// Kind.
    pub relationship: String,
    /// Weight.
    pub weight: u32,
}

/// HTTP methods, as an index into per-method tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
    /// HEAD.
    Head,
    /// OPTIONS.
    Options,
}

impl Method {
    /// How many methods there are (the per-method tables' length).
    pub const COUNT: usize = 7;
}

impl Method {
    /// Parses an upper-case method.
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "HEAD" => Method::Head,
            "OPTIONS" => Method::Options,
            _ => return None,
        })
    }
}

/// Edge kinds, as bits of a filter.
const EDGE_KINDS: &[&str] = &[
    "belongs_to",
    "has_one",
    "has_many",
    "has_many_through",
    "uses",
    "calls",
];

fn kind_bit(kind: &str) -> u8 {
    EDGE_KINDS
        .iter()
        .position(|k| *k == kind)
        .map_or(0, |i| 1 << i)
}

/// A dependency query.
#[derive(Clone, Copy, Debug, Default)]
pub struct DepQuery {
    /// Depth limit, 0 for none.
    pub depth: u32,
    /// Follow edges backwards.
    pub reverse: bool,
    /// Edge kinds to follow (bits from [`DepQuery::kinds`]); 0 for all.
    pub kinds: u8,
}

impl DepQuery {
    /// Only these edge kinds.
    pub fn kinds(mut self, kinds: &[&str]) -> Self {
        self.kinds = kinds.iter().fold(0, |m, k| m | kind_bit(k));
        self
    }
}

/// A dependency answer: node and edge ids into [`Idiomatic::graph_node`] and
/// [`Idiomatic::graph_edge`].
#[derive(Clone, Debug, Default)]
pub struct Deps {
    /// Nodes in BFS order, the start first.
    pub nodes: Vec<u32>,
    /// Edges in traversal order.
    pub edges: Vec<u32>,
}

struct GraphEdge {
    from: u32,
    to: u32,
    kind: u8,
    weight: u32,
}

/// A pre-split path pattern.
struct Pattern2 {
    segments: Vec<Segment>,
    route: usize,
}

enum Segment {
    Static(String),
    Param(String),
}

#[derive(Default)]
struct ResourceRoutes {
    all: Vec<usize>,
    by_method: [Vec<usize>; Method::COUNT],
}

/// The registry: parsed data plus indexes.
pub struct Idiomatic {
    /// The parsed metadata.
    pub meta: Metadata,
    by_name: HashMap<String, usize>,
    routes_by_method: [Vec<usize>; Method::COUNT],
    routes_by_resource: HashMap<String, ResourceRoutes>,
    patterns_by_category: HashMap<String, Vec<usize>>,
    node_names: Vec<(String, String)>,
    node_ids: HashMap<String, u32>,
    edges: Vec<GraphEdge>,
    out: Vec<Vec<u32>>,
    inc: Vec<Vec<u32>>,
    matchers: [Vec<Pattern2>; Method::COUNT],
}

impl Idiomatic {
    /// Parses `json` and builds every index.
    ///
    /// # Errors
    ///
    /// If the JSON does not parse.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let meta: Metadata = serde_json::from_str(json)?;
        let by_name = meta
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.name.clone(), i))
            .collect();
        let mut routes_by_method: [Vec<usize>; Method::COUNT] = Default::default();
        let mut routes_by_resource: HashMap<String, ResourceRoutes> = HashMap::new();
        let mut matchers: [Vec<Pattern2>; Method::COUNT] = Default::default();
        for (i, r) in meta.routes.iter().enumerate() {
            let entry = routes_by_resource.entry(r.resource.clone()).or_default();
            entry.all.push(i);
            if let Some(m) = Method::parse(&r.method) {
                routes_by_method[m as usize].push(i);
                entry.by_method[m as usize].push(i);
                let segments = r
                    .path
                    .trim_start_matches('/')
                    .split('/')
                    .map(|s| match s.strip_prefix(':') {
                        Some(p) => Segment::Param(p.to_owned()),
                        None => Segment::Static(s.to_owned()),
                    })
                    .collect();
                matchers[m as usize].push(Pattern2 { segments, route: i });
            }
        }
        let mut patterns_by_category: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in meta.patterns.iter().enumerate() {
            patterns_by_category
                .entry(p.category.clone())
                .or_default()
                .push(i);
        }
        // Nodes: resources first (in their order), then the others by name.
        let mut node_names: Vec<(String, String)> = meta
            .resources
            .iter()
            .map(|r| (r.name.clone(), "resource".to_owned()))
            .collect();
        let mut node_ids: HashMap<String, u32> = node_names
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.clone(), i as u32))
            .collect();
        if let Some(nodes) = &meta.dependencies.nodes {
            let mut rest: Vec<&Node> = nodes
                .values()
                .filter(|n| !node_ids.contains_key(&n.name))
                .collect();
            rest.sort_by(|a, b| a.name.cmp(&b.name));
            for n in rest {
                node_ids.insert(n.name.clone(), node_names.len() as u32);
                node_names.push((n.name.clone(), n.kind.clone()));
            }
        }
        let mut edges = Vec::new();
        let mut out = vec![Vec::new(); node_names.len()];
        let mut inc = vec![Vec::new(); node_names.len()];
        for e in meta.dependencies.edges.iter().flatten() {
            let (Some(&from), Some(&to)) = (node_ids.get(&e.from), node_ids.get(&e.to)) else {
                continue;
            };
            let id = edges.len() as u32;
            out[from as usize].push(id);
            inc[to as usize].push(id);
            edges.push(GraphEdge {
                from,
                to,
                kind: kind_bit(&e.relationship),
                weight: e.weight,
            });
        }
        Ok(Idiomatic {
            meta,
            by_name,
            routes_by_method,
            routes_by_resource,
            patterns_by_category,
            node_names,
            node_ids,
            edges,
            out,
            inc,
            matchers,
        })
    }

    /// Every resource.
    pub fn resources(&self) -> &[Resource] {
        &self.meta.resources
    }

    /// One resource by name.
    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.by_name.get(name).map(|&i| &self.meta.resources[i])
    }

    /// The whole schema.
    pub fn schema(&self) -> &Metadata {
        &self.meta
    }

    fn pick<'a>(&'a self, ids: &'a [usize]) -> impl ExactSizeIterator<Item = &'a Route> + Clone {
        ids.iter().map(|&i| &self.meta.routes[i])
    }

    /// Every route.
    pub fn routes(&self) -> &[Route] {
        &self.meta.routes
    }

    /// The routes of one method.
    pub fn routes_by_method(
        &self,
        m: Method,
    ) -> impl ExactSizeIterator<Item = &Route> + Clone + '_ {
        self.pick(&self.routes_by_method[m as usize])
    }

    /// The routes of one resource.
    pub fn routes_for_resource(
        &self,
        name: &str,
    ) -> impl ExactSizeIterator<Item = &Route> + Clone + '_ {
        self.pick(self.routes_by_resource.get(name).map_or(&[], |r| &r.all))
    }

    /// The routes of one resource and method.
    pub fn routes_for(
        &self,
        m: Method,
        name: &str,
    ) -> impl ExactSizeIterator<Item = &Route> + Clone + '_ {
        self.pick(
            self.routes_by_resource
                .get(name)
                .map_or(&[], |r| &r.by_method[m as usize]),
        )
    }

    /// Every pattern.
    pub fn patterns(&self) -> &[Pattern] {
        &self.meta.patterns
    }

    /// The patterns of one category.
    pub fn patterns_by_category(
        &self,
        category: &str,
    ) -> impl ExactSizeIterator<Item = &Pattern> + Clone + '_ {
        self.patterns_by_category
            .get(category)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.meta.patterns[i])
    }

    /// A node's name and kind.
    pub fn graph_node(&self, id: u32) -> (&str, &str) {
        let (n, k) = &self.node_names[id as usize];
        (n, k)
    }

    /// An edge's ends, kind and weight.
    pub fn graph_edge(&self, id: u32) -> (&str, &str, &str, u32) {
        let e = &self.edges[id as usize];
        let kind = EDGE_KINDS[e.kind.trailing_zeros() as usize % EDGE_KINDS.len()];
        (
            &self.node_names[e.from as usize].0,
            &self.node_names[e.to as usize].0,
            kind,
            e.weight,
        )
    }

    /// The subgraph reached from resource `name`: BFS over the adjacency
    /// lists. `None` for an unknown resource.
    pub fn dependencies(&self, name: &str, q: DepQuery) -> Option<Deps> {
        let start = *self.node_ids.get(name)?;
        let mut visited = vec![false; self.node_names.len()];
        let mut deps = Deps {
            nodes: vec![start],
            edges: Vec::new(),
        };
        visited[start as usize] = true;
        let (mut i, mut depth, mut level_end) = (0, 0, 1);
        while let Some(&n) = deps.nodes.get(i) {
            if i == level_end {
                depth += 1;
                level_end = deps.nodes.len();
            }
            if q.depth != 0 && depth >= q.depth {
                break;
            }
            let adjacent = if q.reverse {
                &self.inc[n as usize]
            } else {
                &self.out[n as usize]
            };
            for &e in adjacent {
                let edge = &self.edges[e as usize];
                if q.kinds != 0 && q.kinds & edge.kind == 0 {
                    continue;
                }
                deps.edges.push(e);
                let other = if q.reverse { edge.from } else { edge.to };
                if !visited[other as usize] {
                    visited[other as usize] = true;
                    deps.nodes.push(other);
                }
            }
            i += 1;
        }
        Some(deps)
    }

    /// The route a request hits: static segments must match, parameters take
    /// any non-empty segment; parameters are borrowed from `path`.
    pub fn match_route<'p>(
        &self,
        m: Method,
        path: &'p str,
    ) -> Option<(&Route, Vec<(&str, &'p str)>)> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let path = path.strip_prefix('/')?;
        'patterns: for p in &self.matchers[m as usize] {
            let mut parts = path.split('/');
            let mut params = Vec::new();
            for seg in &p.segments {
                let Some(part) = parts.next() else {
                    continue 'patterns;
                };
                match seg {
                    Segment::Static(s) if s == part => {}
                    Segment::Param(name) if !part.is_empty() => params.push((name.as_str(), part)),
                    _ => continue 'patterns,
                }
            }
            if parts.next().is_none() {
                return Some((&self.meta.routes[p.route], params));
            }
        }
        None
    }
}
