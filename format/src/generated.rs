//! The names and paths that generated code, the build step and the runtime
//! must agree on: where `conduit-build` writes its files, and what the
//! generated source calls its items.
//!
//! ```
//! use conduit_format::generated;
//! assert_eq!(generated::SOURCE_FILE, "conduit/registry.rs");
//! assert_eq!(generated::REGISTRY, "REGISTRY");
//! ```

/// The directory below `OUT_DIR` holding the generated files.
pub const DIR: &str = "conduit";
/// The generated Rust source, relative to `OUT_DIR`: what
/// `conduit::include_registry!()` includes (a runtime test pins the macro's
/// literal to this value).
pub const SOURCE_FILE: &str = "conduit/registry.rs";
/// The blob (header and payload), relative to `OUT_DIR`.
pub const BLOB_FILE: &str = "conduit/registry.bin";

/// The `pub static` holding the crate's `conduit::Registry`.
pub const REGISTRY: &str = "REGISTRY";
/// The hidden module holding what `REGISTRY` is built from.
pub const MODULE: &str = "__conduit_registry";
/// In [`MODULE`]: the embedded blob.
pub const BLOB: &str = "BLOB";
/// In [`MODULE`]: the perfect-hash index from resource name to position.
pub const INDEX: &str = "INDEX";
/// In [`MODULE`]: the `(fingerprint, position, name)` table, sorted by
/// fingerprint, the derive checks its struct against at compile time.
pub const RESOURCES: &str = "RESOURCES";
/// In [`MODULE`], when the crate forbids unsafe code: the cell holding the
/// schema once validated.
pub const CHECKED: &str = "CHECKED";

/// The helper attributes `#[derive(Resource)]` owns (the proc-macro crate's
/// `attributes(...)` list; a test there pins it to this one).
pub const HELPER_ATTRIBUTES: &[&str] = &[
    "resource",
    "field",
    "belongs_to",
    "has_one",
    "has_many",
    "constraint",
    "scope",
    "computed",
    "route",
    "action",
];

/// The most `:param` segments a route may have: the build step rejects
/// more.
pub const MAX_ROUTE_PARAMS: usize = 16;

#[cfg(test)]
mod tests {
    #[test]
    fn paths_live_in_the_generated_directory() {
        for file in [super::SOURCE_FILE, super::BLOB_FILE] {
            assert_eq!(file.split_once('/').map(|(dir, _)| dir), Some(super::DIR));
        }
    }
}
