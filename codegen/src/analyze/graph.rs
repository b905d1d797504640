//! The dependency graph: nodes, edges, compressed adjacency (forward and
//! reverse), a precomputed BFS plan per resource and direction within a
//! memory budget, and every elementary cycle.

use conduit_format::schema::{Resource, Schema};
use conduit_format::tables::{Edge, Graph, Node, Plan};
use conduit_format::{EdgeKind, NodeKind};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The plans of a schema share at least this many `u32` entries (256 KiB).
pub const MIN_BUDGET: usize = 64 << 10;
/// ... and otherwise this many entries per node and edge of the graph, so
/// the blob grows linearly with the schema: sparse schemas (chains, trees,
/// the blog) get every traversal precomputed; in dense, strongly connected
/// ones (where each traversal reaches the whole graph and precomputing all of
/// them would be quadratic) each plan keeps its first levels and deeper
/// queries walk the adjacency arrays.
pub const BUDGET_PER_ELEMENT: usize = 16;
/// Plans never get fewer entries than this, whatever the budget.
pub const MIN_PLAN: usize = 64;
/// Cycle enumeration stops after this many cycles: their number can grow
/// exponentially (every `has_many` beside a `belongs_to` back is a cycle).
pub const MAX_CYCLES: usize = 1_000;
/// ... or after this many search steps.
pub const MAX_CYCLE_STEPS: usize = 1_000_000;

/// The plan budget for a graph of `nodes` nodes and `edges` edges.
pub fn default_budget(nodes: usize, edges: usize) -> usize {
    (BUDGET_PER_ELEMENT * (nodes + edges)).max(MIN_BUDGET)
}

/// Builds `schema.graph` from the resources (sorted by name), with the plans
/// sharing `budget` entries (`None`: [`default_budget`]).
pub fn build(schema: &mut Schema, budget: Option<usize>) {
    schema.graph = compute(&schema.resources, budget);
}

/// The graph of `resources` (sorted by name), as [`build`] stores it.
pub fn compute(resources: &[Resource], budget: Option<usize>) -> Graph {
    let middleware: BTreeSet<&str> = resources
        .iter()
        .flat_map(super::patterns::operation_chains)
        .flat_map(|(_, chain)| chain.iter().map(String::as_str))
        .collect();
    let functions: BTreeSet<&str> = resources
        .iter()
        .flat_map(|r| {
            r.hooks
                .iter()
                .flat_map(|h| h.calls.iter().map(String::as_str))
        })
        .collect();
    let mut nodes: Vec<Node> = resources
        .iter()
        .map(|r| Node {
            name: r.name.clone(),
            kind: NodeKind::Resource,
        })
        .collect();
    let index = |offset: usize, set: &BTreeSet<&str>| -> BTreeMap<String, u32> {
        set.iter()
            .enumerate()
            .map(|(i, n)| ((*n).to_owned(), (offset + i) as u32))
            .collect()
    };
    let resource_ids: BTreeMap<&str, u32> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i as u32))
        .collect();
    let mw_ids = index(nodes.len(), &middleware);
    nodes.extend(middleware.iter().map(|m| Node {
        name: (*m).to_owned(),
        kind: NodeKind::Middleware,
    }));
    let fn_ids = index(nodes.len(), &functions);
    nodes.extend(functions.iter().map(|f| Node {
        name: (*f).to_owned(),
        kind: NodeKind::Function,
    }));

    let mut edges: Vec<Edge> = Vec::new();
    let mut out_start = Vec::with_capacity(nodes.len() + 1);
    for (i, r) in resources.iter().enumerate() {
        out_start.push(edges.len() as u32);
        let from = i as u32;
        for rel in &r.relationships {
            if let Some(&to) = resource_ids.get(rel.target.as_str()) {
                edges.push(Edge {
                    from,
                    to,
                    kind: rel.kind.into(),
                    weight: 1,
                });
            }
        }
        // Weight: the number of operations (REST operations, actions and
        // custom routes, nested copies once) whose chain has the middleware;
        // a middleware listed twice in one chain counts once.
        let mut uses: Vec<(&str, u32)> = Vec::new();
        for (_, chain) in super::patterns::operation_chains(r) {
            let mut in_this_op: BTreeSet<&str> = BTreeSet::new();
            for m in chain.iter().filter(|m| in_this_op.insert(m.as_str())) {
                match uses.iter_mut().find(|(n, _)| n == m) {
                    Some((_, w)) => *w += 1,
                    None => uses.push((m, 1)),
                }
            }
        }
        edges.extend(uses.iter().map(|(m, w)| Edge {
            from,
            to: mw_ids[*m],
            kind: EdgeKind::Uses,
            weight: *w,
        }));
        let mut calls: Vec<(&str, u32)> = Vec::new();
        for c in r.hooks.iter().flat_map(|h| &h.calls) {
            match calls.iter_mut().find(|(n, _)| n == c) {
                Some((_, w)) => *w += 1,
                None => calls.push((c, 1)),
            }
        }
        edges.extend(calls.iter().map(|(f, w)| Edge {
            from,
            to: fn_ids[*f],
            kind: EdgeKind::Calls,
            weight: *w,
        }));
    }
    while out_start.len() <= nodes.len() {
        out_start.push(edges.len() as u32);
    }
    let mut incoming: Vec<Vec<u32>> = vec![Vec::new(); nodes.len()];
    for (i, e) in edges.iter().enumerate() {
        incoming[e.to as usize].push(i as u32);
    }
    let mut in_start = Vec::with_capacity(nodes.len() + 1);
    let mut in_edges = Vec::with_capacity(edges.len());
    for list in &incoming {
        in_start.push(in_edges.len() as u32);
        in_edges.extend(list);
    }
    in_start.push(in_edges.len() as u32);

    let mut graph = Graph {
        nodes,
        edges,
        out_start,
        in_edges,
        in_start,
        plans: Vec::new(),
        cycles: Vec::new(),
        cycles_complete: true,
    };
    let budget = budget.unwrap_or_else(|| default_budget(graph.nodes.len(), graph.edges.len()));
    let cap = if resources.is_empty() {
        MIN_PLAN
    } else {
        (budget / (2 * resources.len())).max(MIN_PLAN)
    };
    let mut scratch = Scratch::new(graph.nodes.len());
    graph.plans = (0..resources.len())
        .flat_map(|r| [false, true].map(|reverse| (r as u32, reverse)))
        .map(|(r, reverse)| plan(&graph, r, reverse, cap, &mut scratch))
        .collect();
    (graph.cycles, graph.cycles_complete) = cycles(&graph);
    graph
}

/// The edges leaving (`reverse == false`) or arriving at `node`, as edge
/// indexes with the node at their other end.
pub fn neighbours(g: &Graph, node: u32, reverse: bool) -> impl Iterator<Item = (u32, u32)> + '_ {
    let n = node as usize;
    let (ids, fwd): (&[u32], _) = if reverse {
        (
            &g.in_edges[g.in_start[n] as usize..g.in_start[n + 1] as usize],
            0..0,
        )
    } else {
        (&[], g.out_start[n]..g.out_start[n + 1])
    };
    ids.iter().copied().chain(fwd).map(move |e| {
        let edge = &g.edges[e as usize];
        (e, if reverse { edge.from } else { edge.to })
    })
}

/// The working buffers of [`plan`], kept from one plan to the next so a
/// plan costs what it visits, not the size of the graph.
pub struct Scratch {
    /// Per node, its depth in the current traversal (`u32::MAX`: not seen).
    depth: Vec<u32>,
    /// The nodes whose depth the current traversal set.
    seen: Vec<u32>,
    queue: VecDeque<u32>,
}

impl Scratch {
    /// Buffers for a graph of `nodes` nodes.
    pub fn new(nodes: usize) -> Self {
        Scratch {
            depth: vec![u32::MAX; nodes],
            seen: Vec::new(),
            queue: VecDeque::new(),
        }
    }
}

/// The breadth-first traversal from `start`, keeping whole steps (the edges
/// leaving one level and the nodes they discover) while the plan holds at
/// most `cap` entries (nodes plus edges).
///
/// After `k` steps, `node_levels` has `k + 1` entries (depths `0..=k`) and
/// `edge_levels` has `k`; a query with depth limit `l <= k` is the prefix
/// `nodes[..node_levels[l]]`, `edges[..edge_levels[l - 1]]`.
pub fn plan(g: &Graph, start: u32, reverse: bool, cap: usize, scratch: &mut Scratch) -> Plan {
    let p = walk_plan(g, start, reverse, cap, scratch);
    // Unmark what this traversal marked: the next one starts all unseen.
    for n in scratch.seen.drain(..) {
        scratch.depth[n as usize] = u32::MAX;
    }
    scratch.queue.clear();
    p
}

/// [`plan`]'s traversal, marking what it sees in `scratch`.
fn walk_plan(g: &Graph, start: u32, reverse: bool, cap: usize, scratch: &mut Scratch) -> Plan {
    let Scratch { depth, queue, seen } = scratch;
    depth[start as usize] = 0;
    seen.push(start);
    queue.push_back(start);
    let mut p = Plan {
        nodes: vec![start],
        node_levels: vec![1],
        ..Plan::default()
    };
    let mut level = 0;
    let (mut step_edges, mut step_nodes) = (Vec::new(), Vec::new());
    while let Some(n) = queue.pop_front() {
        let d = depth[n as usize];
        if d != level {
            if !commit(&mut p, &mut step_nodes, &mut step_edges, cap) {
                return p;
            }
            level = d;
        }
        for (e, other) in neighbours(g, n, reverse) {
            step_edges.push(e);
            if depth[other as usize] == u32::MAX {
                depth[other as usize] = d + 1;
                seen.push(other);
                step_nodes.push(other);
                queue.push_back(other);
            }
        }
    }
    // The last step discovers nothing: committing it completes the plan.
    p.complete = commit(&mut p, &mut step_nodes, &mut step_edges, cap);
    p
}

/// Appends one step if the plan stays within `cap`.
fn commit(p: &mut Plan, nodes: &mut Vec<u32>, edges: &mut Vec<u32>, cap: usize) -> bool {
    // The edges count against the budget as when plans stored them (the
    // runtime reads them from the adjacency arrays): the plans keep their
    // depth, and answers stay what they were.
    let stored = p.edge_levels.last().map_or(0, |&e| e as usize);
    if p.nodes.len() + stored + nodes.len() + edges.len() > cap {
        return false;
    }
    p.edge_levels.push((stored + edges.len()) as u32);
    edges.clear();
    p.nodes.append(nodes);
    p.node_levels.push(p.nodes.len() as u32);
    true
}

/// Every elementary cycle (up to [`MAX_CYCLES`]), each starting at its
/// smallest node, in discovery order from the smallest start node; `false`
/// when a limit stopped the search.
///
/// An edge parallel to an earlier one (same ends: two relationships to one
/// target) is not followed: from the same path it would find the same
/// cycles again, so each cycle is found once without comparing paths.
pub fn cycles(g: &Graph) -> (Vec<Vec<u32>>, bool) {
    // Slices, not `Vec`s: indexing them is not a call in unoptimised builds
    // (build scripts are built so by default).
    let parallel = &parallel_edges(g)[..];
    let (edges, out_start) = (&g.edges[..], &g.out_start[..]);
    let mut found: Vec<Vec<u32>> = Vec::new();
    let mut steps = 0usize;
    // Every search ends with an empty path: `on_path` is all `false` again.
    let mut on_path = vec![false; g.nodes.len()];
    let on_path = &mut on_path[..];
    // The path's nodes, each with the next and the end of its out-edges.
    let mut stack: Vec<(u32, u32, u32)> = Vec::new();
    let out = |n: u32| (n, out_start[n as usize], out_start[n as usize + 1]);
    for start in 0..g.nodes.len() as u32 {
        // Iterative DFS over simple paths through nodes greater than `start`.
        on_path[start as usize] = true;
        stack.push(out(start));
        while let Some(top) = stack.last_mut() {
            steps += 1;
            if steps > MAX_CYCLE_STEPS || found.len() >= MAX_CYCLES {
                return (found, false);
            }
            let (node, next, end) = *top;
            if next == end {
                stack.pop();
                on_path[node as usize] = false;
                continue;
            }
            top.1 += 1;
            if parallel[next as usize] {
                continue;
            }
            let to = edges[next as usize].to;
            if to == start {
                found.push(stack.iter().map(|&(n, _, _)| n).collect());
            } else if to > start && !on_path[to as usize] {
                on_path[to as usize] = true;
                stack.push(out(to));
            }
        }
    }
    (found, true)
}

/// Per edge, whether an earlier out-edge of its node has the same target.
fn parallel_edges(g: &Graph) -> Vec<bool> {
    let mut parallel = vec![false; g.edges.len()];
    for w in g.out_start.windows(2) {
        let (from, to) = (w[0] as usize, w[1] as usize);
        let node_edges = &g.edges[from..to];
        for (i, edge) in node_edges.iter().enumerate() {
            parallel[from + i] = node_edges[..i].iter().any(|earlier| earlier.to == edge.to);
        }
    }
    parallel
}

#[cfg(test)]
mod tests {
    use super::*;
    use conduit_format::RelationKind;
    use conduit_format::schema::{Relationship, Resource};

    fn rel(name: &str, kind: RelationKind, target: &str) -> Relationship {
        Relationship {
            name: name.into(),
            kind,
            target: target.into(),
            foreign_key: None,
            through: None,
            on_delete: None,
            on_update: None,
            location: Default::default(),
        }
    }

    fn chain(n: usize) -> Schema {
        let resources = (0..n)
            .map(|i| Resource {
                name: format!("R{i:02}"),
                relationships: (i > 0)
                    .then(|| rel("prev", RelationKind::BelongsTo, &format!("R{:02}", i - 1)))
                    .into_iter()
                    .collect(),
                ..Default::default()
            })
            .collect();
        Schema {
            resources,
            ..Default::default()
        }
    }

    #[test]
    fn plans_are_whole_levels_and_complete_when_they_fit() {
        let mut s = chain(5);
        build(&mut s, None);
        let fwd = &s.graph.plans[2 * 4];
        assert_eq!(fwd.nodes, [4, 3, 2, 1, 0]);
        assert_eq!(fwd.node_levels, [1, 2, 3, 4, 5, 5]);
        assert_eq!(fwd.edge_levels, [1, 2, 3, 4, 4]);
        assert!(fwd.complete);
        let rev = &s.graph.plans[1];
        assert_eq!(rev.nodes, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_small_budget_truncates_plans_at_a_level_boundary() {
        let mut s = chain(200);
        build(&mut s, Some(2 * 200 * MIN_PLAN));
        let fwd = &s.graph.plans[2 * 199];
        assert!(!fwd.complete);
        let edges = fwd.edge_levels.last().map_or(0, |&e| e as usize);
        assert!(fwd.nodes.len() + edges <= MIN_PLAN);
        assert_eq!(fwd.node_levels.len(), fwd.edge_levels.len() + 1);
        assert_eq!(*fwd.node_levels.last().unwrap() as usize, fwd.nodes.len());
    }

    /// The search before parallel edges were skipped: every edge followed,
    /// repeated paths dropped by comparing them with those found.
    fn cycles_by_comparing_paths(g: &Graph) -> Vec<Vec<u32>> {
        let mut found: Vec<Vec<u32>> = Vec::new();
        let mut on_path = vec![false; g.nodes.len()];
        let mut stack: Vec<(u32, u32)> = Vec::new();
        let out = |n: u32| (g.out_start[n as usize], g.out_start[n as usize + 1]);
        for start in 0..g.nodes.len() as u32 {
            on_path[start as usize] = true;
            stack.push((start, out(start).0));
            while let Some(&(node, next)) = stack.last() {
                if next == out(node).1 {
                    stack.pop();
                    on_path[node as usize] = false;
                    continue;
                }
                stack.last_mut().unwrap().1 += 1;
                let to = g.edges[next as usize].to;
                if to == start {
                    let path: Vec<u32> = stack.iter().map(|&(n, _)| n).collect();
                    if !found.contains(&path) {
                        found.push(path);
                    }
                } else if to > start && !on_path[to as usize] {
                    on_path[to as usize] = true;
                    stack.push((to, out(to).0));
                }
            }
        }
        found
    }

    #[test]
    fn parallel_edges_give_each_cycle_once_in_the_same_order() {
        let mut s = chain(5);
        // Two relationships between the same resources, both ways, and a
        // self-reference twice: parallel edges at several depths.
        for (from, name, to) in [
            (0, "next", "R01"),
            (0, "also_next", "R01"),
            (1, "again_prev", "R00"),
            (2, "first", "R00"),
            (2, "skip", "R04"),
            (4, "back", "R02"),
            (4, "back_again", "R02"),
            (3, "me", "R03"),
            (3, "me_too", "R03"),
        ] {
            s.resources[from]
                .relationships
                .push(rel(name, RelationKind::HasMany, to));
        }
        build(&mut s, None);
        assert!(s.graph.cycles_complete);
        let expected = cycles_by_comparing_paths(&s.graph);
        let four: [&[u32]; 4] = [&[0, 1], &[2, 4, 3], &[2, 4], &[3]];
        assert_eq!(expected, four);
        assert_eq!(s.graph.cycles, expected);
    }

    #[test]
    fn cycles_are_found_once_from_their_smallest_node() {
        let mut s = chain(3);
        s.resources[0]
            .relationships
            .push(rel("last", RelationKind::HasOne, "R02"));
        build(&mut s, None);
        assert_eq!(s.graph.cycles, [vec![0, 2, 1]]);
        assert!(s.graph.cycles_complete);
    }
}
