//! [`Registry::to_json`]: the whole schema in the reference system's metadata
//! JSON format (feature `json`).
//!
//! The document is built from the public query API only, so it says exactly
//! what a query would.

use crate::{
    DepQuery, FieldRef, HookRef, NodeKind, Operation, PatternRef, ReferentialAction, Registry,
    ResourceRef, RouteRef,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The dependency-graph id of a node: the name for a resource (as in the
/// reference), `middleware:<name>` and `function:<name>` for the others, so
/// that a middleware and a function of the same name stay distinct.
fn node_id(kind: NodeKind, name: &str) -> String {
    match kind {
        NodeKind::Resource => name.to_owned(),
        NodeKind::Middleware => format!("middleware:{name}"),
        NodeKind::Function => format!("function:{name}"),
    }
}

#[derive(Serialize)]
struct Metadata<'a> {
    version: &'a str,
    source_hash: String,
    /// The mount prefix every route path starts with (`/api`).
    #[serde(skip_serializing_if = "str::is_empty")]
    path_prefix: &'a str,
    resources: Vec<Resource<'a>>,
    routes: Vec<Route<'a>>,
    patterns: Vec<Pattern<'a>>,
    dependencies: Dependencies<'a>,
}

#[derive(Serialize)]
struct Resource<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    documentation: &'a str,
    file_path: &'a str,
    line: u32,
    table: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    rust_path: &'a str,
    operations: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested_under: Option<&'a str>,
    fields: Vec<Field<'a>>,
    relationships: Vec<Relationship<'a>>,
    hooks: Vec<Hook<'a>>,
    validations: Vec<Validation<'a>>,
    constraints: Vec<Constraint<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    middleware: BTreeMap<&'static str, Vec<&'a str>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scopes: Vec<Scope<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    computed_fields: Vec<Computed<'a>>,
}

#[derive(Serialize)]
struct Field<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: String,
    nullable: bool,
    required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_value: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    constraints: Vec<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    documentation: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    rust_type: &'a str,
}

#[derive(Serialize)]
struct Relationship<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    target_resource: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    foreign_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    through_table: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_delete: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_update: Option<&'a str>,
}

/// Both spellings the reference uses for hooks: its runtime's (`type`,
/// `transaction`, `async`, `line_number`) and its compiler's (`timing`,
/// `event`, `has_transaction`, `has_async`, `line`).
#[derive(Serialize)]
struct Hook<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    timing: &'static str,
    event: &'static str,
    transaction: bool,
    has_transaction: bool,
    #[serde(rename = "async")]
    is_async: bool,
    has_async: bool,
    #[serde(skip_serializing_if = "str::is_empty")]
    function: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    calls: Vec<&'a str>,
    line: u32,
    line_number: u32,
}

#[derive(Serialize)]
struct Validation<'a> {
    field: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    line_number: u32,
}

#[derive(Serialize)]
struct Constraint<'a> {
    name: &'a str,
    operations: Vec<&'static str>,
    condition: &'a str,
    error: &'a str,
    line_number: u32,
}

#[derive(Serialize)]
struct Scope<'a> {
    name: &'a str,
    query: &'a str,
    line_number: u32,
}

#[derive(Serialize)]
struct Computed<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: &'a str,
    expression: &'a str,
    line_number: u32,
}

#[derive(Serialize)]
struct Route<'a> {
    method: &'static str,
    path: &'a str,
    handler: &'a str,
    resource: &'a str,
    operation: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    middleware: Vec<&'a str>,
    /// Query-string parameters (`list_query(...)`, an action's `query(...)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    query_params: Vec<QueryParam<'a>>,
}

#[derive(Serialize)]
struct QueryParam<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: &'a str,
    rust_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<&'a str>,
}

#[derive(Serialize)]
struct Pattern<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    description: &'a str,
    template: &'a str,
    examples: Vec<Example<'a>>,
    frequency: u32,
    confidence: f64,
}

#[derive(Serialize)]
struct Example<'a> {
    resource: &'a str,
    file_path: &'a str,
    #[serde(skip_serializing_if = "is_zero")]
    line_number: u32,
    code: &'a str,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct Dependencies<'a> {
    nodes: BTreeMap<String, Node<'a>>,
    edges: Vec<Edge>,
}

#[derive(Serialize)]
struct Node<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
    file_path: &'a str,
}

#[derive(Serialize)]
struct Edge {
    from: String,
    to: String,
    relationship: &'static str,
    weight: u32,
}

fn field<'a>(f: FieldRef<'a>) -> Field<'a> {
    let suffix = if f.nullable() { '?' } else { '!' };
    Field {
        name: f.name(),
        ty: format!("{}{suffix}", f.ty()),
        nullable: f.nullable(),
        required: f.required(),
        default_value: f.default_value(),
        constraints: f.constraints().collect(),
        documentation: f.docs(),
        tags: f.tags().collect(),
        rust_type: f.rust_type(),
    }
}

fn hook<'a>(h: HookRef<'a>) -> Hook<'a> {
    let kind = h.kind();
    let line = h.source_location().unwrap_or(h.location()).line();
    Hook {
        kind: kind.as_str(),
        timing: kind.timing(),
        event: kind.event(),
        transaction: h.transaction(),
        has_transaction: h.transaction(),
        is_async: h.is_async(),
        has_async: h.is_async(),
        function: h.function(),
        source_code: h.source(),
        calls: h.calls().collect(),
        line,
        line_number: line,
    }
}

fn resource<'a>(r: ResourceRef<'a>) -> Resource<'a> {
    let location = r.location();
    Resource {
        name: r.name(),
        documentation: r.docs(),
        file_path: location.file(),
        line: location.line(),
        table: r.table(),
        path: r.path(),
        rust_path: r.rust_path(),
        operations: r.operations().map(Operation::as_str).collect(),
        nested_under: r.nested_under(),
        fields: r.fields().map(field).collect(),
        relationships: r
            .relationships()
            .map(|rel| Relationship {
                name: rel.name(),
                kind: rel.kind().as_str(),
                target_resource: rel.target(),
                foreign_key: rel.foreign_key(),
                through_table: rel.through(),
                on_delete: rel.on_delete().map(ReferentialAction::as_str),
                on_update: rel.on_update().map(ReferentialAction::as_str),
            })
            .collect(),
        hooks: r.hooks().map(hook).collect(),
        validations: r
            .validations()
            .map(|v| Validation {
                field: v.field(),
                kind: v.kind().as_str(),
                value: v.value(),
                message: v.message(),
                line_number: v.location().line(),
            })
            .collect(),
        constraints: r
            .constraints()
            .map(|c| Constraint {
                name: c.name(),
                operations: c.operations().map(Operation::as_str).collect(),
                condition: c.condition(),
                error: c.error(),
                line_number: c.location().line(),
            })
            .collect(),
        middleware: Operation::ALL
            .iter()
            .map(|op| (op.as_str(), r.middleware(*op).collect::<Vec<_>>()))
            .filter(|(_, chain)| !chain.is_empty())
            .collect(),
        scopes: r
            .scopes()
            .map(|s| Scope {
                name: s.name(),
                query: s.query(),
                line_number: s.location().line(),
            })
            .collect(),
        computed_fields: r
            .computed_fields()
            .map(|c| Computed {
                name: c.name(),
                ty: c.ty(),
                expression: c.expr(),
                line_number: c.location().line(),
            })
            .collect(),
    }
}

fn route<'a>(r: RouteRef<'a>) -> Route<'a> {
    Route {
        method: r.method().as_str(),
        path: r.path(),
        handler: r.handler(),
        resource: r.resource(),
        operation: r.action(),
        middleware: r.middleware().collect(),
        query_params: r
            .query_params()
            .map(|q| QueryParam {
                name: q.name(),
                ty: q.ty(),
                rust_type: q.rust_type(),
                default: q.default_value(),
            })
            .collect(),
    }
}

fn pattern<'a>(registry: &Registry<'a>, p: PatternRef<'a>) -> Pattern<'a> {
    let examples = p
        .examples()
        .map(|code| {
            // Examples are `Resource.place` (an operation, hook, field or
            // relationship of that resource).
            let name = code.split('.').next().unwrap_or(code);
            let location = registry.resource(name).map(|r| r.location());
            Example {
                resource: name,
                file_path: location.map_or("", |l| l.file()),
                line_number: location.map_or(0, |l| l.line()),
                code,
            }
        })
        .collect();
    Pattern {
        id: p.id(),
        name: p.name(),
        category: p.category().as_str(),
        description: p.description(),
        template: p.template(),
        examples,
        frequency: p.frequency(),
        // The shortest decimal of the `f32` (0.3, not 0.30000001192092896).
        confidence: p.confidence().to_string().parse().unwrap_or_default(),
    }
}

/// The whole graph: every edge leaves a resource, so the depth-1 forward
/// query of each resource lists each edge exactly once.
fn dependencies<'a>(registry: &Registry<'a>) -> Dependencies<'a> {
    let mut nodes = BTreeMap::new();
    let mut edges = Vec::new();
    for r in registry.resources() {
        let deps = r.dependencies(DepQuery::new().depth(1));
        for n in deps.nodes() {
            let file_path = match n.kind() {
                NodeKind::Resource => registry
                    .resource(n.name())
                    .map_or("", |r| r.location().file()),
                _ => "",
            };
            let id = node_id(n.kind(), n.name());
            nodes.entry(id.clone()).or_insert(Node {
                id,
                kind: n.kind().as_str(),
                name: n.name(),
                file_path,
            });
        }
        for e in deps.edges() {
            let (from, to) = (e.from(), e.to());
            edges.push(Edge {
                from: node_id(from.kind(), from.name()),
                to: node_id(to.kind(), to.name()),
                relationship: e.kind().as_str(),
                weight: e.weight(),
            });
        }
    }
    Dependencies { nodes, edges }
}

fn metadata<'a>(registry: &Registry<'a>) -> Metadata<'a> {
    Metadata {
        version: registry.version(),
        source_hash: format!("{:016x}", registry.source_hash()),
        path_prefix: registry.path_prefix(),
        resources: registry.resources().map(resource).collect(),
        routes: registry.routes().map(route).collect(),
        patterns: registry.patterns().map(|p| pattern(registry, p)).collect(),
        dependencies: dependencies(registry),
    }
}

impl Registry<'_> {
    /// The whole schema as a JSON document in the reference system's
    /// metadata format (`version`, `source_hash`, `resources`, `routes`,
    /// `patterns`, `dependencies`), pretty-printed with two-space indents.
    ///
    /// The output is reproducible: the reference's `generated` timestamp is
    /// left out, `source_hash` is the registry's [`source_hash`](Self::source_hash)
    /// in hex, and every list is in registry order. Alongside the reference's
    /// keys the document carries what conduit knows beyond them (a resource's
    /// `table`, `path`, `operations`, `rust_path`, `nested_under`; a field's
    /// `rust_type`; a hook's `function` and `calls`), which the reference's
    /// readers ignore and `conduit-build`'s `schema_file` reads back. Hooks
    /// carry both spellings the reference uses (`type`, `transaction`,
    /// `async`, `line_number` and `timing`, `event`, `has_transaction`,
    /// `has_async`, `line`). Dependency-graph node ids are resource names,
    /// and `middleware:<name>` or `function:<name>` for the other nodes.
    ///
    /// Available with the `json` feature.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let json = REGISTRY.to_json();
    /// let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    /// assert_eq!(doc["resources"][1]["name"], "Post");
    /// assert_eq!(doc["resources"][1]["fields"][0]["type"], "uuid!");
    /// assert!(doc.get("generated").is_none());
    /// ```
    pub fn to_json(&self) -> String {
        // Serializing these plain structs (string keys only) cannot fail.
        serde_json::to_string_pretty(&metadata(self)).unwrap_or_default()
    }

    /// The document of [`to_json`](Self::to_json) as a [`serde_json::Value`],
    /// to pick parts of it.
    ///
    /// Available with the `json` feature.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let doc = REGISTRY.to_json_value();
    /// let routes = doc["routes"].as_array().unwrap();
    /// assert!(routes.iter().any(|r| r["handler"] == "Post.publish"));
    /// assert_eq!(doc["dependencies"]["nodes"]["Post"]["type"], "resource");
    /// ```
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::to_value(metadata(self)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use crate::Registry;
    use serde_json::Value;

    fn sample() -> Registry<'static> {
        crate::tests::sample()
    }

    #[test]
    fn the_document_has_the_reference_keys_in_order_and_no_timestamp() {
        let text = sample().to_json();
        let keys: Vec<usize> = [
            "\"version\"",
            "\"source_hash\"",
            "\"resources\"",
            "\"routes\"",
            "\"patterns\"",
            "\"dependencies\"",
        ]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        assert!(!text.contains("generated"));
        assert!(text.contains("\"source_hash\": \"0000000000005eed\""));
        assert_eq!(text, sample().to_json(), "reproducible");
    }

    #[test]
    fn every_graph_edge_is_written_once_with_prefixed_non_resource_ids() {
        let registry = sample();
        let doc = registry.to_json_value();
        let edges = doc["dependencies"]["edges"].as_array().unwrap();
        let expected: usize = registry
            .resources()
            .map(|r| {
                let deps = registry.dependencies(r.name(), crate::DepQuery::new().depth(1));
                deps.unwrap().edges().count()
            })
            .sum();
        assert_eq!(edges.len(), expected);
        let nodes = doc["dependencies"]["nodes"].as_object().unwrap();
        for e in edges {
            assert!(nodes.contains_key(e["from"].as_str().unwrap()), "{e}");
            assert!(nodes.contains_key(e["to"].as_str().unwrap()), "{e}");
        }
        assert_eq!(nodes["middleware:auth"]["type"], "middleware");
        assert_eq!(nodes["function:slugify"]["name"], "slugify");
    }

    #[test]
    fn hooks_carry_both_reference_spellings_and_confidence_is_a_short_decimal() {
        let doc = sample().to_json_value();
        let post = &doc["resources"][1];
        let hook = &post["hooks"][1];
        assert_eq!(hook["type"], "after_update");
        assert_eq!(
            (&hook["timing"], &hook["event"]),
            (&Value::from("after"), &Value::from("update"))
        );
        assert_eq!(hook["async"], hook["has_async"]);
        assert_eq!(hook["transaction"], hook["has_transaction"]);
        assert_eq!(hook["line"], hook["line_number"]);
        let confidence = doc["patterns"][0]["confidence"].as_f64().unwrap();
        assert_eq!(confidence.to_string().len(), 3, "{confidence}");
    }
}
