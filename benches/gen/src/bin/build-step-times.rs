//! Times the build step the way an application runs it, on a generated
//! fixture laid out like one (`src/models/<name>.rs`, one model a file): a
//! clean run (empty `OUT_DIR`), a no-op rerun, a rerun after an edit of one
//! model file that leaves the schema alone (a comment), and one after an
//! edit that changes it (a new field). Built without `--release` it is what a
//! user's `build.rs` costs (Cargo compiles build scripts unoptimised):
//!
//! ```console
//! $ cargo run -p conduit-bench-gen --bin build-step-times -- rich5000 /tmp/steps
//! ```
//!
//! Prints one JSON object: milliseconds per run, whether each run rewrote
//! the blob, and how many files the field edit's run parsed. Then checks
//! that the field edit's outputs are byte for byte what a clean build of the
//! edited sources writes (into `out-clean`), and fails if they are not.

use conduit_bench_gen::{Fixture, Shape};
use conduit_format::generated::{BLOB_FILE, SOURCE_FILE};
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(shape), Some(dir)) = (args.first().and_then(|s| Shape::parse(s)), args.get(1)) else {
        eprintln!("usage: build-step-times <shape, e.g. rich5000> <scratch folder>");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let _ = std::fs::remove_dir_all(dir);
    let fixture = Fixture::new(shape);
    fixture
        .write_crate(dir, Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", dir.display()));
    let run_into = |out: &str| {
        let start = Instant::now();
        let summary = conduit_build::Builder::new()
            .manifest_dir(dir)
            .out_dir(dir.join(out))
            .scan("src")
            .version("1.0.0")
            .quiet()
            .build()
            .unwrap_or_else(|e| panic!("the build step failed:\n{e}"));
        (
            start.elapsed().as_secs_f64() * 1e3,
            summary.changed,
            summary.parsed,
        )
    };
    let run = || run_into("out");
    let model = dir.join(format!(
        "src/models/resource{}.rs",
        fixture.models.len() / 2
    ));
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&model).expect("read the model");
        assert!(text.contains(from), "`{from}` not in {}", model.display());
        std::fs::write(&model, text.replacen(from, to, 1)).expect("write the model");
    };
    let clean = run();
    let noop = run();
    edit("//! The `", "//! Edited: the `");
    let comment = run();
    edit(" {\n", " {\n    pub added_by_edit: i64,\n");
    let field = run();
    println!(
        "{{\"shape\":\"{}\",\"resources\":{},\"clean_ms\":{:.1},\"noop_ms\":{:.1},\"comment_edit_ms\":{:.1},\"comment_edit_changed_blob\":{},\"field_edit_ms\":{:.1},\"field_edit_changed_blob\":{},\"field_edit_parsed_files\":{}}}",
        shape.name(),
        fixture.models.len(),
        clean.0,
        noop.0,
        comment.0,
        comment.1,
        field.0,
        field.1,
        field.2
    );
    assert!(!noop.1, "a no-op rerun rewrote the blob");
    // What the caches gave after the edit is what a clean build of the
    // edited sources gives, byte for byte.
    run_into("out-clean");
    for file in [SOURCE_FILE, BLOB_FILE] {
        let read = |out: &str| std::fs::read(dir.join(out).join(file));
        assert!(
            read("out").expect("read the output") == read("out-clean").expect("read the output"),
            "{file} after the edit differs from a clean build's"
        );
    }
}
