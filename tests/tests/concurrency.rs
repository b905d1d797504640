//! Queries from many threads at once: eight scoped threads run about two
//! million queries on the blog's registry, and every answer must equal the
//! one computed on a single thread beforehand. The query path takes no lock,
//! so the threads never wait for one another.

use blog::REGISTRY;
use blog::models::{Comment, Post, Tag, User};
use conduit::{
    ComputedRef, ConstraintRef, DepQuery, EdgeKind, FieldRef, HookRef, Location, Method, Operation,
    Registry, RelationshipRef, Resource, ResourceRef, RouteRef, ScopeRef, ValidationRef,
};
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const THREADS: usize = 8;
const QUERIES_PER_THREAD: usize = 250_000;

/// Names looked up: the blog's resources, near misses and nonsense.
const NAMES: &[&str] = &[
    "Post", "User", "Comment", "Tag", "post", "Posts", "", "Missing", "Pos", "PostX", "Ä",
];

/// What one query answered, by value: views (compared by the record they
/// read), strings (compared by content *and* address, since every answer is
/// read in place from the same static bytes), counts, and a hash of
/// everything else the query read.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Answer<'a> {
    resource: Option<ResourceRef<'a>>,
    field: Option<FieldRef<'a>>,
    relationship: Option<RelationshipRef<'a>>,
    route: Option<RouteRef<'a>>,
    text: Option<&'a str>,
    text_addr: usize,
    count: usize,
    hash: u64,
}

impl<'a> Answer<'a> {
    fn new() -> Self {
        Answer {
            resource: None,
            field: None,
            relationship: None,
            route: None,
            text: None,
            text_addr: 0,
            count: 0,
            hash: 0,
        }
    }

    fn text(mut self, s: &'a str) -> Self {
        self.text = Some(s);
        self.text_addr = s.as_ptr().addr();
        self
    }
}

/// A cheap running hash of what a query read (one multiply per word, so
/// that millions of queries stay fast in a debug build). A string is hashed
/// by address, length and its first and last bytes: every answer is read in
/// place from the same static bytes, so equal answers are the very same
/// bytes, and `Answer::text` compares some strings in full.
#[derive(Clone, Copy)]
struct Mix(u64);

impl Mix {
    fn new() -> Self {
        Mix(0xcbf2_9ce4_8422_2325)
    }

    fn u64(self, v: u64) -> Self {
        Mix((self.0 ^ v)
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29))
    }

    fn bool(self, v: bool) -> Self {
        self.u64(u64::from(v) + 2)
    }

    fn s(self, s: &str) -> Self {
        let b = s.as_bytes();
        self.u64(s.as_ptr().addr() as u64).u64(b.len() as u64).u64(
            u64::from(b.first().copied().unwrap_or(0)) << 8
                | u64::from(b.last().copied().unwrap_or(0)),
        )
    }

    fn finish(self) -> u64 {
        self.0
    }
}

fn loc(h: Mix, l: Location<'_>) -> Mix {
    h.s(l.file())
        .u64(u64::from(l.line()))
        .u64(u64::from(l.column()))
}

fn strs<'a>(h: Mix, it: impl Iterator<Item = &'a str>) -> Mix {
    it.fold(h, |h, s| h.s(s))
}

fn opt(h: Mix, s: Option<&str>) -> Mix {
    match s {
        Some(s) => h.bool(true).s(s),
        None => h.bool(false),
    }
}

fn field_hash(h: Mix, f: FieldRef<'_>) -> Mix {
    let h = h
        .s(f.name())
        .s(f.ty())
        .s(f.rust_type())
        .bool(f.nullable())
        .bool(f.primary())
        .bool(f.unique())
        .bool(f.index())
        .bool(f.auto())
        .bool(f.auto_update())
        .s(f.docs());
    let h = opt(h, f.default_value());
    let h = strs(h, f.constraints());
    loc(strs(h, f.tags()), f.location())
}

fn relationship_hash(h: Mix, r: RelationshipRef<'_>) -> Mix {
    let h = h.s(r.name()).s(r.kind().as_str()).s(r.target());
    let h = opt(opt(h, r.foreign_key()), r.through());
    let h = opt(
        opt(h, r.on_delete().map(|a| a.as_str())),
        r.on_update().map(|a| a.as_str()),
    );
    let h = opt(h, r.target_resource().map(|t| t.name()));
    loc(h, r.location())
}

fn hook_hash(h: Mix, k: HookRef<'_>) -> Mix {
    let h = h
        .s(k.kind().as_str())
        .s(k.function())
        .bool(k.transaction())
        .bool(k.is_async());
    let h = opt(h, k.source());
    let h = match k.source_location() {
        Some(l) => loc(h.bool(true), l),
        None => h.bool(false),
    };
    loc(strs(h, k.calls()), k.location())
}

fn extras_hash(mut h: Mix, r: ResourceRef<'_>) -> Mix {
    for v in r.validations() {
        let v: ValidationRef<'_> = v;
        h = loc(
            opt(
                opt(h.s(v.field()).s(v.kind().as_str()), v.value()),
                v.message(),
            ),
            v.location(),
        );
    }
    for c in r.constraints() {
        let c: ConstraintRef<'_> = c;
        h = strs(h.s(c.name()), c.operations().map(Operation::as_str));
        h = loc(h.s(c.condition()).s(c.error()), c.location());
    }
    for s in r.scopes() {
        let s: ScopeRef<'_> = s;
        h = loc(h.s(s.name()).s(s.query()), s.location());
    }
    for c in r.computed_fields() {
        let c: ComputedRef<'_> = c;
        h = loc(h.s(c.name()).s(c.ty()).s(c.expr()), c.location());
    }
    for route in r.custom_routes() {
        let route: RouteRef<'_> = route;
        h = h
            .s(route.method().as_str())
            .s(route.path())
            .s(route.handler());
        h = loc(strs(h, route.middleware()), route.location());
    }
    for op in Operation::ALL {
        h = strs(h.s(op.as_str()), r.middleware(*op));
    }
    strs(h, r.operations().map(Operation::as_str))
}

/// Request paths matched against the routes (some match, some do not).
const REQUESTS: &[(Method, &str)] = &[
    (Method::Get, "/posts"),
    (Method::Get, "/posts/42"),
    (Method::Post, "/posts/42/publish"),
    (Method::Delete, "/comments/7"),
    (Method::Put, "/users/1"),
    (Method::Get, "/users/1/posts"),
    (Method::Get, "/nope"),
    (Method::Patch, "/posts/1?draft=1"),
    (Method::Get, "/"),
    (Method::Get, "/posts/1/2/3"),
];

/// The number of query kinds `query` knows.
const KINDS: usize = 13;

/// Query number `q`: kind `q % KINDS` on name `(q / KINDS) % NAMES.len()`.
fn query<'a>(reg: &Registry<'a>, q: usize) -> Answer<'a> {
    let name = NAMES[(q / KINDS) % NAMES.len()];
    let mut a = Answer::new();
    match q % KINDS {
        // Lookup by name.
        0 => {
            a.resource = reg.resource(name);
            if let Some(r) = a.resource {
                a = a.text(r.table());
            }
        }
        // The list of resources.
        1 => {
            let mut h = Mix::new();
            for r in reg.resources() {
                h = h.s(r.name()).s(r.path());
                a.count += 1;
            }
            a.resource = reg.resources().next_back();
            a.hash = h.u64(reg.len() as u64).s(reg.version()).finish();
        }
        // Every field of a resource, and a lookup of one.
        2 => {
            if let Some(r) = reg.resource(name) {
                let mut h = Mix::new();
                for f in r.fields() {
                    h = field_hash(h, f);
                    a.count += 1;
                }
                a.hash = h.finish();
                a.field = r.field("id");
                a.resource = Some(r);
            }
        }
        // Every relationship, following its target.
        3 => {
            if let Some(r) = reg.resource(name) {
                let mut h = Mix::new();
                for rel in r.relationships() {
                    h = relationship_hash(h, rel);
                    a.count += 1;
                    a.relationship = Some(rel);
                    if let Some(t) = rel.target_resource() {
                        a.resource = Some(t);
                    }
                }
                a.hash = h.finish();
            }
        }
        // Every hook.
        4 => {
            if let Some(r) = reg.resource(name) {
                let mut h = Mix::new();
                for k in r.hooks() {
                    h = hook_hash(h, k);
                    a.count += 1;
                    a = a.text(k.function());
                }
                a.hash = h.finish();
            }
        }
        // Validations, constraints, scopes, computed fields, routes,
        // middleware, operations.
        5 => {
            if let Some(r) = reg.resource(name) {
                a.hash = extras_hash(Mix::new(), r).finish();
                a.count = r.validations().len() + r.constraints().len() + r.scopes().len();
                a.resource = Some(r);
            }
        }
        // Resource-level attributes and location.
        6 => {
            if let Some(r) = reg.resource(name) {
                let h = Mix::new()
                    .s(r.name())
                    .s(r.rust_path())
                    .s(r.table())
                    .s(r.path())
                    .s(r.docs());
                a.hash = loc(opt(h, r.nested_under()), r.location()).finish();
                a = a.text(r.rust_path());
            }
        }
        // A field by name, iterated from both ends.
        7 => {
            if let Some(r) = reg.resource(name) {
                a.field = r.fields().next_back();
                a.count = r.fields().rev().count();
                if let Some(f) = r.fields().nth(1) {
                    a = a.text(f.name());
                    a.field = r.field(f.name());
                }
                a.relationship = r.relationship("author");
            }
        }
        // Everything about one resource or, for one name in eleven, about
        // the whole registry (the heaviest query).
        8 => {
            let mut h = Mix::new().u64(reg.source_hash());
            let whole = name == NAMES[0];
            for r in reg.resources().filter(|r| whole || r.name() == name) {
                h = r.fields().fold(h, field_hash);
                h = r.relationships().fold(h, relationship_hash);
                h = r.hooks().fold(h, hook_hash);
                h = extras_hash(h, r);
                a.count += 1;
            }
            a.hash = h.finish();
        }
        // Route matching on concrete request paths.
        9 => {
            let (method, path) = REQUESTS[(q / KINDS) % REQUESTS.len()];
            if let Some(m) = reg.match_route(method, path) {
                a.route = Some(m.route());
                a.count = m.params().count();
                a.hash = m
                    .params()
                    .fold(Mix::new(), |h, (k, v)| h.s(k).s(v))
                    .finish();
                if let Some(id) = m.param("id") {
                    a = a.text(id);
                }
            }
        }
        // Dependencies of a resource, forward, reverse and by kind.
        10 => {
            let query = [
                DepQuery::new(),
                DepQuery::new().reverse(),
                DepQuery::new().depth(1),
                DepQuery::new().kinds([EdgeKind::BelongsTo, EdgeKind::HasMany]),
            ][q / KINDS % 4];
            if let Some(deps) = reg.dependencies(name, query) {
                let h = deps
                    .nodes()
                    .fold(Mix::new(), |h, n| h.s(n.name()).s(n.kind().as_str()));
                let h = deps.edges().fold(h, |h, e| {
                    h.s(e.from().name())
                        .s(e.to().name())
                        .s(e.kind().as_str())
                        .u64(e.weight().into())
                });
                a.hash = h.finish();
                a.count = deps.len();
            }
        }
        // The route tables, patterns, cycles or fields by type.
        11 => {
            let method = Method::ALL[q / KINDS % Method::ALL.len()];
            let mut h = Mix::new();
            match q / KINDS % 4 {
                0 => {
                    for r in reg.routes_by_method(method) {
                        h = h.s(r.path()).s(r.handler());
                        a.route = Some(r);
                    }
                    h = reg
                        .routes_for(method, name)
                        .into_iter()
                        .flatten()
                        .fold(h, |h, r| h.s(r.path()));
                    h = reg
                        .routes_for_resource(name)
                        .into_iter()
                        .flatten()
                        .fold(h, |h, r| h.s(r.action()));
                }
                1 => {
                    for p in reg.patterns() {
                        h = h
                            .s(p.id())
                            .s(p.category().as_str())
                            .u64(p.frequency().into());
                    }
                }
                2 => {
                    for c in reg.cycles() {
                        h = c.nodes().fold(h.u64(c.len() as u64), |h, n| h.s(n.name()));
                    }
                }
                _ => {
                    h = reg
                        .fields_by_type("string")
                        .fold(h, |h, (r, f)| h.s(r.name()).s(f.name()));
                }
            }
            a.count = reg.routes().len();
            a.hash = h.finish();
        }
        // Typed access is answered in `typed`: here, its lookup equivalent.
        _ => {
            a.resource = reg.resource(["Post", "User", "Comment", "Tag"][q / KINDS % 4]);
        }
    }
    a
}

/// `<T as Resource>::meta()` for the query's type, as the last kind of
/// `query` answers it by name.
fn typed(q: usize) -> Answer<'static> {
    let mut a = Answer::new();
    a.resource = Some(match q / KINDS % 4 {
        0 => Post::meta(),
        1 => User::meta(),
        2 => Comment::meta(),
        _ => Tag::meta(),
    });
    a
}

/// The number of distinct queries (every kind on every name).
const DISTINCT: usize = KINDS * NAMES.len() * 4;

/// Runs `QUERIES_PER_THREAD` queries on each of `THREADS` threads, all at
/// once, checking each answer against `expected`. Returns the mismatches.
fn hammer<'a>(
    reg: &Registry<'a>,
    expected: &[Answer<'a>],
    typed_queries: bool,
    per_thread: usize,
) -> Vec<String> {
    let start = Barrier::new(THREADS);
    let done = AtomicUsize::new(0);
    let mut mismatches = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (start, done) = (&start, &done);
                s.spawn(move || {
                    let mut wrong = Vec::new();
                    start.wait();
                    // Each thread walks the queries in its own order.
                    let stride = [1, 7, 11, 13, 17, 19, 23, 29][t % 8];
                    for i in 0..per_thread {
                        let q = (t * 31 + i * stride) % DISTINCT;
                        let answer = if typed_queries && q % KINDS == KINDS - 1 {
                            typed(q)
                        } else {
                            query(reg, q)
                        };
                        if answer != expected[q] && wrong.len() < 10 {
                            wrong.push(format!(
                                "thread {t}, query {q}: got {answer:?}, expected {:?}",
                                expected[q]
                            ));
                        }
                    }
                    done.fetch_add(per_thread, Ordering::Relaxed);
                    wrong
                })
            })
            .collect();
        for h in handles {
            mismatches.extend(h.join().expect("no query panics"));
        }
    });
    assert_eq!(done.into_inner(), THREADS * per_thread);
    mismatches
}

#[test]
fn eight_threads_two_million_queries_all_agree() {
    // The reference answers, on this thread alone.
    let expected: Vec<Answer<'static>> = (0..DISTINCT).map(|q| query(&REGISTRY, q)).collect();
    // The reference is not trivial: lookups find, walks count.
    assert!(expected.iter().any(|a| a.resource.is_some()));
    assert!(expected.iter().any(|a| a.resource.is_none()));
    assert!(expected.iter().filter(|a| a.count > 5).count() > 10);
    assert!(
        expected.iter().filter(|a| a.route.is_some()).count() > 10,
        "routes match"
    );
    for q in (KINDS - 1..DISTINCT).step_by(KINDS) {
        assert_eq!(typed(q), expected[q], "meta() is the record lookup finds");
    }

    let started = Instant::now();
    let mismatches = hammer(&REGISTRY, &expected, true, QUERIES_PER_THREAD);
    let elapsed = started.elapsed();
    println!(
        "{} queries on {THREADS} threads in {elapsed:.2?}",
        THREADS * QUERIES_PER_THREAD
    );
    assert!(
        mismatches.is_empty(),
        "answers differ across threads:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn a_registry_loaded_at_run_time_is_shared_the_same_way() {
    let bytes = conduit::AlignedBytes::from_slice(&blog::__conduit_registry::BLOB.0);
    let reg = Registry::from_bytes(&bytes).expect("the blog's blob loads");
    let expected: Vec<Answer<'_>> = (0..DISTINCT).map(|q| query(&reg, q)).collect();
    let mismatches = hammer(&reg, &expected, false, QUERIES_PER_THREAD / 10);
    assert!(
        mismatches.is_empty(),
        "answers differ across threads:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn handles_are_send_sync_and_copy() {
    fn shareable<T: Send + Sync + Copy + 'static>() {}
    shareable::<Registry<'static>>();
    shareable::<ResourceRef<'static>>();
    shareable::<FieldRef<'static>>();
    shareable::<RelationshipRef<'static>>();
    shareable::<HookRef<'static>>();
    shareable::<ValidationRef<'static>>();
    shareable::<ConstraintRef<'static>>();
    shareable::<ScopeRef<'static>>();
    shareable::<ComputedRef<'static>>();
    shareable::<RouteRef<'static>>();
    shareable::<conduit::PatternRef<'static>>();
    shareable::<conduit::NodeRef<'static>>();
    shareable::<conduit::EdgeRef<'static>>();
    shareable::<conduit::RouteMatch<'static, 'static>>();
    shareable::<Location<'static>>();
}
