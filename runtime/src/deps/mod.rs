//! Dependency queries: [`DepQuery`] in, [`Deps`] out.
//!
//! Queries without a kind filter read a breadth-first plan precomputed by
//! the build step: any depth limit is a prefix of two static arrays, so the
//! answer is two slices. Kind-filtered queries (and traversals deeper than the
//! plan the build step's memory budget allowed) walk the static adjacency
//! arrays; their result lives inline in [`Deps`] (up to 64 nodes and 128
//! edges) and only larger results allocate.

use crate::EdgeKind;
use walk::{Buf, Visited, neighbours};

mod views;
mod walk;

use conduit_format::tables::{ArchivedGraph, ArchivedPlan};
use core::fmt;
use core::slice;
pub use views::{Cycle, Cycles, EdgeRef, NodeRef};

/// What to follow from the start resource.
///
/// ```
/// use conduit::{DepQuery, EdgeKind};
/// let q = DepQuery::new().depth(2).reverse().kinds([EdgeKind::BelongsTo, EdgeKind::HasMany]);
/// assert_eq!(q.max_depth(), 2);
/// assert!(q.is_reverse());
/// assert!(q.follows(EdgeKind::HasMany) && !q.follows(EdgeKind::Uses));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DepQuery {
    depth: u32,
    reverse: bool,
    kinds: u8,
}

const ALL_KINDS: u8 = (1 << 6) - 1;

impl DepQuery {
    /// Every edge kind, forward, unlimited depth.
    pub const fn new() -> Self {
        DepQuery {
            depth: 0,
            reverse: false,
            kinds: 0,
        }
    }

    /// Follows at most `n` edges from the start (0: unlimited).
    pub const fn depth(mut self, n: u32) -> Self {
        self.depth = n;
        self
    }

    /// Follows edges backwards: what depends on the start resource.
    pub const fn reverse(mut self) -> Self {
        self.reverse = true;
        self
    }

    /// Follows only these edge kinds.
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = EdgeKind>) -> Self {
        self.kinds = kinds.into_iter().fold(0, |m, k| m | k.bit());
        self
    }

    /// The depth limit (0: unlimited).
    pub const fn max_depth(&self) -> u32 {
        self.depth
    }

    /// Whether edges are followed backwards.
    pub const fn is_reverse(&self) -> bool {
        self.reverse
    }

    /// Whether edges of `kind` are followed.
    pub const fn follows(&self, kind: EdgeKind) -> bool {
        self.kinds == 0 || self.kinds & kind.bit() != 0
    }

    const fn filtered(&self) -> bool {
        self.kinds != 0 && self.kinds != ALL_KINDS
    }
}
#[derive(Clone)]
enum Ids<'a, const N: usize> {
    Plan(&'a [rkyv::Archived<u32>]),
    Walked(Buf<N>),
}

/// The part of the graph a dependency query reached: nodes in BFS order (the
/// start resource first) and edges in traversal order.
///
/// ```
/// use conduit::DepQuery;
/// # conduit::__doc_registry!();
/// let deps = REGISTRY.dependencies("Comment", DepQuery::new().depth(2)).unwrap();
/// let names: Vec<&str> = deps.nodes().map(|n| n.name()).collect();
/// assert_eq!(names[0], "Comment");
/// assert_eq!(deps.len(), names.len());
/// ```
#[derive(Clone)]
pub struct Deps<'a> {
    graph: &'a ArchivedGraph,
    nodes: Ids<'a, 64>,
    edges: Ids<'a, 128>,
}

impl<'a> Deps<'a> {
    /// Answers `query` from resource node `start`.
    pub(crate) fn query(graph: &'a ArchivedGraph, start: u32, query: DepQuery) -> Self {
        if !query.filtered() {
            let plan = graph
                .plans
                .get(2 * start as usize + usize::from(query.reverse));
            if let Some(deps) = plan.and_then(|p| Self::from_plan(graph, p, query.depth)) {
                return deps;
            }
        }
        Self::walk(graph, start, query)
    }

    fn from_plan(graph: &'a ArchivedGraph, plan: &'a ArchivedPlan, depth: u32) -> Option<Self> {
        let steps = plan.edge_levels.len();
        let (n, e) = if depth == 0 || depth as usize > steps {
            if !plan.complete {
                return None;
            }
            (plan.nodes.len(), plan.edges.len())
        } else {
            let d = depth as usize;
            (
                plan.node_levels.get(d)?.to_native() as usize,
                plan.edge_levels.get(d - 1)?.to_native() as usize,
            )
        };
        Some(Deps {
            graph,
            nodes: Ids::Plan(plan.nodes.get(..n)?),
            edges: Ids::Plan(plan.edges.get(..e)?),
        })
    }

    /// Breadth-first walk of the adjacency arrays, level by level.
    fn walk(graph: &'a ArchivedGraph, start: u32, query: DepQuery) -> Self {
        let mut nodes = Buf::<64>::new();
        let mut edges = Buf::<128>::new();
        let mut visited = Visited::new(graph.nodes.len());
        visited.insert(start);
        nodes.push(start);
        let (mut i, mut depth, mut level_end) = (0, 0, 1);
        while let Some(&n) = nodes.as_slice().get(i) {
            if i == level_end {
                depth += 1;
                level_end = nodes.as_slice().len();
            }
            if query.depth != 0 && depth >= query.depth {
                break;
            }
            for (e, other) in neighbours(graph, n, query.reverse) {
                let Some(edge) = graph.edges.get(e as usize) else {
                    continue;
                };
                if !query.follows(EdgeKind::from(&edge.kind)) {
                    continue;
                }
                edges.push(e);
                if visited.insert(other) {
                    nodes.push(other);
                }
            }
            i += 1;
        }
        Deps {
            graph,
            nodes: Ids::Walked(nodes),
            edges: Ids::Walked(edges),
        }
    }

    /// The nodes reached, in BFS order, the start resource first.
    pub fn nodes(&self) -> Nodes<'a, '_> {
        Nodes {
            graph: self.graph,
            ids: IdIter::new(&self.nodes),
        }
    }

    /// The edges followed, in traversal order.
    pub fn edges(&self) -> Edges<'a, '_> {
        Edges {
            graph: self.graph,
            ids: IdIter::new(&self.edges),
        }
    }

    /// The number of nodes (at least 1: the start resource).
    pub fn len(&self) -> usize {
        self.nodes().len()
    }

    /// Always `false`: the start resource is part of every answer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for Deps<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deps")
            .field("nodes", &self.nodes().collect::<Vec<_>>())
            .field("edges", &self.edges().collect::<Vec<_>>())
            .finish()
    }
}

#[derive(Clone)]
enum IdIter<'d> {
    Archived(slice::Iter<'d, rkyv::Archived<u32>>),
    Native(slice::Iter<'d, u32>),
}

impl<'d> IdIter<'d> {
    fn new<const N: usize>(ids: &'d Ids<'_, N>) -> Self {
        match ids {
            Ids::Plan(s) => IdIter::Archived(s.iter()),
            Ids::Walked(b) => IdIter::Native(b.as_slice().iter()),
        }
    }

    fn next(&mut self) -> Option<u32> {
        match self {
            IdIter::Archived(i) => i.next().map(|x| x.to_native()),
            IdIter::Native(i) => i.next().copied(),
        }
    }

    fn len(&self) -> usize {
        match self {
            IdIter::Archived(i) => i.len(),
            IdIter::Native(i) => i.len(),
        }
    }
}

/// The nodes of a [`Deps`], in BFS order.
#[derive(Clone)]
pub struct Nodes<'a, 'd> {
    graph: &'a ArchivedGraph,
    ids: IdIter<'d>,
}

impl<'a> Iterator for Nodes<'a, '_> {
    type Item = NodeRef<'a>;

    fn next(&mut self) -> Option<NodeRef<'a>> {
        self.ids.next().map(|id| NodeRef::resolve(self.graph, id))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.ids.len(), Some(self.ids.len()))
    }
}

impl ExactSizeIterator for Nodes<'_, '_> {}

/// The edges of a [`Deps`], in traversal order.
#[derive(Clone)]
pub struct Edges<'a, 'd> {
    graph: &'a ArchivedGraph,
    ids: IdIter<'d>,
}

impl<'a> Iterator for Edges<'a, '_> {
    type Item = EdgeRef<'a>;

    fn next(&mut self) -> Option<EdgeRef<'a>> {
        loop {
            let id = self.ids.next()?;
            if let Some(raw) = self.graph.edges.get(id as usize) {
                return Some(EdgeRef {
                    graph: self.graph,
                    raw,
                });
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.ids.len()))
    }
}
