//! Queries never allocate (but for the one documented case, a walked
//! dependency answer larger than its inline room): a counting global
//! allocator proves it for every accessor and query.

use super::sample;
use crate::{DepQuery, EdgeKind, Method, Operation, PatternCategory, ReferentialAction, Registry};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to `System`, only counting calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

/// Runs every query of the registry, folding the answers into a number so
/// that nothing is optimized away.
fn query_everything(reg: &Registry<'static>) -> usize {
    let mut n = reg.version().len() + reg.source_hash() as usize + reg.len();
    for r in reg.resources() {
        let same = reg.resource(r.name()).map_or(0, |s| s.name().len());
        n += same + r.rust_path().len() + r.table().len() + r.path().len() + r.docs().len();
        n += r.location().file().len() + r.location().line() as usize;
        n += r.nested_under().map_or(0, str::len) + r.operations().count();
        for op in Operation::ALL {
            n += r.middleware(*op).map(str::len).sum::<usize>();
        }
        for f in r.fields() {
            let same = r.field(f.name()).map_or(0, |g| g.name().len());
            n += same + f.ty().len() + f.rust_type().len() + f.docs().len();
            n += usize::from(f.nullable())
                + usize::from(f.required())
                + usize::from(f.primary())
                + usize::from(f.unique())
                + usize::from(f.index())
                + usize::from(f.auto())
                + usize::from(f.auto_update());
            n += f.default_value().map_or(0, str::len);
            n += f.constraints().chain(f.tags()).map(str::len).sum::<usize>();
            n += f.location().column() as usize;
        }
        for rel in r.relationships() {
            let same = r.relationship(rel.name()).map_or(0, |s| s.name().len());
            n += same + rel.kind().as_str().len() + rel.target().len();
            n += rel.target_resource().map_or(0, |t| t.name().len());
            n += [
                rel.foreign_key(),
                rel.through(),
                rel.on_delete().map(ReferentialAction::as_str),
                rel.on_update().map(ReferentialAction::as_str),
            ]
            .iter()
            .map(|s| s.map_or(0, str::len))
            .sum::<usize>();
            n += rel.location().line() as usize;
        }
        for h in r.hooks() {
            n += h.kind().as_str().len() + h.function().len();
            n += usize::from(h.transaction()) + usize::from(h.is_async());
            n += h.source().map_or(0, str::len);
            n += h.source_location().map_or(0, |l| l.line() as usize);
            n += h.calls().map(str::len).sum::<usize>() + h.location().line() as usize;
        }
        for v in r.validations() {
            n += v.field().len() + v.kind().as_str().len() + v.location().line() as usize;
            n += v.value().map_or(0, str::len) + v.message().map_or(0, str::len);
        }
        for c in r.constraints() {
            n += c.name().len() + c.operations().count() + c.condition().len() + c.error().len();
            n += c.location().line() as usize;
        }
        for s in r.scopes() {
            n += s.name().len() + s.query().len() + s.location().line() as usize;
        }
        for c in r.computed_fields() {
            n += c.name().len() + c.ty().len() + c.expr().len() + c.location().line() as usize;
        }
        for route in r.custom_routes() {
            n += route.method().as_str().len() + route.path().len() + route.handler().len();
            n += route.middleware().count() + route.location().line() as usize;
        }
        for route in r.routes() {
            n += route.action().len() + usize::from(route.is_custom());
            n += route.operation().map_or(0, |o| o.as_str().len()) + route.params().count();
            n += route.resource().len();
        }
        for m in Method::ALL {
            n += r.routes_by_method(*m).count();
        }
        // Plans, and a kind-filtered walk whose answer fits inline.
        n += r.dependencies(DepQuery::new().depth(2)).len();
        n += r.dependencies(DepQuery::new().reverse()).edges().count();
        let small = r.dependencies(DepQuery::new().depth(1).kinds([EdgeKind::BelongsTo]));
        assert!(!small.is_allocated());
        n += small.len() + small.edges().map(|e| e.weight() as usize).sum::<usize>();
    }
    n += reg.routes().count() + reg.patterns().count() + reg.cycles().count();
    for m in Method::ALL {
        n += reg.routes_by_method(*m).len();
        n += reg
            .routes_by_method_str(m.as_str())
            .map_or(0, |r| r.count());
    }
    for c in PatternCategory::ALL {
        n += reg
            .patterns_by_category(*c)
            .map(|p| p.category().as_str().len())
            .sum::<usize>();
    }
    for path in ["/users/5/posts/8", "/posts/1/publish?x=1", "/nope"] {
        for m in Method::ALL {
            if let Some(hit) = reg.match_route(*m, path) {
                n += hit.params().map(|(k, v)| k.len() + v.len()).sum::<usize>();
                n += hit.param("id").map_or(0, str::len);
            }
        }
    }
    n += reg.fields_by_type("uuid").count();
    n
}

#[test]
fn a_walk_too_large_for_inline_room_allocates_once() {
    let reg = sample();
    let post = reg.resource("Post").unwrap();
    // Every kind but `has_one`: a filtered query, so a walk; the sample's
    // graph gives it more than `Deps::INLINE` ids.
    let query = DepQuery::new().kinds(
        EdgeKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != EdgeKind::HasOne),
    );
    let unfiltered = post.dependencies(DepQuery::new());
    let before = allocations();
    let deps = post.dependencies(query);
    assert_eq!(allocations() - before, 1, "one boxed slice");
    assert!(deps.is_allocated());
    assert!(deps.len() + deps.edges().len() > crate::Deps::INLINE);
    // No `has_one` in the sample: the walk finds what the plan holds.
    assert!(deps.nodes().eq(unfiltered.nodes()));
    assert!(deps.edges().eq(unfiltered.edges()));
}

#[test]
fn no_query_allocates() {
    let reg = sample(); // builds the sample blob once (allocates)
    let warm = query_everything(&reg);
    let before = allocations();
    let again = query_everything(&reg);
    assert_eq!(allocations(), before, "a query allocated");
    assert_eq!(warm, again);
    assert!(again > 0);
}

#[test]
fn the_counter_sees_allocations() {
    let before = allocations();
    let v = std::hint::black_box(vec![1u8; 10]);
    assert!(allocations() > before);
    drop(v);
}
