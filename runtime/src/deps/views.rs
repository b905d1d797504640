//! The views of the dependency graph: nodes, edges and cycles.

use crate::{EdgeKind, NodeKind};
use conduit_format::cycles::ArchivedCodedCycle;
use conduit_format::schema::ArchivedSchema;
use conduit_format::tables::{ArchivedEdge, ArchivedNode};
use core::fmt;
use core::slice;

/// A node of the dependency graph: a resource, a middleware or a function.
///
/// ```
/// use conduit::{DepQuery, NodeKind};
/// # use conduit_testkit::REGISTRY;
/// let deps = REGISTRY.resource("Post").unwrap().dependencies(DepQuery::new());
/// let start = deps.nodes().next().unwrap();
/// assert_eq!((start.name(), start.kind()), ("Post", NodeKind::Resource));
/// ```
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    schema: &'a ArchivedSchema,
    /// `None` for an id out of range (an empty resource name).
    raw: Option<&'a ArchivedNode>,
}

impl<'a> NodeRef<'a> {
    pub(super) fn resolve(schema: &'a ArchivedSchema, id: u32) -> Self {
        NodeRef {
            schema,
            raw: usize::try_from(id)
                .ok()
                .and_then(|i| schema.graph.nodes.get(i)),
        }
    }

    /// The resource, middleware or function name.
    pub fn name(self) -> &'a str {
        self.raw.map_or("", |n| self.schema.str(n.name))
    }

    /// What the node is.
    pub fn kind(self) -> NodeKind {
        self.raw
            .map_or(NodeKind::Resource, |n| NodeKind::from(&n.kind))
    }
}

impl PartialEq for NodeRef<'_> {
    /// Two nodes are equal when they have the same name and kind.
    fn eq(&self, other: &Self) -> bool {
        (self.name(), self.kind()) == (other.name(), other.kind())
    }
}

impl Eq for NodeRef<'_> {}

impl core::hash::Hash for NodeRef<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        (self.name(), self.kind()).hash(state);
    }
}

impl fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.kind(), self.name())
    }
}

impl fmt::Display for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An edge of the dependency graph, in its declared direction (also in
/// reverse queries).
///
/// ```
/// use conduit::{DepQuery, EdgeKind};
/// # use conduit_testkit::REGISTRY;
/// let deps = REGISTRY.resource("Post").unwrap().dependencies(DepQuery::new().depth(1));
/// let e = deps.edges().find(|e| e.kind() == EdgeKind::BelongsTo).unwrap();
/// assert_eq!((e.from().name(), e.to().name(), e.weight()), ("Post", "User", 1));
/// ```
#[derive(Clone, Copy)]
pub struct EdgeRef<'a> {
    pub(super) schema: &'a ArchivedSchema,
    pub(super) raw: &'a ArchivedEdge,
}

impl<'a> EdgeRef<'a> {
    /// The node the edge leaves (the dependent).
    pub fn from(self) -> NodeRef<'a> {
        NodeRef::resolve(self.schema, self.raw.from.to_native())
    }

    /// The node the edge reaches (the dependency).
    pub fn to(self) -> NodeRef<'a> {
        NodeRef::resolve(self.schema, self.raw.to.to_native())
    }

    /// The relationship kind, `uses` or `calls`.
    pub fn kind(self) -> EdgeKind {
        EdgeKind::from(&self.raw.kind)
    }

    /// 1 for relationships; operations using the middleware for `uses`;
    /// calls for `calls` (at most 65,535: the blob stores larger counts as
    /// 65,535).
    pub fn weight(self) -> u32 {
        u32::from(self.raw.weight.to_native())
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
            self.from().name(),
            self.kind(),
            self.to().name()
        )
    }
}

/// A dependency cycle found at build time.
///
/// ```
/// # use conduit_testkit::REGISTRY;
/// for cycle in REGISTRY.cycles() {
///     let names: Vec<&str> = cycle.nodes().map(|n| n.name()).collect();
///     assert!(names.len() >= 2);
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Cycle<'a> {
    schema: &'a ArchivedSchema,
    raw: &'a ArchivedCodedCycle,
}

impl<'a> Cycle<'a> {
    /// The nodes around the cycle, starting at its first node in graph order
    /// (resources by name, then middleware, then functions); the
    /// last has an edge back to the first.
    pub fn nodes(self) -> impl ExactSizeIterator<Item = NodeRef<'a>> + Clone + 'a {
        let (schema, raw) = (self.schema, self.raw);
        (0..raw.len.to_native()).map(move |i| {
            // `from_bytes` checked the coding: every node resolves.
            let id = schema.graph.cycles.node(raw, i).unwrap_or(u32::MAX);
            NodeRef::resolve(schema, id)
        })
    }

    /// The number of nodes in the cycle.
    pub fn len(self) -> usize {
        self.raw.len.to_native() as usize
    }

    /// Always `false`: a cycle has at least one node.
    pub fn is_empty(self) -> bool {
        self.raw.len.to_native() == 0
    }
}

impl fmt::Debug for Cycle<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.nodes()).finish()
    }
}

/// Every cycle of a registry, as returned by [`Registry::cycles`](crate::Registry::cycles).
#[derive(Clone)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Cycles<'a> {
    pub(crate) complete: bool,
    pub(crate) schema: &'a ArchivedSchema,
    pub(crate) iter: slice::Iter<'a, ArchivedCodedCycle>,
}

impl Cycles<'_> {
    /// Whether every elementary cycle is listed: the build step stops after
    /// 1,000 cycles (their number can grow exponentially with the schema).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.cycles().is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

impl<'a> Iterator for Cycles<'a> {
    type Item = Cycle<'a>;

    fn next(&mut self) -> Option<Cycle<'a>> {
        self.iter.next().map(|raw| Cycle {
            schema: self.schema,
            raw,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl ExactSizeIterator for Cycles<'_> {}
