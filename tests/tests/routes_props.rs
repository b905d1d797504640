//! Property tests of the route and pattern queries against naive references
//! built at run time from the plain `Schema` with SPEC §3's rules ("Routes",
//! "Patterns"): route listings and their indexes, `match_route` on concrete
//! request paths, and middleware-chain patterns.

use conduit::{Method, PatternCategory, Registry, RouteRef};
use conduit_codegen::analyze;
use conduit_format::schema::{
    CustomRoute, Hook, Middleware, Relationship, Resource, Schema, Validation,
};
use conduit_format::{HookKind, Operation, RelationKind};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, subsequence};
use std::collections::{BTreeMap, BTreeSet, HashSet};

const MIDDLEWARE: [&str; 6] = [
    "auth",
    "cache(300)",
    "cache(60)",
    "rate_limit(100/hour)",
    "cors",
    "log",
];
const OPS: [Operation; 5] = [
    Operation::List,
    Operation::Show,
    Operation::Create,
    Operation::Update,
    Operation::Delete,
];
const STEMS: [&str; 6] = ["Post", "User", "Tag", "Comment", "Item", "Order"];
/// Static segments that custom routes use; request values sometimes take
/// these spellings to exercise static-over-parameter priority.
const STATIC_WORDS: [&str; 3] = ["new", "stats", "publish"];

// ---------------------------------------------------------------------------
// Random schemas
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct GenResource {
    /// Indexes into OPS, in declaration order.
    ops: Vec<usize>,
    /// Per operation in OPS order: a chain (used only if the op is exposed).
    chains: Vec<Option<Vec<usize>>>,
    /// Prefix the path with `/api`.
    api: bool,
    /// `nested_under`, by generation index.
    nested: Option<usize>,
    /// Custom routes: GET `{path}/new`, POST `{path}/:id/publish`,
    /// PATCH `{path}/:id`, GET `{path}/:slug/stats`.
    custom: [bool; 4],
    /// Middleware of the custom routes.
    custom_chain: Vec<usize>,
}

fn chain() -> impl Strategy<Value = Vec<usize>> {
    subsequence((0..MIDDLEWARE.len()).collect::<Vec<_>>(), 1..=3).prop_shuffle()
}

fn gen_resource(n: usize) -> impl Strategy<Value = GenResource> {
    (
        subsequence((0..OPS.len()).collect::<Vec<_>>(), 0..=OPS.len()).prop_shuffle(),
        vec(proptest::option::weighted(0.7, chain()), OPS.len()),
        any::<bool>(),
        proptest::option::weighted(0.4, 0..n),
        any::<[bool; 4]>(),
        subsequence((0..MIDDLEWARE.len()).collect::<Vec<_>>(), 0..=2),
    )
        .prop_map(
            |(ops, chains, api, nested, custom, custom_chain)| GenResource {
                ops,
                chains,
                api,
                nested,
                custom,
                custom_chain,
            },
        )
}

fn gen_schema() -> impl Strategy<Value = Vec<GenResource>> {
    (1usize..=40).prop_flat_map(|n| vec(gen_resource(n), n))
}

fn resource_name(i: usize) -> String {
    format!("{}{}", STEMS[i % STEMS.len()], i)
}

fn to_schema(generated: &[GenResource]) -> Schema {
    let mut resources: Vec<Resource> = generated
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let name = resource_name(i);
            let path = format!("{}/res{i}", if g.api { "/api" } else { "" });
            let custom_mw: Vec<String> = g
                .custom_chain
                .iter()
                .map(|&m| MIDDLEWARE[m].to_owned())
                .collect();
            let custom = [
                (Method::Get, format!("{path}/new"), "new_form"),
                (Method::Post, format!("{path}/:id/publish"), "publish"),
                (Method::Patch, format!("{path}/:id"), "patch"),
                (Method::Get, format!("{path}/:slug/stats"), "stats"),
            ];
            Resource {
                operations: g.ops.iter().map(|&o| OPS[o]).collect(),
                middleware: g
                    .ops
                    .iter()
                    .filter_map(|&o| {
                        g.chains[o].as_ref().map(|c| Middleware {
                            operation: OPS[o],
                            chain: c.iter().map(|&m| MIDDLEWARE[m].to_owned()).collect(),
                            location: Default::default(),
                        })
                    })
                    .collect(),
                nested_under: g.nested.map(resource_name),
                custom_routes: custom
                    .into_iter()
                    .zip(g.custom)
                    .filter(|(_, on)| *on)
                    .map(|((method, path, op), _)| CustomRoute {
                        method,
                        path,
                        handler: format!("{name}.{op}"),
                        middleware: custom_mw.clone(),
                        location: Default::default(),
                    })
                    .collect(),
                name,
                path,
                ..Default::default()
            }
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
// Naive routes (SPEC §3 "Routes")
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
struct NaiveRoute {
    method: Method,
    path: String,
    handler: String,
    resource: String,
    /// The operation's spelling, or a custom route's action.
    operation: String,
    custom: bool,
    middleware: Vec<String>,
    params: Vec<String>,
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn params_of(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|s| s.strip_prefix(':'))
        .map(str::to_owned)
        .collect()
}

/// Per resource (name order): REST routes of its operations (list, show,
/// create, update, delete), then the same under `nested_under`'s
/// `<parent path>/:<parent>_id`, then its custom routes.
fn naive_routes(schema: &Schema) -> Vec<NaiveRoute> {
    let mut out = Vec::new();
    for r in &schema.resources {
        let mut bases = vec![r.path.clone()];
        if let Some(parent) = r
            .nested_under
            .as_ref()
            .and_then(|p| schema.resources.iter().find(|x| &x.name == p))
        {
            bases.push(format!(
                "{}/:{}_id{}",
                parent.path,
                snake(&parent.name),
                r.path
            ));
        }
        for base in &bases {
            for op in OPS {
                if !r.operations.contains(&op) {
                    continue;
                }
                let (method, path) = match op {
                    Operation::List => (Method::Get, base.clone()),
                    Operation::Show => (Method::Get, format!("{base}/:id")),
                    Operation::Create => (Method::Post, base.clone()),
                    Operation::Update => (Method::Put, format!("{base}/:id")),
                    Operation::Delete => (Method::Delete, format!("{base}/:id")),
                };
                out.push(NaiveRoute {
                    method,
                    params: params_of(&path),
                    path,
                    handler: format!("{}.{}", r.name, op.as_str()),
                    resource: r.name.clone(),
                    operation: op.as_str().to_owned(),
                    custom: false,
                    middleware: r
                        .middleware
                        .iter()
                        .find(|m| m.operation == op)
                        .map(|m| m.chain.clone())
                        .unwrap_or_default(),
                });
            }
        }
        for c in &r.custom_routes {
            out.push(NaiveRoute {
                method: c.method,
                path: c.path.clone(),
                handler: c.handler.clone(),
                resource: r.name.clone(),
                operation: c.handler.rsplit('.').next().unwrap().to_owned(),
                custom: true,
                middleware: c.middleware.clone(),
                params: params_of(&c.path),
            });
        }
    }
    out
}

fn view(r: RouteRef<'_>) -> NaiveRoute {
    // `operation` is the action of a REST route, `None` for a custom one.
    assert_eq!(
        r.operation().map(|o| o.as_str()),
        (!r.is_custom()).then(|| r.action()),
        "{r:?}"
    );
    NaiveRoute {
        method: r.method(),
        path: r.path().to_owned(),
        handler: r.handler().to_owned(),
        resource: r.resource().to_owned(),
        operation: r.action().to_owned(),
        custom: r.is_custom(),
        middleware: r.middleware().map(str::to_owned).collect(),
        params: r.params().map(str::to_owned).collect(),
    }
}

fn views<'a>(it: impl Iterator<Item = RouteRef<'a>>) -> Vec<NaiveRoute> {
    it.map(view).collect()
}

/// The route a request hits: among the routes of `method` whose segments
/// match (same count; static segments equal), the one preferring a static
/// segment over a parameter at the first position where they differ. No
/// match for a path without a leading `/`, with an empty segment or a
/// trailing `/`.
fn naive_match<'r>(
    routes: &'r [NaiveRoute],
    method: Method,
    path: &str,
) -> Option<(&'r NaiveRoute, Vec<(String, String)>)> {
    let rest = path.strip_prefix('/')?;
    let segs: Vec<&str> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split('/').collect()
    };
    if segs.iter().any(|s| s.is_empty()) {
        return None;
    }
    routes
        .iter()
        .filter(|r| r.method == method)
        .filter_map(|r| {
            let pat: Vec<&str> = r.path.split('/').filter(|s| !s.is_empty()).collect();
            if pat.len() != segs.len() {
                return None;
            }
            let mut params = Vec::new();
            let mut rank = Vec::new();
            for (p, s) in pat.iter().zip(&segs) {
                match p.strip_prefix(':') {
                    Some(name) => {
                        params.push((name.to_owned(), (*s).to_owned()));
                        rank.push(1);
                    }
                    None if p == s => rank.push(0),
                    None => return None,
                }
            }
            Some((rank, r, params))
        })
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, r, p)| (r, p))
}

type Matched = Option<(Method, String, String, Vec<(String, String)>)>;

fn registry_match(reg: &Registry<'_>, method: Method, path: &str) -> Matched {
    reg.match_route(method, path).map(|m| {
        // Values borrow the request path.
        let range = path.as_ptr() as usize..path.as_ptr() as usize + path.len() + 1;
        for (_, v) in m.params() {
            assert!(
                range.contains(&(v.as_ptr() as usize)),
                "{v:?} not borrowed from {path:?}"
            );
        }
        for (n, v) in m.params() {
            assert_eq!(m.param(n), Some(v));
        }
        let r = m.route();
        (
            r.method(),
            r.path().to_owned(),
            r.handler().to_owned(),
            m.params()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
        )
    })
}

fn naive_matched(routes: &[NaiveRoute], method: Method, path: &str) -> Matched {
    naive_match(routes, method, path).map(|(r, p)| (r.method, r.path.clone(), r.handler.clone(), p))
}

/// Random request values: mostly digit-led (never equal to a static
/// segment), sometimes a static word.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[0-9][a-z0-9_-]{0,6}",
        1 => proptest::sample::select(STATIC_WORDS.to_vec()).prop_map(str::to_owned),
    ]
}

/// `path` with its parameters replaced by `values` (cycled).
fn concrete(path: &str, values: &[String]) -> (String, bool) {
    let mut k = 0;
    let mut plain = true;
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with(':') {
                let v = values[k % values.len()].clone();
                plain &= v.starts_with(|c: char| c.is_ascii_digit());
                k += 1;
                v
            } else {
                s.to_owned()
            }
        })
        .collect();
    (format!("/{}", segs.join("/")), plain)
}

fn random_case(s: &str, flips: &[bool]) -> String {
    s.chars()
        .zip(flips.iter().cycle())
        .map(|(c, &up)| {
            if up {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Naive patterns (SPEC §3 "Patterns", middleware chains)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct NaivePattern {
    name: String,
    category: String,
    examples: Vec<String>,
    frequency: u32,
    confidence: f32,
    /// Tie-breaker beyond the SPEC's (frequency, name): the chain itself.
    chain: String,
}

fn word(m: &str) -> String {
    let base = m.split('(').next().unwrap();
    match base {
        "auth" => "authenticated".into(),
        "cache" => "cached".into(),
        "rate_limit" => "rate_limited".into(),
        "cors" => "cors_enabled".into(),
        "log" => "logged".into(),
        other => other.into(),
    }
}

fn category(chain: &[String]) -> &'static str {
    let has = |b: &str| chain.iter().any(|m| m.split('(').next().unwrap() == b);
    [
        ("auth", "authentication"),
        ("cache", "caching"),
        ("rate_limit", "rate_limiting"),
        ("cors", "cors"),
    ]
    .into_iter()
    .find(|(b, _)| has(b))
    .map_or("general", |(_, c)| c)
}

fn naive_patterns(schema: &Schema) -> Vec<NaivePattern> {
    let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for r in &schema.resources {
        for op in OPS {
            if let Some(m) = r
                .middleware
                .iter()
                .find(|m| m.operation == op && !m.chain.is_empty())
            {
                groups.entry(m.chain.clone()).or_default().push(format!(
                    "{}.{}",
                    r.name,
                    op.as_str()
                ));
            }
        }
        // A custom route is an operation of its own (SPEC §1, 0.2).
        for c in r.custom_routes.iter().filter(|c| !c.middleware.is_empty()) {
            let place = c.handler.rsplit('.').next().unwrap_or(&c.handler);
            groups
                .entry(c.middleware.clone())
                .or_default()
                .push(format!("{}.{place}", r.name));
        }
    }
    let mut kept: Vec<(Vec<String>, Vec<String>)> =
        groups.into_iter().filter(|(_, ex)| ex.len() >= 3).collect();
    // Unique names, as documented: in template order, a name shared by two
    // chains is qualified by the arguments of each chain that has some, and
    // a name still shared gets `_2`, `_3`…
    kept.sort_by_key(|(chain, _)| format!("[{}]", chain.join(", ")));
    let plain = |chain: &[String]| {
        format!(
            "{}_handler",
            chain.iter().map(|m| word(m)).collect::<Vec<_>>().join("_")
        )
    };
    let qualified = |chain: &[String]| {
        let words: Vec<String> = chain
            .iter()
            .map(|m| {
                let args: String = m
                    .split_once('(')
                    .map_or("", |(_, a)| a.trim_end_matches(')'))
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let args = args.trim_matches('_');
                if args.is_empty() {
                    word(m).to_string()
                } else {
                    format!("{}_{args}", word(m))
                }
            })
            .collect();
        format!("{}_handler", words.join("_"))
    };
    let mut names: Vec<String> = kept.iter().map(|(chain, _)| plain(chain)).collect();
    for i in 0..kept.len() {
        let shared = names.iter().filter(|n| **n == names[i]).count() > 1;
        if shared && kept[i].0.iter().any(|m| m.contains('(')) {
            names[i] = qualified(&kept[i].0);
        }
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for name in &mut names {
        let n = seen.entry(name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            *name = format!("{name}_{n}");
        }
    }
    let mut out: Vec<NaivePattern> = kept
        .into_iter()
        .zip(names)
        .map(|((chain, ex), name)| NaivePattern {
            name,
            category: category(&chain).to_owned(),
            frequency: ex.len() as u32,
            confidence: (ex.len() as f32 / 10.0).min(1.0),
            examples: ex.into_iter().take(5).collect(),
            chain: chain.join(", "),
        })
        .collect();
    out.sort_by(|a, b| {
        b.frequency
            .cmp(&a.frequency)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.chain.cmp(&b.chain))
    });
    out
}

fn pattern_view(p: conduit::PatternRef<'_>) -> NaivePattern {
    NaivePattern {
        name: p.name().to_owned(),
        category: p.category().as_str().to_owned(),
        examples: p.examples().map(str::to_owned).collect(),
        frequency: p.frequency(),
        confidence: p.confidence(),
        chain: p
            .template()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned(),
    }
}

const CATEGORIES: [&str; 10] = [
    "authentication",
    "caching",
    "rate_limiting",
    "cors",
    "general",
    "hook",
    "validation",
    "relationship",
    "nope",
    "",
];

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Every route listing equals a naive filter over the naive route list.
    #[test]
    fn route_listings_equal_the_naive_reference(
        generated in gen_schema(),
        flips in vec(any::<bool>(), 1..8),
    ) {
        let mut schema = to_schema(&generated);
        analyze::analyze(&mut schema)
            .map_err(|c| TestCaseError::fail(format!("unexpected conflicts: {c:?}")))?;
        let blob = conduit_testkit::encode(&schema);
        let reg = Registry::from_bytes(&blob).unwrap();
        let all = naive_routes(&schema);

        prop_assert_eq!(views(reg.routes()), all.clone());
        prop_assert_eq!(reg.routes().len(), all.len());
        for m in Method::ALL.iter().copied() {
            let want: Vec<NaiveRoute> = all.iter().filter(|r| r.method == m).cloned().collect();
            prop_assert_eq!(views(reg.routes_by_method(m)), want.clone(), "{}", m);
            prop_assert_eq!(reg.routes_by_method(m).len(), want.len());
            let spelled = random_case(m.as_str(), &flips);
            prop_assert_eq!(views(reg.routes_by_method_str(&spelled).unwrap()), want, "{}", spelled);
            for r in &schema.resources {
                let want: Vec<NaiveRoute> = all
                    .iter()
                    .filter(|x| x.method == m && x.resource == r.name)
                    .cloned()
                    .collect();
                prop_assert_eq!(views(reg.routes_for(m, &r.name).unwrap()), want.clone(), "{} {}", m, r.name);
                let resource = reg.resource(&r.name).unwrap();
                prop_assert_eq!(views(resource.routes_by_method(m)), want, "{} {}", m, r.name);
            }
            prop_assert!(reg.routes_for(m, "Nope").is_none());
        }
        for bad in ["FETCH", "", "GETS", "get "] {
            prop_assert!(reg.routes_by_method_str(bad).is_none(), "{:?}", bad);
        }
        for r in &schema.resources {
            let want: Vec<NaiveRoute> = all.iter().filter(|x| x.resource == r.name).cloned().collect();
            prop_assert_eq!(views(reg.routes_for_resource(&r.name).unwrap()), want.clone());
            let resource = reg.resource(&r.name).unwrap();
            prop_assert_eq!(views(resource.routes()), want);
        }
        prop_assert!(reg.routes_for_resource("Nope").is_none());
        let paths: BTreeSet<&str> = all.iter().map(|r| r.path.as_str()).collect();
        for p in paths.iter().copied().chain(["/nope", "/res0/7", "", "/"]) {
            let want: Vec<NaiveRoute> = all.iter().filter(|x| x.path == p).cloned().collect();
            prop_assert_eq!(views(reg.routes_by_path(p)), want, "{}", p);
        }
    }

    /// `match_route` on concrete request paths (and on mutations of them:
    /// an extra or a missing segment, a trailing `/`, every method) equals
    /// the naive matcher; a request built from a route with plain values
    /// hits that very route and gives back its values.
    #[test]
    fn match_route_equals_the_naive_matcher(
        generated in gen_schema(),
        picks in vec(any::<Index>(), 1..=30),
        values in vec(value(), 1..=4),
        extra in value(),
    ) {
        let mut schema = to_schema(&generated);
        analyze::analyze(&mut schema)
            .map_err(|c| TestCaseError::fail(format!("unexpected conflicts: {c:?}")))?;
        let blob = conduit_testkit::encode(&schema);
        let reg = Registry::from_bytes(&blob).unwrap();
        let all = naive_routes(&schema);
        if all.is_empty() {
            for m in Method::ALL.iter().copied() {
                prop_assert!(reg.match_route(m, "/res0").is_none());
                prop_assert!(reg.match_route(m, "/").is_none());
            }
            return Ok(());
        }
        for pick in &picks {
            let route = pick.get(&all);
            let (path, plain) = concrete(&route.path, &values);
            if plain {
                let expected_params: Vec<(String, String)> = route
                    .params
                    .iter()
                    .cloned()
                    .zip(path.split('/').filter(|s| !s.is_empty())
                        .zip(route.path.split('/').filter(|s| !s.is_empty()))
                        .filter(|(_, p)| p.starts_with(':'))
                        .map(|(v, _)| v.to_owned()))
                    .collect();
                let want = Some((route.method, route.path.clone(), route.handler.clone(), expected_params));
                prop_assert_eq!(naive_matched(&all, route.method, &path), want.clone(), "naive {}", path);
                prop_assert_eq!(registry_match(&reg, route.method, &path), want, "{} {}", route.method, path);
            }
            let trimmed = path.rsplit_once('/').map_or("", |(head, _)| head).to_owned();
            let variants = [
                path.clone(),
                format!("{path}/{extra}"),
                format!("{path}/"),
                trimmed,
                format!("{path}//x"),
                path.trim_start_matches('/').to_owned(),
                format!("/{extra}{path}"),
            ];
            for p in &variants {
                for m in Method::ALL.iter().copied() {
                    prop_assert_eq!(
                        registry_match(&reg, m, p),
                        naive_matched(&all, m, p),
                        "{} {}", m, p
                    );
                }
            }
            // Documented explicitly: a trailing `/` never matches.
            let slashed = format!("{path}/");
            prop_assert!(reg.match_route(route.method, &slashed).is_none());
        }
    }

    /// `patterns()`, `patterns_by_category` and `pattern` equal a naive
    /// extraction of middleware-chain patterns (the schemas have no hooks,
    /// validations or relationships, so every pattern is a chain).
    #[test]
    fn patterns_equal_the_naive_reference(generated in gen_schema()) {
        let mut schema = to_schema(&generated);
        analyze::analyze(&mut schema)
            .map_err(|c| TestCaseError::fail(format!("unexpected conflicts: {c:?}")))?;
        let blob = conduit_testkit::encode(&schema);
        let reg = Registry::from_bytes(&blob).unwrap();
        let want = naive_patterns(&schema);
        let have: Vec<NaivePattern> = reg.patterns().map(pattern_view).collect();
        prop_assert_eq!(&have, &want);

        let ids: HashSet<&str> = reg.patterns().map(|p| p.id()).collect();
        prop_assert_eq!(ids.len(), want.len(), "pattern ids are unique");
        prop_assert!(reg.patterns().all(|p| !p.id().is_empty()));
        // Ids are content hashes: analysing again gives the same ones.
        let mut again = to_schema(&generated);
        analyze::analyze(&mut again).unwrap();
        prop_assert_eq!(
            again.patterns.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            reg.patterns().map(|p| p.id()).collect::<Vec<_>>()
        );

        for c in CATEGORIES {
            let expected: Vec<NaivePattern> = want.iter().filter(|p| p.category == c).cloned().collect();
            let got: Vec<NaivePattern> = match c.parse::<PatternCategory>() {
                Ok(category) => reg.patterns_by_category(category).map(pattern_view).collect(),
                Err(_) => Vec::new(), // not a category: nothing can be in it
            };
            prop_assert_eq!(got, expected, "category {}", c);
        }
        for p in &want {
            let first = want.iter().find(|x| x.name == p.name).unwrap();
            let found = reg.pattern(&p.name).map(pattern_view);
            prop_assert_eq!(found.as_ref(), Some(first));
        }
        prop_assert!(reg.pattern("nope_handler").is_none());
    }

    /// Two routes of one method whose paths differ only in parameter names
    /// (or a custom route shadowing a REST one) are a build-time error
    /// naming both.
    #[test]
    fn colliding_routes_are_rejected_naming_both(
        generated in gen_schema(),
        pick in any::<Index>(),
        method in proptest::sample::select(Method::ALL.to_vec()),
        shadow_rest in any::<bool>(),
    ) {
        let mut schema = to_schema(&generated);
        let i = pick.index(schema.resources.len());
        let r = &mut schema.resources[i];
        let (first, second) = if shadow_rest {
            // `{path}/:key` GET shadows the REST `show` route `{path}/:id`.
            r.operations = OPS.to_vec();
            r.custom_routes.retain(|c| c.method != Method::Get);
            (format!("{}/:id", r.path), format!("{}/:key", r.path))
        } else {
            ("/dup/:a/x".to_owned(), "/dup/:b/x".to_owned())
        };
        let method = if shadow_rest { Method::Get } else { method };
        let name = r.name.clone();
        if !shadow_rest {
            for (path, op) in [(&first, "one"), (&second, "two")] {
                r.custom_routes.push(CustomRoute {
                    method,
                    path: path.clone(),
                    handler: format!("{name}.{op}"),
                    middleware: vec![],
                    location: Default::default(),
                });
            }
        } else {
            r.custom_routes.push(CustomRoute {
                method,
                path: second.clone(),
                handler: format!("{name}.by_key"),
                middleware: vec![],
                location: Default::default(),
            });
        }
        let analyze::RouteError::Conflicts(conflicts) =
            analyze::analyze(&mut schema).expect_err("colliding routes must be rejected")
        else {
            panic!("colliding routes must be rejected as conflicts");
        };
        prop_assert!(
            conflicts.iter().any(|c| c.first.method == method
                && c.second.method == method
                && c.first.path == first
                && c.second.path == second),
            "{:?} does not name {} {} and {}", conflicts, method, first, second
        );
        prop_assert!(conflicts.iter().all(|c| c.first.method == c.second.method));
    }
}

// ---------------------------------------------------------------------------
// Hook, validation and relationship patterns
// ---------------------------------------------------------------------------

const HOOK_FUNCTIONS: [&str; 3] = ["slugify_title", "hooks::audit", "notify"];
const VALIDATIONS: [&str; 4] = ["min", "max", "email", "pattern"];

/// Adds random hooks (unique (kind, function) per resource, as the derive
/// requires), validations and relationships to `schema`.
fn decorate(schema: &mut Schema, extras: &[Extras]) {
    let names: Vec<String> = schema.resources.iter().map(|r| r.name.clone()).collect();
    for (r, x) in schema.resources.iter_mut().zip(extras.iter().cycle()) {
        r.hooks = x
            .hooks
            .iter()
            .map(|&(k, f)| Hook {
                kind: HookKind::ALL[k],
                function: HOOK_FUNCTIONS[f].to_owned(),
                transaction: false,
                is_async: false,
                source: None,
                source_location: None,
                calls: vec![],
                location: Default::default(),
            })
            .collect();
        r.validations = x
            .validations
            .iter()
            .map(|&(field, kind)| Validation {
                field: format!("f{field}"),
                kind: VALIDATIONS[kind].to_owned(),
                value: None,
                message: None,
                location: Default::default(),
            })
            .collect();
        r.relationships = x
            .relationships
            .iter()
            .enumerate()
            .map(|(i, &(kind, target))| Relationship {
                name: format!("rel{i}"),
                kind: RelationKind::ALL[kind],
                target: names[target % names.len()].clone(),
                foreign_key: None,
                through: None,
                on_delete: None,
                on_update: None,
                location: Default::default(),
            })
            .collect();
    }
}

#[derive(Clone, Debug)]
struct Extras {
    hooks: Vec<(usize, usize)>,
    validations: Vec<(usize, usize)>,
    relationships: Vec<(usize, usize)>,
}

fn extras() -> impl Strategy<Value = Extras> {
    let pairs: Vec<(usize, usize)> = (0..HookKind::ALL.len())
        .flat_map(|k| (0..HOOK_FUNCTIONS.len()).map(move |f| (k, f)))
        .collect();
    (
        subsequence(pairs, 0..=3).prop_shuffle(),
        vec((0..3usize, 0..VALIDATIONS.len()), 0..=3),
        vec((0..RelationKind::ALL.len(), 0..40usize), 0..=3),
    )
        .prop_map(|(hooks, validations, relationships)| Extras {
            hooks,
            validations,
            relationships,
        })
}

/// (category, frequency, examples) of every pattern, counted naively: hooks
/// grouped by (kind, function), validations by kind, relationships by
/// (kind, target); examples are the first five occurrences in resource
/// order (`Resource.hook_kind`, `Resource.field`, `Resource.relationship`).
fn naive_other_patterns(schema: &Schema) -> BTreeSet<(String, u32, Vec<String>)> {
    let mut groups: BTreeMap<(&str, String), Vec<String>> = BTreeMap::new();
    for r in &schema.resources {
        for h in &r.hooks {
            groups
                .entry(("hook", format!("{} {}", h.kind.as_str(), h.function)))
                .or_default()
                .push(format!("{}.{}", r.name, h.kind.as_str()));
        }
        for v in &r.validations {
            groups
                .entry(("validation", v.kind.clone()))
                .or_default()
                .push(format!("{}.{}", r.name, v.field));
        }
        for rel in &r.relationships {
            groups
                .entry((
                    "relationship",
                    format!("{} {}", rel.kind.as_str(), rel.target),
                ))
                .or_default()
                .push(format!("{}.{}", r.name, rel.name));
        }
    }
    groups
        .into_iter()
        .filter(|(_, ex)| ex.len() >= 3)
        .map(|((c, _), ex)| {
            (
                c.to_owned(),
                ex.len() as u32,
                ex.into_iter().take(5).collect(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// With hooks, validations and relationships too: middleware patterns are
    /// still exactly the naive ones; the other categories have the same
    /// threshold, frequencies, examples and confidence; the whole list is
    /// sorted by frequency (most first), then name, and the category index
    /// agrees with it.
    #[test]
    fn every_category_follows_the_same_rules(
        generated in gen_schema(),
        extras in vec(extras(), 1..=8),
    ) {
        let mut schema = to_schema(&generated);
        decorate(&mut schema, &extras);
        analyze::analyze(&mut schema)
            .map_err(|c| TestCaseError::fail(format!("unexpected conflicts: {c:?}")))?;
        let blob = conduit_testkit::encode(&schema);
        let reg = Registry::from_bytes(&blob).unwrap();

        let middleware_categories = ["authentication", "caching", "rate_limiting", "cors", "general"];
        let chains: Vec<NaivePattern> = reg
            .patterns()
            .filter(|p| middleware_categories.contains(&p.category().as_str()))
            .map(pattern_view)
            .collect();
        prop_assert_eq!(chains, naive_patterns(&schema));

        let others: BTreeSet<(String, u32, Vec<String>)> = reg
            .patterns()
            .filter(|p| !middleware_categories.contains(&p.category().as_str()))
            .map(|p| {
                let f = p.frequency();
                prop_assert!((p.confidence() - (f as f32 / 10.0).min(1.0)).abs() < 1e-6);
                Ok((p.category().as_str().to_owned(), f, p.examples().map(str::to_owned).collect()))
            })
            .collect::<Result<_, TestCaseError>>()?;
        prop_assert_eq!(others, naive_other_patterns(&schema));

        let order: Vec<(u32, &str)> = reg.patterns().map(|p| (p.frequency(), p.name())).collect();
        prop_assert!(
            order.windows(2).all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 <= w[1].1)),
            "not sorted by frequency desc, then name: {:?}", order
        );
        for c in PatternCategory::ALL.iter().copied() {
            let want: Vec<&str> = reg.patterns().filter(|p| p.category() == c).map(|p| p.id()).collect();
            let got: Vec<&str> = reg.patterns_by_category(c).map(|p| p.id()).collect();
            prop_assert_eq!(got, want, "category {}", c);
        }
        for p in reg.patterns() {
            let first = reg.patterns().find(|x| x.name() == p.name()).unwrap();
            prop_assert!(reg.pattern(p.name()) == Some(first));
            prop_assert!(p.examples().len() <= 5 && p.frequency() >= 3);
        }
    }
}
