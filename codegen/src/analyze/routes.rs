//! REST and custom routes, their indexes, the segment trie that matches
//! requests, and the conflicts that make two routes match one request.

use crate::naming::snake_case;
use conduit_format::schema::{Location, Schema};
use conduit_format::tables::{Group, NONE, Route, Routes, TrieEdge, TrieNode};
use conduit_format::{Method, Operation};
use std::collections::BTreeMap;

/// Two routes (indexes into `Routes::all`) that match the same requests.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The route declared first.
    pub first: Route,
    /// The route that collides with it.
    pub second: Route,
}

pub use crate::naming::params;
use crate::naming::segments;

/// What a request must look like to hit `path`: parameters become `:`.
fn shape(path: &str) -> String {
    let segs: Vec<&str> = segments(path)
        .map(|s| if s.starts_with(':') { ":" } else { s })
        .collect();
    format!("/{}", segs.join("/"))
}

fn route(method: Method, path: String, handler: String, resource: usize, operation: &str) -> Route {
    Route {
        method,
        params: params(&path),
        path,
        handler,
        resource: resource as u32,
        operation: operation.to_owned(),
        middleware: Vec::new(),
        location: Location::default(),
    }
}

/// Generates every route, the indexes and the trie; fails on conflicts.
pub fn build(schema: &mut Schema) -> Result<(), Vec<Conflict>> {
    let by_name: BTreeMap<&str, usize> = schema
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let mut all: Vec<Route> = Vec::new();
    let mut ranges = Vec::with_capacity(schema.resources.len());
    for (i, res) in schema.resources.iter().enumerate() {
        let start = all.len();
        let parent = res
            .nested_under
            .as_deref()
            .and_then(|p| by_name.get(p))
            .map(|&p| &schema.resources[p]);
        let mut prefixes = vec![String::new()];
        if let Some(parent) = parent {
            prefixes.push(format!(
                "{}/:{}_id",
                parent.path.trim_end_matches('/'),
                snake_case(&parent.name)
            ));
        }
        for prefix in &prefixes {
            for op in Operation::ALL
                .iter()
                .filter(|op| res.operations.contains(op))
            {
                let base = format!("{prefix}{}", res.path);
                let path = if op.has_id() {
                    format!("{}/:id", base.trim_end_matches('/'))
                } else {
                    base
                };
                let mut r = route(
                    op.method(),
                    path,
                    format!("{}.{}", res.name, op.as_str()),
                    i,
                    op.as_str(),
                );
                r.middleware = res
                    .middleware
                    .iter()
                    .find(|m| m.operation == *op)
                    .map(|m| m.chain.clone())
                    .unwrap_or_default();
                r.location = res.location;
                all.push(r);
            }
        }
        for c in &res.custom_routes {
            let op = c.handler.rsplit('.').next().unwrap_or(&c.handler);
            let mut r = route(c.method, c.path.clone(), c.handler.clone(), i, op);
            r.middleware = c.middleware.clone();
            r.location = c.location;
            all.push(r);
        }
        ranges.push((start, all.len() - start));
    }
    let conflicts = conflicts(&all);
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    for (res, &(start, len)) in schema.resources.iter_mut().zip(&ranges) {
        res.routes_start = start as u32;
        res.routes_len = len as u32;
        res.routes_by_method = Method::ALL
            .iter()
            .map(|m| {
                (start..start + len)
                    .filter(|&i| all[i].method == *m)
                    .map(|i| i as u32)
                    .collect()
            })
            .collect();
    }
    let by_method = Method::ALL
        .iter()
        .map(|m| {
            all.iter()
                .enumerate()
                .filter(|(_, r)| r.method == *m)
                .map(|(i, _)| i as u32)
                .collect()
        })
        .collect();
    let mut by_path: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, r) in all.iter().enumerate() {
        by_path.entry(&r.path).or_default().push(i as u32);
    }
    let by_path = by_path
        .into_iter()
        .map(|(k, items)| Group {
            key: k.to_owned(),
            items,
        })
        .collect();
    let trie = trie(&all);
    let max_params = all.iter().map(|r| r.params.len() as u32).max().unwrap_or(0);
    schema.routes = Routes {
        by_method,
        by_path,
        trie,
        max_params,
        all,
    };
    Ok(())
}

/// Routes with one method and one shape: the second could never be reached.
fn conflicts(all: &[Route]) -> Vec<Conflict> {
    let mut seen: BTreeMap<(Method, String), usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, r) in all.iter().enumerate() {
        match seen.get(&(r.method, shape(&r.path))) {
            Some(&first) => out.push(Conflict {
                first: all[first].clone(),
                second: r.clone(),
            }),
            None => {
                seen.insert((r.method, shape(&r.path)), i);
            }
        }
    }
    out
}

/// A trie over path segments; node 0 is the root.
fn trie(all: &[Route]) -> Vec<TrieNode> {
    struct Building {
        statics: BTreeMap<String, usize>,
        param: Option<usize>,
        routes: Vec<u32>,
    }
    let new = || Building {
        statics: BTreeMap::new(),
        param: None,
        routes: vec![NONE; Method::ALL.len()],
    };
    let mut nodes = vec![new()];
    for (i, r) in all.iter().enumerate() {
        let mut at = 0;
        for seg in segments(&r.path) {
            let next = if seg.starts_with(':') {
                nodes[at].param
            } else {
                nodes[at].statics.get(seg).copied()
            };
            at = match next {
                Some(n) => n,
                None => {
                    nodes.push(new());
                    let n = nodes.len() - 1;
                    if seg.starts_with(':') {
                        nodes[at].param = Some(n);
                    } else {
                        nodes[at].statics.insert(seg.to_owned(), n);
                    }
                    n
                }
            };
        }
        let slot = &mut nodes[at].routes[r.method.index()];
        if *slot == NONE {
            *slot = i as u32;
        }
    }
    nodes
        .into_iter()
        .map(|b| TrieNode {
            statics: b
                .statics
                .into_iter()
                .map(|(segment, node)| TrieEdge {
                    segment,
                    node: node as u32,
                })
                .collect(),
            param: b.param.map_or(NONE, |p| p as u32),
            routes: b.routes,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_parameter_names() {
        assert_eq!(shape("/posts/:id"), shape("/posts/:slug"));
        assert_ne!(shape("/posts/:id"), shape("/posts/new"));
        assert_eq!(shape("/"), "/");
        assert_eq!(params("/users/:user_id/posts/:id"), ["user_id", "id"]);
    }
}
