//! `Registry::from_bytes` on arbitrary bytes: it must refuse them with an
//! error or load a registry whose every view can be walked, never panic or
//! misbehave (run with AddressSanitizer to catch out-of-bounds reads).
//!
//! Each input is tried three ways:
//! 1. as is, in a 16-byte aligned buffer (exercises the header checks);
//! 2. with its first 32 bytes replaced by a header this runtime accepts for
//!    the rest, so that mutations that change the length or the header still
//!    reach the archive validator;
//! 3. like 2, but at an address that is not 16-byte aligned: it must be
//!    refused as `Error::Misaligned` before anything else is read.
#![no_main]

use conduit::{AlignedBytes, DepQuery, EdgeKind, Error, Method, Operation, Registry};
use conduit_format::Header;
use conduit_format::header::HEADER_LEN;
use libfuzzer_sys::fuzz_target;
use std::hint::black_box;
use std::sync::OnceLock;

/// `CONDUIT_FUZZ_KNOWN_SLOW=skip` leaves out the queries with known
/// unbounded running time on corrupted tables (dependency queries, matching
/// long paths; see the `bug_*` tests in `tests/tests/corruption.rs`), so a
/// run can look for other problems.
fn skip_known_slow() -> bool {
    static SKIP: OnceLock<bool> = OnceLock::new();
    *SKIP.get_or_init(|| std::env::var("CONDUIT_FUZZ_KNOWN_SLOW").is_ok_and(|v| v == "skip"))
}

fuzz_target!(|data: &[u8]| {
    // 1. As is.
    let bytes = AlignedBytes::from_slice(data);
    if let Ok(reg) = Registry::from_bytes(&bytes) {
        walk(&reg);
    }

    // 2. Behind a valid header.
    let Some(payload) = data.get(HEADER_LEN..) else {
        return;
    };
    let Ok(len) = u32::try_from(payload.len()) else {
        return;
    };
    let header = Header::new(len).encode();
    let fixed = AlignedBytes::from_slice(&[&header[..], payload].concat());
    let aligned = Registry::from_bytes(&fixed);
    match &aligned {
        Ok(reg) => walk(reg),
        Err(Error::InvalidArchive(message)) => {
            black_box(message.len());
        }
        Err(e) => panic!("a valid header was refused: {e}"),
    }

    // 3. The same bytes, misaligned.
    let shift = 1 + data.len() % 15;
    let shifted = AlignedBytes::from_slice(&[&[0u8; 16][..shift], &fixed[..]].concat());
    match Registry::from_bytes(&shifted[shift..]) {
        Err(Error::Misaligned { address }) => {
            assert_eq!(address, shifted[shift + HEADER_LEN..].as_ptr().addr());
        }
        other => panic!("misaligned input by {shift} bytes gave {other:?}"),
    }
});

/// Reads every accessor of every view, and checks the answers agree with one
/// another (invariants of any schema that validates).
fn walk(reg: &Registry<'_>) {
    black_box((reg.version(), reg.source_hash(), reg.is_empty()));
    black_box(format!("{reg:?}"));
    assert_eq!(reg.len(), reg.resources().count());
    assert_eq!(reg.resources().len(), reg.resources().rev().count());
    for name in ["", "Post", "User", "\u{0}", "zzzz"] {
        if let Some(r) = reg.resource(name) {
            assert_eq!(r.name(), name);
        }
    }
    for r in reg.resources() {
        black_box((r.name(), r.rust_path(), r.table(), r.path(), r.docs()));
        black_box((r.nested_under(), r.location().to_string(), format!("{r:?}")));
        if let Some(found) = reg.resource(r.name()) {
            assert_eq!(found.name(), r.name());
        }
        black_box(r.operations().collect::<Vec<_>>());
        for op in Operation::ALL {
            let chain: Vec<&str> = r.middleware(*op).collect();
            assert_eq!(chain.len(), r.middleware(*op).len());
        }
        for f in r.fields() {
            black_box((f.name(), f.ty(), f.rust_type(), f.nullable(), f.primary()));
            black_box((f.unique(), f.index(), f.auto(), f.auto_update()));
            black_box((f.default_value(), f.docs(), f.location(), format!("{f:?}")));
            assert_eq!(f.required(), !f.nullable());
            black_box(f.constraints().chain(f.tags()).collect::<Vec<_>>());
            let found = r.field(f.name()).expect("a field is found by its name");
            assert_eq!(found.name(), f.name());
        }
        for rel in r.relationships() {
            black_box((rel.name(), rel.kind(), rel.target(), rel.foreign_key()));
            black_box((
                rel.through(),
                rel.on_delete().map(|a| a.as_str()),
                rel.on_update().map(|a| a.as_str()),
                rel.location(),
            ));
            black_box(format!("{rel:?}"));
            if let Some(t) = rel.target_resource() {
                assert_eq!(t.name(), rel.target());
            }
            let found = r.relationship(rel.name()).expect("found by its name");
            assert_eq!(found.name(), rel.name());
        }
        for h in r.hooks() {
            black_box((h.kind(), h.function(), h.transaction(), h.is_async()));
            black_box((
                h.source(),
                h.source_location(),
                h.location(),
                format!("{h:?}"),
            ));
            black_box(h.calls().collect::<Vec<_>>());
        }
        for v in r.validations() {
            black_box((v.field(), v.kind(), v.value(), v.message(), v.location()));
            black_box(format!("{v:?}"));
        }
        for c in r.constraints() {
            black_box((c.name(), c.condition(), c.error(), c.location()));
            black_box((c.operations().collect::<Vec<_>>(), format!("{c:?}")));
        }
        for s in r.scopes() {
            black_box((s.name(), s.query(), s.location(), format!("{s:?}")));
        }
        for c in r.computed_fields() {
            black_box((c.name(), c.ty(), c.expr(), c.location(), format!("{c:?}")));
        }
        for route in r.custom_routes() {
            black_box((
                route.method(),
                route.path(),
                route.handler(),
                route.location(),
            ));
            black_box((route.middleware().collect::<Vec<_>>(), format!("{route:?}")));
        }
        black_box(r.routes().map(|route| route.path()).collect::<Vec<_>>());
        for method in Method::ALL {
            let routes = r.routes_by_method(*method);
            black_box((
                routes.len(),
                routes.map(|route| route.path()).collect::<Vec<_>>(),
            ));
            assert!(reg.routes_for(*method, r.name()).is_some());
        }
        let queries = [
            DepQuery::new(),
            DepQuery::new().reverse().depth(2),
            DepQuery::new().kinds([EdgeKind::BelongsTo, EdgeKind::Calls]),
        ];
        for q in queries.into_iter().filter(|_| !skip_known_slow()) {
            let deps = r.dependencies(q);
            black_box(format!("{deps:?}"));
            assert_eq!(deps.len(), deps.nodes().count());
            assert_eq!(deps.edges().len(), deps.edges().count());
        }
        for f in r.fields() {
            black_box(reg.fields_by_type(f.ty()).count());
        }
    }
    black_box(
        reg.dependencies("no such resource", DepQuery::new())
            .is_none(),
    );
    for route in reg.routes() {
        black_box((
            route.method(),
            route.path(),
            route.handler(),
            route.resource(),
        ));
        black_box((route.resource_ref(), route.operation(), route.location()));
        black_box((
            route.middleware().count(),
            route.params().count(),
            format!("{route:?}"),
        ));
        black_box(reg.routes_by_path(route.path()).count());
        let concrete: String = route
            .path()
            .split('/')
            .map(|seg| if seg.starts_with(':') { "1" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        for path in [route.path(), concrete.as_str()] {
            if let Some(m) = reg.match_route(route.method(), path) {
                black_box((m.route(), m.param("id"), format!("{m:?}")));
                assert_eq!(m.params().count(), m.route().params().len());
            }
        }
        if !skip_known_slow() {
            let long = concrete.repeat(8);
            black_box(reg.match_route(route.method(), &long));
        }
    }
    for method in Method::ALL {
        black_box(reg.routes_by_method(*method).count());
    }
    black_box(reg.routes_by_method_str("get").map(|r| r.count()));
    for p in reg.patterns() {
        black_box((
            p.id(),
            p.name(),
            p.category(),
            p.description(),
            p.template(),
        ));
        black_box((p.examples().count(), p.frequency(), p.confidence()));
        black_box(reg.patterns_by_category(p.category()).count());
        black_box(reg.pattern(p.name()));
    }
    let cycles = reg.cycles();
    black_box(cycles.is_complete());
    for c in cycles {
        black_box((c.len(), c.is_empty(), format!("{c:?}")));
    }
}
