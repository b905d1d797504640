//! The indexes the build step precomputes beside the records: routes and
//! their matcher, patterns, the dependency graph with its BFS plans, cycles
//! and fields by type. Integers index into the sibling tables of
//! [`crate::schema::Schema`]; the runtime checks every index it follows.

use crate::cycles::PrefixCoded;
use crate::kinds::{EdgeKind, Method, NodeKind, RouteKind};
use crate::plans::FlatPlans;
use crate::schema::{Exceeded, Location, QueryParam};
use crate::strings::{Interned, InternedList};
use rkyv::rancor::{Fallible, Source};
use rkyv::with::Skip;
use rkyv::{Archive, Place, Serialize};

/// Marks "no entry" in tables of `u32` indexes.
pub const NONE: u32 = u32::MAX;

pub use crate::generated::MAX_ROUTE_PARAMS;

/// One HTTP route.
///
/// The archived record holds what only the route knows; what it shares
/// with the declaration it comes from (its location, its query
/// parameters, the action's name) the runtime reads from that
/// declaration, found through [`origin`](Self::origin). The build step
/// keeps them here too, for its own checks and diagnostics.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// REST operation, action or custom route.
    pub kind: RouteKind,
    /// The declaration the route comes from, in its resource: for a REST
    /// route the operation's position in `Operation::ALL`, for an action
    /// its position in `api.actions`, for a custom route its position in
    /// `custom_routes`.
    pub origin: u32,
    /// The path pattern, e.g. `/posts/:id` (a catch-all is `*rest`), with
    /// the mount prefix.
    #[rkyv(with = Interned)]
    pub path: String,
    /// The same path with `{param}` segments (`{*rest}` for a catch-all), as
    /// axum 0.8 and OpenAPI write them.
    #[rkyv(with = Interned)]
    pub template: String,
    /// The handler, e.g. `Post.show`.
    #[rkyv(with = Interned)]
    pub handler: String,
    /// Index of the owning resource in `Schema::resources`.
    pub resource: u32,
    /// `list`, `show`, `create`, `update`, `delete`, or a custom route's
    /// handler suffix (`publish` for `Post.publish`). Not archived: the
    /// operation, the action's name or the handler's suffix.
    #[rkyv(with = Skip)]
    pub operation: String,
    /// Middleware in the order they run.
    #[rkyv(with = InternedList)]
    pub middleware: Vec<String>,
    /// Names of the `:param` segments (and of a final `*rest`), in order.
    #[rkyv(with = InternedList)]
    pub params: Vec<String>,
    /// Query-string parameters (`list` and actions). Not archived: those of
    /// the resource's `list_query` or of the action.
    #[rkyv(with = Skip)]
    pub query: Vec<QueryParam>,
    /// Where the route is declared. Not archived: the resource's location,
    /// the action's or the custom route's.
    #[rkyv(with = Skip)]
    pub location: Location,
}

/// Indexes of the records sharing one key (routes of a path, patterns of a
/// category), in record order.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Group {
    /// The key.
    #[rkyv(with = Interned)]
    pub key: String,
    /// Record indexes.
    pub items: Vec<u32>,
}

/// The number of HTTP methods: a matcher state holds one route per method.
pub const METHODS: usize = Method::ALL.len();

/// The route matcher: a deterministic automaton over path segments, built
/// at compile time from the routes (`crate::matcher` builds it and matches
/// requests against it). A state stands for every route pattern a request
/// prefix can still match, in priority order (static segments before
/// parameters before catch-alls), so a request is matched in one pass,
/// without backtracking: one transition per segment, then one table read.
///
/// The states, their static transitions and their hash tables are one run
/// of 32-bit words, laid out as [`crate::matcher::layout`] describes, so
/// that a lookup walks one table.
#[derive(Archive, Serialize, Clone, Debug, PartialEq, Default)]
pub struct RouteMatcher {
    /// The states one after another, each followed by its static
    /// transitions and its hash table; the start state is at word 0.
    pub words: Vec<u32>,
    /// The texts of the static transitions longer than 16 bytes, end to
    /// end (shorter ones are wholly in their words).
    pub long: String,
}

/// The route tables.
#[derive(Archive, Serialize, Clone, Debug, PartialEq, Default)]
pub struct Routes {
    /// Every route: by resource (name order), REST operations first (list,
    /// show, create, update, delete, then the nested forms), custom routes last.
    pub all: Vec<Route>,
    /// Route indexes per method, in [`Method::ALL`] order.
    pub by_method: Vec<Vec<u32>>,
    /// Route indexes by resource, then method ([`Method::ALL`] order), then
    /// route order: a resource's occupy the same positions as its routes
    /// in `all` ([`crate::schema::Resource::routes`] splits them).
    pub by_resource_method: Vec<u32>,
    /// Route indexes by path, sorted by path.
    pub by_path: Vec<Group>,
    /// The request matcher.
    pub matcher: RouteMatcher,
    /// The longest parameter count of any route.
    pub max_params: u32,
}

/// A recurring convention found in the schema.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Pattern {
    /// A content hash of the pattern, stable across builds.
    #[rkyv(with = Interned)]
    pub id: String,
    /// E.g. `authenticated_cached_handler`.
    #[rkyv(with = Interned)]
    pub name: String,
    /// `authentication`, `caching`, `rate_limiting`, `cors`, `general`,
    /// `hook`, `validation` or `relationship`.
    #[rkyv(with = Interned)]
    pub category: String,
    /// One sentence.
    #[rkyv(with = Interned)]
    pub description: String,
    /// What recurs, e.g. `[auth, cache(300)]`.
    #[rkyv(with = Interned)]
    pub template: String,
    /// Up to five places it occurs, e.g. `Post.create`.
    #[rkyv(with = InternedList)]
    pub examples: Vec<String>,
    /// How many times it occurs.
    pub frequency: u32,
    /// `frequency / 10`, at most 1.
    pub confidence: f32,
}

/// A node of the dependency graph.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct Node {
    /// Resource, middleware or function name.
    #[rkyv(with = Interned)]
    pub name: String,
    /// The kind.
    pub kind: NodeKind,
}

/// An edge of the dependency graph.
#[derive(Archive, Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// Source node.
    pub from: u32,
    /// Target node.
    pub to: u32,
    /// The kind.
    pub kind: EdgeKind,
    /// Relationships 1; `uses` the number of operations; `calls` the number
    /// of calls. Archived in 16 bits (an edge is 12 bytes): weights above
    /// 65,535 are stored as 65,535.
    #[rkyv(with = Saturating16)]
    pub weight: u32,
}

/// Archives a `u32` as a `u16`, saturating: for counts that are small in
/// every real schema (an [`Edge`]'s weight).
///
/// ```
/// use conduit_format::tables::{ArchivedEdge, Edge};
/// use conduit_format::EdgeKind;
/// let edge = Edge { from: 0, to: 1, kind: EdgeKind::Calls, weight: 70_000 };
/// let bytes = rkyv::to_bytes::<rkyv::rancor::Error>(&edge).unwrap();
/// let archived = rkyv::access::<ArchivedEdge, rkyv::rancor::Error>(&bytes).unwrap();
/// assert_eq!(archived.weight.to_native(), u16::MAX);
/// assert_eq!(size_of::<ArchivedEdge>(), 12);
/// ```
pub struct Saturating16;

impl rkyv::with::ArchiveWith<u32> for Saturating16 {
    type Archived = rkyv::Archived<u16>;
    type Resolver = ();

    fn resolve_with(field: &u32, _: (), out: rkyv::Place<Self::Archived>) {
        u16::try_from(*field).unwrap_or(u16::MAX).resolve((), out);
    }
}

impl<S: rkyv::rancor::Fallible + ?Sized> rkyv::with::SerializeWith<u32, S> for Saturating16 {
    fn serialize_with(_: &u32, _: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}

/// A breadth-first traversal from one node, precomputed: any depth limit is a
/// prefix of `nodes`. After `k` steps (a step: the edges leaving one level
/// and the nodes they discover), `node_levels` has `k + 1` entries and
/// `edge_levels` `k`; depth limit `l <= k` is `nodes[..node_levels[l]]`
/// with the edges leaving `nodes[..node_levels[l - 1]]`, each node's in its
/// adjacency order ([`Graph::out_start`], or [`Graph::in_edges`] for a
/// reverse plan): the edges are not stored, the adjacency arrays hold them.
/// Archived flattened, every plan in one table ([`crate::plans`]).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Plan {
    /// Nodes in BFS order, the start node first.
    pub nodes: Vec<u32>,
    /// `node_levels[d]`: how many of `nodes` are at depth ≤ d.
    pub node_levels: Vec<u32>,
    /// `edge_levels[d]`: how many edges leave the nodes at depth ≤ d.
    pub edge_levels: Vec<u32>,
    /// Whether the plan covers the whole traversal; when `false` it holds the
    /// first `edge_levels.len()` steps only (the memory budget) and deeper
    /// queries walk the adjacency lists.
    pub complete: bool,
}

/// The dependency graph in compressed sparse row form.
#[derive(Archive, Serialize, Clone, Debug, PartialEq, Default)]
pub struct Graph {
    /// Nodes: resources first (same order as `Schema::resources`), then
    /// middleware, then functions, each group by name.
    pub nodes: Vec<Node>,
    /// Edges, grouped by source node in node order, each group in declaration order.
    pub edges: Vec<Edge>,
    /// `edges[out_start[n]..out_start[n + 1]]` leave node `n`.
    pub out_start: Vec<u32>,
    /// Edge indexes arriving at each node, grouped like `out_start`.
    pub in_edges: Vec<u32>,
    /// `in_edges[in_start[n]..in_start[n + 1]]` arrive at node `n`.
    pub in_start: Vec<u32>,
    /// Unfiltered plans: `plans[2 * r]` forward and `plans[2 * r + 1]`
    /// reverse, for each resource `r` (archived flattened: [`crate::plans`]).
    #[rkyv(with = FlatPlans)]
    pub plans: Vec<Plan>,
    /// Every elementary cycle, as node indexes starting at its smallest node
    /// (archived prefix-coded: [`crate::cycles`]).
    #[rkyv(with = PrefixCoded)]
    pub cycles: Vec<Vec<u32>>,
    /// `false` when the enumeration stopped at its limit (the number of
    /// cycles can grow exponentially with the schema).
    pub cycles_complete: bool,
}

/// The fields of one normalized type.
#[derive(Archive, Serialize, Clone, Debug, PartialEq)]
pub struct TypeGroup {
    /// The normalized type.
    #[rkyv(with = Interned)]
    pub ty: String,
    /// `(resource index, field index)` pairs, in resource then field order.
    pub fields: Vec<FieldAt>,
}

/// A field's position.
///
/// Archived in one `u32` ([`ArchivedFieldAt`]): the resource in the high
/// 21 bits, the field in the low 11, so a field of `fields_by_type` is one
/// of the first 2,048 of its resource, in one of the first 2,097,152
/// resources (serializing others fails).
///
/// ```
/// use conduit_format::tables::FieldAt;
/// let at = FieldAt { resource: 70_000, field: 2_047 };
/// let bytes = rkyv::to_bytes::<rkyv::rancor::Error>(&at).unwrap();
/// let archived = rkyv::access::<conduit_format::tables::ArchivedFieldAt, rkyv::rancor::Error>(&bytes).unwrap();
/// assert_eq!((archived.resource(), archived.field()), (70_000, 2_047));
/// assert_eq!(std::mem::size_of_val(archived), 4);
/// let wide = FieldAt { resource: 0, field: 2_048 };
/// let err = rkyv::to_bytes::<rkyv::rancor::Error>(&wide).unwrap_err();
/// assert!(err.to_string().contains("first 2,048 fields"), "{err}");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldAt {
    /// Index in `Schema::resources`.
    pub resource: u32,
    /// Index in that resource's fields.
    pub field: u32,
}

impl FieldAt {
    /// The bits of the field index.
    pub const FIELD_BITS: u32 = 11;

    /// The packed form, if both indexes fit.
    pub fn packed(self) -> Option<u32> {
        (self.field >> Self::FIELD_BITS == 0 && self.resource >> (32 - Self::FIELD_BITS) == 0)
            .then_some(self.resource << Self::FIELD_BITS | self.field)
    }
}

/// The archived layout of a [`FieldAt`] (what [`ArchivedFieldAt`] holds).
#[derive(Archive, Serialize, Clone, Copy, Debug, PartialEq)]
#[rkyv(archived = ArchivedFieldAt, derive(Clone, Copy, Debug))]
pub struct PackedFieldAt(pub u32);

impl ArchivedFieldAt {
    /// Index in `Schema::resources`.
    #[inline]
    pub fn resource(self) -> usize {
        (self.0.to_native() >> FieldAt::FIELD_BITS) as usize
    }

    /// Index in that resource's fields.
    #[inline]
    pub fn field(self) -> usize {
        (self.0.to_native() & ((1 << FieldAt::FIELD_BITS) - 1)) as usize
    }
}

impl Archive for FieldAt {
    type Archived = ArchivedFieldAt;
    /// The packed form, computed (and checked) by `serialize`.
    type Resolver = u32;

    fn resolve(&self, packed: u32, out: Place<ArchivedFieldAt>) {
        PackedFieldAt(packed).resolve(PackedFieldAtResolver(()), out);
    }
}

impl<S: Fallible + ?Sized> Serialize<S> for FieldAt
where
    S::Error: Source,
{
    fn serialize(&self, _: &mut S) -> Result<u32, S::Error> {
        self.packed().ok_or_else(|| {
            S::Error::new(Exceeded(
                "fields by type index only the first 2,048 fields of a resource \
                 and the first 2,097,152 resources",
            ))
        })
    }
}
