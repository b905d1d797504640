//! Unit tests pinning SPEC §3's route, matching, pattern and dependency graph
//! examples, on small hand-built schemas and on the blog example; and a
//! counting allocator showing that none of these queries allocates.

use blog::REGISTRY;
use conduit::{DepQuery, Deps, EdgeKind, Method, NodeKind, Operation, PatternCategory, Registry};
use conduit_codegen::analyze;
use conduit_format::RelationKind;
use conduit_format::schema::{CustomRoute, Middleware, Relationship, Resource, Schema};
use std::collections::BTreeSet;
use std::hint::black_box;

// ---------------------------------------------------------------------------
// Counting allocator (one per test binary), as in no_alloc.rs
// ---------------------------------------------------------------------------

#[global_allocator]
static GLOBAL: conduit_tests::Counting = conduit_tests::Counting;

use conduit_tests::allocations;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn resource(name: &str, path: &str) -> Resource {
    Resource {
        name: name.into(),
        path: path.into(),
        ..Default::default()
    }
}

fn rel(kind: RelationKind, target: &str) -> Relationship {
    Relationship {
        name: target.to_lowercase(),
        kind,
        target: target.into(),
        foreign_key: None,
        through: None,
        on_delete: None,
        on_update: None,
        location: Default::default(),
    }
}

fn custom(method: Method, path: &str, handler: &str) -> CustomRoute {
    CustomRoute {
        method,
        path: path.into(),
        handler: handler.into(),
        middleware: vec![],
        location: Default::default(),
    }
}

/// Analyses `resources` (sorted here) and encodes the blob.
fn blob(mut resources: Vec<Resource>) -> conduit::AlignedBytes {
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    let mut schema = Schema {
        version: "0.0.0".into(),
        resources,
        ..Default::default()
    };
    analyze::analyze(&mut schema).expect("no route conflicts");
    conduit_testkit::encode(&schema)
}

fn nodes(reg: &Registry<'_>, name: &str, q: DepQuery) -> Vec<(String, NodeKind)> {
    reg.dependencies(name, q)
        .unwrap()
        .nodes()
        .map(|n| (n.name().to_owned(), n.kind()))
        .collect()
}

fn node_names<'a>(reg: &Registry<'a>, name: &str, q: DepQuery) -> Vec<&'a str> {
    reg.dependencies(name, q)
        .unwrap()
        .nodes()
        .map(|n| n.name())
        .collect()
}

fn edges<'a>(
    reg: &Registry<'a>,
    name: &str,
    q: DepQuery,
) -> Vec<(&'a str, &'a str, EdgeKind, u32)> {
    reg.dependencies(name, q)
        .unwrap()
        .edges()
        .map(|e| (e.from().name(), e.to().name(), e.kind(), e.weight()))
        .collect()
}

fn cycles<'a>(reg: &Registry<'a>) -> Vec<Vec<&'a str>> {
    reg.cycles()
        .map(|c| c.nodes().map(|n| n.name()).collect())
        .collect()
}

/// `(handler, params)` of the route `method path` hits.
fn hit<'p>(
    reg: &Registry<'_>,
    method: Method,
    path: &'p str,
) -> Option<(String, Vec<(String, &'p str)>)> {
    reg.match_route(method, path).map(|m| {
        (
            m.route().handler().to_owned(),
            m.params().map(|(n, v)| (n.to_owned(), v)).collect(),
        )
    })
}

use EdgeKind::{BelongsTo, Calls, HasMany, HasManyThrough, HasOne, Uses};

// ---------------------------------------------------------------------------
// Dependency graph: SPEC examples on hand-built schemas
// ---------------------------------------------------------------------------

/// A → B → C (belongs_to), A → D (has_one); A uses `auth` on two operations,
/// its hooks call `f` twice.
fn chain_schema() -> conduit::AlignedBytes {
    let mut a = resource("A", "/a");
    a.operations = vec![Operation::List, Operation::Create, Operation::Delete];
    a.relationships = vec![
        rel(RelationKind::BelongsTo, "B"),
        rel(RelationKind::HasOne, "D"),
    ];
    a.middleware = vec![
        Middleware {
            operation: Operation::Delete,
            chain: vec!["auth".into(), "log".into()],
            location: Default::default(),
        },
        Middleware {
            operation: Operation::Create,
            chain: vec!["auth".into()],
            location: Default::default(),
        },
    ];
    let hook = |calls: &[&str]| conduit_format::schema::Hook {
        kind: conduit::HookKind::BeforeCreate,
        function: "h".into(),
        transaction: false,
        is_async: false,
        source: None,
        source_location: None,
        calls: calls.iter().map(|s| s.to_string()).collect(),
        location: Default::default(),
    };
    a.hooks = vec![hook(&["f", "g"]), hook(&["f"])];
    let mut b = resource("B", "/b");
    b.relationships = vec![rel(RelationKind::BelongsTo, "C")];
    blob(vec![a, b, resource("C", "/c"), resource("D", "/d")])
}

#[test]
fn depth_one_stops_at_direct_dependencies_depth_two_goes_one_further() {
    let bytes = chain_schema();
    let reg = Registry::from_bytes(&bytes).unwrap();
    // uses edges: create (auth) before delete (auth, log): auth first, weight 2.
    let direct = [
        ("A", "B", BelongsTo, 1),
        ("A", "D", HasOne, 1),
        ("A", "auth", Uses, 2),
        ("A", "log", Uses, 1),
        ("A", "f", Calls, 2),
        ("A", "g", Calls, 1),
    ];
    assert_eq!(edges(&reg, "A", DepQuery::new().depth(1)), direct);
    assert_eq!(
        nodes(&reg, "A", DepQuery::new().depth(1)),
        [
            ("A".into(), NodeKind::Resource),
            ("B".into(), NodeKind::Resource),
            ("D".into(), NodeKind::Resource),
            ("auth".into(), NodeKind::Middleware),
            ("log".into(), NodeKind::Middleware),
            ("f".into(), NodeKind::Function),
            ("g".into(), NodeKind::Function),
        ]
    );
    let two = node_names(&reg, "A", DepQuery::new().depth(2));
    assert_eq!(two, ["A", "B", "D", "auth", "log", "f", "g", "C"]);
    let mut with_c = direct.to_vec();
    with_c.push(("B", "C", BelongsTo, 1));
    assert_eq!(edges(&reg, "A", DepQuery::new().depth(2)), with_c);
    // 0 (and unset) is unlimited; deeper limits change nothing here.
    for q in [
        DepQuery::new(),
        DepQuery::new().depth(0),
        DepQuery::new().depth(3),
        DepQuery::new().depth(99),
    ] {
        assert_eq!(node_names(&reg, "A", q), two);
        assert_eq!(edges(&reg, "A", q), with_c);
    }
    // A resource without dependencies: only itself.
    assert_eq!(node_names(&reg, "C", DepQuery::new()), ["C"]);
    assert!(edges(&reg, "C", DepQuery::new()).is_empty());
    assert_eq!(reg.dependencies("C", DepQuery::new()).unwrap().len(), 1);
}

#[test]
fn reverse_follows_edges_backwards_and_reports_them_as_declared() {
    let bytes = chain_schema();
    let reg = Registry::from_bytes(&bytes).unwrap();
    let q = DepQuery::new().reverse();
    assert_eq!(node_names(&reg, "C", q.depth(1)), ["C", "B"]);
    assert_eq!(edges(&reg, "C", q.depth(1)), [("B", "C", BelongsTo, 1)]);
    assert_eq!(node_names(&reg, "C", q), ["C", "B", "A"]);
    assert_eq!(
        edges(&reg, "C", q),
        [("B", "C", BelongsTo, 1), ("A", "B", BelongsTo, 1)]
    );
    assert_eq!(node_names(&reg, "A", q), ["A"]);
}

#[test]
fn kind_filters_follow_only_those_edges() {
    let bytes = chain_schema();
    let reg = Registry::from_bytes(&bytes).unwrap();
    let q = DepQuery::new().kinds([BelongsTo]);
    assert_eq!(node_names(&reg, "A", q), ["A", "B", "C"]);
    assert_eq!(
        edges(&reg, "A", q),
        [("A", "B", BelongsTo, 1), ("B", "C", BelongsTo, 1)]
    );
    assert_eq!(node_names(&reg, "A", q.depth(1)), ["A", "B"]);
    let q = DepQuery::new().kinds([Uses, Calls]);
    assert_eq!(node_names(&reg, "A", q), ["A", "auth", "log", "f", "g"]);
    let q = DepQuery::new().kinds([HasOne, HasManyThrough]);
    assert_eq!(edges(&reg, "A", q), [("A", "D", HasOne, 1)]);
    let q = DepQuery::new().kinds([HasMany]);
    assert_eq!(node_names(&reg, "A", q), ["A"]);
    // Every kind is the same as no filter.
    assert_eq!(
        edges(
            &reg,
            "A",
            DepQuery::new().kinds(EdgeKind::ALL.iter().copied())
        ),
        edges(&reg, "A", DepQuery::new())
    );
    // Filters combine with reverse.
    let q = DepQuery::new().reverse().kinds([HasOne]);
    assert_eq!(node_names(&reg, "D", q), ["D", "A"]);
    assert_eq!(node_names(&reg, "C", q), ["C"]);
}

#[test]
fn an_unknown_resource_is_none() {
    let bytes = chain_schema();
    let reg = Registry::from_bytes(&bytes).unwrap();
    // Middleware and function nodes are not resources either.
    for name in ["Nope", "a", "", "auth", "f"] {
        let deps = reg.dependencies(name, DepQuery::new().depth(2));
        assert!(deps.is_none(), "{name:?}: {deps:?}");
    }
    assert!(reg.dependencies("A", DepQuery::new().depth(2)).is_some());
    assert!(
        REGISTRY
            .dependencies("Pots", DepQuery::new().reverse().kinds([BelongsTo]))
            .is_none()
    );
}

#[test]
fn cycles_terminate_two_cycle_and_self_loop() {
    let mut a = resource("A", "/a");
    a.relationships = vec![rel(RelationKind::HasMany, "B")];
    let mut b = resource("B", "/b");
    b.relationships = vec![rel(RelationKind::BelongsTo, "A")];
    let mut s = resource("S", "/s");
    s.relationships = vec![
        rel(RelationKind::HasOne, "S"),
        rel(RelationKind::HasMany, "A"),
    ];
    let bytes = blob(vec![a, b, s]);
    let reg = Registry::from_bytes(&bytes).unwrap();

    for q in [DepQuery::new(), DepQuery::new().kinds([HasMany, BelongsTo])] {
        assert_eq!(node_names(&reg, "A", q), ["A", "B"]);
        assert_eq!(
            edges(&reg, "A", q),
            [("A", "B", HasMany, 1), ("B", "A", BelongsTo, 1)]
        );
        assert_eq!(node_names(&reg, "A", q.reverse()), ["A", "B", "S"]);
    }
    // Reverse from A: B and S point at A; then A points at B, S at itself.
    assert_eq!(
        edges(&reg, "A", DepQuery::new().reverse()),
        [
            ("B", "A", BelongsTo, 1),
            ("S", "A", HasMany, 1),
            ("A", "B", HasMany, 1),
            ("S", "S", HasOne, 1),
        ]
    );
    assert_eq!(
        edges(
            &reg,
            "A",
            DepQuery::new().reverse().kinds([HasMany, BelongsTo])
        ),
        [
            ("B", "A", BelongsTo, 1),
            ("S", "A", HasMany, 1),
            ("A", "B", HasMany, 1),
        ]
    );
    // The self-loop is in the result once, and S appears once.
    assert_eq!(node_names(&reg, "S", DepQuery::new().depth(1)), ["S", "A"]);
    assert_eq!(
        edges(&reg, "S", DepQuery::new().depth(1)),
        [("S", "S", HasOne, 1), ("S", "A", HasMany, 1)]
    );
    assert_eq!(node_names(&reg, "S", DepQuery::new()), ["S", "A", "B"]);
    assert_eq!(
        node_names(&reg, "S", DepQuery::new().kinds([HasOne])),
        ["S"]
    );
    assert_eq!(
        edges(&reg, "S", DepQuery::new().reverse().kinds([HasOne])),
        [("S", "S", HasOne, 1)]
    );

    let found = cycles(&reg);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&vec!["A", "B"]), "{found:?}");
    assert!(found.contains(&vec!["S"]), "{found:?}");
    assert!(reg.cycles().is_complete());
    assert_eq!(reg.cycles().len(), 2);
}

// ---------------------------------------------------------------------------
// Dependency graph: the blog
// ---------------------------------------------------------------------------

#[test]
fn blog_comment_depth_one_then_two_then_all() {
    let one = [
        ("Comment", "Post", BelongsTo, 1),
        ("Comment", "User", BelongsTo, 1),
        ("Comment", "auth", Uses, 2),
        ("Comment", "rate_limit(5/hour)", Uses, 1),
        ("Comment", "log", Uses, 2),
        ("Comment", "strip_tags", Calls, 1),
        ("Comment", "enqueue", Calls, 1),
    ];
    assert_eq!(edges(&REGISTRY, "Comment", DepQuery::new().depth(1)), one);
    assert_eq!(
        nodes(&REGISTRY, "Comment", DepQuery::new().depth(1)),
        [
            ("Comment".into(), NodeKind::Resource),
            ("Post".into(), NodeKind::Resource),
            ("User".into(), NodeKind::Resource),
            ("auth".into(), NodeKind::Middleware),
            ("rate_limit(5/hour)".into(), NodeKind::Middleware),
            ("log".into(), NodeKind::Middleware),
            ("strip_tags".into(), NodeKind::Function),
            ("enqueue".into(), NodeKind::Function),
        ]
    );
    // Post: has_many Comment, has_many_through Tag, belongs_to User; list
    // [cache(300)], create [auth, rate_limit(5/hour), log], update and
    // delete [auth, log], the custom route publish [auth] (0.2: custom
    // routes are operations of their own); hooks call slugify, enqueue.
    let post = [
        ("Post", "Comment", HasMany, 1),
        ("Post", "Tag", HasManyThrough, 1),
        ("Post", "User", BelongsTo, 1),
        ("Post", "cache(300)", Uses, 1),
        ("Post", "auth", Uses, 4),
        ("Post", "rate_limit(5/hour)", Uses, 1),
        ("Post", "log", Uses, 3),
        ("Post", "slugify", Calls, 1),
        ("Post", "enqueue", Calls, 1),
    ];
    // User: has_many Post, has_many Comment; show [cache(60)], create
    // [rate_limit(10/hour), log], update [auth, log]; hooks call enqueue.
    let user = [
        ("User", "Post", HasMany, 1),
        ("User", "Comment", HasMany, 1),
        ("User", "cache(60)", Uses, 1),
        ("User", "rate_limit(10/hour)", Uses, 1),
        ("User", "log", Uses, 2),
        ("User", "auth", Uses, 1),
        ("User", "enqueue", Calls, 1),
    ];
    let two: Vec<_> = one.iter().chain(&post).chain(&user).copied().collect();
    assert_eq!(edges(&REGISTRY, "Comment", DepQuery::new().depth(2)), two);
    let two_nodes = [
        "Comment",
        "Post",
        "User",
        "auth",
        "rate_limit(5/hour)",
        "log",
        "strip_tags",
        "enqueue",
        "Tag",
        "cache(300)",
        "slugify",
        "cache(60)",
        "rate_limit(10/hour)",
    ];
    assert_eq!(
        node_names(&REGISTRY, "Comment", DepQuery::new().depth(2)),
        two_nodes
    );
    // Depth 3 adds Tag's edges and no node.
    let tag = [
        ("Tag", "Post", HasManyThrough, 1),
        ("Tag", "auth", Uses, 1),
        ("Tag", "log", Uses, 1),
    ];
    let all: Vec<_> = two.iter().chain(&tag).copied().collect();
    for q in [DepQuery::new().depth(3), DepQuery::new()] {
        assert_eq!(edges(&REGISTRY, "Comment", q), all);
        assert_eq!(node_names(&REGISTRY, "Comment", q), two_nodes);
    }
    assert_eq!(
        REGISTRY
            .dependencies("Comment", DepQuery::new())
            .unwrap()
            .len(),
        13
    );
}

#[test]
fn blog_reverse_dependencies_of_user() {
    let q = DepQuery::new().reverse();
    assert_eq!(
        node_names(&REGISTRY, "User", q.depth(1)),
        ["User", "Comment", "Post"]
    );
    assert_eq!(
        edges(&REGISTRY, "User", q.depth(1)),
        [
            ("Comment", "User", BelongsTo, 1),
            ("Post", "User", BelongsTo, 1)
        ]
    );
    let two = [
        ("Comment", "User", BelongsTo, 1),
        ("Post", "User", BelongsTo, 1),
        ("Post", "Comment", HasMany, 1),
        ("User", "Comment", HasMany, 1),
        ("Comment", "Post", BelongsTo, 1),
        ("Tag", "Post", HasManyThrough, 1),
        ("User", "Post", HasMany, 1),
    ];
    assert_eq!(edges(&REGISTRY, "User", q.depth(2)), two);
    assert_eq!(
        node_names(&REGISTRY, "User", q.depth(2)),
        ["User", "Comment", "Post", "Tag"]
    );
    let mut all = two.to_vec();
    all.push(("Post", "Tag", HasManyThrough, 1));
    assert_eq!(edges(&REGISTRY, "User", q), all);
    assert_eq!(
        node_names(&REGISTRY, "User", q),
        ["User", "Comment", "Post", "Tag"]
    );
    // Reverse with a filter: who belongs to User, transitively.
    let bt = q.kinds([BelongsTo]);
    assert_eq!(
        node_names(&REGISTRY, "User", bt),
        ["User", "Comment", "Post"]
    );
    assert_eq!(
        edges(&REGISTRY, "User", bt),
        [
            ("Comment", "User", BelongsTo, 1),
            ("Post", "User", BelongsTo, 1),
            ("Comment", "Post", BelongsTo, 1),
        ]
    );
}

#[test]
fn blog_kind_filters() {
    let bt = DepQuery::new().kinds([BelongsTo]);
    assert_eq!(
        node_names(&REGISTRY, "Comment", bt),
        ["Comment", "Post", "User"]
    );
    assert_eq!(
        edges(&REGISTRY, "Comment", bt),
        [
            ("Comment", "Post", BelongsTo, 1),
            ("Comment", "User", BelongsTo, 1),
            ("Post", "User", BelongsTo, 1),
        ]
    );
    assert_eq!(
        node_names(&REGISTRY, "Comment", bt.depth(1)),
        ["Comment", "Post", "User"]
    );
    assert_eq!(edges(&REGISTRY, "Comment", bt.depth(1)).len(), 2);
    let mw = DepQuery::new().kinds([Uses]);
    assert_eq!(node_names(&REGISTRY, "Tag", mw), ["Tag", "auth", "log"]);
    let hm = DepQuery::new().kinds([HasMany, HasManyThrough]);
    assert_eq!(
        node_names(&REGISTRY, "User", hm),
        ["User", "Post", "Comment", "Tag"]
    );
    // The middleware nodes a resource reaches through its relationships.
    let reach = DepQuery::new().depth(2).kinds([HasManyThrough, Uses]);
    assert_eq!(
        node_names(&REGISTRY, "Tag", reach),
        [
            "Tag",
            "Post",
            "auth",
            "log",
            "cache(300)",
            "rate_limit(5/hour)"
        ]
    );
}

#[test]
fn blog_cycles_are_every_elementary_cycle() {
    let found = cycles(&REGISTRY);
    let set: BTreeSet<Vec<&str>> = found.iter().cloned().collect();
    assert_eq!(set.len(), found.len(), "no cycle twice: {found:?}");
    let want: BTreeSet<Vec<&str>> = [
        vec!["Comment", "Post"],
        vec!["Comment", "User"],
        vec!["Comment", "Post", "User"],
        vec!["Comment", "User", "Post"],
        vec!["Post", "Tag"],
        vec!["Post", "User"],
    ]
    .into_iter()
    .collect();
    assert_eq!(set, want);
    assert!(REGISTRY.cycles().is_complete());
    for c in REGISTRY.cycles() {
        assert!(c.nodes().all(|n| n.kind() == NodeKind::Resource));
        assert_eq!(c.len(), c.nodes().len());
        assert!(!c.is_empty());
    }
}

#[test]
fn blog_fields_by_type() {
    let of = |t: &str| -> Vec<(&str, &str)> {
        REGISTRY
            .fields_by_type(t)
            .map(|(r, f)| (r.name(), f.name()))
            .collect()
    };
    assert_eq!(of("text"), [("Post", "content"), ("User", "bio")]);
    assert_eq!(
        of("timestamp"),
        [
            ("Post", "updated_at"),
            ("User", "created_at"),
            ("User", "last_seen_at")
        ]
    );
    assert_eq!(
        of("int"),
        [
            ("Comment", "id"),
            ("Comment", "post_id"),
            ("Comment", "author_id"),
            ("Comment", "score"),
            ("Post", "id"),
            ("Post", "author_id"),
            ("Tag", "id"),
            ("User", "id"),
        ]
    );
    assert_eq!(of("bool"), [("Post", "published")]);
    // The normalized type, not the Rust one; skipped fields are absent.
    assert!(of("String").is_empty());
    assert!(of("nope").is_empty());
    assert!(!of("string").contains(&("Post", "cached_html")));
    assert!(of("string").contains(&("Tag", "colour")));
}

// ---------------------------------------------------------------------------
// Routes and matching
// ---------------------------------------------------------------------------

#[test]
fn static_segments_win_over_parameters() {
    let mut a = resource("A", "/a");
    a.operations = vec![Operation::Show, Operation::List];
    a.custom_routes = vec![
        custom(Method::Get, "/a/new", "A.new_form"),
        custom(Method::Get, "/a/:id/edit", "A.edit"),
        custom(Method::Get, "/a/new/items/:item", "A.new_item"),
        custom(Method::Get, "/", "A.root"),
    ];
    let bytes = blob(vec![a]);
    let reg = Registry::from_bytes(&bytes).unwrap();
    let h = |m: Method, p: &'static str| hit(&reg, m, p);
    let s = |x: &str| x.to_owned();

    assert_eq!(h(Method::Get, "/a/new"), Some((s("A.new_form"), vec![])));
    assert_eq!(
        h(Method::Get, "/a/42"),
        Some((s("A.show"), vec![(s("id"), "42")]))
    );
    assert_eq!(
        h(Method::Get, "/a/newer"),
        Some((s("A.show"), vec![(s("id"), "newer")]))
    );
    assert_eq!(h(Method::Get, "/a"), Some((s("A.list"), vec![])));
    assert_eq!(h(Method::Get, "/"), Some((s("A.root"), vec![])));
    // The static branch dead-ends: back off to the parameter.
    assert_eq!(
        h(Method::Get, "/a/new/edit"),
        Some((s("A.edit"), vec![(s("id"), "new")]))
    );
    assert_eq!(
        h(Method::Get, "/a/new/items/9"),
        Some((s("A.new_item"), vec![(s("item"), "9")]))
    );
    assert_eq!(h(Method::Get, "/a/7/items/9"), None);
    // A trailing extra segment, a missing one, a trailing `/`, an empty
    // segment, no leading `/`, another method: no match.
    for p in [
        "/a/42/x",
        "/a/42/edit/x",
        "/a/",
        "/a/42/",
        "//a",
        "/a//42",
        "a/42",
        "",
        "/b",
        "/A/42",
    ] {
        assert_eq!(h(Method::Get, p), None, "{p:?}");
    }
    for m in [Method::Post, Method::Put, Method::Patch, Method::Delete] {
        assert_eq!(h(m, "/a/42"), None);
        assert_eq!(h(m, "/a/new"), None);
    }
}

#[test]
fn parameter_names_come_from_the_route_that_matched() {
    // One shape, two methods, different parameter names: the trie shares the
    // node, each match names its own parameters.
    let mut a = resource("A", "/a");
    a.custom_routes = vec![
        custom(Method::Get, "/a/:x", "A.get"),
        custom(Method::Post, "/a/:y", "A.post"),
        custom(Method::Get, "/a/new/:p/z", "A.deep"),
        custom(Method::Get, "/a/:id/b/:w", "A.other"),
    ];
    let bytes = blob(vec![a]);
    let reg = Registry::from_bytes(&bytes).unwrap();
    let s = |x: &str| x.to_owned();
    assert_eq!(
        hit(&reg, Method::Get, "/a/5"),
        Some((s("A.get"), vec![(s("x"), "5")]))
    );
    assert_eq!(
        hit(&reg, Method::Post, "/a/5"),
        Some((s("A.post"), vec![(s("y"), "5")]))
    );
    // The static branch binds `:p = b` then fails on `q`; backing off, the
    // values are those of the route that matched.
    assert_eq!(
        hit(&reg, Method::Get, "/a/new/b/q"),
        Some((s("A.other"), vec![(s("id"), "new"), (s("w"), "q")]))
    );
    assert_eq!(
        hit(&reg, Method::Get, "/a/new/b/z"),
        Some((s("A.deep"), vec![(s("p"), "b")]))
    );
    // A query string or fragment is not part of the path.
    assert_eq!(
        hit(&reg, Method::Get, "/a/5?x=1"),
        Some((s("A.get"), vec![(s("x"), "5")]))
    );
    assert_eq!(
        hit(&reg, Method::Get, "/a/5#top"),
        Some((s("A.get"), vec![(s("x"), "5")]))
    );
}

#[test]
fn parameter_values_are_borrowed_from_the_request_path() {
    let request = String::from("/users/alice/posts/2024-hello");
    // The values outlive the match: they borrow the request, not the match.
    let (user, id) = {
        let m = REGISTRY.match_route(Method::Get, &request).unwrap();
        assert_eq!(m.route().handler(), "Post.show");
        assert_eq!(m.route().path(), "/users/:user_id/posts/:id");
        assert_eq!(
            m.params().collect::<Vec<_>>(),
            [("user_id", "alice"), ("id", "2024-hello")]
        );
        assert_eq!(m.param("post_id"), None);
        (m.param("user_id").unwrap(), m.param("id").unwrap())
    };
    assert_eq!((user, id), ("alice", "2024-hello"));
    // The values point into `request`.
    let base = request.as_ptr() as usize;
    assert_eq!(user.as_ptr() as usize - base, "/users/".len());
    assert_eq!(id.as_ptr() as usize - base, "/users/alice/posts/".len());
}

#[test]
fn blog_rest_nested_and_custom_routes() {
    let rows: Vec<(&str, &str, &str)> = REGISTRY
        .routes()
        .map(|r| (r.method().as_str(), r.path(), r.handler()))
        .collect();
    assert_eq!(rows.len(), 28);
    let post: Vec<(&str, &str, &str)> = REGISTRY
        .routes_for_resource("Post")
        .unwrap()
        .map(|r| (r.method().as_str(), r.path(), r.handler()))
        .collect();
    assert_eq!(
        post,
        [
            ("GET", "/posts", "Post.list"),
            ("GET", "/posts/:id", "Post.show"),
            ("POST", "/posts", "Post.create"),
            ("PUT", "/posts/:id", "Post.update"),
            ("DELETE", "/posts/:id", "Post.delete"),
            ("GET", "/users/:user_id/posts", "Post.list"),
            ("GET", "/users/:user_id/posts/:id", "Post.show"),
            ("POST", "/users/:user_id/posts", "Post.create"),
            ("PUT", "/users/:user_id/posts/:id", "Post.update"),
            ("DELETE", "/users/:user_id/posts/:id", "Post.delete"),
            ("POST", "/posts/:id/publish", "Post.publish"),
        ]
    );
    let post_ref = REGISTRY.resource("Post").unwrap();
    assert!(
        post_ref
            .routes()
            .eq(REGISTRY.routes_for_resource("Post").unwrap())
    );
    assert!(REGISTRY.routes_for_resource("Nope").is_none());
    // Tag exposes list, show, create only.
    let tag: Vec<Option<Operation>> = REGISTRY
        .routes_for_resource("Tag")
        .unwrap()
        .map(|r| r.operation())
        .collect();
    assert_eq!(
        tag,
        [
            Some(Operation::List),
            Some(Operation::Show),
            Some(Operation::Create)
        ]
    );
    // Comment nested under Post.
    let comment: Vec<&str> = REGISTRY
        .routes_for_resource("Comment")
        .unwrap()
        .map(|r| r.path())
        .collect();
    assert!(comment.contains(&"/posts/:post_id/comments/:id"));
    assert!(comment.contains(&"/posts/:post_id/comments"));
    assert_eq!(comment.len(), 10);

    // Middleware per operation, also on the nested forms; the custom route's own.
    let mw = |m: Method, p: &str| -> Vec<&str> {
        REGISTRY
            .routes_by_path(p)
            .find(|r| r.method() == m)
            .unwrap()
            .middleware()
            .collect()
    };
    assert_eq!(
        mw(Method::Post, "/posts"),
        ["auth", "rate_limit(5/hour)", "log"]
    );
    assert_eq!(
        mw(Method::Post, "/users/:user_id/posts"),
        ["auth", "rate_limit(5/hour)", "log"]
    );
    assert_eq!(mw(Method::Get, "/posts"), ["cache(300)"]);
    assert!(mw(Method::Get, "/posts/:id").is_empty());
    assert_eq!(mw(Method::Post, "/posts/:id/publish"), ["auth"]);
    let publish = REGISTRY
        .routes_by_path("/posts/:id/publish")
        .next()
        .unwrap();
    assert_eq!(
        (publish.operation(), publish.action(), publish.resource()),
        (None, "publish", "Post")
    );
    assert!(publish.is_custom());
    assert!(publish.params().eq(["id"]));

    let methods: Vec<&str> = REGISTRY
        .routes_by_path("/posts/:id")
        .map(|r| r.method().as_str())
        .collect();
    assert_eq!(methods, ["GET", "PUT", "DELETE"]);
    assert_eq!(REGISTRY.routes_by_path("/posts/42").len(), 0);
    // DELETE: Comment and Post, plain and nested (User and Tag expose none).
    assert_eq!(REGISTRY.routes_by_method(Method::Delete).len(), 4);
    assert_eq!(REGISTRY.routes_by_method(Method::Patch).len(), 0);
    assert_eq!(REGISTRY.routes_by_method_str("dElEtE").unwrap().len(), 4);
    // POST: Comment and Post create (plain and nested), Post.publish, Tag, User.
    assert_eq!(REGISTRY.routes_by_method_str("post").unwrap().len(), 7);
    assert!(REGISTRY.routes_by_method_str("PUSH").is_none());
    let user_puts: Vec<&str> = REGISTRY
        .routes_for(Method::Put, "User")
        .unwrap()
        .map(|r| r.path())
        .collect();
    assert_eq!(user_puts, ["/users/:id"]);
    assert_eq!(
        REGISTRY.routes_for(Method::Delete, "User").unwrap().len(),
        0
    );
    assert!(REGISTRY.routes_for(Method::Get, "Nope").is_none());
    let user = REGISTRY.resource("User").unwrap();
    assert!(
        user.routes_by_method(Method::Put)
            .eq(REGISTRY.routes_for(Method::Put, "User").unwrap())
    );

    // Matching the blog's requests.
    let s = |x: &str| x.to_owned();
    assert_eq!(
        hit(&REGISTRY, Method::Get, "/posts/42"),
        Some((s("Post.show"), vec![(s("id"), "42")]))
    );
    assert_eq!(
        hit(&REGISTRY, Method::Post, "/posts/42/publish"),
        Some((s("Post.publish"), vec![(s("id"), "42")]))
    );
    assert_eq!(hit(&REGISTRY, Method::Get, "/posts/42/publish"), None);
    assert_eq!(
        hit(&REGISTRY, Method::Delete, "/posts/3/comments/4"),
        Some((
            s("Comment.delete"),
            vec![(s("post_id"), "3"), (s("id"), "4")]
        ))
    );
    assert_eq!(
        hit(&REGISTRY, Method::Post, "/users/7/posts"),
        Some((s("Post.create"), vec![(s("user_id"), "7")]))
    );
    assert_eq!(
        hit(&REGISTRY, Method::Delete, "/users/7"),
        None,
        "User has no delete"
    );
    assert_eq!(
        hit(&REGISTRY, Method::Put, "/tags/1"),
        None,
        "Tag has no update"
    );
    assert_eq!(
        hit(&REGISTRY, Method::Get, "/users/7/comments"),
        None,
        "Comment is nested under Post only"
    );
    assert_eq!(hit(&REGISTRY, Method::Get, "/posts/42/extra"), None);
}

#[test]
fn route_conflicts_are_rejected_at_build_time_naming_both() {
    let analysed = |routes: Vec<CustomRoute>, ops: Vec<Operation>| {
        let mut a = resource("A", "/a");
        a.operations = ops;
        a.custom_routes = routes;
        let mut schema = Schema {
            resources: vec![a],
            ..Default::default()
        };
        analyze::analyze(&mut schema).map_err(|e| match e {
            analyze::RouteError::Conflicts(c) => c,
            other => panic!("expected conflicts, got {other:?}"),
        })
    };
    let conflicts = analysed(
        vec![
            custom(Method::Get, "/a/:x", "A.one"),
            custom(Method::Get, "/a/:y", "A.two"),
        ],
        vec![],
    )
    .unwrap_err();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!(
        (c.first.path.as_str(), c.first.handler.as_str()),
        ("/a/:x", "A.one")
    );
    assert_eq!(
        (c.second.path.as_str(), c.second.handler.as_str()),
        ("/a/:y", "A.two")
    );
    assert_eq!(
        (c.first.method, c.second.method),
        (Method::Get, Method::Get)
    );

    // A custom route shadowing a REST one.
    let conflicts = analysed(
        vec![custom(Method::Put, "/a/:key", "A.replace")],
        vec![Operation::Update],
    )
    .unwrap_err();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].first.handler, "A.update");
    assert_eq!(conflicts[0].second.handler, "A.replace");

    // A static segment beside a parameter, or another method: fine.
    assert!(
        analysed(
            vec![custom(Method::Get, "/a/new", "A.new_form")],
            vec![Operation::Show]
        )
        .is_ok()
    );
    assert!(
        analysed(
            vec![
                custom(Method::Get, "/a/:x", "A.one"),
                custom(Method::Post, "/a/:y", "A.two")
            ],
            vec![]
        )
        .is_ok()
    );
    assert!(
        analysed(
            vec![
                custom(Method::Get, "/a/:x/b", "A.one"),
                custom(Method::Get, "/a/:y/c", "A.two")
            ],
            vec![]
        )
        .is_ok()
    );
}

/// `MAX_PARAMS` (16) is documented as enforced by the build step: a route
/// with more parameters must either be rejected at build time or match.
#[test]

fn a_route_with_more_parameters_than_max_params_is_rejected_or_matches() {
    let n = conduit::MAX_PARAMS + 1;
    let path: String = (0..n).map(|i| format!("/:p{i}")).collect();
    let request: String = (0..n).map(|i| format!("/{i}")).collect();
    let checked = conduit_codegen::check::route_path(&path);
    let mut a = resource("A", "/a");
    a.custom_routes = vec![custom(Method::Get, &path, "A.deep")];
    let bytes = blob(vec![a]);
    let reg = Registry::from_bytes(&bytes).unwrap();
    let matched = reg
        .match_route(Method::Get, &request)
        .map(|m| m.params().count());
    assert!(
        checked.is_err() || matched == Some(n),
        "route_path accepted {n} parameters ({checked:?}) but match_route gives {matched:?}"
    );
}

// ---------------------------------------------------------------------------
// Patterns on the blog
// ---------------------------------------------------------------------------

#[test]
fn blog_patterns() {
    let got: Vec<(&str, PatternCategory, u32)> = REGISTRY
        .patterns()
        .map(|p| (p.name(), p.category(), p.frequency()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "authenticated_logged_handler",
                PatternCategory::Authentication,
                5
            ),
            ("min_validation", PatternCategory::Validation, 5),
            ("max_validation", PatternCategory::Validation, 4),
        ]
    );
    let auth = REGISTRY.pattern("authenticated_logged_handler").unwrap();
    assert!(auth.examples().eq([
        "Comment.delete",
        "Post.update",
        "Post.delete",
        "Tag.create",
        "User.update"
    ]));
    assert!((auth.confidence() - 0.5).abs() < 1e-6);
    let max = REGISTRY.pattern("max_validation").unwrap();
    assert!((max.confidence() - 0.4).abs() < 1e-6);
    let validation: Vec<&str> = REGISTRY
        .patterns_by_category(PatternCategory::Validation)
        .map(|p| p.name())
        .collect();
    assert_eq!(validation, ["min_validation", "max_validation"]);
    assert_eq!(
        REGISTRY
            .patterns_by_category(PatternCategory::Caching)
            .len(),
        0
    );
    // Category names parse in any case; an unknown one is an error.
    assert_eq!(
        "Validation".parse::<PatternCategory>(),
        Ok(PatternCategory::Validation)
    );
    assert!("validations".parse::<PatternCategory>().is_err());
    assert!(
        REGISTRY.pattern("cached_handler").is_none(),
        "cache(300) and cache(60) are different chains used once"
    );
    let ids: BTreeSet<&str> = REGISTRY.patterns().map(|p| p.id()).collect();
    assert_eq!(ids.len(), 3);
}

// ---------------------------------------------------------------------------
// No query allocates
// ---------------------------------------------------------------------------

#[test]
fn the_counter_sees_allocations() {
    assert!(allocations(|| drop(black_box(vec![1u8; 16]))) >= 1);
}

#[test]
fn route_queries_do_not_allocate() {
    let n = allocations(|| {
        for r in REGISTRY.routes() {
            black_box((
                r.method(),
                r.path(),
                r.handler(),
                r.resource(),
                r.operation(),
            ));
            r.middleware().chain(r.params()).for_each(|s| {
                black_box(s);
            });
            black_box(r.resource_ref());
        }
        for m in Method::ALL.iter().copied() {
            REGISTRY.routes_by_method(black_box(m)).for_each(|r| {
                black_box(r.path());
            });
            for name in ["Post", "User", "Comment", "Tag", "Nope"] {
                REGISTRY
                    .routes_for(m, black_box(name))
                    .into_iter()
                    .flatten()
                    .for_each(|r| {
                        black_box(r.handler());
                    });
            }
        }
        for s in ["get", "GET", "Post", "dElEtE", "patch", "put", "FETCH", ""] {
            black_box(REGISTRY.routes_by_method_str(black_box(s)).map(|r| r.len()));
        }
        for name in ["Post", "User", "Comment", "Tag", "Nope"] {
            REGISTRY
                .routes_for_resource(black_box(name))
                .into_iter()
                .flatten()
                .for_each(|r| {
                    black_box(r.path());
                });
            if let Some(r) = REGISTRY.resource(name) {
                r.routes().for_each(|r| {
                    black_box(r.path());
                });
            }
        }
        for p in [
            "/posts",
            "/posts/:id",
            "/posts/:id/publish",
            "/users/:user_id/posts/:id",
            "/nope",
        ] {
            REGISTRY.routes_by_path(black_box(p)).for_each(|r| {
                black_box(r.method());
            });
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn match_route_does_not_allocate() {
    let requests = [
        (Method::Get, "/posts/42"),
        (Method::Post, "/posts/42/publish"),
        (Method::Get, "/users/7/posts/9"),
        (Method::Delete, "/posts/3/comments/4"),
        (Method::Get, "/posts/42/extra"),
        (Method::Get, "/posts/"),
        (Method::Patch, "/posts/1"),
        (Method::Get, "/posts/42?x=1"),
        (Method::Get, ""),
        (Method::Get, "/"),
    ];
    let n = allocations(|| {
        for (m, p) in requests {
            if let Some(hit) = REGISTRY.match_route(black_box(m), black_box(p)) {
                black_box(hit.route().handler());
                hit.params().for_each(|kv| {
                    black_box(kv);
                });
                black_box(hit.param("id"));
            }
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn pattern_queries_do_not_allocate() {
    let n = allocations(|| {
        for p in REGISTRY.patterns() {
            black_box((
                p.id(),
                p.name(),
                p.category(),
                p.description(),
                p.template(),
            ));
            black_box((p.frequency(), p.confidence()));
            p.examples().for_each(|e| {
                black_box(e);
            });
        }
        for c in PatternCategory::ALL.iter().copied() {
            REGISTRY.patterns_by_category(black_box(c)).for_each(|p| {
                black_box(p.name());
            });
        }
        for name in ["authenticated_logged_handler", "min_validation", "nope"] {
            black_box(REGISTRY.pattern(black_box(name)));
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn dependency_queries_do_not_allocate() {
    let queries = [
        DepQuery::new(),
        DepQuery::new().depth(1),
        DepQuery::new().depth(2),
        DepQuery::new().reverse(),
        DepQuery::new().reverse().depth(1),
        // Kind-filtered: walks of the adjacency arrays.
        DepQuery::new().kinds([BelongsTo]),
        DepQuery::new().kinds([HasMany, HasManyThrough]).depth(2),
        DepQuery::new().kinds([Uses, Calls]),
        DepQuery::new().reverse().kinds([BelongsTo, HasMany]),
        DepQuery::new().reverse().kinds([HasManyThrough]).depth(1),
    ];
    // Build the filters (an iterator argument) outside the counted region.
    // The documented exception: a walked (kind-filtered) answer of more than
    // `Deps::INLINE` ids is one boxed slice, so exactly one allocation.
    let mut walked_inline = 0;
    for name in ["Comment", "Post", "Tag", "User"] {
        for q in queries {
            let mut boxed = false;
            let filtered = !EdgeKind::ALL.iter().all(|k| q.follows(*k));
            let n = allocations(|| {
                let deps = REGISTRY
                    .dependencies(black_box(name), black_box(q))
                    .unwrap();
                black_box(deps.len());
                for node in deps.nodes() {
                    black_box((node.name(), node.kind()));
                }
                for e in deps.edges() {
                    black_box((e.from().name(), e.to().name(), e.kind(), e.weight()));
                }
                boxed = deps.is_allocated();
                if filtered {
                    let ids = deps.len() + deps.edges().len();
                    assert_eq!(boxed, ids > Deps::INLINE, "{name} {q:?}");
                } else {
                    assert!(!boxed, "{name} {q:?}: a plan answer allocated");
                }
            });
            assert_eq!(n, usize::from(boxed), "{name} {q:?}");
            walked_inline += usize::from(filtered && !boxed);
        }
    }
    assert!(walked_inline > 0, "some walked answers fit inline");
    let n = allocations(|| {
        black_box(
            REGISTRY
                .dependencies(black_box("Nope"), DepQuery::new())
                .is_none(),
        );
        black_box(
            REGISTRY
                .dependencies(black_box("Nope"), DepQuery::new().kinds([Uses]))
                .is_none(),
        );
    });
    assert_eq!(n, 0);
}

#[test]
fn cycles_and_fields_by_type_do_not_allocate() {
    let n = allocations(|| {
        black_box(REGISTRY.cycles().is_complete());
        for c in REGISTRY.cycles() {
            black_box(c.len());
            for node in c.nodes() {
                black_box((node.name(), node.kind()));
            }
        }
        for t in ["int", "string", "text", "timestamp", "bool", "nope"] {
            for (r, f) in REGISTRY.fields_by_type(black_box(t)) {
                black_box((r.name(), f.name()));
            }
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn long_cycles_sharing_a_prefix_read_back_whole() {
    // Cycles found depth first share long prefixes; the blob stores each
    // shared prefix once (`conduit_format::cycles`), and reads them back whole.
    let nodes: Vec<conduit_format::tables::Node> = (0..300)
        .map(|i| conduit_format::tables::Node {
            name: format!("N{i:03}"),
            kind: NodeKind::Function,
        })
        .collect();
    let long: Vec<u32> = (0..200).collect();
    let sharing: Vec<u32> = (0..190).chain(250..260).collect();
    let other: Vec<u32> = vec![5, 7, 9];
    let cycles = vec![long, sharing, other];
    let schema = Schema {
        graph: conduit_format::tables::Graph {
            nodes,
            out_start: vec![0; 301],
            in_start: vec![0; 301],
            cycles: cycles.clone(),
            cycles_complete: true,
            ..Default::default()
        },
        ..Schema::default()
    };
    let blob = conduit_testkit::encode(&schema);
    let reg = Registry::from_bytes(&blob).unwrap();
    let read: Vec<Vec<String>> = reg
        .cycles()
        .map(|c| c.nodes().map(|n| n.name().to_owned()).collect())
        .collect();
    let expected: Vec<Vec<String>> = cycles
        .iter()
        .map(|c| c.iter().map(|i| format!("N{i:03}")).collect())
        .collect();
    assert_eq!(read, expected);
    assert_eq!(
        reg.cycles().map(|c| c.len()).collect::<Vec<_>>(),
        [200, 200, 3]
    );
}
