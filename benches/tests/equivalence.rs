//! The two baselines answer every benchmarked query exactly as conduit does,
//! on every fixture (the headline `rich50` and the reference's shapes): the
//! benchmarks compare equal work.

use conduit::{DepQuery, EdgeKind, Method, Operation, Registry};
use conduit_benches::fixtures::{self, Fixture};
use conduit_benches::idiomatic::{self, Idiomatic};
use conduit_benches::reference::{DependencyOptions, ReferenceRegistry, RouteFilter};
use conduit_benches::router::MatchitRouter;
use std::collections::BTreeMap;

/// (method, path, handler, resource, operation, middleware)
type RouteRow = (String, String, String, String, String, Vec<String>);

fn conduit_route(r: conduit::RouteRef<'_>) -> RouteRow {
    (
        r.method().as_str().into(),
        r.path().into(),
        r.handler().into(),
        r.resource().into(),
        r.action().into(),
        r.middleware().map(Into::into).collect(),
    )
}

fn reference_route(r: &conduit_benches::reference::RouteMetadata) -> RouteRow {
    (
        r.method.to_string(),
        r.path.to_string(),
        r.handler.to_string(),
        r.resource.to_string(),
        r.operation.to_string(),
        r.middleware.iter().map(|m| m.to_string()).collect(),
    )
}

fn idiomatic_route(r: &idiomatic::Route) -> RouteRow {
    (
        r.method.clone(),
        r.path.clone(),
        r.handler.clone(),
        r.resource.clone(),
        r.operation.clone(),
        r.middleware.clone(),
    )
}

/// A resource, as far as the benchmarks read it.
#[derive(Debug, PartialEq)]
struct ResourceRow {
    name: String,
    fields: Vec<(String, String, bool)>,
    relationships: Vec<(String, String, String)>,
    hooks: Vec<(String, String, Vec<String>)>,
    middleware: BTreeMap<String, Vec<String>>,
}

fn conduit_resource(r: conduit::ResourceRef<'_>) -> ResourceRow {
    ResourceRow {
        name: r.name().into(),
        fields: r
            .fields()
            .map(|f| (f.name().into(), f.ty().into(), f.nullable()))
            .collect(),
        relationships: r
            .relationships()
            .map(|x| (x.name().into(), x.kind().as_str().into(), x.target().into()))
            .collect(),
        hooks: r
            .hooks()
            .map(|h| {
                (
                    h.kind().as_str().into(),
                    h.function().into(),
                    h.calls().map(Into::into).collect(),
                )
            })
            .collect(),
        middleware: Operation::ALL
            .iter()
            .map(|op| {
                (
                    op.as_str().to_owned(),
                    r.middleware(*op).map(Into::into).collect::<Vec<String>>(),
                )
            })
            .filter(|(_, c)| !c.is_empty())
            .collect(),
    }
}

fn reference_resource(r: &conduit_benches::reference::ResourceMetadata) -> ResourceRow {
    ResourceRow {
        name: r.name.to_string(),
        fields: r
            .fields
            .iter()
            .map(|f| (f.name.to_string(), f.ty.to_string(), f.nullable))
            .collect(),
        relationships: r
            .relationships
            .iter()
            .map(|x| {
                (
                    x.name.to_string(),
                    x.kind.to_string(),
                    x.target_resource.to_string(),
                )
            })
            .collect(),
        hooks: r
            .hooks
            .iter()
            .map(|h| {
                (
                    h.kind.to_string(),
                    h.function.to_string(),
                    h.calls.iter().map(|c| c.to_string()).collect(),
                )
            })
            .collect(),
        middleware: r
            .middleware
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|m| m.to_string()).collect()))
            .collect(),
    }
}

fn idiomatic_resource(r: &idiomatic::Resource) -> ResourceRow {
    ResourceRow {
        name: r.name.clone(),
        fields: r
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.ty.clone(), f.nullable))
            .collect(),
        relationships: r
            .relationships
            .iter()
            .map(|x| (x.name.clone(), x.kind.clone(), x.target_resource.clone()))
            .collect(),
        hooks: r
            .hooks
            .iter()
            .map(|h| (h.kind.clone(), h.function.clone(), h.calls.clone()))
            .collect(),
        middleware: r
            .middleware
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// Nodes (name, kind) in BFS order and edges (from, to, kind, weight) in
/// traversal order.
type DepsRow = (Vec<(String, String)>, Vec<(String, String, String, u32)>);

fn queries() -> Vec<(DepQuery, idiomatic::DepQuery, DependencyOptions)> {
    let q = |depth: u32, reverse: bool, kinds: &[EdgeKind]| {
        let mut c = DepQuery::new().depth(depth);
        if reverse {
            c = c.reverse();
        }
        if !kinds.is_empty() {
            c = c.kinds(kinds.iter().copied());
        }
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        let i = idiomatic::DepQuery {
            depth,
            reverse,
            kinds: 0,
        }
        .kinds(&names);
        let r = DependencyOptions {
            depth: depth as usize,
            reverse,
            types: names.iter().map(|s| (*s).to_owned()).collect(),
        };
        (c, i, r)
    };
    vec![
        q(0, false, &[]),
        q(1, false, &[]),
        q(3, false, &[]),
        q(5, false, &[]),
        q(0, true, &[]),
        q(2, true, &[]),
        q(0, false, &[EdgeKind::BelongsTo]),
        q(2, false, &[EdgeKind::HasMany, EdgeKind::Uses]),
        q(3, true, &[EdgeKind::BelongsTo, EdgeKind::HasMany]),
    ]
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

fn check_fixture(f: &Fixture) {
    let reg: &Registry<'static> = f.registry;
    let refr = ReferenceRegistry::register(f.json).expect("the JSON parses");
    let idio = Idiomatic::from_json(f.json).expect("the JSON parses");
    let name = f.name;

    // SimpleQueries
    let names: Vec<&str> = reg.resources().map(|r| r.name()).collect();
    let ref_names: Vec<String> = refr
        .resources()
        .iter()
        .map(|r| r.name.to_string())
        .collect();
    let idio_names: Vec<&str> = idio.resources().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ref_names, "{name}: resources");
    assert_eq!(names, idio_names, "{name}: resources");
    assert_eq!(
        refr.get_schema().expect("schema").resources.len(),
        reg.len()
    );
    assert_eq!(idio.schema().resources.len(), reg.len());
    for n in &names {
        let ours = conduit_resource(reg.resource(n).expect("known"));
        assert_eq!(
            ours,
            reference_resource(&refr.resource(n).expect("known")),
            "{name}: resource {n}"
        );
        assert_eq!(
            ours,
            idiomatic_resource(idio.resource(n).expect("known")),
            "{name}: resource {n}"
        );
    }
    assert!(reg.resource("Nobody").is_none());
    assert!(refr.resource("Nobody").is_err());
    assert!(idio.resource("Nobody").is_none());

    // RouteQueries
    let all: Vec<RouteRow> = reg.routes().map(conduit_route).collect();
    assert_eq!(
        all,
        refr.routes(&RouteFilter::default())
            .iter()
            .map(reference_route)
            .collect::<Vec<_>>(),
        "{name}: routes"
    );
    assert_eq!(
        all,
        idio.routes()
            .iter()
            .map(idiomatic_route)
            .collect::<Vec<_>>(),
        "{name}: routes"
    );
    for m in Method::ALL {
        let im = idiomatic::Method::parse(m.as_str()).expect("method");
        let ours: Vec<RouteRow> = reg.routes_by_method(*m).map(conduit_route).collect();
        let filter = RouteFilter {
            method: m.as_str().into(),
            ..RouteFilter::default()
        };
        assert_eq!(
            ours,
            refr.routes(&filter)
                .iter()
                .map(reference_route)
                .collect::<Vec<_>>(),
            "{name}: routes by {m}"
        );
        assert_eq!(
            ours,
            idio.routes_by_method(im)
                .map(idiomatic_route)
                .collect::<Vec<_>>(),
            "{name}: routes by {m}"
        );
        for n in names.iter().copied().chain(["Nobody"]) {
            let ours: Vec<RouteRow> = reg
                .routes_for(*m, n)
                .into_iter()
                .flatten()
                .map(conduit_route)
                .collect();
            assert_eq!(reg.routes_for(*m, n).is_none(), n == "Nobody");
            let filter = RouteFilter {
                method: m.as_str().into(),
                resource: n.into(),
                ..RouteFilter::default()
            };
            assert_eq!(
                ours,
                refr.routes(&filter)
                    .iter()
                    .map(reference_route)
                    .collect::<Vec<_>>(),
                "{name}: routes for {m} {n}"
            );
            assert_eq!(
                ours,
                idio.routes_for(im, n)
                    .map(idiomatic_route)
                    .collect::<Vec<_>>(),
                "{name}: routes for {m} {n}"
            );
        }
    }
    for n in names.iter().copied().chain(["Nobody"]) {
        let ours: Vec<RouteRow> = reg
            .routes_for_resource(n)
            .into_iter()
            .flatten()
            .map(conduit_route)
            .collect();
        assert_eq!(reg.routes_for_resource(n).is_none(), n == "Nobody");
        let filter = RouteFilter {
            resource: n.into(),
            ..RouteFilter::default()
        };
        assert_eq!(
            ours,
            refr.routes(&filter)
                .iter()
                .map(reference_route)
                .collect::<Vec<_>>(),
            "{name}: routes of {n}"
        );
        assert_eq!(
            ours,
            idio.routes_for_resource(n)
                .map(idiomatic_route)
                .collect::<Vec<_>>(),
            "{name}: routes of {n}"
        );
    }

    // RouteMatch: a concrete path for every route hits that route.
    let router = MatchitRouter::new(&idio.meta).expect("matchit accepts the routes");
    for (i, r) in reg.routes().enumerate() {
        let concrete: Vec<String> = r
            .path()
            .split('/')
            .map(|s| match s.strip_prefix(':') {
                Some(p) => format!("{p}-{i}"),
                None => s.to_owned(),
            })
            .collect();
        let path = concrete.join("/");
        let hit = reg.match_route(r.method(), &path).expect("conduit matches");
        let want: Vec<(&str, &str)> = hit.params().collect();
        assert_eq!(
            (hit.route().method(), hit.route().path()),
            (r.method(), r.path()),
            "{name}: {path}"
        );
        let im = idiomatic::Method::parse(r.method().as_str()).expect("method");
        let (route, params) = idio.match_route(im, &path).expect("idiomatic matches");
        assert_eq!(route.path, r.path(), "{name}: {path}");
        assert_eq!(params, want, "{name}: {path}");
        let m = router.at(im, &path).expect("matchit matches");
        assert_eq!(idio.meta.routes[*m.value].path, r.path(), "{name}: {path}");
        assert_eq!(m.params.iter().collect::<Vec<_>>(), want, "{name}: {path}");
        let (route, params) = refr
            .match_route(r.method().as_str(), &path)
            .expect("reference matches");
        assert_eq!(&*route.path, r.path(), "{name}: {path}");
        let params: Vec<(&str, &str)> = params
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(params, want, "{name}: {path}");
    }

    // PatternQueries
    let pat = |p: conduit::PatternRef<'_>| {
        (
            p.name().to_owned(),
            p.category().as_str().to_owned(),
            p.frequency(),
        )
    };
    let ours: Vec<_> = reg.patterns().map(pat).collect();
    assert_eq!(
        ours,
        refr.patterns("")
            .iter()
            .map(|p| (
                p.name.to_string(),
                p.category.to_string(),
                p.frequency as u32
            ))
            .collect::<Vec<_>>(),
        "{name}: patterns"
    );
    assert_eq!(
        ours,
        idio.patterns()
            .iter()
            .map(|p| (p.name.clone(), p.category.clone(), p.frequency))
            .collect::<Vec<_>>(),
        "{name}: patterns"
    );
    let mut categories: Vec<String> = ours.iter().map(|p| p.1.clone()).collect();
    categories.extend(["hook".to_owned(), "nothing".to_owned()]);
    for c in &categories {
        // The baselines take any text; conduit takes the category enum.
        let ours: Vec<_> = match c.parse::<conduit::PatternCategory>() {
            Ok(category) => reg.patterns_by_category(category).map(pat).collect(),
            Err(_) => Vec::new(),
        };
        assert_eq!(
            ours,
            refr.patterns(c)
                .iter()
                .map(|p| (
                    p.name.to_string(),
                    p.category.to_string(),
                    p.frequency as u32
                ))
                .collect::<Vec<_>>(),
            "{name}: patterns of {c}"
        );
        assert_eq!(
            ours,
            idio.patterns_by_category(c)
                .map(|p| (p.name.clone(), p.category.clone(), p.frequency))
                .collect::<Vec<_>>(),
            "{name}: patterns of {c}"
        );
    }

    // DependencyQueries / ComplexQueries
    for n in &names {
        for (cq, iq, rq) in queries() {
            let deps = reg.dependencies(n, cq).expect("known");
            let ours: DepsRow = (
                deps.nodes()
                    .map(|x| (x.name().to_owned(), x.kind().as_str().to_owned()))
                    .collect(),
                deps.edges()
                    .map(|e| {
                        (
                            e.from().name().to_owned(),
                            e.to().name().to_owned(),
                            e.kind().as_str().to_owned(),
                            e.weight(),
                        )
                    })
                    .collect(),
            );
            let d = idio.dependencies(n, iq).expect("known");
            let theirs: DepsRow = (
                d.nodes
                    .iter()
                    .map(|&id| {
                        let (a, b) = idio.graph_node(id);
                        (a.to_owned(), b.to_owned())
                    })
                    .collect(),
                d.edges
                    .iter()
                    .map(|&id| {
                        let (a, b, k, w) = idio.graph_edge(id);
                        (a.to_owned(), b.to_owned(), k.to_owned(), w)
                    })
                    .collect(),
            );
            assert_eq!(ours, theirs, "{name}: idiomatic dependencies {n} {cq:?}");
            // The reference keeps nodes in a map and builds middleware edges
            // in map order: compare as sets.
            let g = refr.dependencies(n, &rq).expect("known");
            let ref_nodes = sorted(
                g.nodes
                    .values()
                    .map(|x| (x.name.to_string(), x.kind.to_string()))
                    .collect(),
            );
            let ref_edges = sorted(
                g.edges
                    .iter()
                    .map(|e| {
                        (
                            e.from.to_string(),
                            e.to.to_string(),
                            e.relationship.to_string(),
                            e.weight as u32,
                        )
                    })
                    .collect(),
            );
            assert_eq!(
                (sorted(ours.0), sorted(ours.1)),
                (ref_nodes, ref_edges),
                "{name}: reference dependencies {n} {cq:?}"
            );
        }
    }
    assert!(reg.dependencies("Nobody", DepQuery::new()).is_none());
    assert!(
        refr.dependencies("Nobody", &DependencyOptions::default())
            .is_err()
    );
    assert!(
        idio.dependencies("Nobody", idiomatic::DepQuery::default())
            .is_none()
    );
}

#[test]
fn both_baselines_answer_every_query_like_conduit_on_the_headline_fixture() {
    check_fixture(&fixtures::rich50());
}

#[test]
fn both_baselines_answer_every_query_like_conduit_on_the_reference_shapes() {
    for f in fixtures::all().iter().filter(|f| f.name != "rich50") {
        check_fixture(f);
    }
}

#[test]
fn the_reference_cache_returns_the_cold_answer() {
    let f = fixtures::rich50();
    let refr = ReferenceRegistry::register(f.json).expect("the JSON parses");
    let opts = DependencyOptions {
        depth: 3,
        ..DependencyOptions::default()
    };
    let cold = refr.dependencies("Resource25", &opts).expect("known");
    let cached = refr.dependencies("Resource25", &opts).expect("known");
    assert!(std::sync::Arc::ptr_eq(&cold, &cached));
    refr.clear_cache();
    let again = refr.dependencies("Resource25", &opts).expect("known");
    assert!(!std::sync::Arc::ptr_eq(&cold, &again));
    assert_eq!(cold.edges.len(), again.edges.len());
}

#[test]
fn fixtures_have_the_shapes_the_benchmarks_expect() {
    let rich = fixtures::rich50();
    assert_eq!(rich.registry.len(), 50);
    assert_eq!(rich.registry.routes().len(), 250);
    assert!(rich.registry.patterns().len() > 0);
    for r in rich.registry.resources() {
        assert!((4..=10).contains(&r.fields().len()), "{}", r.name());
        assert!((1..=2).contains(&r.hooks().len()), "{}", r.name());
        for h in r.hooks() {
            assert!((1..=3).contains(&h.calls().len()), "{}", r.name());
        }
    }
    assert_eq!(fixtures::api_bench().registry.routes().len(), 10);
    assert_eq!(fixtures::large50().registry.routes().len(), 250);
    assert_eq!(fixtures::chain50().registry.len(), 50);
    let p = fixtures::patterns50().registry;
    let freq: Vec<(&str, u32)> = p.patterns().map(|p| (p.name(), p.frequency())).collect();
    assert!(freq.contains(&("authenticated_handler", 100)), "{freq:?}");
    assert!(freq.contains(&("cached_handler", 50)), "{freq:?}");
    assert!(
        freq.contains(&("authenticated_cached_handler", 50)),
        "{freq:?}"
    );
}
