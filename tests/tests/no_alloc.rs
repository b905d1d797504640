//! Every query of the blog registry runs without touching the heap: a
//! counting global allocator sees zero allocations while they run.

use blog::REGISTRY;
use conduit::{Operation, Resource};
use std::hint::black_box;

#[global_allocator]
static GLOBAL: conduit_tests::Counting = conduit_tests::Counting;

use conduit_tests::allocations;

#[test]
fn the_counter_sees_allocations() {
    assert!(allocations(|| drop(black_box(vec![1u8; 16]))) >= 1);
}

#[test]
fn resource_lookup_does_not_allocate() {
    let n = allocations(|| {
        for name in ["Post", "User", "Comment", "Tag", "Missing", ""] {
            black_box(REGISTRY.resource(black_box(name)));
        }
        black_box(blog::models::Post::meta());
    });
    assert_eq!(n, 0);
}

#[test]
fn listing_resources_does_not_allocate() {
    let n = allocations(|| {
        for r in REGISTRY.resources() {
            black_box(r.name());
        }
        black_box(REGISTRY.version());
        black_box(REGISTRY.source_hash());
    });
    assert_eq!(n, 0);
}

#[test]
fn walking_every_view_does_not_allocate() {
    let mut touched = 0usize;
    let n = allocations(|| {
        for r in REGISTRY.resources() {
            black_box((
                r.name(),
                r.table(),
                r.path(),
                r.docs(),
                r.rust_path(),
                r.nested_under(),
            ));
            let l = r.location();
            black_box((l.file(), l.line(), l.column()));
            for f in r.fields() {
                black_box((
                    f.name(),
                    f.ty(),
                    f.rust_type(),
                    f.nullable(),
                    f.required(),
                    f.primary(),
                ));
                black_box((f.unique(), f.default_value(), f.docs(), f.location().file()));
                f.constraints().chain(f.tags()).for_each(|c| {
                    black_box(c);
                });
                touched += 1;
            }
            black_box(r.field("id"));
            for rel in r.relationships() {
                black_box((
                    rel.name(),
                    rel.kind(),
                    rel.target(),
                    rel.foreign_key(),
                    rel.through(),
                ));
                black_box((
                    rel.on_delete(),
                    rel.on_update(),
                    rel.target_resource(),
                    rel.location().line(),
                ));
                touched += 1;
            }
            for h in r.hooks() {
                black_box((
                    h.kind(),
                    h.function(),
                    h.transaction(),
                    h.is_async(),
                    h.source(),
                ));
                black_box((h.source_location(), h.location().line()));
                h.calls().for_each(|c| {
                    black_box(c);
                });
                touched += 1;
            }
            for v in r.validations() {
                black_box((
                    v.field(),
                    v.kind(),
                    v.value(),
                    v.message(),
                    v.location().line(),
                ));
                touched += 1;
            }
            for c in r.constraints() {
                black_box((c.name(), c.condition(), c.error(), c.location().line()));
                c.operations().for_each(|o| {
                    black_box(o);
                });
            }
            for op in Operation::ALL {
                r.middleware(*op).for_each(|m| {
                    black_box(m);
                });
            }
            r.operations().for_each(|o| {
                black_box(o);
            });
            for s in r.scopes() {
                black_box((s.name(), s.query(), s.location().line()));
            }
            for c in r.computed_fields() {
                black_box((c.name(), c.ty(), c.expr(), c.location().line()));
            }
            for route in r.custom_routes() {
                black_box((
                    route.method(),
                    route.path(),
                    route.handler(),
                    route.location().line(),
                ));
                route.middleware().for_each(|m| {
                    black_box(m);
                });
            }
        }
    });
    assert_eq!(n, 0);
    assert!(touched > 30, "the walk visited the records ({touched})");
}
