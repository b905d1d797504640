//! The scanner follows the crate as rustc compiles it: `mod` items from the
//! crate root, inline modules, `#[path]`, `cfg` and `cfg_attr`, `use`
//! imports and `Self::` paths for hooks (fixture `tests/fixtures/scanner-shapes`).

use conduit::{HookKind, Registry};
use std::path::Path;

/// The fixture's registry, built once for all tests of this file.
fn registry_bytes() -> &'static conduit::AlignedBytes {
    static BYTES: std::sync::OnceLock<conduit::AlignedBytes> = std::sync::OnceLock::new();
    BYTES.get_or_init(build)
}

fn build() -> conduit::AlignedBytes {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scanner-shapes");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scanner-shapes-out");
    let summary = conduit_build::Builder::new()
        .manifest_dir(&root)
        .out_dir(&out)
        .version("1.0.0")
        .quiet()
        .scan("src")
        .build()
        .unwrap();
    conduit::AlignedBytes::read(summary.blob_path).unwrap()
}

#[test]
fn only_compiled_resources_are_found() {
    let bytes = registry_bytes();
    let reg = Registry::from_bytes(bytes).unwrap();
    let names: Vec<&str> = reg.resources().map(|r| r.name()).collect();
    // Invoice and Ledger are behind a disabled feature; Orphan is in no module.
    assert_eq!(names, ["Account", "Coupon", "Profile", "Remote"]);
}

#[test]
fn module_paths_follow_inline_modules_mod_rs_and_path_attributes() {
    let bytes = registry_bytes();
    let reg = Registry::from_bytes(bytes).unwrap();
    let path = |n: &str| reg.resource(n).unwrap().rust_path();
    assert_eq!(path("Account"), "crate::inline::Account");
    assert_eq!(path("Coupon"), "crate::Coupon");
    assert_eq!(path("Profile"), "crate::nested::Profile");
    assert_eq!(path("Remote"), "crate::remote::Remote");
    assert_eq!(
        reg.resource("Remote").unwrap().location().file(),
        "elsewhere/remote.rs"
    );
    assert_eq!(
        reg.resource("Profile").unwrap().location().file(),
        "src/nested/mod.rs"
    );
}

#[test]
fn cfg_and_cfg_attr_on_fields_are_evaluated() {
    let bytes = registry_bytes();
    let reg = Registry::from_bytes(bytes).unwrap();
    let account = reg.resource("Account").unwrap();
    let fields: Vec<&str> = account.fields().map(|f| f.name()).collect();
    assert_eq!(fields, ["id", "trial_days", "handle"]);
    assert!(
        account.field("handle").unwrap().unique(),
        "cfg_attr(not(feature), field(unique)) applies"
    );
}

#[test]
fn hooks_resolve_through_self_submodules_and_use_imports() {
    let bytes = registry_bytes();
    let reg = Registry::from_bytes(bytes).unwrap();
    let account = reg.resource("Account").unwrap();
    let hooks: Vec<_> = account.hooks().collect();
    assert_eq!(hooks[0].kind(), HookKind::BeforeCreate);
    assert_eq!(hooks[0].function(), "Self::prepare");
    assert!(
        hooks[0]
            .source()
            .unwrap()
            .starts_with("pub fn prepare(&mut self)")
    );
    assert_eq!(hooks[0].calls().collect::<Vec<_>>(), ["helpers::normalize"]);
    assert_eq!(hooks[1].function(), "helpers::announce");
    assert!(hooks[1].source().is_some());

    let profile = reg.resource("Profile").unwrap();
    let tidy = profile.hooks().next().unwrap();
    assert_eq!(tidy.calls().collect::<Vec<_>>(), ["clean"]);
    assert_eq!(tidy.source_location().unwrap().file(), "src/nested/mod.rs");
}

#[test]
fn relationship_targets_resolve_to_resource_names_by_path() {
    let bytes = registry_bytes();
    let reg = Registry::from_bytes(bytes).unwrap();
    let target = |n: &str| {
        reg.resource(n)
            .unwrap()
            .relationships()
            .next()
            .unwrap()
            .target()
    };
    assert_eq!(target("Profile"), "Account");
    assert_eq!(target("Remote"), "Profile");
}
