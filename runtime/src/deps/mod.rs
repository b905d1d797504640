//! Dependency queries: [`DepQuery`] in, [`Deps`] out.
//!
//! Queries without a kind filter read a breadth-first plan precomputed by
//! the build step: any depth limit is a prefix of two static arrays, so the
//! answer is two slices. Kind-filtered queries (and traversals deeper than the
//! plan the build step's memory budget allowed) walk the static adjacency
//! arrays; their result lives inline in [`Deps`] (up to [`Deps::INLINE`]
//! ids) and only larger results allocate, once (walks reaching more than 32
//! nodes or 64 edges also spill their working buffers to the heap).

use crate::EdgeKind;

mod views;
mod walk;

use conduit_format::schema::ArchivedSchema;
use conduit_format::tables::ArchivedGraph;
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
#[must_use = "a DepQuery does nothing until it is passed to `dependencies`"]
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

    /// The bits of the kinds followed ([`EdgeKind::bit`]).
    const fn kind_mask(&self) -> u8 {
        if self.kinds == 0 {
            ALL_KINDS
        } else {
            self.kinds
        }
    }
}
/// The ids of a [`Deps`]: two slices of a precomputed plan, or the result
/// of a walk, inline when it fits.
#[derive(Clone)]
enum Ids<'a> {
    /// A prefix of a plan's BFS order; the edges are those leaving the
    /// first `sources` nodes, read from the adjacency arrays.
    Plan {
        nodes: &'a [rkyv::Archived<u32>],
        sources: u32,
        edges: u32,
        reverse: bool,
    },
    /// A walked result of at most [`Deps::INLINE`] ids: nodes, then edges.
    Inline {
        nodes: u8,
        edges: u8,
        ids: [u32; Deps::INLINE],
    },
    /// A larger walked result: nodes, then edges, in one allocation.
    Heap { nodes: u32, ids: Box<[u32]> },
}

/// The part of the graph a dependency query reached: nodes in BFS order (the
/// start resource first) and edges in traversal order.
///
/// At most 64 bytes by value. An answer read from the build step's plan is
/// two slices of it; a walked answer (kind filter, or deeper than the plan)
/// is kept inline up to [`Deps::INLINE`] ids, and in one boxed slice beyond:
/// that is the only allocation of any query (cloning such a `Deps` copies
/// it).
///
/// ```
/// use conduit::DepQuery;
/// # use conduit_testkit::REGISTRY;
/// let deps = REGISTRY.resource("Comment").unwrap().dependencies(DepQuery::new().depth(2));
/// let names: Vec<&str> = deps.nodes().map(|n| n.name()).collect();
/// assert_eq!(names[0], "Comment");
/// assert_eq!(deps.len(), names.len());
/// assert!(!deps.is_allocated());
/// ```
#[derive(Clone)]
pub struct Deps<'a> {
    schema: &'a ArchivedSchema,
    ids: Ids<'a>,
}

impl<'a> Deps<'a> {
    /// How many ids (nodes plus edges) a walked answer keeps without
    /// allocating.
    ///
    /// ```
    /// use conduit::{DepQuery, EdgeKind};
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let fks = post.dependencies(DepQuery::new().depth(1).kinds([EdgeKind::BelongsTo]));
    /// assert!(fks.len() + fks.edges().len() <= conduit::Deps::INLINE);
    /// assert!(!fks.is_allocated());
    /// ```
    pub const INLINE: usize = 13;

    /// Answers `query` from resource node `start`: two slices of a plan when
    /// one holds the answer, else a walk (out of line: its buffers are not
    /// set up for plan answers).
    #[inline]
    pub(crate) fn query(schema: &'a ArchivedSchema, start: u32, query: DepQuery) -> Self {
        if let Some(deps) = Self::from_plans(schema, start, query) {
            return deps;
        }
        Self::walk(schema, start, query)
    }

    /// [`Deps::query`] as the `Option` that [`Registry::dependencies`]
    /// returns: each way writes its answer once, into the caller's slot (a
    /// `Some` around `query`'s answer is a 64-byte copy through the stack).
    ///
    /// [`Registry::dependencies`]: crate::Registry::dependencies
    #[inline]
    pub(crate) fn query_some(
        schema: &'a ArchivedSchema,
        start: u32,
        query: DepQuery,
    ) -> Option<Self> {
        if let Some(deps) = Self::from_plans(schema, start, query) {
            return Some(deps);
        }
        Self::walk_some(schema, start, query)
    }

    /// The answer from the plan of `start` in the query's direction, when
    /// there is one and it holds the answer.
    #[inline(always)]
    fn from_plans(schema: &'a ArchivedSchema, start: u32, query: DepQuery) -> Option<Self> {
        if query.filtered() {
            return None;
        }
        let plan = 2 * start as usize + usize::from(query.reverse);
        let answer = schema.graph.plans.answer(plan, query.depth)?;
        Some(Deps {
            schema,
            ids: Ids::Plan {
                nodes: answer.nodes,
                sources: answer.sources,
                edges: answer.edges,
                reverse: query.reverse,
            },
        })
    }

    /// [`Deps::walk`], in an `Option`.
    #[inline(never)]
    fn walk_some(schema: &'a ArchivedSchema, start: u32, query: DepQuery) -> Option<Self> {
        Some(Self::walk(schema, start, query))
    }

    /// Breadth-first walk of the adjacency arrays, level by level.
    #[inline(never)]
    fn walk(schema: &'a ArchivedSchema, start: u32, query: DepQuery) -> Self {
        let found = walk::walk(&schema.graph, start, query);
        Deps {
            schema,
            ids: Self::pack(found.nodes.as_slice(), found.edges.as_slice()),
        }
    }

    /// A walked answer: inline if it fits, else one boxed slice.
    fn pack(nodes: &[u32], edges: &[u32]) -> Ids<'a> {
        let total = nodes.len() + edges.len();
        if total <= Self::INLINE {
            let mut ids = [0; Self::INLINE];
            ids[..nodes.len()].copy_from_slice(nodes);
            ids[nodes.len()..total].copy_from_slice(edges);
            Ids::Inline {
                nodes: nodes.len() as u8,
                edges: edges.len() as u8,
                ids,
            }
        } else {
            Ids::Heap {
                // At most one node per graph node: the archive's u32 ids bound it.
                nodes: nodes.len() as u32,
                ids: [nodes, edges].concat().into_boxed_slice(),
            }
        }
    }

    /// Whether this answer holds a heap allocation (a walked answer of more
    /// than [`Deps::INLINE`] ids).
    ///
    /// ```
    /// use conduit::DepQuery;
    /// # use conduit_testkit::REGISTRY;
    /// let deps = REGISTRY.dependencies("Post", DepQuery::new()).unwrap();
    /// assert!(!deps.is_allocated()); // read from the plan
    /// ```
    #[inline]
    pub fn is_allocated(&self) -> bool {
        matches!(self.ids, Ids::Heap { .. })
    }

    /// The nodes reached, in BFS order, the start resource first.
    #[inline]
    pub fn nodes(&self) -> Nodes<'a, '_> {
        let ids = match &self.ids {
            Ids::Plan { nodes, .. } => IdIter::Archived(nodes.iter()),
            Ids::Inline { nodes, ids, .. } => IdIter::Native(ids[..usize::from(*nodes)].iter()),
            Ids::Heap { nodes, ids } => IdIter::Native(ids[..*nodes as usize].iter()),
        };
        Nodes {
            schema: self.schema,
            ids,
        }
    }

    /// The edges followed, in traversal order.
    #[inline]
    pub fn edges(&self) -> Edges<'a, '_> {
        let ids = match &self.ids {
            &Ids::Plan {
                nodes,
                sources,
                edges,
                reverse,
            } => IdIter::Adjacent {
                sources: nodes.get(..sources as usize).unwrap_or(&[]).iter(),
                next: 0,
                end: 0,
                reverse,
                left: edges as usize,
            },
            Ids::Inline { nodes, edges, ids } => {
                let from = usize::from(*nodes);
                IdIter::Native(ids[from..from + usize::from(*edges)].iter())
            }
            Ids::Heap { nodes, ids } => IdIter::Native(ids[*nodes as usize..].iter()),
        };
        Edges {
            schema: self.schema,
            ids,
        }
    }

    /// The number of nodes (at least 1: the start resource).
    #[inline]
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
    /// The edges of a plan answer: those leaving (`reverse`: arriving at)
    /// each of `sources` in turn, read from the adjacency arrays;
    /// `next..end` is what is left of the current node's range.
    Adjacent {
        sources: slice::Iter<'d, rkyv::Archived<u32>>,
        next: u32,
        end: u32,
        reverse: bool,
        left: usize,
    },
}

impl IdIter<'_> {
    #[inline]
    fn next(&mut self, graph: &ArchivedGraph) -> Option<u32> {
        match self {
            IdIter::Archived(i) => i.next().map(|x| x.to_native()),
            IdIter::Native(i) => i.next().copied(),
            IdIter::Adjacent {
                sources,
                next,
                end,
                reverse,
                left,
            } => {
                while *next >= *end {
                    let n = sources.next()?.to_native() as usize;
                    let starts = if *reverse {
                        &graph.in_start
                    } else {
                        &graph.out_start
                    };
                    *next = starts.get(n)?.to_native();
                    *end = starts.get(n + 1)?.to_native();
                }
                let at = *next;
                *next += 1;
                *left = left.saturating_sub(1);
                if *reverse {
                    graph.in_edges.get(at as usize).map(|e| e.to_native())
                } else {
                    Some(at)
                }
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            IdIter::Archived(i) => i.len(),
            IdIter::Native(i) => i.len(),
            IdIter::Adjacent { left, .. } => *left,
        }
    }

    fn clear(&mut self) {
        *self = IdIter::Native([].iter());
    }
}

/// The nodes of a [`Deps`], in BFS order.
#[derive(Clone)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Nodes<'a, 'd> {
    schema: &'a ArchivedSchema,
    ids: IdIter<'d>,
}

impl<'a> Iterator for Nodes<'a, '_> {
    type Item = NodeRef<'a>;

    fn next(&mut self) -> Option<NodeRef<'a>> {
        self.ids
            .next(&self.schema.graph)
            .map(|id| NodeRef::resolve(self.schema, id))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.ids.len(), Some(self.ids.len()))
    }
}

impl ExactSizeIterator for Nodes<'_, '_> {}

impl core::iter::FusedIterator for Nodes<'_, '_> {}

/// The edges of a [`Deps`], in traversal order.
///
/// Its length is exact: every edge id of a plan is in range
/// ([`Registry::from_bytes`](crate::Registry::from_bytes) checks it), and a
/// walk only records edges it found.
#[derive(Clone)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Edges<'a, 'd> {
    schema: &'a ArchivedSchema,
    ids: IdIter<'d>,
}

impl<'a> Iterator for Edges<'a, '_> {
    type Item = EdgeRef<'a>;

    fn next(&mut self) -> Option<EdgeRef<'a>> {
        let Some(id) = self.ids.next(&self.schema.graph) else {
            self.ids.clear(); // stays fused, and its length 0
            return None;
        };
        match self.schema.graph.edges.get(id as usize) {
            Some(raw) => Some(EdgeRef {
                schema: self.schema,
                raw,
            }),
            None => {
                self.ids.clear(); // unreachable for a loaded registry; stays fused
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.ids.len(), Some(self.ids.len()))
    }
}

impl ExactSizeIterator for Edges<'_, '_> {}

impl core::iter::FusedIterator for Edges<'_, '_> {}
