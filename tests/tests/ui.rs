//! Compile-fail tests for `#[derive(Resource)]`: one mistake per file under
//! `tests/ui/<category>/`, with the exact diagnostics in the `.stderr` beside it.
//!
//! Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test -p conduit-tests --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*/*.rs");
}
