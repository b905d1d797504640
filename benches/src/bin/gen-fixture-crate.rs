//! Writes a fixture as a standalone crate laid out like an application (one
//! model a file under `src/models/`, a `build.rs` scanning `src`), for the
//! build and rebuild timings of `benches/scripts/build-times.sh`.
//!
//! ```console
//! $ cargo run -p conduit-benches --bin gen-fixture-crate -- rich500 /tmp/fixture-rich500
//! ```

use conduit_bench_gen::{Fixture, Shape};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(shape), Some(dir)) = (args.first().and_then(|s| Shape::parse(s)), args.get(1)) else {
        eprintln!("usage: gen-fixture-crate <shape, e.g. rich500> <folder>");
        return ExitCode::FAILURE;
    };
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().unwrap_or(workspace);
    match Fixture::new(shape).write_crate(Path::new(dir), &workspace) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write {dir}: {e}");
            ExitCode::FAILURE
        }
    }
}
