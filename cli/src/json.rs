//! `--format json`: parts of the registry's `to_json_value()` document (the
//! reference's metadata format), selected like the tables.

use crate::graph::{Graph, node_id};
use conduit::{Method, Registry};
use serde_json::{Map, Value, json};

/// The items of the document's list `key` that `keep` selects.
fn items(doc: &Value, key: &str, keep: impl Fn(&Value) -> bool) -> Value {
    Value::Array(
        doc[key]
            .as_array()
            .map(|a| a.iter().filter(|v| keep(v)).cloned().collect())
            .unwrap_or_default(),
    )
}

/// `resources`: every resource object.
pub fn resources(doc: &Value) -> Value {
    items(doc, "resources", |_| true)
}

/// `resource NAME`: one resource object.
pub fn resource(doc: &Value, name: &str) -> Value {
    doc["resources"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["name"] == name))
        .cloned()
        .unwrap_or(Value::Null)
}

/// `routes`: the route objects of one method and/or resource.
pub fn routes(doc: &Value, method: Option<Method>, resource: Option<&str>) -> Value {
    items(doc, "routes", |r| {
        method.is_none_or(|m| r["method"] == m.as_str())
            && resource.is_none_or(|name| r["resource"] == name)
    })
}

/// `patterns`: the pattern objects of one category, or all.
pub fn patterns(doc: &Value, category: Option<&str>) -> Value {
    items(doc, "patterns", |p| {
        category.is_none_or(|c| p["category"] == c)
    })
}

/// `deps`: the reference's `dependencies` object (nodes by id, edges) for
/// the graph shown, with the query that produced it.
pub fn deps(doc: &Value, g: &Graph<'_>, depth: u32, reverse: bool, kinds: &[String]) -> Value {
    let known = &doc["dependencies"]["nodes"];
    let mut nodes = Map::new();
    for n in &g.nodes {
        let id = node_id(*n);
        let node = match known.get(&id) {
            Some(node) => node.clone(),
            None => {
                json!({ "id": id, "type": n.kind().as_str(), "name": n.name(), "file_path": "" })
            }
        };
        nodes.insert(id, node);
    }
    let edges: Vec<Value> = g
        .edges
        .iter()
        .map(|e| {
            json!({
                "from": node_id(e.from),
                "to": node_id(e.to),
                "relationship": e.kind.as_str(),
                "weight": e.weight,
            })
        })
        .collect();
    let mut out = Map::new();
    if let Some(start) = g.start {
        out.insert("resource".into(), json!(start));
        out.insert("depth".into(), json!(depth));
        out.insert("reverse".into(), json!(reverse));
    }
    if !kinds.is_empty() {
        out.insert("kinds".into(), json!(kinds));
    }
    out.insert("nodes".into(), Value::Object(nodes));
    out.insert("edges".into(), Value::Array(edges));
    Value::Object(out)
}

/// `cycles`: each cycle as its node ids, and whether the list is complete.
pub fn cycles(registry: &Registry<'_>) -> Value {
    let cycles = registry.cycles();
    let complete = cycles.is_complete();
    let list: Vec<Vec<String>> = cycles.map(|c| c.nodes().map(node_id).collect()).collect();
    json!({ "complete": complete, "cycles": list })
}

/// Pretty JSON with a final newline.
pub fn text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
