//! Property tests of the dependency graph queries (`dependencies`, `cycles`,
//! `fields_by_type`) against a naive reference built at run time from the
//! plain `Schema`, exactly as SPEC §3 "Dependency graph semantics" states.
//!
//! The same queries run on a registry whose BFS plans were built with a zero
//! budget (plans truncated to a few levels, deeper queries walk the adjacency
//! arrays): the answers must not change.

use conduit::{DepQuery, EdgeKind, NodeKind, Registry};
use conduit_codegen::analyze::{self, graph};
use conduit_format::schema::{Field, Hook, Middleware, Relationship, Resource, Schema};
use conduit_format::{HookKind, Operation, RelationKind};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, subsequence};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

const MIDDLEWARE: [&str; 5] = ["auth", "cache(300)", "rate_limit(100/hour)", "cors", "log"];
const FUNCTIONS: [&str; 6] = [
    "slugify",
    "enqueue",
    "strip_tags",
    "audit",
    "notify",
    "hash_password",
];
const HOOK_FUNCTIONS: [&str; 4] = [
    "hooks::before",
    "hooks::after",
    "slugify_title",
    "audit_removal",
];
const TYPES: [&str; 6] = ["string", "int", "uuid", "bool", "timestamp", "array<int>"];
const RELATIONS: [RelationKind; 4] = [
    RelationKind::BelongsTo,
    RelationKind::HasOne,
    RelationKind::HasMany,
    RelationKind::HasManyThrough,
];
/// The operation order of SPEC §3: `uses` edges appear in first-appearance
/// order scanning the chains of these operations, in this order.
const OPS: [Operation; 5] = [
    Operation::List,
    Operation::Show,
    Operation::Create,
    Operation::Update,
    Operation::Delete,
];
/// Name stems: resource names are `<stem><index>`, so name order differs
/// from generation order.
const STEMS: [&str; 6] = ["Post", "User", "Tag", "Comment", "Item", "Order"];

// ---------------------------------------------------------------------------
// Random schemas
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct GenResource {
    /// (index into RELATIONS, target resource by generation index)
    rels: Vec<(usize, usize)>,
    /// Per operation in `OPS` order: a chain of indexes into MIDDLEWARE.
    chains: Vec<Option<Vec<usize>>>,
    /// The order the `Middleware` records are declared in.
    record_order: Vec<usize>,
    /// (hook kind, function, calls)
    hooks: Vec<(usize, usize, Vec<usize>)>,
    /// Field types, indexes into TYPES.
    fields: Vec<usize>,
}

fn gen_resource(n: usize, max_rels: usize) -> impl Strategy<Value = GenResource> {
    (
        vec((0..RELATIONS.len(), 0..n), 0..=max_rels),
        vec(
            proptest::option::of(
                subsequence((0..MIDDLEWARE.len()).collect::<Vec<_>>(), 0..=3).prop_shuffle(),
            ),
            OPS.len(),
        ),
        Just((0..OPS.len()).collect::<Vec<_>>()).prop_shuffle(),
        vec(
            (
                0..HookKind::ALL.len(),
                0..HOOK_FUNCTIONS.len(),
                subsequence((0..FUNCTIONS.len()).collect::<Vec<_>>(), 0..=3).prop_shuffle(),
            ),
            0..=3,
        ),
        vec(0..TYPES.len(), 0..=4),
    )
        .prop_map(|(rels, chains, record_order, hooks, fields)| GenResource {
            rels,
            chains,
            record_order,
            hooks,
            fields,
        })
}

/// Up to 200 resources; half of the cases have at most 8 (dense, for the
/// brute-force cycle check), the others are sparse enough that the number
/// of elementary cycles stays small.
fn gen_schema() -> impl Strategy<Value = Vec<GenResource>> {
    prop_oneof![
        (1usize..=8).prop_map(|n| (n, 4)),
        (9usize..=200).prop_map(|n| (n, 2)),
    ]
    .prop_flat_map(|(n, max_rels)| vec(gen_resource(n, max_rels), n))
}

fn resource_name(i: usize) -> String {
    format!("{}{}", STEMS[i % STEMS.len()], i)
}

fn to_schema(generated: &[GenResource]) -> Schema {
    let mut resources: Vec<Resource> = generated
        .iter()
        .enumerate()
        .map(|(i, g)| Resource {
            name: resource_name(i),
            path: format!("/r{i}"),
            operations: OPS.to_vec(),
            relationships: g
                .rels
                .iter()
                .enumerate()
                .map(|(k, &(kind, target))| Relationship {
                    name: format!("rel{k}"),
                    kind: RELATIONS[kind],
                    target: resource_name(target),
                    foreign_key: None,
                    through: (RELATIONS[kind] == RelationKind::HasManyThrough)
                        .then(|| "joins".to_owned()),
                    on_delete: None,
                    on_update: None,
                    location: Default::default(),
                })
                .collect(),
            middleware: g
                .record_order
                .iter()
                .filter_map(|&op| {
                    g.chains[op].as_ref().map(|chain| Middleware {
                        operation: OPS[op],
                        chain: chain.iter().map(|&m| MIDDLEWARE[m].to_owned()).collect(),
                        location: Default::default(),
                    })
                })
                .collect(),
            hooks: g
                .hooks
                .iter()
                .map(|(kind, function, calls)| Hook {
                    kind: HookKind::ALL[*kind],
                    function: HOOK_FUNCTIONS[*function].to_owned(),
                    transaction: false,
                    is_async: false,
                    source: None,
                    source_location: None,
                    calls: calls.iter().map(|&c| FUNCTIONS[c].to_owned()).collect(),
                    location: Default::default(),
                })
                .collect(),
            fields: g
                .fields
                .iter()
                .enumerate()
                .map(|(j, &ty)| Field {
                    name: format!("f{j}"),
                    ty: TYPES[ty].to_owned(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    Schema {
        version: "0.0.0".into(),
        resources,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------
// The naive reference (SPEC §3 "Dependency graph semantics")
// ---------------------------------------------------------------------------

type Key = (String, NodeKind);

#[derive(Clone, Debug, PartialEq, Eq)]
struct NaiveEdge {
    from: Key,
    to: Key,
    kind: EdgeKind,
    weight: u32,
}

struct Naive {
    edges: Vec<NaiveEdge>,
    out: HashMap<Key, Vec<usize>>,
    inn: HashMap<Key, Vec<usize>>,
}

fn resource_key(name: &str) -> Key {
    (name.to_owned(), NodeKind::Resource)
}

impl Naive {
    /// Edges per resource (resources in name order): relationships in
    /// declaration order, then `uses` (first appearance over the chains of
    /// list, show, create, update, delete; weight = operations whose chain
    /// contains it), then `calls` (first appearance over the hooks' calls;
    /// weight = hooks calling it).
    fn new(schema: &Schema) -> Self {
        let known: HashSet<&str> = schema.resources.iter().map(|r| r.name.as_str()).collect();
        let mut edges = Vec::new();
        for r in &schema.resources {
            let from = resource_key(&r.name);
            for rel in &r.relationships {
                if known.contains(rel.target.as_str()) {
                    edges.push(NaiveEdge {
                        from: from.clone(),
                        to: resource_key(&rel.target),
                        kind: EdgeKind::from(rel.kind),
                        weight: 1,
                    });
                }
            }
            let mut uses: Vec<(String, u32)> = Vec::new();
            for op in OPS {
                let mut in_this_op: HashSet<&str> = HashSet::new();
                for m in r
                    .middleware
                    .iter()
                    .filter(|m| m.operation == op)
                    .flat_map(|m| &m.chain)
                {
                    if !in_this_op.insert(m) {
                        continue;
                    }
                    match uses.iter_mut().find(|(n, _)| n == m) {
                        Some((_, w)) => *w += 1,
                        None => uses.push((m.clone(), 1)),
                    }
                }
            }
            for (m, w) in uses {
                edges.push(NaiveEdge {
                    from: from.clone(),
                    to: (m, NodeKind::Middleware),
                    kind: EdgeKind::Uses,
                    weight: w,
                });
            }
            let mut calls: Vec<(String, u32)> = Vec::new();
            for h in &r.hooks {
                let mut in_this_hook: HashSet<&str> = HashSet::new();
                for c in &h.calls {
                    if !in_this_hook.insert(c) {
                        continue;
                    }
                    match calls.iter_mut().find(|(n, _)| n == c) {
                        Some((_, w)) => *w += 1,
                        None => calls.push((c.clone(), 1)),
                    }
                }
            }
            for (f, w) in calls {
                edges.push(NaiveEdge {
                    from: from.clone(),
                    to: (f, NodeKind::Function),
                    kind: EdgeKind::Calls,
                    weight: w,
                });
            }
        }
        let mut out: HashMap<Key, Vec<usize>> = HashMap::new();
        let mut inn: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, e) in edges.iter().enumerate() {
            out.entry(e.from.clone()).or_default().push(i);
            inn.entry(e.to.clone()).or_default().push(i);
        }
        Naive { edges, out, inn }
    }

    /// BFS as SPEC §3 states: from every node reached at a depth below the
    /// limit, every matching edge is in the result, and its other end; each
    /// node once; nodes in BFS order, edges in traversal order (original
    /// direction).
    fn bfs(
        &self,
        start: &str,
        depth: u32,
        reverse: bool,
        kinds: Option<&[EdgeKind]>,
    ) -> (Vec<Key>, Vec<NaiveEdge>) {
        let start = resource_key(start);
        let mut seen: HashSet<Key> = HashSet::from([start.clone()]);
        let mut nodes = vec![start.clone()];
        let mut edges = Vec::new();
        let mut queue = VecDeque::from([(start, 0u32)]);
        while let Some((n, d)) = queue.pop_front() {
            if depth != 0 && d >= depth {
                continue;
            }
            let adjacent = if reverse {
                self.inn.get(&n)
            } else {
                self.out.get(&n)
            };
            for &i in adjacent.into_iter().flatten() {
                let e = &self.edges[i];
                if kinds.is_some_and(|k| !k.contains(&e.kind)) {
                    continue;
                }
                edges.push(e.clone());
                let other = if reverse { &e.from } else { &e.to };
                if seen.insert(other.clone()) {
                    nodes.push(other.clone());
                    queue.push_back((other.clone(), d + 1));
                }
            }
        }
        (nodes, edges)
    }

    fn has_edge(&self, from: &Key, to: &Key) -> bool {
        self.out
            .get(from)
            .is_some_and(|es| es.iter().any(|&i| &self.edges[i].to == to))
    }

    /// Every elementary cycle, by exhaustive search over simple paths: each
    /// cycle once, as the node list starting at its smallest node.
    fn all_cycles(&self, resources: &[String]) -> BTreeSet<Vec<String>> {
        let mut found = BTreeSet::new();
        for (s, start) in resources.iter().enumerate() {
            // Simple paths from `start` through nodes greater than it.
            let mut stack = vec![vec![s]];
            while let Some(path) = stack.pop() {
                let last = resource_key(&resources[*path.last().unwrap()]);
                if self.has_edge(&last, &resource_key(start)) {
                    found.insert(path.iter().map(|&i| resources[i].clone()).collect());
                }
                for (next, name) in resources.iter().enumerate().skip(s + 1) {
                    if !path.contains(&next) && self.has_edge(&last, &resource_key(name)) {
                        let mut longer = path.clone();
                        longer.push(next);
                        stack.push(longer);
                    }
                }
            }
        }
        found
    }
}

// ---------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------

fn got(
    reg: &Registry<'_>,
    start: &str,
    depth: u32,
    reverse: bool,
    kinds: Option<&[EdgeKind]>,
) -> Result<(Vec<Key>, Vec<NaiveEdge>), TestCaseError> {
    let mut q = DepQuery::new().depth(depth);
    if reverse {
        q = q.reverse();
    }
    if let Some(k) = kinds {
        q = q.kinds(k.iter().copied());
    }
    let deps = reg
        .dependencies(start, q)
        .ok_or_else(|| TestCaseError::fail(format!("dependencies({start}): unknown resource")))?;
    let nodes: Vec<Key> = deps
        .nodes()
        .map(|n| (n.name().to_owned(), n.kind()))
        .collect();
    prop_assert_eq!(deps.len(), nodes.len());
    prop_assert!(!deps.is_empty());
    prop_assert_eq!(deps.edges().len(), deps.edges().count());
    // Only a walked answer too large for the inline room is boxed.
    prop_assert!(!deps.is_allocated() || deps.len() + deps.edges().len() > conduit::Deps::INLINE);
    // The by-name entry point and the resource's own query agree.
    let by_view = reg.resource(start).unwrap().dependencies(q);
    prop_assert!(by_view.nodes().eq(deps.nodes()) && by_view.edges().eq(deps.edges()));
    let edges = deps
        .edges()
        .map(|e| NaiveEdge {
            from: (e.from().name().to_owned(), e.from().kind()),
            to: (e.to().name().to_owned(), e.to().kind()),
            kind: e.kind(),
            weight: e.weight(),
        })
        .collect();
    Ok((nodes, edges))
}

/// Every query of `starts` × depths 0..=5 × both directions × (no filter and
/// each of `filters`) on `reg` equals the naive BFS.
fn compare_dependencies(
    reg: &Registry<'_>,
    naive: &Naive,
    starts: &[String],
    filters: &[Vec<EdgeKind>],
    label: &str,
) -> Result<(), TestCaseError> {
    for start in starts {
        for depth in 0..=5 {
            for reverse in [false, true] {
                let kinds = std::iter::once(None).chain(filters.iter().map(|f| Some(&f[..])));
                for kind in kinds {
                    let want = naive.bfs(start, depth, reverse, kind);
                    let have = got(reg, start, depth, reverse, kind)?;
                    prop_assert_eq!(
                        &have.0,
                        &want.0,
                        "{}: nodes of {} depth {} reverse {} kinds {:?}",
                        label,
                        start,
                        depth,
                        reverse,
                        kind
                    );
                    prop_assert_eq!(
                        &have.1,
                        &want.1,
                        "{}: edges of {} depth {} reverse {} kinds {:?}",
                        label,
                        start,
                        depth,
                        reverse,
                        kind
                    );
                }
            }
        }
    }
    Ok(())
}

fn registry_cycles(reg: &Registry<'_>) -> Vec<Vec<Key>> {
    reg.cycles()
        .map(|c| c.nodes().map(|n| (n.name().to_owned(), n.kind())).collect())
        .collect()
}

/// Each cycle is an elementary cycle of the naive graph, starting at its
/// smallest node; no cycle is reported twice.
fn check_cycles_are_real(
    cycles: &[Vec<Key>],
    naive: &Naive,
    resources: &[String],
) -> Result<(), TestCaseError> {
    let mut seen = HashSet::new();
    for c in cycles {
        prop_assert!(!c.is_empty(), "empty cycle");
        let distinct: HashSet<&Key> = c.iter().collect();
        prop_assert_eq!(distinct.len(), c.len(), "repeated node in {:?}", c);
        for (i, n) in c.iter().enumerate() {
            prop_assert_eq!(n.1, NodeKind::Resource, "non-resource node in {:?}", c);
            let next = &c[(i + 1) % c.len()];
            prop_assert!(
                naive.has_edge(n, next),
                "no edge {:?} -> {:?} in cycle {:?}",
                n,
                next,
                c
            );
        }
        let smallest = c.iter().map(|k| &k.0).min().unwrap();
        prop_assert_eq!(
            &c[0].0,
            smallest,
            "cycle {:?} does not start at its smallest node",
            c
        );
        prop_assert!(seen.insert(c.clone()), "cycle {:?} reported twice", c);
        prop_assert!(resources.contains(&c[0].0));
    }
    Ok(())
}

fn check_fields_by_type(reg: &Registry<'_>, schema: &Schema) -> Result<(), TestCaseError> {
    for ty in TYPES.iter().chain(&["nope", "", "Int"]) {
        let want: Vec<(String, String)> = schema
            .resources
            .iter()
            .flat_map(|r| {
                r.fields
                    .iter()
                    .filter(|f| f.ty == *ty)
                    .map(|f| (r.name.clone(), f.name.clone()))
            })
            .collect();
        let have: Vec<(String, String)> = reg
            .fields_by_type(ty)
            .map(|(r, f)| (r.name().to_owned(), f.name().to_owned()))
            .collect();
        prop_assert_eq!(have, want, "fields_by_type({})", ty);
    }
    Ok(())
}

fn filters() -> impl Strategy<Value = Vec<Vec<EdgeKind>>> {
    vec(
        subsequence(EdgeKind::ALL.to_vec(), 1..=EdgeKind::ALL.len()),
        3,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// `analyze` (routes on the calling thread, patterns and the graph on a
    /// second one) stores exactly what the analyses give one after the other.
    #[test]
    fn analyze_equals_the_analyses_in_sequence(generated in gen_schema()) {
        let mut together = to_schema(&generated);
        analyze::analyze(&mut together).map_err(|c| TestCaseError::fail(format!("conflicts: {c:?}")))?;
        let mut one_by_one = to_schema(&generated);
        analyze::routes::build(&mut one_by_one).map_err(|c| TestCaseError::fail(format!("conflicts: {c:?}")))?;
        analyze::patterns::build(&mut one_by_one);
        graph::build(&mut one_by_one, None);
        // The type index is computed after the join either way: not compared.
        one_by_one.fields_by_type = together.fields_by_type.clone();
        prop_assert_eq!(&together, &one_by_one);
        prop_assert_eq!(conduit_testkit::encode(&together), conduit_testkit::encode(&one_by_one));
    }

    /// `dependencies`, `cycles` and `fields_by_type` equal the naive
    /// reference, with full plans and with plans truncated by a zero budget.
    #[test]
    fn graph_queries_equal_the_naive_reference(
        generated in gen_schema(),
        picks in vec(any::<Index>(), 1..=8),
        filters in filters(),
    ) {
        let mut schema = to_schema(&generated);
        analyze::analyze(&mut schema).map_err(|c| TestCaseError::fail(format!("conflicts: {c:?}")))?;
        let names: Vec<String> = schema.resources.iter().map(|r| r.name.clone()).collect();
        let starts: Vec<String> = picks.iter().map(|i| i.get(&names).clone()).collect();
        let naive = Naive::new(&schema);

        let blob = conduit_testkit::encode(&schema);
        let reg = Registry::from_bytes(&blob).unwrap();
        compare_dependencies(&reg, &naive, &starts, &filters, "full plans")?;

        let cycles = registry_cycles(&reg);
        check_cycles_are_real(&cycles, &naive, &names)?;
        if names.len() <= 8 {
            let want = naive.all_cycles(&names);
            let have: BTreeSet<Vec<String>> = cycles
                .iter()
                .map(|c| c.iter().map(|k| k.0.clone()).collect())
                .collect();
            if want.len() < graph::MAX_CYCLES {
                prop_assert!(reg.cycles().is_complete());
                prop_assert_eq!(have, want);
            } else {
                // The build step stops at MAX_CYCLES and says so.
                prop_assert!(!reg.cycles().is_complete());
                prop_assert_eq!(have.len(), graph::MAX_CYCLES);
                prop_assert!(have.is_subset(&want));
            }
        }
        check_fields_by_type(&reg, &schema)?;
        prop_assert!(reg.dependencies("Nope", DepQuery::new()).is_none());
        prop_assert!(reg.dependencies("Nope", DepQuery::new().kinds([EdgeKind::Uses])).is_none());

        // The same schema with plans cut by a zero budget: queries walk.
        let mut tiny = schema.clone();
        graph::build(&mut tiny, Some(0));
        prop_assert_eq!(&tiny.graph.nodes, &schema.graph.nodes);
        prop_assert_eq!(&tiny.graph.edges, &schema.graph.edges);
        let blob = conduit_testkit::encode(&tiny);
        let reg = Registry::from_bytes(&blob).unwrap();
        compare_dependencies(&reg, &naive, &starts, &filters, "zero budget")?;
        prop_assert_eq!(registry_cycles(&reg), cycles);
    }
}

/// Long chains of dependencies and many middleware: with a zero budget the
/// plans are cut after a few levels, and every depth (prefix or walk) still
/// equals the naive BFS.
#[test]
fn truncated_plans_answer_like_the_naive_reference() {
    let generated: Vec<GenResource> = (0..150)
        .map(|i| GenResource {
            // A long chain with forward chords and a few self-loops: deep,
            // branching traversals but few cycles (cheap to build).
            rels: [
                (i < 149).then_some((i % 4, i + 1)),
                (i % 10 == 0).then_some((2, (i + 13).min(149))),
                (i % 25 == 0).then_some((0, i)),
            ]
            .into_iter()
            .flatten()
            .collect(),
            chains: vec![
                Some(vec![0, 4]),
                None,
                Some(vec![i % 5]),
                None,
                Some(vec![1]),
            ],
            record_order: vec![4, 3, 2, 1, 0],
            hooks: vec![(0, 0, vec![i % 6, (i + 1) % 6])],
            fields: vec![i % 6],
        })
        .collect();
    let mut schema = to_schema(&generated);
    analyze::analyze(&mut schema).unwrap();
    graph::build(&mut schema, Some(0));
    assert!(
        schema.graph.plans.iter().any(|p| !p.complete),
        "the zero budget should truncate some plans"
    );
    let naive = Naive::new(&schema);
    let blob = conduit_testkit::encode(&schema);
    let reg = Registry::from_bytes(&blob).unwrap();
    let starts: Vec<String> = schema
        .resources
        .iter()
        .step_by(10)
        .map(|r| r.name.clone())
        .collect();
    let filters = [
        vec![EdgeKind::BelongsTo, EdgeKind::HasMany],
        vec![EdgeKind::Uses],
        EdgeKind::ALL.to_vec(),
    ];
    for start in &starts {
        for depth in [0, 1, 2, 3, 4, 5, 8, 20, 200] {
            for reverse in [false, true] {
                for kinds in std::iter::once(None).chain(filters.iter().map(|f| Some(&f[..]))) {
                    let want = naive.bfs(start, depth, reverse, kinds);
                    let have = got(&reg, start, depth, reverse, kinds).unwrap();
                    assert_eq!(have.0, want.0, "{start} depth {depth} reverse {reverse}");
                    assert_eq!(have.1, want.1, "{start} depth {depth} reverse {reverse}");
                }
            }
        }
    }
}

/// SPEC §3: a `uses` edge weighs the number of *operations* using the
/// middleware, so a middleware listed twice in one chain counts once.
#[test]

fn uses_weight_counts_operations_not_repetitions() {
    let generated = vec![GenResource {
        rels: vec![],
        chains: vec![Some(vec![4, 4]), None, Some(vec![4]), None, None],
        record_order: vec![0, 1, 2, 3, 4],
        hooks: vec![],
        fields: vec![],
    }];
    let mut schema = to_schema(&generated);
    analyze::analyze(&mut schema).unwrap();
    let blob = conduit_testkit::encode(&schema);
    let reg = Registry::from_bytes(&blob).unwrap();
    let deps = reg.dependencies("Post0", DepQuery::new()).unwrap();
    let log = deps.edges().find(|e| e.to().name() == "log").unwrap();
    assert_eq!(log.weight(), 2, "list and create use `log`");
}
