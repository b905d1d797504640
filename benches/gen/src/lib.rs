//! The fixture generator shared by every conduit benchmark.
//!
//! A [`Shape`] names a schema: the richer generated one used for the
//! headline and scaling runs (`rich50` … `rich10000`), or one of the
//! reference system's own benchmark fixtures (`large50`, `api_bench`,
//! `chain20`, …, see `shared/fixtures/conduit-bench/README.md`) rebuilt as
//! Rust models. From a shape this crate emits:
//!
//! - Rust model source (structs deriving `conduit::Resource`, hook
//!   functions and their helpers), as one file ([`Fixture::single_file`],
//!   for the fixture crates' build scripts) or as a crate with one file per
//!   model ([`Fixture::write_crate`], for rebuild timings);
//! - the registry in the reference's metadata JSON ([`reference_json`]),
//!   written by walking the registry's views: the baselines start from it.
//!
//! [`build_fixture`] is the whole build script of a fixture crate.

mod json;
mod shapes;

pub use json::reference_json;
pub use shapes::{Fixture, Model, Shape};

use std::path::{Path, PathBuf};
use std::time::Instant;

/// The build script of a fixture crate (`benches/fixtures/build.rs`): picks
/// the shape from the package name (`conduit-fixture-<shape>`), writes its
/// model source to `OUT_DIR/fixture/src/lib.rs` (the fixture's `lib.rs`
/// `include!`s it), runs `conduit_build::Builder` over it, and writes
/// `OUT_DIR/reference.json` and `OUT_DIR/build-stats.json`.
///
/// # Panics
///
/// On any failure: this is a build script.
pub fn build_fixture() {
    let package = std::env::var("CARGO_PKG_NAME").expect("CARGO_PKG_NAME");
    let name = package
        .strip_prefix("conduit-fixture-")
        .expect("fixture packages are called conduit-fixture-<shape>");
    let shape = Shape::parse(name).unwrap_or_else(|| panic!("unknown fixture shape `{name}`"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let stats = build_into(shape, &out);
    write_if_changed(&out.join("build-stats.json"), stats.to_json().as_bytes());
}

/// What building one fixture cost and produced.
#[derive(Clone, Debug)]
pub struct BuildStats {
    /// The fixture's name.
    pub shape: String,
    /// Number of resources.
    pub resources: usize,
    /// Bytes of generated model source (the input of the build step).
    pub model_source_bytes: usize,
    /// Wall time of `conduit_build::Builder::build` (scan, parse, check,
    /// analyse, emit, write), in microseconds.
    pub builder_micros: u128,
    /// Bytes of the Rust source the build step generated (`registry.rs`).
    pub registry_source_bytes: usize,
    /// Bytes of the blob (`registry.bin`).
    pub blob_bytes: usize,
}

impl BuildStats {
    /// The statistics as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "shape": self.shape,
            "resources": self.resources,
            "model_source_bytes": self.model_source_bytes,
            "builder_micros": self.builder_micros as u64,
            "registry_source_bytes": self.registry_source_bytes,
            "blob_bytes": self.blob_bytes,
        })
        .to_string()
    }
}

/// Writes `shape`'s models under `out/fixture/src/lib.rs`, runs the build
/// step with `out` as its output folder, and writes `out/reference.json`.
///
/// # Panics
///
/// If the build step fails or a file cannot be written.
pub fn build_into(shape: Shape, out: &Path) -> BuildStats {
    let fixture = Fixture::new(shape);
    let root = out.join("fixture");
    let source = fixture.single_file();
    write_if_changed(&root.join("src/lib.rs"), source.as_bytes());
    let start = Instant::now();
    let summary = conduit_build::Builder::new()
        .manifest_dir(&root)
        .out_dir(out)
        .scan("src")
        .version("1.0.0")
        .quiet()
        .build()
        .unwrap_or_else(|e| panic!("the build step failed on `{}`:\n{e}", shape.name()));
    let builder_micros = start.elapsed().as_micros();
    let aligned = conduit::AlignedBytes::read(&summary.blob_path).expect("read the blob");
    let registry = conduit::Registry::from_bytes(&aligned).expect("the blob validates");
    write_if_changed(
        &out.join("reference.json"),
        reference_json(&registry).as_bytes(),
    );
    BuildStats {
        shape: shape.name(),
        resources: summary.resources,
        model_source_bytes: source.len(),
        builder_micros,
        registry_source_bytes: summary.source_len,
        blob_bytes: summary.blob_len,
    }
}

/// Writes `content` to `path` unless it already holds exactly that (so that
/// Cargo and rustc see no new modification time).
///
/// # Panics
///
/// If the file cannot be written.
pub fn write_if_changed(path: &Path, content: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the folder");
    }
    std::fs::write(path, content).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}
