//! Dependency queries: [`DepQuery`] in, [`Deps`] out.
//!
//! Queries without a kind filter read a breadth-first plan precomputed by
//! the build step: any depth limit is a prefix of two static arrays, so the
//! answer is two slices. Kind-filtered queries (and traversals deeper than the
//! plan the build step's memory budget allowed) walk the static adjacency
//! arrays; their result lives inline in [`Deps`] (up to 64 nodes and 128
//! edges) and only larger results allocate.

use crate::{EdgeKind, NodeKind};
use conduit_format::tables::{ArchivedEdge, ArchivedGraph, ArchivedNode, ArchivedPlan};
use core::fmt;
use core::slice;

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

/// A node of the dependency graph: a resource, a middleware or a function.
///
/// ```
/// use conduit::{DepQuery, NodeKind};
/// # conduit::__doc_registry!();
/// let deps = REGISTRY.dependencies("Post", DepQuery::new()).unwrap();
/// let start = deps.nodes().next().unwrap();
/// assert_eq!((start.name(), start.kind()), ("Post", NodeKind::Resource));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeRef<'a> {
    name: &'a str,
    kind: NodeKind,
}

impl<'a> NodeRef<'a> {
    fn resolve(graph: &'a ArchivedGraph, id: u32) -> Self {
        match usize::try_from(id).ok().and_then(|i| graph.nodes.get(i)) {
            Some(n) => Self::from_raw(n),
            None => NodeRef {
                name: "",
                kind: NodeKind::Resource,
            },
        }
    }

    fn from_raw(n: &'a ArchivedNode) -> Self {
        NodeRef {
            name: n.name.as_str(),
            kind: NodeKind::from(&n.kind),
        }
    }

    /// The resource, middleware or function name.
    pub fn name(self) -> &'a str {
        self.name
    }

    /// What the node is.
    pub fn kind(self) -> NodeKind {
        self.kind
    }
}

impl fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.kind, self.name)
    }
}

impl fmt::Display for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// An edge of the dependency graph, in its declared direction (also in
/// reverse queries).
///
/// ```
/// use conduit::{DepQuery, EdgeKind};
/// # conduit::__doc_registry!();
/// let deps = REGISTRY.dependencies("Post", DepQuery::new().depth(1)).unwrap();
/// let e = deps.edges().find(|e| e.kind() == EdgeKind::BelongsTo).unwrap();
/// assert_eq!((e.from().name(), e.to().name(), e.weight()), ("Post", "User", 1));
/// ```
#[derive(Clone, Copy)]
pub struct EdgeRef<'a> {
    graph: &'a ArchivedGraph,
    raw: &'a ArchivedEdge,
}

impl<'a> EdgeRef<'a> {
    /// The node the edge leaves (the dependent).
    pub fn from(self) -> NodeRef<'a> {
        NodeRef::resolve(self.graph, self.raw.from.to_native())
    }

    /// The node the edge reaches (the dependency).
    pub fn to(self) -> NodeRef<'a> {
        NodeRef::resolve(self.graph, self.raw.to.to_native())
    }

    /// The relationship kind, `uses` or `calls`.
    pub fn kind(self) -> EdgeKind {
        EdgeKind::from(&self.raw.kind)
    }

    /// 1 for relationships; operations using the middleware for `uses`;
    /// calls for `calls`.
    pub fn weight(self) -> u32 {
        self.raw.weight.to_native()
    }
}

impl PartialEq for EdgeRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.raw, other.raw)
    }
}

impl Eq for EdgeRef<'_> {}

impl fmt::Debug for EdgeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} -{}-> {}",
            self.from().name,
            self.kind(),
            self.to().name
        )
    }
}

/// Up to `N` ids inline, spilling to the heap beyond.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // inline on purpose, see `Visited`
enum Buf<const N: usize> {
    Inline { len: usize, ids: [u32; N] },
    Heap(Vec<u32>),
}

impl<const N: usize> Buf<N> {
    const fn new() -> Self {
        Buf::Inline {
            len: 0,
            ids: [0; N],
        }
    }

    fn push(&mut self, id: u32) {
        match self {
            Buf::Inline { len, ids } if *len < N => {
                ids[*len] = id;
                *len += 1;
            }
            Buf::Inline { ids, .. } => {
                let mut v = ids.to_vec();
                v.push(id);
                *self = Buf::Heap(v);
            }
            Buf::Heap(v) => v.push(id),
        }
    }

    fn as_slice(&self) -> &[u32] {
        match self {
            Buf::Inline { len, ids } => &ids[..*len],
            Buf::Heap(v) => v,
        }
    }
}

/// Which nodes were reached: inline for graphs up to 4096 nodes.
// The inline variant is large on purpose: it is what keeps walks allocation-free.
#[allow(clippy::large_enum_variant)]
enum Visited {
    Inline([u64; 64]),
    Heap(Vec<u64>),
}

impl Visited {
    fn new(nodes: usize) -> Self {
        if nodes <= 64 * 64 {
            Visited::Inline([0; 64])
        } else {
            Visited::Heap(vec![0; nodes.div_ceil(64)])
        }
    }

    /// Marks `id`; `true` if it was not marked before.
    fn insert(&mut self, id: u32) -> bool {
        let words: &mut [u64] = match self {
            Visited::Inline(w) => w,
            Visited::Heap(w) => w,
        };
        let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
        match words.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
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

/// `(edge, other end)` for the edges leaving (or, reversed, reaching) `node`.
pub(crate) fn neighbours(
    graph: &ArchivedGraph,
    node: u32,
    reverse: bool,
) -> impl Iterator<Item = (u32, u32)> + '_ {
    let n = node as usize;
    let bound = |v: &rkyv::vec::ArchivedVec<rkyv::Archived<u32>>, i: usize| {
        v.get(i).map_or(0, |x| x.to_native() as usize)
    };
    let (lo, hi) = if reverse {
        (bound(&graph.in_start, n), bound(&graph.in_start, n + 1))
    } else {
        (bound(&graph.out_start, n), bound(&graph.out_start, n + 1))
    };
    let ids: &[rkyv::Archived<u32>] = if reverse {
        graph.in_edges.get(lo..hi).unwrap_or_default()
    } else {
        &[]
    };
    let range = if reverse {
        0..0
    } else {
        lo as u32..hi.max(lo) as u32
    };
    ids.iter()
        .map(|e| e.to_native())
        .chain(range)
        .filter_map(move |e| {
            let edge = graph.edges.get(e as usize)?;
            Some((
                e,
                if reverse {
                    edge.from.to_native()
                } else {
                    edge.to.to_native()
                },
            ))
        })
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

/// A dependency cycle found at build time.
///
/// ```
/// # conduit::__doc_registry!();
/// for cycle in REGISTRY.cycles() {
///     let names: Vec<&str> = cycle.nodes().map(|n| n.name()).collect();
///     assert!(names.len() >= 2);
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Cycle<'a> {
    graph: &'a ArchivedGraph,
    ids: &'a [rkyv::Archived<u32>],
}

impl<'a> Cycle<'a> {
    /// The nodes around the cycle, starting at the one declared first; the
    /// last has an edge back to the first.
    pub fn nodes(self) -> impl ExactSizeIterator<Item = NodeRef<'a>> + Clone + 'a {
        let graph = self.graph;
        self.ids
            .iter()
            .map(move |id| NodeRef::resolve(graph, id.to_native()))
    }

    /// The number of nodes in the cycle.
    pub fn len(self) -> usize {
        self.ids.len()
    }

    /// Always `false`: a cycle has at least one node.
    pub fn is_empty(self) -> bool {
        self.ids.is_empty()
    }
}

impl fmt::Debug for Cycle<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.nodes()).finish()
    }
}

/// Every cycle of a registry, as returned by [`Registry::cycles`](crate::Registry::cycles).
#[derive(Clone)]
pub struct Cycles<'a> {
    pub(crate) complete: bool,
    pub(crate) graph: &'a ArchivedGraph,
    pub(crate) iter: slice::Iter<'a, rkyv::vec::ArchivedVec<rkyv::Archived<u32>>>,
}

impl Cycles<'_> {
    /// Whether every elementary cycle is listed: the build step stops after
    /// 1,000 cycles (their number can grow exponentially with the schema).
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert!(REGISTRY.cycles().is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

impl<'a> Iterator for Cycles<'a> {
    type Item = Cycle<'a>;

    fn next(&mut self) -> Option<Cycle<'a>> {
        self.iter.next().map(|c| Cycle {
            graph: self.graph,
            ids: c.as_slice(),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl ExactSizeIterator for Cycles<'_> {}
