// Safe code cannot reach the unchecked read of an embedded blob: the trusted
// constructor is an `unsafe fn` (generated code calls it in one audited
// `unsafe` block). Bytes of one's own go through `Registry::from_bytes`.
use conduit::__private::{registry, Aligned, PerfectHash};

static BLOB: Aligned<[u8; 64]> = Aligned([0; 64]);
static INDEX: PerfectHash<'static> = PerfectHash::EMPTY;

fn main() {
    let registry = registry(&BLOB, &INDEX);
    println!("{}", registry.len());
}
