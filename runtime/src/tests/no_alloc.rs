//! Queries never allocate: a counting global allocator proves it for every
//! accessor.

use super::sample;
use crate::{Operation, Registry};
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
                rel.on_delete(),
                rel.on_update(),
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
            n += v.field().len() + v.kind().len() + v.location().line() as usize;
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
    }
    n
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
