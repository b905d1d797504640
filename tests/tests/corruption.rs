//! Untrusted blobs: `Registry::from_bytes` on the blog's real blob, then on
//! truncated, bit-flipped, misaligned and foreign versions of it. Every
//! variant must be refused with an error or load as a registry whose every
//! view can be walked without panicking and whose answers agree with each
//! other; none may panic or be undefined behaviour.
//!
//! The tests go through the public API only, except for the 32-byte header
//! (`conduit_format::header`, `conduit_format::envelope::reseal`), whose
//! layout is documented, and the tests at the end, which build well-formed
//! blobs with wrong index tables from `conduit_format` types.

use conduit::{
    AlignedBytes, DepQuery, EdgeKind, Error, HeaderError, Method, Operation, PatternCategory,
    Registry,
};
use conduit_format::envelope::reseal;
use conduit_format::header::{FORMAT_VERSION, HEADER_LEN, MAGIC};
use conduit_format::schema::{Resource as RawResource, Schema};
use conduit_format::tables::{Edge, Graph, Node, Route, RouteMatcher, Routes};
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// The blog's blob, exactly as `conduit-build` wrote it (header + payload).
fn blob() -> &'static [u8] {
    &blog::__conduit_registry::BLOB.0
}

/// `bytes` copied into a 16-byte aligned buffer, as a tool reading a blob
/// from disk would hold it.
fn aligned(bytes: &[u8]) -> AlignedBytes {
    AlignedBytes::from_slice(bytes)
}

/// `parts` one after the other, in a 16-byte aligned buffer.
fn aligned_cat(parts: &[&[u8]]) -> AlignedBytes {
    AlignedBytes::from_slice(&parts.concat())
}

/// Everything the public API says about a registry, one line per record,
/// reading every accessor of every view: both the walk that must not panic
/// on a corrupted registry and the value compared between two registries.
fn dump(reg: &Registry<'_>) -> String {
    dump_with(reg, true)
}

/// [`dump`]; `filtered`: with the kind-filtered dependency queries (which
/// walk the adjacency offsets; `from_bytes` checks those offsets, and the
/// walk clamps them to the edge table).
fn dump_with(reg: &Registry<'_>, filtered: bool) -> String {
    let mut out = String::new();
    let w = &mut out;
    // `fmt::Write` for `String` never fails.
    let _ = writeln!(
        w,
        "registry version={:?} source_hash={:#x} len={} empty={} debug={:?}",
        reg.version(),
        reg.source_hash(),
        reg.len(),
        reg.is_empty(),
        reg
    );
    let _ = writeln!(
        w,
        "names={:?} reversed={:?}",
        reg.resources().map(|r| r.name()).collect::<Vec<_>>(),
        reg.resources().rev().map(|r| r.name()).collect::<Vec<_>>()
    );
    for r in reg.resources() {
        let _ = writeln!(
            w,
            "resource {:?} rust_path={:?} table={:?} path={:?} docs={:?} nested_under={:?} at {} ({:?}) debug={:?}",
            r.name(),
            r.rust_path(),
            r.table(),
            r.path(),
            r.docs(),
            r.nested_under(),
            r.location(),
            r.location(),
            r
        );
        let _ = writeln!(w, "  operations={:?}", r.operations().collect::<Vec<_>>());
        for op in Operation::ALL {
            let _ = writeln!(
                w,
                "  middleware {op}={:?} debug={:?}",
                r.middleware(*op).collect::<Vec<_>>(),
                r.middleware(*op)
            );
        }
        for f in r.fields() {
            let _ = writeln!(
                w,
                "  field {:?} ty={:?} rust_type={:?} nullable={} required={} primary={} unique={} index={} auto={} auto_update={} default={:?} constraints={:?} tags={:?} docs={:?} at {} debug={:?} lookup={:?}",
                f.name(),
                f.ty(),
                f.rust_type(),
                f.nullable(),
                f.required(),
                f.primary(),
                f.unique(),
                f.index(),
                f.auto(),
                f.auto_update(),
                f.default_value(),
                f.constraints().collect::<Vec<_>>(),
                f.tags().collect::<Vec<_>>(),
                f.docs(),
                f.location(),
                f,
                r.field(f.name()).map(|x| x.name()),
            );
        }
        for rel in r.relationships() {
            let _ = writeln!(
                w,
                "  relationship {:?} kind={:?} target={:?} target_resource={:?} foreign_key={:?} through={:?} on_delete={:?} on_update={:?} at {} debug={:?} lookup={:?}",
                rel.name(),
                rel.kind(),
                rel.target(),
                rel.target_resource().map(|t| t.name()),
                rel.foreign_key(),
                rel.through(),
                rel.on_delete(),
                rel.on_update(),
                rel.location(),
                rel,
                r.relationship(rel.name()).map(|x| x.name()),
            );
        }
        for h in r.hooks() {
            let _ = writeln!(
                w,
                "  hook {:?} function={:?} transaction={} async={} source={:?} source_location={:?} calls={:?} at {} debug={:?}",
                h.kind(),
                h.function(),
                h.transaction(),
                h.is_async(),
                h.source(),
                h.source_location().map(|l| l.to_string()),
                h.calls().collect::<Vec<_>>(),
                h.location(),
                h
            );
        }
        for v in r.validations() {
            let _ = writeln!(
                w,
                "  validation field={:?} kind={:?} value={:?} message={:?} at {} debug={:?}",
                v.field(),
                v.kind(),
                v.value(),
                v.message(),
                v.location(),
                v
            );
        }
        for c in r.constraints() {
            let _ = writeln!(
                w,
                "  constraint {:?} on={:?} condition={:?} error={:?} at {} debug={:?}",
                c.name(),
                c.operations().collect::<Vec<_>>(),
                c.condition(),
                c.error(),
                c.location(),
                c
            );
        }
        for s in r.scopes() {
            let _ = writeln!(
                w,
                "  scope {:?} query={:?} at {} debug={:?}",
                s.name(),
                s.query(),
                s.location(),
                s
            );
        }
        for c in r.computed_fields() {
            let _ = writeln!(
                w,
                "  computed {:?} ty={:?} expr={:?} at {} debug={:?}",
                c.name(),
                c.ty(),
                c.expr(),
                c.location(),
                c
            );
        }
        for route in r.custom_routes() {
            let _ = writeln!(
                w,
                "  route {:?} {:?} handler={:?} middleware={:?} at {} debug={:?}",
                route.method(),
                route.path(),
                route.handler(),
                route.middleware().collect::<Vec<_>>(),
                route.location(),
                route
            );
        }
        let _ = writeln!(
            w,
            "  debug iterators: {:?} {:?} {:?}",
            r.fields(),
            r.relationships(),
            r.hooks()
        );
    }
    // Lookups, by the names present and by names that are not.
    let mut names: Vec<&str> = reg.resources().map(|r| r.name()).collect();
    names.extend(["", "Missing", "post", "Posts", "\u{0}", "Zzzz", "Ä"]);
    for name in &names {
        let found = reg.resource(name);
        let _ = writeln!(
            w,
            "lookup {name:?} -> {:?}",
            found.map(|r| (r.name(), r.table()))
        );
    }
    dump_routes(w, reg, &names);
    dump_patterns(w, reg);
    dump_graph(w, reg, &names, filtered);
    out
}

fn dump_routes(w: &mut String, reg: &Registry<'_>, names: &[&str]) {
    for route in reg.routes() {
        let _ = writeln!(
            w,
            "route {:?} {:?} handler={:?} resource={:?} resource_ref={:?} operation={:?} middleware={:?} params={:?} at {} debug={:?}",
            route.method(),
            route.path(),
            route.handler(),
            route.resource(),
            route.resource_ref().map(|r| r.name()),
            route.operation(),
            route.middleware().collect::<Vec<_>>(),
            route.params().collect::<Vec<_>>(),
            route.location(),
            route
        );
    }
    for method in Method::ALL {
        let _ = writeln!(
            w,
            "routes {method:?}: {:?}",
            reg.routes_by_method(*method)
                .map(|r| r.path())
                .collect::<Vec<_>>()
        );
    }
    for method in ["get", "POST", "Delete", "FETCH", ""] {
        let _ = writeln!(
            w,
            "routes {method:?}: {:?}",
            reg.routes_by_method_str(method)
                .map(|routes| routes.map(|r| r.path()).collect::<Vec<_>>())
        );
    }
    for name in names {
        let _ = writeln!(
            w,
            "routes of {name:?}: {:?}",
            reg.routes_for_resource(name)
                .map(|routes| routes.map(|r| r.path()).collect::<Vec<_>>())
        );
        for method in Method::ALL {
            let _ = writeln!(
                w,
                "  {method:?}: {:?}",
                reg.routes_for(*method, name)
                    .map(|routes| routes.map(|r| r.path()).collect::<Vec<_>>())
            );
        }
    }
    // Matching: each route's own path made concrete, and odd paths.
    let mut paths: Vec<String> = reg
        .routes()
        .flat_map(|r| {
            let concrete = |value: &str| -> String {
                r.path()
                    .split('/')
                    .map(|seg| if seg.starts_with(':') { value } else { seg })
                    .collect::<Vec<_>>()
                    .join("/")
            };
            [r.path().to_owned(), concrete("1"), concrete("é-x")]
        })
        .collect();
    paths.extend(
        [
            "",
            "/",
            "//",
            "/posts",
            "/posts/",
            "/posts//1",
            "/posts/1?x=1#f",
            "posts",
            "/%2F",
            "/posts/1/2/3/4/5/6/7/8/9",
            "/users/1/posts/2/comments/3",
            "/é",
            "/\u{0}",
        ]
        .map(str::to_owned),
    );
    paths.push("/posts/1".repeat(12));
    for path in &paths {
        let _ = writeln!(
            w,
            "by path {path:?}: {:?}",
            reg.routes_by_path(path)
                .map(|r| r.method())
                .collect::<Vec<_>>()
        );
        for method in Method::ALL {
            if let Some(m) = reg.match_route(*method, path) {
                let _ = writeln!(
                    w,
                    "match {method:?} {path:?} -> {:?} params={:?} id={:?} debug={m:?}",
                    m.route().path(),
                    m.params().collect::<Vec<_>>(),
                    m.param("id")
                );
            }
        }
    }
}

fn dump_patterns(w: &mut String, reg: &Registry<'_>) {
    for p in reg.patterns() {
        let _ = writeln!(
            w,
            "pattern {:?} name={:?} category={:?} description={:?} template={:?} examples={:?} frequency={} confidence={} lookup={:?}",
            p.id(),
            p.name(),
            p.category(),
            p.description(),
            p.template(),
            p.examples().collect::<Vec<_>>(),
            p.frequency(),
            p.confidence(),
            reg.pattern(p.name()).map(|q| q.id())
        );
    }
    for c in PatternCategory::ALL.iter().copied() {
        let _ = writeln!(
            w,
            "category {c:?}: {:?}",
            reg.patterns_by_category(c)
                .map(|p| p.id())
                .collect::<Vec<_>>()
        );
    }
}

fn dump_graph(w: &mut String, reg: &Registry<'_>, names: &[&str], filtered: bool) {
    let mut queries = vec![
        DepQuery::new(),
        DepQuery::new().depth(1),
        DepQuery::new().depth(2),
        DepQuery::new().depth(1000),
        DepQuery::new().reverse(),
        DepQuery::new().reverse().depth(1),
        DepQuery::new().kinds(EdgeKind::ALL.iter().copied()),
    ];
    if filtered {
        queries.extend([
            DepQuery::new().kinds([EdgeKind::BelongsTo]),
            DepQuery::new()
                .kinds([EdgeKind::Uses, EdgeKind::Calls])
                .reverse(),
        ]);
    }
    for name in names {
        for &q in &queries {
            match reg.dependencies(name, q) {
                Some(deps) => {
                    let _ = writeln!(
                        w,
                        "deps {name:?} {q:?}: len={} empty={} nodes={:?} edges={:?}",
                        deps.len(),
                        deps.is_empty(),
                        deps.nodes()
                            .map(|n| (n.name(), n.kind(), n.to_string()))
                            .collect::<Vec<_>>(),
                        deps.edges()
                            .map(|e| (e.from().name(), e.kind(), e.to().name(), e.weight()))
                            .collect::<Vec<_>>()
                    );
                }
                None => {
                    let _ = writeln!(w, "deps {name:?} {q:?}: unknown resource");
                }
            }
        }
    }
    let cycles = reg.cycles();
    let _ = writeln!(
        w,
        "cycles complete={} count={}",
        cycles.is_complete(),
        cycles.len()
    );
    for c in cycles {
        let _ = writeln!(
            w,
            "cycle len={} empty={} {:?} {c:?}",
            c.len(),
            c.is_empty(),
            c.nodes().map(|n| n.name()).collect::<Vec<_>>()
        );
    }
    let mut types: Vec<&str> = reg
        .resources()
        .flat_map(|r| r.fields().map(|f| f.ty()))
        .collect();
    types.extend(["", "nope"]);
    for ty in types {
        let _ = writeln!(
            w,
            "fields of type {ty:?}: {:?}",
            reg.fields_by_type(ty)
                .map(|(r, f)| (r.name(), f.name()))
                .collect::<Vec<_>>()
        );
    }
}

/// A cheap running hash (one multiply per word), for the light walk.
#[derive(Clone, Copy)]
struct Mix(u64);

impl Mix {
    fn n(self, v: u64) -> Self {
        Mix((self.0 ^ v)
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29))
    }

    /// A string, by address, length and its first and last bytes: the
    /// light walk runs on one buffer flipped in place, so unchanged answers
    /// are the very same bytes.
    fn s(self, s: &str) -> Self {
        let b = s.as_bytes();
        let ends = match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => u64::from(f) << 8 | u64::from(l),
            _ => 0,
        };
        self.n(s.as_ptr().addr() as u64 ^ (b.len() as u64) << 40 ^ ends << 24)
    }

    fn o(self, s: Option<&str>) -> Self {
        match s {
            Some(s) => self.n(1).s(s),
            None => self.n(0),
        }
    }

    fn all<'a>(self, it: impl Iterator<Item = &'a str>) -> Self {
        it.fold(self.n(0xA11), Mix::s)
    }

    fn loc(self, l: conduit::Location<'_>) -> Self {
        self.s(l.file())
            .n(u64::from(l.line()))
            .n(u64::from(l.column()))
    }
}

/// Reads every accessor of every view and runs every kind of query once
/// (lookups, route matching on each route's own path, dependency queries,
/// cycles, fields by type), hashing the answers.
/// Cheaper than [`dump`], for the tens of thousands of flipped blobs.
fn touch(reg: &Registry<'_>) -> u64 {
    let mut h = Mix(0xcbf2_9ce4_8422_2325)
        .s(reg.version())
        .n(reg.source_hash())
        .n(reg.len() as u64);
    for r in reg.resources() {
        h = h
            .s(r.name())
            .s(r.rust_path())
            .s(r.table())
            .s(r.path())
            .s(r.docs());
        h = h.o(r.nested_under()).loc(r.location());
        h = h.n(reg.resource(r.name()).is_some().into());
        h = r.operations().fold(h, |h, o| h.s(o.as_str()));
        for op in Operation::ALL {
            h = h.all(r.middleware(*op));
        }
        for f in r.fields() {
            h = h
                .s(f.name())
                .s(f.ty())
                .s(f.rust_type())
                .s(f.docs())
                .o(f.default_value());
            h = h.n(u64::from(f.nullable())
                | u64::from(f.primary()) << 1
                | u64::from(f.unique()) << 2);
            h = h.n(u64::from(f.index())
                | u64::from(f.auto()) << 1
                | u64::from(f.auto_update()) << 2);
            h = h.all(f.constraints()).all(f.tags()).loc(f.location());
            h = h.n(r.field(f.name()).is_some().into());
        }
        for rel in r.relationships() {
            h = h
                .s(rel.name())
                .s(rel.kind().as_str())
                .s(rel.target())
                .o(rel.foreign_key());
            h = h
                .o(rel.through())
                .o(rel.on_delete().map(|a| a.as_str()))
                .o(rel.on_update().map(|a| a.as_str()))
                .loc(rel.location());
            h = h.o(rel.target_resource().map(|t| t.name()));
            h = h.n(r.relationship(rel.name()).is_some().into());
        }
        for k in r.hooks() {
            h = h
                .s(k.kind().as_str())
                .s(k.function())
                .o(k.source())
                .all(k.calls());
            h = h.n(u64::from(k.transaction()) | u64::from(k.is_async()) << 1);
            h = h.loc(k.location());
            if let Some(l) = k.source_location() {
                h = h.loc(l);
            }
        }
        for v in r.validations() {
            h = h
                .s(v.field())
                .s(v.kind().as_str())
                .o(v.value())
                .o(v.message())
                .loc(v.location());
        }
        for c in r.constraints() {
            h = h
                .s(c.name())
                .s(c.condition())
                .s(c.error())
                .loc(c.location());
            h = c.operations().fold(h, |h, o| h.s(o.as_str()));
        }
        for sc in r.scopes() {
            h = h.s(sc.name()).s(sc.query()).loc(sc.location());
        }
        for c in r.computed_fields() {
            h = h.s(c.name()).s(c.ty()).s(c.expr()).loc(c.location());
        }
        for route in r.custom_routes() {
            h = h
                .s(route.method().as_str())
                .s(route.path())
                .s(route.handler());
            h = h.all(route.middleware()).loc(route.location());
        }
        h = r.routes().fold(h, |h, route| h.s(route.path()));
        for method in Method::ALL {
            h = reg
                .routes_for(*method, r.name())
                .into_iter()
                .flatten()
                .fold(h, |h, route| h.s(route.path()));
        }
        // Queries without a kind filter (reading the precomputed plans);
        // `dump_with(.., true)` adds the walks.
        for q in [DepQuery::new(), DepQuery::new().reverse().depth(1)] {
            if let Some(deps) = reg.dependencies(r.name(), q) {
                h = deps.nodes().fold(h.n(deps.len() as u64), |h, n| {
                    h.s(n.name()).s(n.kind().as_str())
                });
                h = deps.edges().fold(h, |h, e| {
                    h.s(e.from().name())
                        .s(e.to().name())
                        .s(e.kind().as_str())
                        .n(e.weight().into())
                });
            }
        }
        if let Some(f) = r.fields().next() {
            h = reg
                .fields_by_type(f.ty())
                .fold(h, |h, (r, f)| h.s(r.name()).s(f.name()));
        }
    }
    h = h.n(reg.resource("Missing").is_some().into());
    for route in reg.routes() {
        h = h
            .s(route.method().as_str())
            .s(route.path())
            .s(route.handler())
            .s(route.resource());
        h = h
            .o(route.resource_ref().map(|r| r.name()))
            .o(route.operation().map(|o| o.as_str()))
            .s(route.action())
            .n(route.is_custom().into());
        h = h
            .all(route.middleware())
            .all(route.params())
            .loc(route.location());
        h = reg
            .routes_by_path(route.path())
            .fold(h, |h, r| h.s(r.path()));
        let concrete: String = route
            .path()
            .split('/')
            .map(|seg| if seg.starts_with(':') { "1" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        if let Some(m) = reg.match_route(route.method(), &concrete) {
            h = h.s(m.route().path());
            h = m.params().fold(h, |h, (k, v)| h.s(k).n(v.len() as u64));
        }
    }
    for method in Method::ALL {
        h = reg.routes_by_method(*method).fold(h, |h, r| h.s(r.path()));
    }
    for p in reg.patterns() {
        h = h
            .s(p.id())
            .s(p.name())
            .s(p.category().as_str())
            .s(p.description())
            .s(p.template());
        h = h
            .all(p.examples())
            .n(p.frequency().into())
            .n(p.confidence().to_bits().into());
        h = reg
            .patterns_by_category(p.category())
            .fold(h, |h, p| h.s(p.id()));
    }
    let cycles = reg.cycles();
    h = h.n(cycles.is_complete().into());
    for c in cycles {
        h = c.nodes().fold(h.n(c.len() as u64), |h, n| h.s(n.name()));
    }
    h.0
}

/// The answers of a registry that loaded that disagree with one another:
/// the promises of the API (an `ExactSizeIterator`'s `len` is its count, a
/// lookup by name gives that name…) that must hold for any schema that
/// validates, corrupted or not. Empty when all hold.
///
/// `indexed`: also check `len()` of the iterators that follow an index
/// table (`routes_by_method`, `routes_for`); see
/// `bug_indexed_iterators_overstate_their_len`.
fn inconsistencies(reg: &Registry<'_>, indexed: bool) -> Vec<String> {
    let mut bad = Vec::new();
    let mut check = |ok: bool, what: &dyn Fn() -> String| {
        if !ok {
            bad.push(what());
        }
    };
    macro_rules! exact {
        ($iter:expr, $what:expr) => {{
            let (len, count) = ($iter.len(), $iter.count());
            check(len == count, &|| {
                format!("{}: len() {len} but {count} items", $what)
            });
        }};
    }
    exact!(reg.resources(), "resources()");
    check(reg.len() == reg.resources().count(), &|| "len()".into());
    check(reg.is_empty() == (reg.resources().count() == 0), &|| {
        "is_empty()".into()
    });
    check(reg.resources().rev().count() == reg.len(), &|| {
        "resources().rev()".into()
    });
    exact!(reg.routes(), "routes()");
    exact!(reg.patterns(), "patterns()");
    exact!(reg.cycles(), "cycles()");
    for method in Method::ALL.iter().filter(|_| indexed) {
        exact!(
            reg.routes_by_method(*method),
            format!("routes_by_method({method:?})")
        );
    }
    for r in reg.resources() {
        let name = r.name();
        if let Some(found) = reg.resource(name) {
            check(found.name() == name, &|| {
                format!("resource({name:?}) gives {:?}", found.name())
            });
        }
        exact!(r.fields(), format!("{name}.fields()"));
        exact!(r.relationships(), format!("{name}.relationships()"));
        exact!(r.hooks(), format!("{name}.hooks()"));
        exact!(r.validations(), format!("{name}.validations()"));
        exact!(r.constraints(), format!("{name}.constraints()"));
        exact!(r.scopes(), format!("{name}.scopes()"));
        exact!(r.computed_fields(), format!("{name}.computed_fields()"));
        exact!(r.custom_routes(), format!("{name}.custom_routes()"));
        exact!(r.operations(), format!("{name}.operations()"));
        exact!(r.routes(), format!("{name}.routes()"));
        for op in Operation::ALL {
            exact!(r.middleware(*op), format!("{name}.middleware({op:?})"));
        }
        for method in Method::ALL.iter().filter(|_| indexed) {
            exact!(
                r.routes_by_method(*method),
                format!("{name}.routes_by_method({method:?})")
            );
        }
        for f in r.fields() {
            check(f.required() != f.nullable(), &|| {
                format!("{name}.{}: required == nullable", f.name())
            });
            match r.field(f.name()) {
                Some(found) => check(found.name() == f.name(), &|| {
                    format!("{name}.field({:?})", f.name())
                }),
                None => check(false, &|| format!("{name}.field({:?}) is None", f.name())),
            }
            exact!(
                f.constraints(),
                format!("{name}.{}.constraints()", f.name())
            );
            exact!(f.tags(), format!("{name}.{}.tags()", f.name()));
        }
        for rel in r.relationships() {
            match r.relationship(rel.name()) {
                Some(found) => check(found.name() == rel.name(), &|| {
                    format!("{name}.relationship({:?})", rel.name())
                }),
                None => check(false, &|| {
                    format!("{name}.relationship({:?}) is None", rel.name())
                }),
            }
            if let Some(target) = rel.target_resource() {
                check(target.name() == rel.target(), &|| {
                    format!("{name}.{} target_resource", rel.name())
                });
            }
        }
        for h in r.hooks() {
            exact!(h.calls(), format!("{name} hook calls()"));
        }
        for c in r.constraints() {
            exact!(c.operations(), format!("{name} constraint operations()"));
        }
        if let Some(deps) = reg.dependencies(name, DepQuery::new()) {
            exact!(deps.nodes(), format!("dependencies({name}).nodes()"));
            exact!(deps.edges(), format!("dependencies({name}).edges()"));
        }
    }
    for route in reg.routes() {
        exact!(route.params(), format!("route {:?} params()", route.path()));
        exact!(
            route.middleware(),
            format!("route {:?} middleware()", route.path())
        );
    }
    for p in reg.patterns() {
        exact!(p.examples(), format!("pattern {:?} examples()", p.id()));
        if let Some(found) = reg.pattern(p.name()) {
            check(found.name() == p.name(), &|| {
                format!("pattern({:?})", p.name())
            });
        }
    }
    for c in reg.cycles() {
        check(c.len() == c.nodes().count(), &|| "cycle len()".into());
    }
    bad
}

/// What loading and walking a blob gave.
enum Outcome {
    /// `from_bytes` refused it.
    Refused(Error),
    /// Loaded; the light walk's hash.
    Loaded(u64),
    /// Loaded, but some answers contradict others.
    Inconsistent(Vec<String>),
    /// The runtime panicked: always a bug.
    Panic(String),
}

/// Loads `bytes` and, if they load, walks the registry ([`touch`], and with
/// `full` also [`dump`]) and checks its answers agree, catching any panic.
fn load_and_walk(bytes: &[u8], full: bool) -> Outcome {
    let result = catch_unwind(AssertUnwindSafe(|| match Registry::from_bytes(bytes) {
        Err(e) => {
            // Rendering the error must not panic either.
            let _ = e.to_string();
            Outcome::Refused(e)
        }
        Ok(reg) => {
            let hash = touch(&reg);
            if full {
                dump_with(&reg, true);
            }
            let bad = inconsistencies(&reg, true);
            if bad.is_empty() {
                Outcome::Loaded(hash)
            } else {
                Outcome::Inconsistent(bad)
            }
        }
    }));
    result.unwrap_or_else(|payload| Outcome::Panic(panic_message(&*payload)))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "<non-string panic payload>".to_owned())
}

// ---------------------------------------------------------------- (a) intact

#[test]
fn the_intact_blob_loads_and_answers_like_the_embedded_registry() {
    let bytes = aligned(blob());
    let loaded = Registry::from_bytes(&bytes).expect("the build script's own blob loads");
    let (embedded, runtime) = (dump(&blog::REGISTRY), dump(&loaded));
    if embedded != runtime {
        for (i, (a, b)) in embedded.lines().zip(runtime.lines()).enumerate() {
            assert_eq!(a, b, "line {i} of the walk differs");
        }
        panic!("the walks differ in length:\n--- embedded\n{embedded}\n--- from_bytes\n{runtime}");
    }
    assert_eq!(inconsistencies(&loaded, true), Vec::<String>::new());
    assert_eq!(inconsistencies(&blog::REGISTRY, true), Vec::<String>::new());
    assert_eq!(
        touch(&loaded),
        touch(&Registry::from_bytes(&bytes).unwrap())
    );

    // The walk really covers the blog: every kind of record appears.
    for needle in [
        "resource \"Post\"",
        "field \"title\"",
        "relationship \"author\"",
        "hook BeforeCreate",
        "validation field=",
        "constraint \"title_not_blank\"",
        "scope \"published\"",
        "computed \"word_count\"",
        "route Post \"/posts/:id/publish\"",
        "middleware create=[\"auth\"",
        "at src/models/post.rs:",
        "match Get \"/posts/1\" -> \"/posts/:id\"",
        "deps \"Comment\"",
        "cycle len=",
        "fields of type \"string\"",
    ] {
        assert!(embedded.contains(needle), "the walk shows `{needle}`");
    }
    assert_eq!(loaded.len(), 4);
    assert_eq!(loaded.version(), blog::REGISTRY.version());
    assert_eq!(loaded.source_hash(), blog::REGISTRY.source_hash());
}

#[test]
fn the_embedded_blob_itself_loads_in_place() {
    // `BLOB` is `Aligned<[u8; N]>`: validating it needs no copy.
    let reg = Registry::from_bytes(blob()).expect("the embedded blob is aligned and valid");
    assert_eq!(dump(&reg), dump(&blog::REGISTRY));
}

#[test]
fn views_of_a_loaded_registry_compare_by_record() {
    let bytes = aligned(blob());
    let reg = Registry::from_bytes(&bytes).unwrap();
    let post = reg.resource("Post").unwrap();
    assert_eq!(post, reg.resources().nth(1).unwrap());
    assert_eq!(post.field("title"), post.fields().nth(1));
    // A view of the loaded copy is not the view of the embedded one: they
    // read different bytes, even though they say the same.
    assert_ne!(post, blog::REGISTRY.resource("Post").unwrap());
    assert_eq!(post.name(), blog::REGISTRY.resource("Post").unwrap().name());
}

// ------------------------------------------------------------ (b) truncation

#[test]
fn every_truncation_is_refused() {
    let blob = blob();
    for len in 0..blob.len() {
        let bytes = aligned(&blob[..len]);
        match Registry::from_bytes(&bytes) {
            Err(Error::Header(HeaderError::TooShort)) => assert!(len < HEADER_LEN),
            Err(Error::Header(HeaderError::LengthMismatch { announced, actual })) => {
                assert_eq!(announced as usize, blob.len() - HEADER_LEN);
                assert_eq!(actual, len - HEADER_LEN);
            }
            Err(e) => panic!("truncation to {len} bytes refused for an unexpected reason: {e}"),
            Ok(_) => panic!("truncation to {len} of {} bytes was accepted", blob.len()),
        }
    }
}

/// Patches the header's payload length to match `bytes`, so the archive
/// itself, not the header, has to catch the damage.
/// Makes the header's length and checksum match the bytes present, so the
/// variant reaches the validation behind them.
fn fix_length(bytes: &mut [u8]) {
    let len = u32::try_from(bytes.len() - HEADER_LEN).unwrap();
    bytes[20..24].copy_from_slice(&len.to_le_bytes());
    reseal(bytes);
}

#[test]
fn truncations_with_a_matching_header_are_refused_or_harmless() {
    let blob = blob();
    let (mut refused, mut loaded, mut panics, mut inconsistent) = (0, 0, Vec::new(), Vec::new());
    for len in HEADER_LEN..blob.len() {
        let mut bytes = aligned(&blob[..len]);
        fix_length(&mut bytes);
        match load_and_walk(&bytes, true) {
            Outcome::Refused(_) => refused += 1,
            Outcome::Loaded(_) => loaded += 1,
            Outcome::Inconsistent(bad) => inconsistent.push(format!("truncated to {len}: {bad:?}")),
            Outcome::Panic(p) => panics.push(format!("truncated to {len}: {p}")),
        }
        // The same, cut at the front of the payload (16 bytes at a time, to
        // keep the payload aligned).
        let cut = len - HEADER_LEN;
        if cut % 16 == 0 && cut > 0 {
            let mut bytes = aligned_cat(&[&blob[..HEADER_LEN], &blob[HEADER_LEN + cut..]]);
            fix_length(&mut bytes);
            match load_and_walk(&bytes, true) {
                Outcome::Refused(_) => refused += 1,
                Outcome::Loaded(_) => loaded += 1,
                Outcome::Inconsistent(bad) => {
                    inconsistent.push(format!("{cut} bytes cut at the front: {bad:?}"))
                }
                Outcome::Panic(p) => panics.push(format!("{cut} bytes cut at the front: {p}")),
            }
        }
    }
    println!(
        "header-consistent truncations: {refused} refused, {loaded} loaded and walked, {} inconsistent",
        inconsistent.len()
    );
    assert!(panics.is_empty(), "panics:\n{}", panics.join("\n"));
    assert!(
        inconsistent.is_empty(),
        "inconsistent answers:\n{}",
        inconsistent.join("\n")
    );
    assert!(refused > 0);
}

// ------------------------------------------------------------- (c) bit flips

/// What flipping a set of offsets gave.
#[derive(Default)]
struct Flips {
    refused: usize,
    reasons: std::collections::BTreeMap<String, usize>,
    same: usize,
    different: Vec<usize>,
    panics: Vec<String>,
    inconsistent: Vec<String>,
}

/// Flips each of `offsets` with `mask`, one at a time, in a copy of the
/// blob, and loads and walks each variant (with a full dump for one in 32).
/// A flipped payload byte gets a matching checksum, so that the variant
/// reaches the archive validation and the consistency checks behind it
/// (`every_payload_flip_fails_the_checksum` shows the checksum alone refuses
/// them all).
fn flip_offsets(mask: u8, offsets: impl Iterator<Item = usize>) -> Flips {
    let mut bytes = aligned(blob());
    let original = touch(&Registry::from_bytes(&bytes).expect("the intact blob loads"));
    let mut out = Flips::default();
    for offset in offsets {
        bytes[offset] ^= mask;
        if offset >= HEADER_LEN {
            reseal(&mut bytes);
        }
        match load_and_walk(&bytes, offset % 32 == 0) {
            Outcome::Refused(e) => {
                out.refused += 1;
                let reason = match e {
                    Error::Header(h) => format!("{h:?}")
                        .split([' ', '{', '('])
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    Error::Misaligned { .. } => "Misaligned".to_owned(),
                    Error::InvalidArchive(_) => "InvalidArchive".to_owned(),
                    _ => "other".to_owned(),
                };
                *out.reasons.entry(reason).or_default() += 1;
            }
            Outcome::Loaded(hash) if hash == original => out.same += 1,
            Outcome::Loaded(_) => out.different.push(offset),
            Outcome::Inconsistent(bad) => out
                .inconsistent
                .push(format!("byte {offset} ^ {mask:#04x}: {bad:?}")),
            Outcome::Panic(p) => out.panics.push(format!("byte {offset} ^ {mask:#04x}: {p}")),
        }
        bytes[offset] ^= mask;
        if offset >= HEADER_LEN {
            reseal(&mut bytes);
        }
    }
    out
}

#[test]
fn every_payload_flip_fails_the_checksum() {
    let mut bytes = aligned(blob());
    for offset in HEADER_LEN..bytes.len() {
        for mask in [0x01, 0x80] {
            bytes[offset] ^= mask;
            assert!(
                matches!(
                    Registry::from_bytes(&bytes),
                    Err(Error::Header(HeaderError::ChecksumMismatch { .. }))
                ),
                "byte {offset} ^ {mask:#04x} passed the checksum"
            );
            bytes[offset] ^= mask;
        }
    }
}

/// Flips every byte of the blob with `mask`, one at a time, and loads each
/// variant. Panics are collected with their offsets and reported together.
fn flip_every_byte(mask: u8) {
    let len = blob().len();
    // The offsets are shared out between threads, each flipping its own
    // copy in place (the walk's hash depends on the buffer's address).
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || flip_offsets(mask, (t..len).step_by(threads))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("caught"))
            .collect()
    });
    let mut total = Flips::default();
    for r in results {
        total.refused += r.refused;
        total.same += r.same;
        total.different.extend(r.different);
        total.panics.extend(r.panics);
        total.inconsistent.extend(r.inconsistent);
        for (k, v) in r.reasons {
            *total.reasons.entry(k).or_default() += v;
        }
    }
    let Flips {
        refused,
        same,
        mut different,
        panics,
        inconsistent,
        reasons,
    } = total;
    different.sort_unstable();
    let offsets = |v: &[usize]| {
        v.iter()
            .take(12)
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "xor {mask:#04x} over {len} bytes: {refused} refused {reasons:?}, {same} loaded unchanged, \
         {} loaded with different answers (offsets {}…)",
        different.len(),
        offsets(&different)
    );
    assert!(
        panics.is_empty(),
        "{} flipped blob(s) made the runtime panic:\n{}",
        panics.len(),
        panics.join("\n")
    );
    assert!(
        inconsistent.is_empty(),
        "{} flipped blob(s) loaded with answers that contradict each other:\n{}",
        inconsistent.len(),
        inconsistent.join("\n")
    );
    // Sanity: the header is always checked.
    assert!(
        refused >= 24,
        "the magic, fingerprint, version and length bytes are checked"
    );
}

#[test]
fn every_byte_xor_ff_is_refused_or_walks_cleanly() {
    flip_every_byte(0xFF);
}

#[test]
fn every_byte_xor_01_is_refused_or_walks_cleanly() {
    flip_every_byte(0x01);
}

#[test]
fn header_bytes_are_checked() {
    let mut bytes = aligned(blob());
    // Magic, fingerprint, version, length and the checksum: any change is
    // refused.
    for offset in 0..32 {
        for mask in [0x01, 0x80, 0xFF] {
            bytes[offset] ^= mask;
            let err = Registry::from_bytes(&bytes).expect_err("a damaged header is refused");
            let expected = match offset {
                0..8 => matches!(err, Error::Header(HeaderError::BadMagic)),
                8..16 => matches!(err, Error::Header(HeaderError::FingerprintMismatch { .. })),
                16..20 => matches!(err, Error::Header(HeaderError::VersionMismatch { .. })),
                20..24 => matches!(err, Error::Header(HeaderError::LengthMismatch { .. })),
                _ => matches!(err, Error::Header(HeaderError::ChecksumMismatch { .. })),
            };
            assert!(expected, "byte {offset} ^ {mask:#x}: unexpected {err:?}");
            bytes[offset] ^= mask;
        }
    }
}

// ----------------------------------------------------------- (d) misalignment

#[test]
fn misaligned_input_is_refused() {
    let blob = blob();
    for offset in 0..=16 {
        let buffer = aligned_cat(&[&[0u8; 16][..offset], blob]);
        let bytes = &buffer[offset..];
        assert_eq!(bytes, blob);
        let payload = bytes[HEADER_LEN..].as_ptr().addr();
        match Registry::from_bytes(bytes) {
            Ok(reg) => {
                assert_eq!(offset % 16, 0, "misaligned by {offset} yet accepted");
                assert_eq!(dump(&reg), dump(&blog::REGISTRY));
            }
            Err(Error::Misaligned { address }) => {
                assert_ne!(offset % 16, 0, "aligned yet refused as misaligned");
                assert_eq!(address, payload);
                assert!(
                    Error::Misaligned { address }
                        .to_string()
                        .contains("aligned")
                );
            }
            Err(e) => panic!("offset {offset}: expected Misaligned, got {e:?}"),
        }
    }
}

#[test]
fn misaligned_damaged_input_is_refused_without_reading_it() {
    // Every flipped variant at every misalignment: refused, never read.
    let blob = blob();
    let mut buffer = aligned_cat(&[&[0u8; 7], blob]);
    for offset in (HEADER_LEN..blob.len()).step_by(7) {
        buffer[7 + offset] ^= 0xFF;
        assert!(matches!(
            Registry::from_bytes(&buffer[7..]),
            Err(Error::Misaligned { .. })
        ));
        buffer[7 + offset] ^= 0xFF;
    }
}

// ----------------------------------------------------------- (e) foreign data

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// A header this runtime accepts, for `payload`.
fn header_for(payload: &[u8]) -> [u8; HEADER_LEN] {
    conduit_format::Header::for_payload(payload)
        .unwrap()
        .encode()
}

#[test]
fn empty_and_tiny_inputs_are_refused() {
    assert_eq!(
        Registry::from_bytes(&[]).unwrap_err(),
        Error::Header(HeaderError::TooShort)
    );
    for len in 1..HEADER_LEN {
        let bytes = aligned(&header_for(&[])[..len]);
        assert_eq!(
            Registry::from_bytes(&bytes).unwrap_err(),
            Error::Header(HeaderError::TooShort),
            "{len} bytes of a header"
        );
    }
    // A header announcing an empty payload: no room for the archive's root.
    let bytes = aligned(&header_for(&[]));
    assert!(matches!(
        Registry::from_bytes(&bytes),
        Err(Error::InvalidArchive(_))
    ));
}

#[test]
fn random_bytes_are_refused() {
    let mut rng = Rng(0x5EED_CAFE_F00D_D00D);
    for len in [1, 8, 31, 32, 33, 48, 64, 100, 1000, 4096, blob().len()] {
        for _ in 0..20 {
            let bytes = aligned(&rng.bytes(len));
            let err = Registry::from_bytes(&bytes).expect_err("random bytes are refused");
            assert!(
                matches!(err, Error::Header(_)),
                "{len} random bytes: {err:?}"
            );
        }
    }
}

#[test]
fn random_payloads_behind_a_valid_header_are_refused() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for len in [
        1,
        4,
        8,
        16,
        32,
        64,
        128,
        256,
        1024,
        4096,
        blob().len() - HEADER_LEN,
    ] {
        for _ in 0..20 {
            let payload = rng.bytes(len);
            let bytes = aligned_cat(&[&header_for(&payload), &payload]);
            match load_and_walk(&bytes, true) {
                Outcome::Refused(Error::InvalidArchive(_)) => {}
                Outcome::Refused(e) => panic!("{len}-byte payload: unexpected {e:?}"),
                Outcome::Loaded(_) => panic!("{len} random bytes loaded"),
                Outcome::Inconsistent(bad) => panic!("{len} random bytes loaded: {bad:?}"),
                Outcome::Panic(p) => panic!("{len}-byte random payload panicked: {p}"),
            }
        }
    }
}

#[test]
fn zeroed_payloads_are_refused_or_empty() {
    // All zeros may well be a valid (empty) archive; it must not be more.
    for len in [1, 4, 8, 16, 32, 48, 64, 96, 128, 256, 1024] {
        let payload = vec![0u8; len];
        let bytes = aligned_cat(&[&header_for(&payload), &payload]);
        match load_and_walk(&bytes, true) {
            Outcome::Refused(_) => {}
            Outcome::Loaded(_) => {
                assert_eq!(
                    Registry::from_bytes(&bytes).unwrap().len(),
                    0,
                    "{len} zeros"
                )
            }
            Outcome::Inconsistent(bad) => panic!("{len} zeros: {bad:?}"),
            Outcome::Panic(p) => panic!("{len} zero bytes panicked: {p}"),
        }
    }
}

#[test]
fn executables_are_refused() {
    let mut files = vec![std::env::current_exe().expect("the test binary's path")];
    for candidate in ["/bin/true", "/usr/bin/true", "/bin/sh"] {
        if std::path::Path::new(candidate).exists() {
            files.push(candidate.into());
        }
    }
    for file in files {
        let mut head = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        head.truncate(4096);
        let bytes = aligned(&head);
        assert_eq!(
            Registry::from_bytes(&bytes).unwrap_err(),
            Error::Header(HeaderError::BadMagic),
            "{}",
            file.display()
        );
        // Even behind our magic, an ELF file is not a registry.
        let mut disguised = aligned(&head);
        disguised[..8].copy_from_slice(&MAGIC);
        assert!(Registry::from_bytes(&disguised).is_err());
    }
}

#[test]
fn a_header_from_another_writer_is_refused() {
    let blob = blob();
    // Valid magic, wrong fingerprint.
    let mut bytes = aligned(blob);
    let fingerprint = conduit_format::format_fingerprint() ^ 0xDEAD_BEEF;
    bytes[8..16].copy_from_slice(&fingerprint.to_le_bytes());
    assert_eq!(
        Registry::from_bytes(&bytes).unwrap_err(),
        Error::Header(HeaderError::FingerprintMismatch { found: fingerprint })
    );
    // Valid magic, another format version.
    let mut bytes = aligned(blob);
    bytes[16..20].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    assert_eq!(
        Registry::from_bytes(&bytes).unwrap_err(),
        Error::Header(HeaderError::VersionMismatch {
            found: FORMAT_VERSION + 1
        })
    );
    // Valid magic, nothing else.
    let bytes = aligned_cat(&[&MAGIC, &[0; 56]]);
    assert!(matches!(
        Registry::from_bytes(&bytes),
        Err(Error::Header(
            HeaderError::VersionMismatch { .. } | HeaderError::FingerprintMismatch { .. }
        ))
    ));
}

#[test]
fn padded_blobs_are_refused_or_harmless() {
    let blob = blob();
    // Padding without fixing the header: refused by the length check.
    let bytes = aligned_cat(&[blob, &[0; 16]]);
    assert!(matches!(
        Registry::from_bytes(&bytes),
        Err(Error::Header(HeaderError::LengthMismatch { .. }))
    ));
    // Padding with a matching header: the archive's root is read from the
    // end, so the padding is taken for the root.
    for pad in [1, 4, 8, 16, 32, 64] {
        for fill in [0x00, 0xFF] {
            let mut bytes = aligned_cat(&[blob, &vec![fill; pad]]);
            fix_length(&mut bytes);
            match load_and_walk(&bytes, true) {
                Outcome::Panic(p) => panic!("{pad} bytes of {fill:#x} padding panicked: {p}"),
                Outcome::Inconsistent(bad) => panic!("{pad} bytes of {fill:#x}: {bad:?}"),
                _ => {}
            }
        }
    }
    // Two blobs back to back, the header announcing both payloads.
    let mut bytes = aligned_cat(&[blob, blob]);
    fix_length(&mut bytes);
    match load_and_walk(&bytes, true) {
        Outcome::Panic(p) => panic!("two blobs back to back panicked: {p}"),
        Outcome::Inconsistent(bad) => panic!("two blobs back to back: {bad:?}"),
        _ => {}
    }
}

// ------------------------------------------------------------- fuzz seed

/// Writes the blob as the seed of the `from_bytes` fuzz corpus when
/// `CONDUIT_WRITE_FUZZ_SEED` is set (see `fuzz/README.md`); otherwise only
/// checks the seed, if present, is still a blob this runtime loads.
#[test]
fn fuzz_seed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/from_bytes/blog.bin");
    if std::env::var_os("CONDUIT_WRITE_FUZZ_SEED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, blob()).unwrap();
        println!("wrote {} ({} bytes)", path.display(), blob().len());
    }
    if let Ok(seed) = std::fs::read(&path) {
        let seed = aligned(&seed);
        if let Err(e) = Registry::from_bytes(&seed) {
            println!(
                "note: the fuzz seed {} is stale ({e}); refresh it with \
                 CONDUIT_WRITE_FUZZ_SEED=1 cargo test -p conduit-tests --test corruption fuzz_seed",
                path.display()
            );
        }
    }
}

// ------------------------------------ inconsistent tables (found by fuzzing)
//
// Blobs whose archive is well formed but whose index tables are wrong, built
// with `conduit_testkit::encode`. Fuzzing found that the runtime, following
// such indexes, overstated `len()`, walked billions of steps or recursed
// without end; `from_bytes` now checks every cross-table index, so each is
// refused, with a message naming the table.

fn route(method: Method, path: &str) -> Route {
    Route {
        method,
        path: path.into(),
        template: path.into(),
        handler: "h".into(),
        kind: conduit_format::RouteKind::Rest,
        origin: conduit_format::Operation::Show.index() as u32,
        resource: 0,
        operation: "show".into(),
        middleware: Vec::new(),
        params: Vec::new(),
        query: Vec::new(),
        location: Default::default(),
    }
}

fn resource(name: &str) -> RawResource {
    RawResource {
        name: name.into(),
        ..RawResource::default()
    }
}

/// A blob whose route matcher is that of `GET /a`, damaged by `damage`.
fn damaged_matcher(damage: impl FnOnce(&mut RouteMatcher)) -> conduit::AlignedBytes {
    let mut matcher = conduit_format::matcher::build(&[("/a", Method::Get)]).unwrap();
    damage(&mut matcher);
    let schema = Schema {
        resources: vec![resource("Post")],
        routes: Routes {
            all: vec![route(Method::Get, "/a")],
            matcher,
            ..Routes::default()
        },
        ..Schema::default()
    };
    conduit_testkit::encode(&schema)
}

/// `from_bytes` refuses `blob` as an invalid archive whose message names
/// `table`.
fn refused_naming(blob: &[u8], table: &str) {
    match Registry::from_bytes(blob) {
        Err(Error::InvalidArchive(msg)) => assert!(msg.contains(table), "{msg}"),
        Ok(_) => panic!("an inconsistent `{table}` table was accepted"),
        Err(other) => panic!("expected an invalid `{table}` table, got {other:?}"),
    }
}

#[test]
fn a_route_index_past_the_end_is_refused() {
    let mut schema = Schema {
        resources: vec![resource("Post")],
        ..Schema::default()
    };
    schema.routes = Routes {
        all: vec![route(Method::Get, "/posts")],
        // One valid id, one past the end of `all` (a corrupted table).
        by_method: vec![vec![0, 7], vec![], vec![], vec![], vec![]],
        ..Routes::default()
    };
    refused_naming(&conduit_testkit::encode(&schema), "routes by method");
}

#[test]
fn corrupted_graph_offsets_are_refused() {
    let schema = Schema {
        resources: vec![resource("A"), resource("B")],
        graph: Graph {
            nodes: vec![
                Node {
                    name: "A".into(),
                    kind: conduit::NodeKind::Resource,
                },
                Node {
                    name: "B".into(),
                    kind: conduit::NodeKind::Resource,
                },
            ],
            edges: vec![Edge {
                from: 0,
                to: 1,
                kind: EdgeKind::BelongsTo,
                weight: 1,
            }],
            // A's out-edges should be 0..1; the end offset is corrupted.
            out_start: vec![0, u32::MAX, 1],
            in_edges: vec![0],
            in_start: vec![0, 0, 1],
            ..Graph::default()
        },
        ..Schema::default()
    };
    refused_naming(&conduit_testkit::encode(&schema), "graph out-edges");
}

#[test]
fn damaged_route_matchers_are_refused() {
    use conduit_format::matcher::layout::*;
    // `GET /a`: the start state (one transition, to `a`), then `a`'s state.
    let a = HEAD + EDGE;
    let damages: [fn(&mut RouteMatcher); 8] = [
        |m| m.words[EDGES] = 2,
        |m| m.words[OTHER] = 9,
        |m| m.words[HEAD + EDGE + ROUTES + Method::Get.index()] = 1,
        |m| m.words[HEAD + NEXT] = 9,
        |m| m.words[HEAD + FIRST] ^= 1,
        |m| m.words[HEAD + LEN] = 20,
        |m| m.words[MASK] = 7,
        |m| m.words.truncate(HEAD + EDGE + 3),
    ];
    assert_eq!(
        conduit_format::matcher::build(&[("/a", Method::Get)])
            .unwrap()
            .words
            .len(),
        a + HEAD
    );
    for damage in damages {
        refused_naming(&damaged_matcher(damage), "route matcher");
    }
    // Undamaged, the same blob loads and matches.
    let blob = damaged_matcher(|_| {});
    let reg = Registry::from_bytes(&blob).unwrap();
    assert!(reg.match_route(Method::Get, "/a").is_some());
}

#[test]
fn a_matcher_that_loops_still_terminates() {
    // Every state leads back to the start: valid indexes, so the blob loads,
    // and each transition reads one segment, so matching ends.
    use conduit_format::matcher::layout::*;
    let blob = damaged_matcher(|m| {
        m.words[HEAD + NEXT] = 0;
        m.words[OTHER] = 0;
        m.words[EMPTY] = 0;
    });
    let reg = Registry::from_bytes(&blob).unwrap();
    assert!(reg.match_route(Method::Get, "/a/a/a/b//c/").is_none());
}

/// `blob` with the archived `u32` that `field` finds in its payload (as
/// `rkyv::access` reads it) overwritten with `value`, and resealed.
fn with_u32(
    blob: &[u8],
    field: impl Fn(&conduit_format::schema::ArchivedSchema) -> &rkyv::Archived<u32>,
    value: u32,
) -> AlignedBytes {
    let payload = &blob[HEADER_LEN..];
    let archived =
        rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(payload)
            .expect("the blob validates");
    let at = HEADER_LEN + (field(archived) as *const rkyv::Archived<u32> as usize)
        - (payload.as_ptr() as usize);
    let mut bytes = blob.to_vec();
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    reseal(&mut bytes);
    aligned(&bytes)
}

/// `blob` with the first byte of `field` (a record inside it) changed by
/// `change`, resealed.
fn with_byte<T>(blob: &[u8], field: &T, change: impl FnOnce(u8) -> u8) -> AlignedBytes {
    let at = HEADER_LEN + (field as *const T as usize) - (blob[HEADER_LEN..].as_ptr() as usize);
    let mut bytes = blob.to_vec();
    bytes[at] = change(bytes[at]);
    reseal(&mut bytes);
    aligned(&bytes)
}

/// The archived schema of a well-formed `blob` (header included).
fn archived(blob: &[u8]) -> &conduit_format::schema::ArchivedSchema {
    rkyv::access::<conduit_format::schema::ArchivedSchema, rkyv::rancor::Error>(&blob[HEADER_LEN..])
        .expect("the blob validates")
}

#[test]
fn a_string_id_past_the_end_of_the_table_is_refused() {
    let blob = aligned(blob());
    // One byte just past the end of the text (a short id).
    let n = 1 << 24 | archived(&blob).strings.text.len() as u32;
    let name = with_u32(&blob, |s| &s.resources[0].name.0, n);
    refused_naming(&name, "resources: string id");
    let handler = with_u32(&blob, |s| &s.routes.all[0].handler.0, u32::MAX - 1);
    refused_naming(&handler, "routes: string id");
    let node = with_u32(&blob, |s| &s.graph.nodes[0].name.0, n);
    refused_naming(&node, "graph nodes: string id");
    // A list of the pool: its position, its length entry, one of its ids.
    let list = with_u32(&blob, |s| &s.routes.all[0].middleware.0, u32::MAX);
    refused_naming(&list, "routes: string id");
    let archived = archived(&blob);
    let chained = archived
        .routes
        .all
        .iter()
        .find(|r| !archived.list(r.middleware).is_empty())
        .expect("a route with middleware");
    let at = chained.middleware.get() as usize;
    let len = with_u32(&blob, |s| &s.str_lists[at], u32::MAX);
    refused_naming(&len, "string id");
    let pooled = with_u32(&blob, |s| &s.str_lists[at + 1], n);
    refused_naming(&pooled, "string id");
    // The empty list is the pool's first entry.
    assert_eq!(archived.str_lists[0].to_native(), 0);
}

#[test]
fn damaged_routes_by_method_are_refused() {
    let blob = aligned(blob());
    let archived = archived(&blob);
    let table = archived.routes.by_resource_method.len() as u32;
    // A method group ending past the table, one ending before it starts,
    // a route index past the routes.
    let last = archived.resources[0].routes.bounds.len() - 1;
    let past = with_u32(&blob, |s| &s.resources[0].routes.bounds[last], table + 1);
    refused_naming(&past, "routes out of range");
    let back = with_u32(&blob, |s| &s.resources[1].routes.bounds[1], u32::MAX);
    refused_naming(&back, "routes by method out of order");
    let id = with_u32(&blob, |s| &s.routes.by_resource_method[0], u32::MAX);
    refused_naming(&id, "resource routes");
}

#[test]
fn a_field_of_a_type_past_its_resource_is_refused() {
    let blob = aligned(blob());
    let archived = archived(&blob);
    let group = &archived.fields_by_type[0];
    let ty = archived.str(group.ty);
    let at = group.fields[0];
    let fields = archived.resources[at.resource()].fields.len() as u32;
    // Past the resources; past the fields of its resource.
    let resource = with_u32(&blob, |s| &s.fields_by_type[0].fields[0].0, u32::MAX);
    refused_naming(
        &resource,
        &format!("fields of type `{ty}`: index out of range"),
    );
    let packed = (at.resource() as u32) << conduit_format::tables::FieldAt::FIELD_BITS | fields;
    let field = with_u32(&blob, |s| &s.fields_by_type[0].fields[0].0, packed);
    refused_naming(
        &field,
        &format!("fields of type `{ty}`: index out of range"),
    );
}

#[test]
fn an_unknown_referential_action_is_refused() {
    let blob = aligned(blob());
    let archived = archived(&blob);
    let (r, rel) = archived
        .resources
        .iter()
        .find_map(|r| r.relationships.iter().next().map(|rel| (r, rel)))
        .expect("a relationship");
    let damaged = with_byte(&blob, &rel.on_update, |_| 5);
    let name = format!(
        "relationship `{}.{}`: unknown referential action",
        archived.str(r.name),
        archived.str(rel.name)
    );
    refused_naming(&damaged, &name);
}

#[test]
fn unknown_field_flags_are_refused() {
    let blob = aligned(blob());
    let archived = archived(&blob);
    let flags = &archived.resources[0].fields[0].flags;
    assert_eq!(std::mem::size_of_val(flags), 1);
    let damaged = with_byte(&blob, flags, |b| b | 0b0100_0000);
    let name = format!(
        "field `{}.{}`: unknown flag bits",
        archived.str(archived.resources[0].name),
        archived.str(archived.resources[0].fields[0].name)
    );
    refused_naming(&damaged, &name);
}

#[test]
fn a_route_whose_declaration_is_missing_is_refused() {
    let blob = aligned(blob());
    let archived = archived(&blob);
    // A REST route names its operation, an action or a custom route its
    // position among the resource's: each past the end is refused.
    let rest = archived
        .routes
        .all
        .iter()
        .position(|r| conduit_format::RouteKind::from(&r.kind) == conduit_format::RouteKind::Rest)
        .expect("a REST route");
    let op = with_u32(&blob, |s| &s.routes.all[rest].origin, 5);
    refused_naming(
        &op,
        &format!("route {rest}: origin 5 out of range (5 declarations)"),
    );
    let custom = archived
        .routes
        .all
        .iter()
        .position(|r| conduit_format::RouteKind::from(&r.kind) == conduit_format::RouteKind::Custom)
        .expect("a custom route");
    let past = with_u32(&blob, |s| &s.routes.all[custom].origin, 1);
    refused_naming(&past, &format!("route {custom}: origin 1 out of range"));
    let owner = with_u32(&blob, |s| &s.routes.all[custom].resource, u32::MAX);
    refused_naming(
        &owner,
        &format!("route {custom}: resource index out of range"),
    );
}

#[test]
fn a_damaged_string_table_is_refused() {
    let blob = aligned(blob());
    let archived = archived(&blob);
    let text = archived.strings.text.as_str();
    // Ids that start or end inside a multi-byte character (the `→` of a
    // pattern's description).
    let arrow = text.find('→').expect("a pattern description with an arrow");
    let short =
        |start: usize, len: usize| conduit_format::strings::StrId::short(start, len).unwrap().0;
    let starts = with_u32(&blob, |s| &s.resources[0].name.0, short(arrow + 1, 2));
    refused_naming(&starts, "resources: string id");
    let ends = with_u32(&blob, |s| &s.resources[0].name.0, short(arrow, 1));
    refused_naming(&ends, "resources: string id");
    // A long id past the long entries.
    let long = archived.strings.long.len() as u32;
    let past = with_u32(&blob, |s| &s.resources[0].docs.0, 0xFF << 24 | long);
    refused_naming(&past, "resources: string id");
    // A long entry reaching past the text: every id reading it is refused.
    let docs = "a doc comment of more than 255 bytes. ".repeat(8);
    let schema = Schema {
        resources: vec![RawResource {
            docs: docs.clone(),
            ..resource("Post")
        }],
        ..Schema::default()
    };
    let blob = conduit_testkit::encode(&schema);
    let registry = Registry::from_bytes(&blob).expect("a long string is fine");
    assert_eq!(registry.resource("Post").unwrap().docs(), docs);
    let long = self::archived(&blob);
    assert_eq!(long.strings.long.len(), 1);
    let text = long.strings.text.len() as u32;
    let reaching = with_u32(&blob, |s| &s.strings.long[0].len, text + 1);
    refused_naming(
        &reaching,
        "resources: string id 0xff000000 does not name a string",
    );
}

#[test]
fn a_corrupted_cycle_coding_is_refused() {
    let blob = aligned(blob());
    // A key naming a base, a prefix longer than its base, nodes past the end.
    let base = with_u32(&blob, |s| &s.graph.cycles.cycles[0].base, 0);
    refused_naming(&base, "cycle 0: invalid prefix coding");
    let len = with_u32(&blob, |s| &s.graph.cycles.cycles[0].len, u32::MAX);
    refused_naming(&len, "cycle 0: invalid prefix coding");
    let node = with_u32(&blob, |s| &s.graph.cycles.ids[0], u32::MAX);
    refused_naming(&node, "cycle");
}

#[test]
fn damaged_plans_are_refused() {
    let blob = aligned(blob());
    let archived = archived(&blob);
    let plans = &archived.graph.plans;
    // A plan of the blog with two steps at least: a level and a node to damage.
    let (i, words) = (0..plans.len())
        .map(|i| (i, plans.plan(i).unwrap()))
        .find(|(_, p)| p.steps() >= 2)
        .expect("a plan with two steps");
    let at = plans.start[i].to_native() as usize;
    // Word 0: `steps << 1 | complete`; then the levels; then the nodes.
    let steps = with_u32(&blob, |s| &s.graph.plans.words[at], 0b1);
    refused_naming(&steps, "graph: plan levels");
    let many = with_u32(&blob, |s| &s.graph.plans.words[at], u32::MAX);
    refused_naming(&many, "graph: a plan's words are fewer than its levels");
    let first = with_u32(&blob, |s| &s.graph.plans.words[at + 1], 2);
    refused_naming(&first, "graph: plan levels out of order");
    let edges = words.edge_level(0).unwrap();
    let level = with_u32(&blob, |s| &s.graph.plans.words[at + 2], edges + 1);
    refused_naming(&level, "graph: plan edge levels do not match");
    let node_at = at + 2 * words.steps() + 2;
    let node = with_u32(&blob, |s| &s.graph.plans.words[node_at], u32::MAX);
    refused_naming(&node, "plan nodes");
    let end = with_u32(&blob, |s| &s.graph.plans.start[i + 1], u32::MAX);
    refused_naming(&end, "graph plans: offsets");
}

#[test]
fn pattern_groups_out_of_category_order_are_refused() {
    let group = |key: &str| conduit_format::tables::Group {
        key: key.into(),
        items: vec![],
    };
    // One group only: the runtime indexes the groups by category.
    let one = Schema {
        patterns_by_category: vec![group("authentication")],
        ..Schema::default()
    };
    refused_naming(&conduit_testkit::encode(&one), "patterns by category");
    // Every category, two swapped.
    let mut groups: Vec<_> = conduit::PatternCategory::ALL
        .iter()
        .map(|c| group(c.as_str()))
        .collect();
    groups.swap(0, 1);
    let swapped = Schema {
        patterns_by_category: groups,
        ..Schema::default()
    };
    refused_naming(&conduit_testkit::encode(&swapped), "patterns by category");
}
