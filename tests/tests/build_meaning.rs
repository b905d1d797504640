//! The build script's meaning rules, on fixture crates under `tests/fixtures/`:
//! relationships across resources (foreign keys, their types, `set_null`,
//! inverse pairs, join tables, `nested_under`), duplicate paths, and the
//! scanner's view of the crate (glob imports, type aliases, renamed derives,
//! `cfg(true)`/`cfg(false)`, derives inside functions). Each error is checked
//! for its message, `file:line:col` and caret; some with a real `cargo build`.

#[path = "common/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use conduit::Registry;
use fixtures::{build, build_error, cargo_build};

/// One diagnostic: its message, where, and the end of the rendering.
fn one_error(name: &str, message: &str, at: &str, caret: &str) -> String {
    let (text, diags) = build_error(name);
    assert_eq!(diags.len(), 1, "{text}");
    assert!(text.contains(&format!("error: {message}")), "{text}");
    assert!(text.contains(&format!("--> {at}")), "{text}");
    assert!(text.contains(caret), "{text}");
    assert!(
        text.ends_with("error: conduit-build found 1 problem\n"),
        "{text}"
    );
    text
}

#[test]
fn has_many_needs_its_foreign_key_on_the_target() {
    let text = one_error(
        "has-many-missing-key",
        "`has_many(Post)` on `User` needs the foreign key `user_id` on `Post`, but `Post` has no such field",
        "src/lib.rs:5:12",
        "^^^^ `Post` has no field `user_id`",
    );
    assert!(text.contains("note: `Post` is defined here"), "{text}");
    assert!(
        text.contains("help: add `pub user_id: u64` to `Post`"),
        "{text}"
    );
}

#[test]
fn a_foreign_key_has_the_type_of_the_key_it_references() {
    let text = one_error(
        "key-type-mismatch",
        "foreign key `Post.author_id` is `String` but the primary key `User.id` it references is `u64`",
        "src/lib.rs:13:9",
        "^^^^^^^^^ `string`",
    );
    assert!(
        text.contains("help: give `author_id` the key's type, e.g. `u64`"),
        "{text}"
    );
}

#[test]
fn set_null_on_the_has_many_side_needs_a_nullable_key() {
    let text = one_error(
        "set-null-on-required-key",
        "`on_delete = \"set_null\"` writes NULL into `Comment.author_id`, but it is `u64`, which cannot be NULL",
        "src/lib.rs:5:48",
        "^^^^^^^^^ needs a nullable foreign key",
    );
    assert!(text.contains("help: make it `Option<u64>`"), "{text}");
}

#[test]
fn the_two_sides_of_a_foreign_key_agree_on_on_delete() {
    let text = one_error(
        "inverse-disagrees",
        "`Post` and `Comment` disagree on `on_delete` of the foreign key `post_id`: `cascade` here, `restrict` on the `belongs_to` side",
        "src/lib.rs:5:46",
        "^^^^^^^^^ `cascade`",
    );
    assert!(text.contains("note: `restrict` declared here"), "{text}");
    assert!(text.contains("--> src/lib.rs:13:24"), "{text}");
}

#[test]
fn a_join_table_is_not_one_of_the_ends() {
    one_error(
        "through-own-table",
        "join table `tags` of `Post` is the table of `Tag`, an end of the relationship",
        "src/lib.rs:5:17",
        "^^^^^^^ not a join table",
    );
}

#[test]
fn nested_under_needs_a_relationship_to_the_parent() {
    let text = one_error(
        "nested-without-relationship",
        "`Comment` is nested under `Post` but has no relationship to it",
        "src/lib.rs:10:27",
        "^^^^ no `belongs_to` or foreign key for this parent",
    );
    assert!(
        text.contains("help: add `#[belongs_to(Post)] pub post_id: u64`"),
        "{text}"
    );
}

#[test]
fn nested_under_loops_are_reported_once() {
    one_error(
        "nested-loop",
        "`nested_under` loops: Player under Team under Player",
        "src/lib.rs:5:27",
        "^^^^ starts the loop",
    );
}

#[test]
fn two_resources_at_one_path_give_one_error_at_path() {
    let text = one_error(
        "duplicate-path",
        "resources `Product` and `Listing` both use the path `/items`",
        "src/lib.rs:11:19",
        "^^^^^^^^ second use of the path",
    );
    assert!(!text.contains("match the same requests"), "{text}");
}

#[test]
fn a_derive_inside_a_function_body_says_so() {
    let text = one_error(
        "derive-in-function",
        "`#[derive(Resource)]` on `Post` inside the body of `fn setup`: resources must be declared at module level",
        "src/lib.rs:11:16",
        "^^^^ declared inside the body of `fn setup`",
    );
    assert!(
        text.contains("help: move `Post` out of the body of `fn setup`"),
        "{text}"
    );
}

fn registry(name: &str) -> conduit::AlignedBytes {
    let summary = build(name).unwrap_or_else(|e| panic!("{e}"));
    conduit::AlignedBytes::read(summary.blob_path).unwrap()
}

#[test]
fn globs_aliases_renamed_derives_and_boolean_cfgs_resolve_as_rustc_does() {
    let bytes = registry("resolution-shapes");
    let reg = Registry::from_bytes(&bytes).unwrap();
    let names: Vec<&str> = reg.resources().map(|r| r.name()).collect();
    // `Disabled` is `cfg(false)`; `Reply` derives through `Model`.
    assert_eq!(names, ["AdminMember", "Member", "Reply", "Thread"]);
    let target = |res: &str| {
        let r = reg.resource(res).unwrap();
        let rel = r.relationships().next().unwrap();
        rel.target_resource().unwrap().rust_path()
    };
    assert_eq!(
        target("Thread"),
        "crate::forum::Member",
        "through `use super::forum::*`"
    );
    assert_eq!(
        target("Reply"),
        "crate::forum::Member",
        "through `type Author`"
    );
    let fields: Vec<&str> = reg
        .resource("Reply")
        .unwrap()
        .fields()
        .map(|f| f.name())
        .collect();
    assert_eq!(fields, ["id", "author_id", "shown"]);
}

#[test]
fn a_resource_without_primary_uses_its_id_field() {
    let bytes = registry("resolution-shapes");
    let reg = Registry::from_bytes(&bytes).unwrap();
    let id = reg.resource("Reply").unwrap().field("id").unwrap();
    assert!(id.primary());
}

#[test]
fn the_build_script_does_not_repeat_what_the_derive_rejects() {
    // `Post` has a default the derive rejects, and `User`'s `has_many(Post)`
    // has no `user_id` on `Post`: the derive's error must come alone.
    build("derive-rejected-not-masked").expect("the derive reports it, not the build script");
}

#[test]
fn cargo_shows_the_derive_error_alone_for_a_struct_it_rejects() {
    let (ok, stderr) = cargo_build("derive-rejected-not-masked");
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("error: `default = -1` is out of range for `u32`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/lib.rs:14:23"), "{stderr}");
    assert!(!stderr.contains("conduit-build found"), "{stderr}");
    assert!(
        !stderr.contains("failed to run custom build command"),
        "{stderr}"
    );
}

#[test]
fn cargo_reports_a_cross_resource_rule_with_its_location_and_fails() {
    let (ok, stderr) = cargo_build("has-many-missing-key");
    assert!(!ok, "the build must fail");
    assert!(
        stderr.contains("failed to run custom build command for `fixture-has-many-missing-key"),
        "{stderr}"
    );
    assert!(
        stderr.contains("needs the foreign key `user_id` on `Post`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/lib.rs:5:12"), "{stderr}");
}

#[test]
fn cargo_gives_only_the_parse_error_for_a_missing_semicolon_elsewhere() {
    let (ok, stderr) = cargo_build("unrelated-syntax-error");
    assert!(!ok, "the build must fail");
    assert!(stderr.contains("expected `;`"), "{stderr}");
    assert!(!stderr.contains("does not contain it"), "{stderr}");
    // The parse error and cargo's "could not compile": nothing from conduit.
    let errors = stderr.lines().filter(|l| l.starts_with("error")).count();
    assert_eq!(errors, 2, "{stderr}");
}

#[test]
fn cargo_builds_the_spec_example_without_a_warning() {
    let (ok, stderr) = cargo_build("spec-example");
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_nested_path_does_not_repeat_a_parameter_of_the_parent_path() {
    let text = one_error(
        "nested-parameter-twice",
        "the nested routes of `Note` would have `:org_id` twice: `/orgs/:org_id/members/:member_id/orgs/:org_id/notes`",
        "src/lib.rs:11:42",
        "`:org_id` comes from the parent already",
    );
    assert!(
        text.contains("help: remove the parent's part from `path`"),
        "{text}"
    );
}
