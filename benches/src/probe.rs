//! The tiny programs of the time-to-first-query and peak-RSS measurements
//! (`src/bin/ttfq-*.rs`): each answers one resource lookup in a fresh
//! process and prints the resource's field count.

use crate::idiomatic::Idiomatic;
use crate::reference::ReferenceRegistry;
use conduit::Registry;

/// conduit: the registry is static data; the first query is a lookup.
pub fn conduit(registry: &Registry<'_>, name: &str) {
    let fields = registry.resource(name).map_or(0, |r| r.fields().len());
    println!("{fields}");
}

/// Idiomatic Rust: the first query parses the JSON and builds the indexes
/// (the `LazyLock`'s first access), then looks up.
pub fn idiomatic(json: &str, name: &str) {
    let registry = Idiomatic::from_json(json).expect("the JSON parses");
    let fields = registry.resource(name).map_or(0, |r| r.fields.len());
    println!("{fields}");
}

/// The reference design: registration at start-up (the generated `init()`
/// calling `RegisterMetadata`), then the lookup.
pub fn reference(json: &str, name: &str) {
    let registry = ReferenceRegistry::register(json).expect("the JSON parses");
    let fields = registry.resource(name).map_or(0, |r| r.fields.len());
    println!("{fields}");
}
