//! The dependency graph as the CLI shows it — one query's answer or the
//! whole graph — and its Graphviz rendering.

use conduit::{DepQuery, Deps, EdgeKind, NodeKind, NodeRef, Registry};
use std::collections::BTreeSet;
use std::fmt::Write;

/// One edge, in its declared direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge<'a> {
    pub from: NodeRef<'a>,
    pub to: NodeRef<'a>,
    pub kind: EdgeKind,
    pub weight: u32,
}

/// Nodes and edges to show.
pub struct Graph<'a> {
    /// The start resource of a query; `None` for the whole graph.
    pub start: Option<&'a str>,
    /// Nodes, the start first (BFS order), or resources then the others.
    pub nodes: Vec<NodeRef<'a>>,
    /// Edges, in traversal order.
    pub edges: Vec<Edge<'a>>,
}

impl<'a> Graph<'a> {
    /// The answer of a dependency query from `start`.
    pub fn from_deps(start: &'a str, deps: &Deps<'a>) -> Self {
        Graph {
            start: Some(start),
            nodes: deps.nodes().collect(),
            edges: deps
                .edges()
                .map(|e| Edge {
                    from: e.from(),
                    to: e.to(),
                    kind: e.kind(),
                    weight: e.weight(),
                })
                .collect(),
        }
    }

    /// Every node and edge: every edge leaves a resource, so each resource's
    /// depth-1 forward query lists each edge once.
    pub fn whole(registry: &Registry<'a>, kinds: &[EdgeKind]) -> Self {
        let mut query = DepQuery::new().depth(1);
        if !kinds.is_empty() {
            query = query.kinds(kinds.iter().copied());
        }
        let mut nodes: Vec<NodeRef<'a>> = Vec::new();
        let mut others: BTreeSet<(NodeKind, &'a str)> = BTreeSet::new();
        let mut edges = Vec::new();
        for r in registry.resources() {
            let deps = r.dependencies(query);
            if let Some(n) = deps.nodes().next() {
                nodes.push(n);
            }
            for n in deps.nodes().filter(|n| n.kind() != NodeKind::Resource) {
                others.insert((n.kind(), n.name()));
            }
            edges.extend(deps.edges().map(|e| Edge {
                from: e.from(),
                to: e.to(),
                kind: e.kind(),
                weight: e.weight(),
            }));
        }
        // Middleware then functions, each by name, as the registry orders them.
        for (kind, name) in others {
            let found = edges
                .iter()
                .map(|e| e.to)
                .find(|n| n.kind() == kind && n.name() == name);
            nodes.extend(found);
        }
        Graph {
            start: None,
            nodes,
            edges,
        }
    }
}

/// The node's id in JSON and DOT output: the name for a resource,
/// `middleware:<name>` and `function:<name>` otherwise (as `to_json` writes).
pub fn node_id(n: NodeRef<'_>) -> String {
    match n.kind() {
        NodeKind::Resource => n.name().to_owned(),
        NodeKind::Middleware => format!("middleware:{}", n.name()),
        NodeKind::Function => format!("function:{}", n.name()),
    }
}

/// A DOT double-quoted string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The graph as a Graphviz digraph: resources as boxes (the start resource
/// bold), middleware as ellipses, functions as notes; relationship edges
/// solid and labelled with their kind, `uses` dashed, `calls` dotted.
pub fn dot(g: &Graph<'_>, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph conduit {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label={}];",
        quoted(title)
    );
    let _ = writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11];");
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for n in &g.nodes {
        let attrs = match n.kind() {
            NodeKind::Resource => {
                let bold = if g.start == Some(n.name()) {
                    ", penwidth=2.5"
                } else {
                    ""
                };
                format!(
                    "label={}, shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\"{bold}",
                    quoted(n.name())
                )
            }
            NodeKind::Middleware => format!(
                "label={}, shape=ellipse, style=filled, fillcolor=\"#fef3c7\"",
                quoted(n.name())
            ),
            NodeKind::Function => format!(
                "label={}, shape=note, style=filled, fillcolor=\"#dcfce7\"",
                quoted(&format!("{}()", n.name()))
            ),
        };
        let _ = writeln!(out, "  {} [{attrs}];", quoted(&node_id(*n)));
    }
    for e in &g.edges {
        let style = match e.kind {
            EdgeKind::Uses => ", style=dashed, color=\"#b45309\"",
            EdgeKind::Calls => ", style=dotted, color=\"#15803d\"",
            _ => "",
        };
        let label = if e.weight > 1 {
            format!("{} x{}", e.kind, e.weight)
        } else {
            e.kind.to_string()
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quoted(&node_id(e.from)),
            quoted(&node_id(e.to)),
            quoted(&label)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_are_escaped() {
        assert_eq!(quoted(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quoted("rate_limit(5/hour)"), "\"rate_limit(5/hour)\"");
    }

    #[test]
    fn the_whole_sample_graph_has_every_resource_and_edge_once() {
        let registry = *conduit_testkit::REGISTRY;
        let g = Graph::whole(&registry, &[]);
        let resources: Vec<&str> = g
            .nodes
            .iter()
            .filter(|n| n.kind() == NodeKind::Resource)
            .map(|n| n.name())
            .collect();
        assert_eq!(resources, ["Comment", "Post", "User"]);
        let mut seen = BTreeSet::new();
        for e in &g.edges {
            assert!(
                seen.insert((node_id(e.from), node_id(e.to), e.kind)),
                "{e:?} twice"
            );
            assert!(g.nodes.contains(&e.to), "{e:?} reaches a node not listed");
        }
        let text = dot(&g, "sample");
        assert!(text.starts_with("digraph conduit {"));
        assert!(
            text.contains("\"Post\" -> \"User\" [label=\"belongs_to\"]"),
            "{text}"
        );
    }
}
