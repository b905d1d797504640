//! Baseline 1, the *reference design*: the reference system's Go registry
//! (`runtime/metadata`: `registry.go`, `dependency.go`, `api.go`) ported to
//! Rust as faithfully as the languages allow.
//!
//! - At start-up, `serde_json` parses the metadata and `HashMap` indexes are
//!   built: resources by name, routes by path and by method, patterns by
//!   name, relationships by target.
//! - Every query checks an atomic `initialized` flag and takes a read lock.
//! - Queries return defensive copies. Go copies structs shallowly (string
//!   and slice headers, never their bytes), so the records here hold
//!   `Arc<str>` and `Arc<[T]>`: a copy costs what Go's does, one allocation
//!   for the returned list plus a reference count per string or list.
//! - A dependency query builds the cache key with `format!`, looks it up in
//!   an LRU cache (`lru`, 1,000 entries, behind a mutex); on a miss it builds
//!   the whole dependency graph from the resources (with the cycle check the
//!   reference runs on every build), then extracts the subgraph by BFS.
//!
//! Two deliberate differences, both in the baseline's favour: function calls
//! are read from the JSON's `calls` list instead of a regular expression over
//! the hook's source, and the cycle warnings are formatted but not written to
//! stderr.

use lru::LruCache;
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// Go's nil slices: `null` reads as empty.
fn nullable<'de, D, T>(d: D) -> Result<Arc<[T]>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default().into())
}

fn nullable_str<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default().into())
}

/// The top-level metadata (Go `Metadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct Metadata {
    /// Schema version.
    pub version: Arc<str>,
    /// Generation time.
    #[serde(default, deserialize_with = "nullable_str")]
    pub generated: Arc<str>,
    /// Hash of the sources.
    #[serde(default, deserialize_with = "nullable_str")]
    pub source_hash: Arc<str>,
    /// Every resource.
    #[serde(default, deserialize_with = "nullable")]
    pub resources: Arc<[ResourceMetadata]>,
    /// Every route.
    #[serde(default, deserialize_with = "nullable")]
    pub routes: Arc<[RouteMetadata]>,
    /// Every pattern.
    #[serde(default, deserialize_with = "nullable")]
    pub patterns: Arc<[PatternMetadata]>,
    /// The dependency graph as the compiler wrote it.
    #[serde(default)]
    pub dependencies: SerializedGraph,
}

/// Middleware chain per operation (Go `map[string][]string`).
pub type MiddlewareMap = HashMap<Arc<str>, Arc<[Arc<str>]>>;

/// One resource (Go `ResourceMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct ResourceMetadata {
    /// Name.
    pub name: Arc<str>,
    /// Doc comment.
    #[serde(default, deserialize_with = "nullable_str")]
    pub documentation: Arc<str>,
    /// Source file.
    #[serde(default, deserialize_with = "nullable_str")]
    pub file_path: Arc<str>,
    /// Fields.
    #[serde(default, deserialize_with = "nullable")]
    pub fields: Arc<[FieldMetadata]>,
    /// Relationships.
    #[serde(default, deserialize_with = "nullable")]
    pub relationships: Arc<[RelationshipMetadata]>,
    /// Hooks.
    #[serde(default, deserialize_with = "nullable")]
    pub hooks: Arc<[HookMetadata]>,
    /// Validations.
    #[serde(default, deserialize_with = "nullable")]
    pub validations: Arc<[ValidationMetadata]>,
    /// Constraints.
    #[serde(default, deserialize_with = "nullable")]
    pub constraints: Arc<[ConstraintMetadata]>,
    /// Middleware chain per operation (a Go map).
    #[serde(default)]
    pub middleware: Arc<MiddlewareMap>,
    /// Scopes.
    #[serde(default, deserialize_with = "nullable")]
    pub scopes: Arc<[ScopeMetadata]>,
    /// Computed fields.
    #[serde(default, deserialize_with = "nullable")]
    pub computed_fields: Arc<[ComputedFieldMetadata]>,
}

/// A field (Go `FieldMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct FieldMetadata {
    /// Name.
    pub name: Arc<str>,
    /// Normalized type.
    #[serde(rename = "type")]
    pub ty: Arc<str>,
    /// Nullable.
    #[serde(default)]
    pub nullable: bool,
    /// Required.
    #[serde(default)]
    pub required: bool,
    /// Default value.
    #[serde(default, deserialize_with = "nullable_str")]
    pub default_value: Arc<str>,
    /// Constraints, as text.
    #[serde(default, deserialize_with = "nullable")]
    pub constraints: Arc<[Arc<str>]>,
    /// Doc comment.
    #[serde(default, deserialize_with = "nullable_str")]
    pub documentation: Arc<str>,
    /// Tags.
    #[serde(default, deserialize_with = "nullable")]
    pub tags: Arc<[Arc<str>]>,
}

/// A relationship (Go `RelationshipMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct RelationshipMetadata {
    /// Name.
    pub name: Arc<str>,
    /// Kind (`belongs_to`, …).
    #[serde(rename = "type")]
    pub kind: Arc<str>,
    /// Target resource.
    pub target_resource: Arc<str>,
    /// Foreign key.
    #[serde(default, deserialize_with = "nullable_str")]
    pub foreign_key: Arc<str>,
    /// Join table.
    #[serde(default, deserialize_with = "nullable_str")]
    pub through_table: Arc<str>,
    /// On delete.
    #[serde(default, deserialize_with = "nullable_str")]
    pub on_delete: Arc<str>,
    /// On update.
    #[serde(default, deserialize_with = "nullable_str")]
    pub on_update: Arc<str>,
}

/// A hook (Go `HookMetadata`, plus `function` and `calls`).
#[derive(Clone, Debug, Deserialize)]
pub struct HookMetadata {
    /// Kind (`before_create`, …).
    #[serde(rename = "type")]
    pub kind: Arc<str>,
    /// Runs in the transaction.
    #[serde(default)]
    pub transaction: bool,
    /// Async.
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// Source text.
    #[serde(default, deserialize_with = "nullable_str")]
    pub source_code: Arc<str>,
    /// Line.
    #[serde(default)]
    pub line_number: i64,
    /// The function's path.
    #[serde(default, deserialize_with = "nullable_str")]
    pub function: Arc<str>,
    /// Functions the body calls.
    #[serde(default, deserialize_with = "nullable")]
    pub calls: Arc<[Arc<str>]>,
}

/// A validation (Go `ValidationMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct ValidationMetadata {
    /// Field.
    pub field: Arc<str>,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: Arc<str>,
    /// Parameter.
    #[serde(default, deserialize_with = "nullable_str")]
    pub value: Arc<str>,
    /// Message.
    #[serde(default, deserialize_with = "nullable_str")]
    pub message: Arc<str>,
    /// Line.
    #[serde(default)]
    pub line_number: i64,
}

/// A constraint (Go `ConstraintMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct ConstraintMetadata {
    /// Name.
    pub name: Arc<str>,
    /// Operations.
    #[serde(default, deserialize_with = "nullable")]
    pub operations: Arc<[Arc<str>]>,
    /// Condition.
    pub condition: Arc<str>,
    /// Error message.
    pub error: Arc<str>,
    /// Line.
    #[serde(default)]
    pub line_number: i64,
}

/// A scope (Go `ScopeMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct ScopeMetadata {
    /// Name.
    pub name: Arc<str>,
    /// Query.
    pub query: Arc<str>,
    /// Line.
    #[serde(default)]
    pub line_number: i64,
}

/// A computed field (Go `ComputedFieldMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct ComputedFieldMetadata {
    /// Name.
    pub name: Arc<str>,
    /// Type.
    #[serde(rename = "type")]
    pub ty: Arc<str>,
    /// Expression.
    pub expression: Arc<str>,
    /// Line.
    #[serde(default)]
    pub line_number: i64,
}

/// A route (Go `RouteMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct RouteMetadata {
    /// HTTP method.
    pub method: Arc<str>,
    /// Path pattern.
    pub path: Arc<str>,
    /// Handler.
    #[serde(default, deserialize_with = "nullable_str")]
    pub handler: Arc<str>,
    /// Resource.
    #[serde(default, deserialize_with = "nullable_str")]
    pub resource: Arc<str>,
    /// Operation.
    #[serde(default, deserialize_with = "nullable_str")]
    pub operation: Arc<str>,
    /// Middleware.
    #[serde(default, deserialize_with = "nullable")]
    pub middleware: Arc<[Arc<str>]>,
}

/// A pattern (Go `PatternMetadata`).
#[derive(Clone, Debug, Deserialize)]
pub struct PatternMetadata {
    /// Id.
    #[serde(default, deserialize_with = "nullable_str")]
    pub id: Arc<str>,
    /// Name.
    pub name: Arc<str>,
    /// Category.
    #[serde(default, deserialize_with = "nullable_str")]
    pub category: Arc<str>,
    /// Description.
    #[serde(default, deserialize_with = "nullable_str")]
    pub description: Arc<str>,
    /// Template.
    #[serde(default, deserialize_with = "nullable_str")]
    pub template: Arc<str>,
    /// Examples.
    #[serde(default, deserialize_with = "nullable")]
    pub examples: Arc<[PatternExample]>,
    /// Frequency.
    #[serde(default)]
    pub frequency: i64,
    /// Confidence.
    #[serde(default)]
    pub confidence: f64,
}

/// A pattern example (Go `PatternExample`).
#[derive(Clone, Debug, Deserialize)]
pub struct PatternExample {
    /// Resource.
    #[serde(default, deserialize_with = "nullable_str")]
    pub resource: Arc<str>,
    /// File.
    #[serde(default, deserialize_with = "nullable_str")]
    pub file_path: Arc<str>,
    /// Code.
    #[serde(default, deserialize_with = "nullable_str")]
    pub code: Arc<str>,
}

/// The graph as serialized in the metadata (Go `DependencyGraph`'s public part).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SerializedGraph {
    /// Nodes by id.
    #[serde(default)]
    pub nodes: Option<HashMap<Arc<str>, Arc<DependencyNode>>>,
    /// Edges.
    #[serde(default)]
    pub edges: Option<Vec<DependencyEdge>>,
}

/// A graph node (Go `DependencyNode`).
#[derive(Clone, Debug, Deserialize)]
pub struct DependencyNode {
    /// Id.
    pub id: Arc<str>,
    /// Kind: resource, middleware, function.
    #[serde(rename = "type")]
    pub kind: Arc<str>,
    /// Name.
    pub name: Arc<str>,
    /// File.
    #[serde(default, deserialize_with = "nullable_str")]
    pub file_path: Arc<str>,
}

/// A graph edge (Go `DependencyEdge`).
#[derive(Clone, Debug, Deserialize)]
pub struct DependencyEdge {
    /// Dependent.
    pub from: Arc<str>,
    /// Dependency.
    pub to: Arc<str>,
    /// Kind.
    pub relationship: Arc<str>,
    /// Weight.
    pub weight: i64,
}

/// A dependency graph with adjacency (Go `DependencyGraph`).
#[derive(Clone, Debug, Default)]
pub struct DependencyGraph {
    /// Nodes by id.
    pub nodes: HashMap<Arc<str>, Arc<DependencyNode>>,
    /// Edges, in traversal order.
    pub edges: Vec<DependencyEdge>,
    outgoing: HashMap<Arc<str>, Vec<DependencyEdge>>,
    incoming: HashMap<Arc<str>, Vec<DependencyEdge>>,
}

/// A relationship and its source (Go `RelationshipRef`).
#[derive(Clone, Debug)]
pub struct RelationshipRef {
    /// The resource declaring it.
    pub source_resource: Arc<str>,
    /// The relationship.
    pub relationship: RelationshipMetadata,
}

/// Route filters (Go `RouteFilter`): empty means any.
#[derive(Clone, Debug, Default)]
pub struct RouteFilter {
    /// HTTP method.
    pub method: String,
    /// Exact path pattern.
    pub path: String,
    /// Resource.
    pub resource: String,
}

/// Dependency query options (Go `DependencyOptions`).
#[derive(Clone, Debug, Default)]
pub struct DependencyOptions {
    /// Depth limit, 0 for none.
    pub depth: usize,
    /// Follow edges backwards.
    pub reverse: bool,
    /// Edge kinds to follow; empty for all.
    pub types: Vec<String>,
}

#[derive(Default)]
struct Indexes {
    metadata: Option<Arc<Metadata>>,
    resources_by_name: HashMap<Arc<str>, usize>,
    routes_by_path: HashMap<Arc<str>, Vec<usize>>,
    routes_by_method: HashMap<Arc<str>, Vec<usize>>,
    patterns_by_name: HashMap<Arc<str>, usize>,
    relationship_index: HashMap<Arc<str>, Vec<(usize, usize)>>,
}

/// The registry (Go `Registry` with its `RegistryAPI` methods).
pub struct ReferenceRegistry {
    mu: RwLock<Indexes>,
    cache: Mutex<LruCache<String, Arc<DependencyGraph>>>,
    initialized: AtomicBool,
}

/// The reference's LRU capacity.
const MAX_CACHE_ENTRIES: usize = 1000;

impl ReferenceRegistry {
    /// `RegisterMetadata`: parses the JSON and builds every index.
    ///
    /// # Errors
    ///
    /// If the JSON does not parse.
    pub fn register(data: &str) -> Result<Self, serde_json::Error> {
        let meta: Metadata = serde_json::from_str(data)?;
        let registry = ReferenceRegistry {
            mu: RwLock::new(Indexes::default()),
            cache: Mutex::new(LruCache::new(
                NonZeroUsize::new(MAX_CACHE_ENTRIES).unwrap_or(NonZeroUsize::MIN),
            )),
            initialized: AtomicBool::new(false),
        };
        {
            let mut idx = registry.mu.write().unwrap_or_else(PoisonError::into_inner);
            idx.metadata = Some(Arc::new(meta));
            idx.build_indexes();
        }
        registry.initialized.store(true, Ordering::Release);
        Ok(registry)
    }

    fn read(&self) -> Option<std::sync::RwLockReadGuard<'_, Indexes>> {
        if !self.initialized.load(Ordering::Acquire) {
            return None;
        }
        Some(self.mu.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// `GetSchema`: the whole metadata (a shared pointer, as in Go).
    pub fn get_schema(&self) -> Option<Arc<Metadata>> {
        self.mu
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .metadata
            .clone()
    }

    /// `Resources`: a copy of every resource.
    pub fn resources(&self) -> Vec<ResourceMetadata> {
        match self.get_schema() {
            Some(meta) => meta.resources.to_vec(),
            None => Vec::new(),
        }
    }

    /// `Resource`: one resource by name, copied.
    ///
    /// # Errors
    ///
    /// If the registry is empty or has no such resource.
    pub fn resource(&self, name: &str) -> Result<ResourceMetadata, String> {
        let idx = self.read().ok_or("registry not initialized")?;
        let meta = idx.metadata.as_ref().ok_or("registry not initialized")?;
        match idx.resources_by_name.get(name) {
            Some(&i) => Ok(meta.resources[i].clone()),
            None => Err(format!("resource not found: {name}")),
        }
    }

    fn routes_all(&self) -> Vec<RouteMetadata> {
        match self.get_schema() {
            Some(meta) => meta.routes.to_vec(),
            None => Vec::new(),
        }
    }

    fn routes_by_method(&self, method: &str) -> Vec<RouteMetadata> {
        let Some(idx) = self.read() else {
            return Vec::new();
        };
        let Some(meta) = idx.metadata.as_ref() else {
            return Vec::new();
        };
        // Go's strings.ToUpper returns its argument when nothing changes.
        let key: Cow<'_, str> = if method.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(method.to_ascii_uppercase())
        } else {
            Cow::Borrowed(method)
        };
        match idx.routes_by_method.get(key.as_ref()) {
            Some(ids) => ids.iter().map(|&i| meta.routes[i].clone()).collect(),
            None => Vec::new(),
        }
    }

    fn routes_by_path(&self, path: &str) -> Vec<RouteMetadata> {
        let Some(idx) = self.read() else {
            return Vec::new();
        };
        let Some(meta) = idx.metadata.as_ref() else {
            return Vec::new();
        };
        match idx.routes_by_path.get(path) {
            Some(ids) => ids.iter().map(|&i| meta.routes[i].clone()).collect(),
            None => Vec::new(),
        }
    }

    /// `Routes`: the routes matching every non-empty filter, copied.
    pub fn routes(&self, filter: &RouteFilter) -> Vec<RouteMetadata> {
        if filter.method.is_empty() && filter.path.is_empty() && filter.resource.is_empty() {
            return self.routes_all();
        }
        let routes = if !filter.method.is_empty() {
            self.routes_by_method(&filter.method)
        } else if !filter.path.is_empty() {
            self.routes_by_path(&filter.path)
        } else {
            self.routes_all()
        };
        let mut result = Vec::new();
        for route in routes {
            if !filter.method.is_empty() && *route.method != *filter.method {
                continue;
            }
            if !filter.path.is_empty() && *route.path != *filter.path {
                continue;
            }
            if !filter.resource.is_empty() && *route.resource != *filter.resource {
                continue;
            }
            result.push(route);
        }
        result
    }

    /// `Patterns`: every pattern of `category` (all for `""`), copied.
    pub fn patterns(&self, category: &str) -> Vec<PatternMetadata> {
        let all = match self.get_schema() {
            Some(meta) => meta.patterns.to_vec(),
            None => Vec::new(),
        };
        if category.is_empty() {
            return all;
        }
        let mut result = Vec::new();
        for p in all {
            if *p.category == *category {
                result.push(p);
            }
        }
        result
    }

    /// `QueryRelationshipsTo`: every relationship targeting `name`, copied.
    pub fn relationships_to(&self, name: &str) -> Vec<RelationshipRef> {
        let Some(idx) = self.read() else {
            return Vec::new();
        };
        let Some(meta) = idx.metadata.as_ref() else {
            return Vec::new();
        };
        idx.relationship_index
            .get(name)
            .map_or_else(Vec::new, |refs| {
                refs.iter()
                    .map(|&(r, rel)| RelationshipRef {
                        source_resource: meta.resources[r].name.clone(),
                        relationship: meta.resources[r].relationships[rel].clone(),
                    })
                    .collect()
            })
    }

    /// `Dependencies`: the subgraph reached from `name`, from the LRU cache
    /// or built cold (whole graph, then BFS) and cached.
    ///
    /// # Errors
    ///
    /// If the registry is empty or has no such resource.
    pub fn dependencies(
        &self,
        name: &str,
        opts: &DependencyOptions,
    ) -> Result<Arc<DependencyGraph>, String> {
        let idx = self.read().ok_or("registry not initialized")?;
        if !idx.resources_by_name.contains_key(name) {
            return Err(format!("resource not found: {name}"));
        }
        let key = format!(
            "deps:{name}:{}:{}:{:?}",
            opts.depth, opts.reverse, opts.types
        );
        if let Some(g) = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(g.clone());
        }
        let meta = idx.metadata.as_ref().ok_or("registry not initialized")?;
        let full = build_dependency_graph(meta);
        let result = Arc::new(extract_subgraph(&full, name, opts));
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .put(key, result.clone());
        Ok(result)
    }

    /// Empties the dependency cache (so the next query is cold).
    pub fn clear_cache(&self) {
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The route a request hits, the way a user of this registry matches
    /// one: copy the method's routes, compare them segment by segment in
    /// declaration order, collect the parameters. (The reference has no
    /// matcher of its own.)
    pub fn match_route(
        &self,
        method: &str,
        path: &str,
    ) -> Option<(RouteMetadata, Vec<(String, String)>)> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        'routes: for route in self.routes_by_method(method) {
            let pattern: Vec<&str> = route.path.trim_start_matches('/').split('/').collect();
            if pattern.len() != parts.len() {
                continue;
            }
            let mut params = Vec::new();
            for (p, s) in pattern.iter().zip(&parts) {
                if let Some(name) = p.strip_prefix(':') {
                    if s.is_empty() {
                        continue 'routes;
                    }
                    params.push((name.to_owned(), (*s).to_owned()));
                } else if p != s {
                    continue 'routes;
                }
            }
            return Some((route, params));
        }
        None
    }
}

impl Indexes {
    fn build_indexes(&mut self) {
        let Some(meta) = self.metadata.clone() else {
            return;
        };
        for (i, res) in meta.resources.iter().enumerate() {
            self.resources_by_name.insert(res.name.clone(), i);
            for (j, rel) in res.relationships.iter().enumerate() {
                self.relationship_index
                    .entry(rel.target_resource.clone())
                    .or_default()
                    .push((i, j));
            }
        }
        for (i, route) in meta.routes.iter().enumerate() {
            self.routes_by_path
                .entry(route.path.clone())
                .or_default()
                .push(i);
            self.routes_by_method
                .entry(route.method.clone())
                .or_default()
                .push(i);
        }
        for (i, p) in meta.patterns.iter().enumerate() {
            self.patterns_by_name.insert(p.name.clone(), i);
        }
    }
}

fn node(id: &Arc<str>, kind: &str, file: &Arc<str>) -> Arc<DependencyNode> {
    Arc::new(DependencyNode {
        id: id.clone(),
        kind: kind.into(),
        name: id.clone(),
        file_path: file.clone(),
    })
}

/// `BuildDependencyGraph`: the whole graph from the resources.
pub fn build_dependency_graph(meta: &Metadata) -> DependencyGraph {
    let mut graph = DependencyGraph::default();
    let empty: Arc<str> = Arc::from("");
    for res in meta.resources.iter() {
        graph.nodes.insert(
            res.name.clone(),
            node(&res.name, "resource", &res.file_path),
        );
        for rel in res.relationships.iter() {
            graph.edges.push(DependencyEdge {
                from: res.name.clone(),
                to: rel.target_resource.clone(),
                relationship: rel.kind.clone(),
                weight: 1,
            });
            if !graph.nodes.contains_key(&rel.target_resource) {
                graph.nodes.insert(
                    rel.target_resource.clone(),
                    node(&rel.target_resource, "resource", &empty),
                );
            }
        }
    }
    let mut edge_map: HashMap<String, usize> = HashMap::new();
    let uses: Arc<str> = Arc::from("uses");
    for res in meta.resources.iter() {
        for list in res.middleware.values() {
            for mw in list.iter() {
                if !graph.nodes.contains_key(mw) {
                    graph
                        .nodes
                        .insert(mw.clone(), node(mw, "middleware", &empty));
                }
                let key = format!("{}->{}:uses", res.name, mw);
                if let Some(&i) = edge_map.get(&key) {
                    graph.edges[i].weight += 1;
                } else {
                    edge_map.insert(key, graph.edges.len());
                    graph.edges.push(DependencyEdge {
                        from: res.name.clone(),
                        to: mw.clone(),
                        relationship: uses.clone(),
                        weight: 1,
                    });
                }
            }
        }
    }
    let calls: Arc<str> = Arc::from("calls");
    for res in meta.resources.iter() {
        for hook in res.hooks.iter() {
            for f in hook.calls.iter() {
                if !graph.nodes.contains_key(f) {
                    graph.nodes.insert(f.clone(), node(f, "function", &empty));
                }
                let key = format!("{}->{}:calls", res.name, f);
                if let Some(&i) = edge_map.get(&key) {
                    graph.edges[i].weight += 1;
                } else {
                    edge_map.insert(key, graph.edges.len());
                    graph.edges.push(DependencyEdge {
                        from: res.name.clone(),
                        to: f.clone(),
                        relationship: calls.clone(),
                        weight: 1,
                    });
                }
            }
        }
    }
    for edge in &graph.edges {
        graph
            .outgoing
            .entry(edge.from.clone())
            .or_default()
            .push(edge.clone());
        graph
            .incoming
            .entry(edge.to.clone())
            .or_default()
            .push(edge.clone());
    }
    warn_circular_dependencies(&graph);
    graph
}

/// `WarnCircularDependencies`: formats a warning per cycle (the reference
/// logs them; here they are kept from the optimizer but not printed).
fn warn_circular_dependencies(graph: &DependencyGraph) {
    let cycles = detect_cycles(graph);
    if !cycles.is_empty() {
        let mut log = format!(
            "WARNING: Detected {} circular dependencies in resource graph\n",
            cycles.len()
        );
        for (i, cycle) in cycles.iter().enumerate() {
            let names: Vec<&str> = cycle.iter().map(|s| &**s).collect();
            let _ = writeln!(log, "  Cycle {}: {}", i + 1, names.join(" -> "));
        }
        std::hint::black_box(log);
    }
}

/// `DetectCycles`: DFS from every node, scanning the edge list at each step.
pub fn detect_cycles(graph: &DependencyGraph) -> Vec<Vec<Arc<str>>> {
    let mut cycles = Vec::new();
    let mut visited: HashMap<Arc<str>, bool> = HashMap::new();
    let mut rec_stack: HashMap<Arc<str>, bool> = HashMap::new();
    for id in graph.nodes.keys() {
        if !visited.get(id).copied().unwrap_or(false) {
            find_cycles(
                graph,
                id,
                &mut visited,
                &mut rec_stack,
                Vec::new(),
                &mut cycles,
            );
        }
    }
    cycles
}

fn find_cycles(
    graph: &DependencyGraph,
    id: &Arc<str>,
    visited: &mut HashMap<Arc<str>, bool>,
    rec_stack: &mut HashMap<Arc<str>, bool>,
    mut path: Vec<Arc<str>>,
    cycles: &mut Vec<Vec<Arc<str>>>,
) {
    visited.insert(id.clone(), true);
    rec_stack.insert(id.clone(), true);
    path.push(id.clone());
    for edge in &graph.edges {
        if edge.from != *id {
            continue;
        }
        let next = &edge.to;
        if rec_stack.get(next).copied().unwrap_or(false) {
            if let Some(start) = path.iter().position(|n| n == next) {
                let mut cycle = path[start..].to_vec();
                cycle.push(next.clone());
                cycles.push(cycle);
            }
        } else if !visited.get(next).copied().unwrap_or(false) {
            find_cycles(graph, next, visited, rec_stack, path.clone(), cycles);
        }
    }
    rec_stack.insert(id.clone(), false);
}

/// `extractSubgraph`: BFS from `start`.
fn extract_subgraph(
    full: &DependencyGraph,
    start: &str,
    opts: &DependencyOptions,
) -> DependencyGraph {
    let mut result = DependencyGraph::default();
    let mut visited: HashMap<Arc<str>, bool> = HashMap::new();
    let start: Arc<str> = Arc::from(start);
    let mut queue: VecDeque<(Arc<str>, usize)> = VecDeque::from([(start.clone(), 0)]);
    if let Some(n) = full.nodes.get(&start) {
        result.nodes.insert(start.clone(), n.clone());
    }
    visited.insert(start, true);
    while let Some((current, depth)) = queue.pop_front() {
        let all = if opts.reverse {
            full.incoming.get(&current)
        } else {
            full.outgoing.get(&current)
        };
        let all: &[DependencyEdge] = all.map_or(&[], Vec::as_slice);
        let filtered;
        let edges = if opts.types.is_empty() {
            all
        } else {
            filtered = filter_edges_by_type(all, &opts.types);
            &filtered[..]
        };
        for edge in edges {
            result.edges.push(edge.clone());
            let next = if opts.reverse { &edge.from } else { &edge.to };
            if !visited.get(next).copied().unwrap_or(false) {
                visited.insert(next.clone(), true);
                if let Some(n) = full.nodes.get(next) {
                    result.nodes.insert(next.clone(), n.clone());
                }
                if opts.depth == 0 || depth + 1 < opts.depth {
                    queue.push_back((next.clone(), depth + 1));
                }
            }
        }
    }
    for edge in &result.edges {
        result
            .outgoing
            .entry(edge.from.clone())
            .or_default()
            .push(edge.clone());
        result
            .incoming
            .entry(edge.to.clone())
            .or_default()
            .push(edge.clone());
    }
    result
}

fn filter_edges_by_type(edges: &[DependencyEdge], types: &[String]) -> Vec<DependencyEdge> {
    let set: HashSet<&str> = types.iter().map(String::as_str).collect();
    edges
        .iter()
        .filter(|e| set.contains(&*e.relationship))
        .cloned()
        .collect()
}
