//! The build script's cross-resource errors, on fixture crates under
//! `tests/fixtures/`: each is reported with `file:line:col`, the source line,
//! a caret, and a suggestion where one is close.
//!
//! Most cases run `conduit_build::Builder` in-process on the fixture's
//! sources (fast); `cargo_builds_*` tests build real fixture crates with
//! Cargo to check what a user sees end to end.

#[path = "common/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use fixtures::{build_error, cargo, fixture, scratch_crate, tmp};

#[test]
fn unknown_relationship_target_points_at_it_and_suggests_the_closest_resource() {
    let (text, diags) = build_error("unknown-target");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("error: unknown relationship target `Usr` in `Post`"),
        "{text}"
    );
    assert!(text.contains("--> src/lib.rs:14:18"), "{text}");
    assert!(text.contains("14 |     #[belongs_to(Usr)]"), "{text}");
    assert!(
        text.contains("|                  ^^^ did you mean `User`?"),
        "{text}"
    );
    assert!(
        text.contains("help: the target must be a struct deriving `Resource`"),
        "{text}"
    );
    assert!(
        text.ends_with("error: conduit-build found 1 problem\n"),
        "{text}"
    );
}

#[test]
fn duplicate_resource_names_show_both_definitions() {
    let (text, diags) = build_error("duplicate-resource");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("error: duplicate resource name `Post`"),
        "{text}"
    );
    let span = diags[0].span.as_ref().unwrap();
    let related = &diags[0].related.as_ref().unwrap().1;
    let mut lines = [span.line, related.line];
    lines.sort();
    assert_eq!(lines, [8, 14], "{text}");
    assert!(text.contains("note: first defined here"), "{text}");
    assert!(
        text.contains("help: rename one struct, or give it `#[resource(name = \"...\")]`"),
        "{text}"
    );
}

#[test]
fn two_resources_in_one_table_are_rejected() {
    let (text, diags) = build_error("duplicate-table");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("resources `Post` and `Draft` both use the table `posts`"),
        "{text}"
    );
    assert!(text.contains("--> src/lib.rs:10:20"), "{text}");
}

#[test]
fn a_join_table_shared_by_two_relationships_is_a_conflict() {
    let (text, diags) = build_error("through-conflict");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("join table `taggings` links Photo and Tag here but Post and Tag elsewhere"),
        "{text}"
    );
    assert!(text.contains("--> src/lib.rs:11:12"), "{text}");
}

#[test]
fn a_route_declared_twice_is_rejected_whatever_the_method_case() {
    let (text, diags) = build_error("duplicate-route");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("error: duplicate route `POST /publish`"),
        "{text}"
    );
    assert!(text.contains("note: first declared on `Post`"), "{text}");
}

#[test]
fn routes_too_irregular_for_the_matcher_name_the_first_that_does_not_fit() {
    let (text, diags) = build_error("irregular-routes");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(text.contains("makes the route matcher too large"), "{text}");
    assert!(text.contains("this route does not fit"), "{text}");
    assert!(
        text.contains("help: give these routes a common static prefix"),
        "{text}"
    );
    // Not the first routes: those fit.
    assert!(!text.contains("(Probe.r0)"), "{text}");
}

#[test]
fn every_problem_across_files_is_reported_in_one_build() {
    let (text, diags) = build_error("several-problems");
    assert_eq!(diags.len(), 2, "{text}");
    assert!(
        text.contains("unknown relationship target `Coment` in `Post`"),
        "{text}"
    );
    assert!(text.contains("did you mean `Comment`?"), "{text}");
    assert!(
        text.contains("unknown `nested_under` resource `Autor` in `Post`"),
        "{text}"
    );
    assert!(text.contains("--> src/models/post.rs:5:12"), "{text}");
    assert!(text.contains("--> src/models/post.rs:4:27"), "{text}");
    assert!(
        text.ends_with("error: conduit-build found 2 problems\n"),
        "{text}"
    );
}

#[test]
fn missing_scan_folder_is_an_io_error_naming_it() {
    let err = conduit_build::Builder::new()
        .manifest_dir(fixture("unknown-target"))
        .out_dir(tmp("out-missing-folder"))
        .quiet()
        .scan("no-such-folder")
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("error: could not read the folder `"),
        "{text}"
    );
    assert!(text.contains("no-such-folder"), "{text}");
}

#[test]
fn outside_a_build_script_the_missing_environment_is_named() {
    // Integration tests run without OUT_DIR.
    let err = conduit_build::Builder::new()
        .manifest_dir(fixture("unknown-target"))
        .quiet()
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("`OUT_DIR` is not set"), "{err}");
}

// ---- real Cargo builds -------------------------------------------------

/// Copies a fixture crate to a scratch folder (so tests can edit it), with
/// its path dependencies made absolute and the workspace's lock file.
#[test]
fn cargo_builds_a_crate_with_a_cross_resource_error_and_fails_with_the_diagnostic() {
    let dir = scratch_crate("unknown-target");
    let (ok, _, stderr) = cargo(&dir, &["build"]);
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("failed to run custom build command for `fixture-unknown-target"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: unknown relationship target `Usr` in `Post`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/lib.rs:14:18"), "{stderr}");
    assert!(stderr.contains("did you mean `User`?"), "{stderr}");
}

#[test]
fn cargo_refuses_a_resource_the_build_script_did_not_scan() {
    let dir = scratch_crate("unscanned-model");
    let (ok, _, stderr) = cargo(&dir, &["build"]);
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("`Invoice` derives `Resource` but the registry generated by build.rs does not contain it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("make sure `Builder::scan` covers the file that defines it"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Customer"),
        "the scanned resource is fine: {stderr}"
    );
}

#[test]
fn cargo_regenerates_the_registry_after_a_model_is_edited() {
    let dir = scratch_crate("edited-model");
    let (ok, stdout, stderr) = cargo(&dir, &["run", "--quiet"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "id,title");

    let main = dir.join("src/main.rs");
    let text = std::fs::read_to_string(&main).unwrap();
    std::fs::write(
        &main,
        text.replace(
            "pub title: String,",
            "pub title: String,\n    pub body: String,",
        ),
    )
    .unwrap();
    let (ok, stdout, stderr) = cargo(&dir, &["run", "--quiet"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "id,title,body",
        "the registry follows the edit"
    );
}

#[test]
fn two_routes_matching_the_same_requests_are_rejected_naming_both() {
    let (text, diags) = build_error("route-conflict");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("error: routes `GET /posts/:id` (Post.show) and `GET /posts/:slug` (Post.by_slug) match the same requests"),
        "{text}"
    );
    // The custom route is the second declaration; the REST route is the struct.
    assert!(text.contains("--> src/lib.rs:6:1"), "{text}");
    assert!(
        text.contains(&format!("| {} second route declared here", "^".repeat(73))),
        "{text}"
    );
    assert!(text.contains("note: first route declared here"), "{text}");
    assert!(text.contains("--> src/lib.rs:7:12"), "{text}");
    assert!(
        !text.contains("Post.new_form"),
        "a static segment beside a parameter is fine: {text}"
    );
}

#[test]
fn cargo_builds_a_crate_that_forbids_unsafe_code() {
    let dir = scratch_crate("forbid-unsafe");
    let (ok, stdout, stderr) = cargo(&dir, &["run", "--quiet"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "1 2");
}

#[test]
fn cargo_reports_a_missing_include_registry_once() {
    let dir = scratch_crate("missing-include-registry");
    let (ok, _, stderr) = cargo(&dir, &["build"]);
    assert!(!ok, "the build must fail");
    assert_eq!(
        stderr.matches("error:").count(),
        3,
        "the diagnostic, its summary line and cargo's: {stderr}"
    );
    assert!(
        stderr.contains("error: this crate derives `Resource` but its crate root never calls `conduit::include_registry!()`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/main.rs:1:1"), "{stderr}");
    assert!(
        stderr.contains(
            "help: add `conduit::include_registry!();` at the top level of `src/main.rs`"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("__conduit_registry"), "{stderr}");
}
