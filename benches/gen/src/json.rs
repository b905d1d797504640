//! A registry in the reference system's metadata JSON (its Go `Metadata`
//! type: resources, routes, patterns, dependency graph), written by walking
//! the registry's views, so the baselines start from exactly the data
//! conduit compiled.
//!
//! Two additions to the reference's shape: each hook carries `function`
//! (the Rust path it names) and `calls` (the functions its body calls, as the
//! build step found them). The reference extracts calls from a hook's
//! source with a regular expression tuned to its own language; the Rust
//! baselines read the list instead, so their dependency graphs have the same
//! function nodes as conduit's.

use conduit::{DepQuery, Operation, Registry, ResourceRef};
use serde_json::{Map, Value, json};

/// Serializes every resource, route, pattern and the dependency graph of
/// `registry` to the reference's metadata JSON.
pub fn reference_json(registry: &Registry<'_>) -> String {
    let resources: Vec<Value> = registry.resources().map(resource).collect();
    let routes: Vec<Value> = registry
        .routes()
        .map(|r| {
            json!({
                "method": r.method().as_str(),
                "path": r.path(),
                "handler": r.handler(),
                "resource": r.resource(),
                "operation": r.action(),
                "middleware": r.middleware().collect::<Vec<_>>(),
            })
        })
        .collect();
    let patterns: Vec<Value> = registry
        .patterns()
        .map(|p| {
            json!({
                "id": p.id(),
                "name": p.name(),
                "category": p.category().as_str(),
                "description": p.description(),
                "template": p.template(),
                "examples": p.examples().map(|e| json!({
                    "resource": e, "file_path": "", "code": e,
                })).collect::<Vec<_>>(),
                "frequency": p.frequency(),
                "confidence": p.confidence(),
            })
        })
        .collect();
    // Every edge leaves a resource: the depth-1 answers of all resources,
    // in name order, list each edge once, in conduit's edge order.
    let mut nodes = Map::new();
    let mut edges = Vec::new();
    for r in registry.resources() {
        let deps = r.dependencies(DepQuery::new().depth(1));
        for n in deps.nodes() {
            let file = registry
                .resource(n.name())
                .filter(|_| n.kind() == conduit::NodeKind::Resource)
                .map_or("", |r| r.location().file());
            nodes.entry(n.name().to_owned()).or_insert_with(|| {
                json!({ "id": n.name(), "type": n.kind().as_str(), "name": n.name(), "file_path": file })
            });
        }
        for e in deps.edges() {
            edges.push(json!({
                "from": e.from().name(),
                "to": e.to().name(),
                "relationship": e.kind().as_str(),
                "weight": e.weight(),
            }));
        }
    }
    json!({
        "version": registry.version(),
        "generated": "1970-01-01T00:00:00Z",
        "source_hash": format!("{:016x}", registry.source_hash()),
        "resources": resources,
        "routes": routes,
        "patterns": patterns,
        "dependencies": { "nodes": nodes, "edges": edges },
    })
    .to_string()
}

fn opt(s: Option<&str>) -> Value {
    s.map_or(Value::Null, Value::from)
}

fn resource(r: ResourceRef<'_>) -> Value {
    let fields: Vec<Value> = r
        .fields()
        .map(|f| {
            json!({
                "name": f.name(),
                "type": f.ty(),
                "nullable": f.nullable(),
                "required": f.required(),
                "default_value": opt(f.default_value()),
                "constraints": f.constraints().collect::<Vec<_>>(),
                "documentation": f.docs(),
                "tags": f.tags().collect::<Vec<_>>(),
            })
        })
        .collect();
    let relationships: Vec<Value> = r
        .relationships()
        .map(|rel| {
            json!({
                "name": rel.name(),
                "type": rel.kind().as_str(),
                "target_resource": rel.target(),
                "foreign_key": opt(rel.foreign_key()),
                "through_table": opt(rel.through()),
                "on_delete": opt(rel.on_delete().map(|a| a.as_str())),
                "on_update": opt(rel.on_update().map(|a| a.as_str())),
            })
        })
        .collect();
    let hooks: Vec<Value> = r
        .hooks()
        .map(|h| {
            json!({
                "type": h.kind().as_str(),
                "transaction": h.transaction(),
                "async": h.is_async(),
                "source_code": h.source().unwrap_or_default(),
                "line_number": h.source_location().map_or(0, |l| l.line()),
                "function": h.function(),
                "calls": h.calls().collect::<Vec<_>>(),
            })
        })
        .collect();
    let validations: Vec<Value> = r
        .validations()
        .map(|v| {
            json!({
                "field": v.field(),
                "type": v.kind().as_str(),
                "value": opt(v.value()),
                "message": opt(v.message()),
                "line_number": 0,
            })
        })
        .collect();
    let constraints: Vec<Value> = r
        .constraints()
        .map(|c| {
            json!({
                "name": c.name(),
                "operations": c.operations().map(Operation::as_str).collect::<Vec<_>>(),
                "condition": c.condition(),
                "error": c.error(),
                "line_number": c.location().line(),
            })
        })
        .collect();
    let mut middleware = Map::new();
    for op in Operation::ALL {
        let chain: Vec<&str> = r.middleware(*op).collect();
        if !chain.is_empty() {
            middleware.insert(op.as_str().to_owned(), json!(chain));
        }
    }
    let scopes: Vec<Value> = r
        .scopes()
        .map(
            |s| json!({ "name": s.name(), "query": s.query(), "line_number": s.location().line() }),
        )
        .collect();
    let computed: Vec<Value> = r
        .computed_fields()
        .map(|c| json!({ "name": c.name(), "type": c.ty(), "expression": c.expr(), "line_number": c.location().line() }))
        .collect();
    json!({
        "name": r.name(),
        "documentation": r.docs(),
        "file_path": r.location().file(),
        "fields": fields,
        "relationships": relationships,
        "hooks": hooks,
        "validations": validations,
        "constraints": constraints,
        "middleware": middleware,
        "scopes": scopes,
        "computed_fields": computed,
    })
}
