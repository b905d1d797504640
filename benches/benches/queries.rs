//! Every query of the reference's benchmark suite, for conduit and both
//! baselines in the same run: `<Group>/<Query>/<implementation>/<fixture>`.
//!
//! The headline fixture is `rich50`; the reference's own shapes run beside
//! it (`api_bench` for the query benchmarks, `large50` for start-up,
//! `patterns50` for patterns, `chain50` for deep dependency queries).
//!
//! ```console
//! $ cargo bench -p conduit-benches --bench queries
//! $ cargo bench -p conduit-benches --bench queries -- 'RouteQueries/ByMethod'
//! ```

use conduit::{DepQuery, EdgeKind, Method, Registry};
use conduit_benches::fixtures::{self, Fixture};
use conduit_benches::idiomatic::{self, Idiomatic};
use conduit_benches::reference::{DependencyOptions, ReferenceRegistry, RouteFilter};
use conduit_benches::router::MatchitRouter;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::LazyLock;
use std::time::Duration;

/// The idiomatic baseline's statics: parsed on first access.
static IDIOMATIC_RICH50: LazyLock<Idiomatic> = LazyLock::new(|| idiomatic_of(fixtures::rich50()));
static IDIOMATIC_API_BENCH: LazyLock<Idiomatic> =
    LazyLock::new(|| idiomatic_of(fixtures::api_bench()));
static IDIOMATIC_PATTERNS50: LazyLock<Idiomatic> =
    LazyLock::new(|| idiomatic_of(fixtures::patterns50()));
static IDIOMATIC_CHAIN50: LazyLock<Idiomatic> = LazyLock::new(|| idiomatic_of(fixtures::chain50()));

fn idiomatic_of(f: Fixture) -> Idiomatic {
    Idiomatic::from_json(f.json).expect("the fixture's JSON parses")
}

/// One fixture under test, with the resource the queries start from.
struct Case {
    fixture: Fixture,
    start: &'static str,
    idiomatic: &'static LazyLock<Idiomatic>,
    reference: ReferenceRegistry,
}

impl Case {
    fn new(fixture: Fixture, start: &'static str, idiomatic: &'static LazyLock<Idiomatic>) -> Case {
        LazyLock::force(idiomatic);
        Case {
            fixture,
            start,
            idiomatic,
            reference: ReferenceRegistry::register(fixture.json).expect("the JSON parses"),
        }
    }

    fn reg(&self) -> &'static Registry<'static> {
        self.fixture.registry
    }
}

fn cases() -> [Case; 2] {
    [
        Case::new(fixtures::rich50(), "Resource25", &IDIOMATIC_RICH50),
        Case::new(fixtures::api_bench(), "Post", &IDIOMATIC_API_BENCH),
    ]
}

fn registry_init(c: &mut Criterion) {
    let mut g = c.benchmark_group("RegistryInit");
    for f in [fixtures::rich50(), fixtures::large50()] {
        let reg = f.registry;
        // conduit has no start-up work: the first query is like any other.
        g.bench_function(BenchmarkId::new("conduit", f.name), |b| {
            b.iter(|| black_box(black_box(reg).resource(black_box("Resource0"))).is_some())
        });
        g.bench_function(BenchmarkId::new("idiomatic", f.name), |b| {
            b.iter_with_large_drop(|| Idiomatic::from_json(black_box(f.json)).expect("parses"))
        });
        g.bench_function(BenchmarkId::new("reference", f.name), |b| {
            b.iter_with_large_drop(|| {
                ReferenceRegistry::register(black_box(f.json)).expect("parses")
            })
        });
    }
    g.finish();
}

fn simple_queries(c: &mut Criterion) {
    for case in cases() {
        let (reg, idio, refr, name, start) = (
            case.reg(),
            case.idiomatic,
            &case.reference,
            case.fixture.name,
            case.start,
        );
        let mut g = c.benchmark_group("SimpleQueries/Resource");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(reg.resource(black_box(start))))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(idio.resource(black_box(start))))
        });
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.resource(black_box(start))))
        });
        g.finish();

        let mut g = c.benchmark_group("SimpleQueries/Resources");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(black_box(reg).resources()))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(black_box(idio).resources()))
        });
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.resources()))
        });
        g.finish();

        // The whole schema: conduit's registry handle is the schema.
        let mut g = c.benchmark_group("SimpleQueries/GetSchema");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(*black_box(reg)))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(black_box(idio).schema()))
        });
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.get_schema()))
        });
        g.finish();
    }
}

fn route_queries(c: &mut Criterion) {
    for case in cases() {
        let (reg, idio, refr, name, start) = (
            case.reg(),
            case.idiomatic,
            &case.reference,
            case.fixture.name,
            case.start,
        );
        let filter = |method: &str, resource: &str| RouteFilter {
            method: method.into(),
            resource: resource.into(),
            ..RouteFilter::default()
        };

        let mut g = c.benchmark_group("RouteQueries/AllRoutes");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(black_box(reg).routes()))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(black_box(idio).routes()))
        });
        let all = filter("", "");
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.routes(black_box(&all))))
        });
        g.finish();

        let mut g = c.benchmark_group("RouteQueries/ByMethod");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(reg.routes_by_method(black_box(Method::Get))))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(idio.routes_by_method(black_box(idiomatic::Method::Get))))
        });
        let get = filter("GET", "");
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.routes(black_box(&get))))
        });
        g.finish();

        let mut g = c.benchmark_group("RouteQueries/ByResource");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(reg.routes_for_resource(black_box(start))))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(idio.routes_for_resource(black_box(start))))
        });
        let by_resource = filter("", start);
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.routes(black_box(&by_resource))))
        });
        g.finish();

        let mut g = c.benchmark_group("RouteQueries/ByMethodResource");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(reg.routes_for(black_box(Method::Get), black_box(start))))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| {
                black_box(idio.routes_for(black_box(idiomatic::Method::Get), black_box(start)))
            })
        });
        let both = filter("GET", start);
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.routes(black_box(&both))))
        });
        g.finish();
    }
}

fn route_match(c: &mut Criterion) {
    for case in cases() {
        let (reg, idio, refr, name) = (
            case.reg(),
            case.idiomatic,
            &case.reference,
            case.fixture.name,
        );
        let route = reg
            .resource(case.start)
            .and_then(|r| {
                r.routes()
                    .find(|r| r.operation() == Some(conduit::Operation::Show))
            })
            .expect("the start resource has a show route");
        let path = route.path().replace(":id", "42");
        let path = path.as_str();
        let router = MatchitRouter::new(&idio.meta).expect("matchit accepts the routes");
        let mut g = c.benchmark_group("RouteMatch");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(reg.match_route(black_box(Method::Get), black_box(path))))
        });
        g.bench_function(BenchmarkId::new("matchit", name), |b| {
            b.iter(|| black_box(router.at(black_box(idiomatic::Method::Get), black_box(path))))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| {
                black_box(idio.match_route(black_box(idiomatic::Method::Get), black_box(path)))
            })
        });
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.match_route(black_box("GET"), black_box(path))))
        });
        g.finish();
    }
}

fn pattern_queries(c: &mut Criterion) {
    let cases = [
        Case::new(fixtures::rich50(), "Resource25", &IDIOMATIC_RICH50),
        Case::new(fixtures::patterns50(), "ResourceA", &IDIOMATIC_PATTERNS50),
    ];
    for case in cases {
        let (reg, idio, refr, name) = (
            case.reg(),
            case.idiomatic,
            &case.reference,
            case.fixture.name,
        );
        let mut g = c.benchmark_group("PatternQueries/AllPatterns");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| black_box(black_box(reg).patterns()))
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(black_box(idio).patterns()))
        });
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.patterns(black_box(""))))
        });
        g.finish();

        let category = "authentication";
        let mut g = c.benchmark_group("PatternQueries/ByCategory");
        g.bench_function(BenchmarkId::new("conduit", name), |b| {
            b.iter(|| {
                black_box(
                    reg.patterns_by_category(black_box(conduit::PatternCategory::Authentication)),
                )
            })
        });
        g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
            b.iter(|| black_box(idio.patterns_by_category(black_box(category))))
        });
        g.bench_function(BenchmarkId::new("reference", name), |b| {
            b.iter(|| black_box(refr.patterns(black_box(category))))
        });
        g.finish();
    }
}

/// (benchmark name, conduit query, idiomatic query, reference options)
fn dependency_queries_list() -> Vec<(
    &'static str,
    DepQuery,
    idiomatic::DepQuery,
    DependencyOptions,
)> {
    let idq = |depth, reverse| idiomatic::DepQuery {
        depth,
        reverse,
        kinds: 0,
    };
    let opts = |depth, reverse, types: &[&str]| DependencyOptions {
        depth,
        reverse,
        types: types.iter().map(|s| (*s).to_owned()).collect(),
    };
    vec![
        (
            "ForwardUnlimited",
            DepQuery::new(),
            idq(0, false),
            opts(0, false, &[]),
        ),
        (
            "ForwardDepth1",
            DepQuery::new().depth(1),
            idq(1, false),
            opts(1, false, &[]),
        ),
        (
            "ReverseUnlimited",
            DepQuery::new().reverse(),
            idq(0, true),
            opts(0, true, &[]),
        ),
        (
            "WithTypeFilter",
            DepQuery::new().kinds([EdgeKind::BelongsTo]),
            idq(0, false).kinds(&["belongs_to"]),
            opts(0, false, &["belongs_to"]),
        ),
    ]
}

fn dependency_queries(c: &mut Criterion) {
    for case in cases() {
        let (reg, idio, refr, name, start) = (
            case.reg(),
            case.idiomatic,
            &case.reference,
            case.fixture.name,
            case.start,
        );
        for (query, cq, iq, rq) in dependency_queries_list() {
            let mut g = c.benchmark_group(format!("DependencyQueries/{query}"));
            g.bench_function(BenchmarkId::new("conduit", name), |b| {
                b.iter(|| black_box(reg.dependencies(black_box(start), black_box(cq))))
            });
            g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
                b.iter(|| black_box(idio.dependencies(black_box(start), black_box(iq))))
            });
            // As in the reference's benchmark: repeated queries, served by its
            // LRU cache after the first.
            g.bench_function(BenchmarkId::new("reference", name), |b| {
                b.iter(|| black_box(refr.dependencies(black_box(start), black_box(&rq))))
            });
            g.finish();
        }
    }
}

fn complex_queries(c: &mut Criterion) {
    let cases = [
        Case::new(fixtures::rich50(), "Resource49", &IDIOMATIC_RICH50),
        Case::new(fixtures::chain50(), "Resource49", &IDIOMATIC_CHAIN50),
    ];
    for case in cases {
        let (reg, idio, refr, name, start) = (
            case.reg(),
            case.idiomatic,
            &case.reference,
            case.fixture.name,
            case.start,
        );
        for depth in [3u32, 5] {
            let cq = DepQuery::new().depth(depth);
            let iq = idiomatic::DepQuery {
                depth,
                reverse: false,
                kinds: 0,
            };
            let rq = DependencyOptions {
                depth: depth as usize,
                ..DependencyOptions::default()
            };
            // conduit and the idiomatic baseline cache nothing: their cold and
            // cached queries are the same call, measured under both names.
            for mode in ["Cold", "Cached"] {
                let mut g = c.benchmark_group(format!("ComplexQueries/Depth{depth}{mode}"));
                g.bench_function(BenchmarkId::new("conduit", name), |b| {
                    b.iter(|| black_box(reg.dependencies(black_box(start), black_box(cq))))
                });
                g.bench_function(BenchmarkId::new("idiomatic", name), |b| {
                    b.iter(|| black_box(idio.dependencies(black_box(start), black_box(iq))))
                });
                if mode == "Cold" {
                    // Emptied before every call (outside the timing).
                    g.bench_function(BenchmarkId::new("reference", name), |b| {
                        b.iter_batched(
                            || refr.clear_cache(),
                            |()| black_box(refr.dependencies(black_box(start), black_box(&rq))),
                            BatchSize::PerIteration,
                        )
                    });
                } else {
                    g.bench_function(BenchmarkId::new("reference", name), |b| {
                        b.iter(|| black_box(refr.dependencies(black_box(start), black_box(&rq))))
                    });
                }
                g.finish();
            }
        }
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = registry_init, simple_queries, route_queries, route_match, pattern_queries,
        dependency_queries, complex_queries
}
criterion_main!(benches);
