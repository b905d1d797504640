//! The build step is reproducible: the same sources give byte-identical
//! generated files, whatever the scan order, and unchanged files are not
//! rewritten.

use std::path::{Path, PathBuf};

fn blog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/blog")
}

fn out(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn build(out_dir: &Path, builder: conduit_build::Builder) -> conduit_build::Summary {
    builder
        .manifest_dir(blog())
        .out_dir(out_dir)
        .version("1.0.0")
        .quiet()
        .build()
        .unwrap()
}

fn files(summary: &conduit_build::Summary) -> (Vec<u8>, Vec<u8>) {
    (
        std::fs::read(&summary.source_path).unwrap(),
        std::fs::read(&summary.blob_path).unwrap(),
    )
}

#[test]
fn two_clean_builds_give_byte_identical_files() {
    let a = build(&out("det-a"), conduit_build::Builder::new().scan("src"));
    let b = build(&out("det-b"), conduit_build::Builder::new().scan("src"));
    assert!(a.changed && b.changed);
    assert_eq!(a.resources, 4);
    assert_eq!(files(&a), files(&b));
}

#[test]
fn scan_order_does_not_change_the_output() {
    let a = build(
        &out("order-a"),
        conduit_build::Builder::new().scan("src").scan("src/models"),
    );
    let b = build(
        &out("order-b"),
        conduit_build::Builder::new().scan("src/models").scan("src"),
    );
    let c = build(&out("order-c"), conduit_build::Builder::new().scan("src"));
    assert_eq!(files(&a), files(&b));
    assert_eq!(files(&a), files(&c));
}

#[test]
fn generated_files_name_no_absolute_path_or_timestamp() {
    let a = build(&out("portable"), conduit_build::Builder::new().scan("src"));
    let (source, blob) = files(&a);
    let root = blog().canonicalize().unwrap();
    let root = root.to_string_lossy();
    for bytes in [&source, &blob] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(root.as_ref()),
            "absolute path leaked into the output"
        );
        assert!(!text.contains(env!("CARGO_TARGET_TMPDIR")));
    }
    assert!(String::from_utf8_lossy(&blob).contains("src/models/post.rs"));
}

#[test]
fn an_unchanged_registry_is_not_rewritten() {
    let dir = out("rewrite");
    let first = build(&dir, conduit_build::Builder::new().scan("src"));
    let modified = std::fs::metadata(&first.blob_path)
        .unwrap()
        .modified()
        .unwrap();
    let second = build(&dir, conduit_build::Builder::new().scan("src"));
    assert!(first.changed);
    assert!(!second.changed, "same input, nothing to write");
    assert_eq!(
        std::fs::metadata(&second.blob_path)
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
}

#[test]
fn the_embedded_registry_is_what_the_build_step_writes() {
    // The blog's own build ran with the package version; rebuild the same way.
    let a = conduit_build::Builder::new()
        .manifest_dir(blog())
        .out_dir(out("same-as-embedded"))
        .version(blog::REGISTRY.version())
        .quiet()
        .scan("src")
        .build()
        .unwrap();
    let (_, blob) = files(&a);
    let loaded = conduit::Registry::from_bytes(&aligned(&blob)).map(|r| (r.len(), r.source_hash()));
    assert_eq!(
        loaded.unwrap(),
        (blog::REGISTRY.len(), blog::REGISTRY.source_hash())
    );
}

/// A copy of `bytes` whose payload (after the 32-byte header) is 16-byte aligned.
fn aligned(bytes: &[u8]) -> conduit::AlignedBytes {
    conduit::AlignedBytes::from_slice(bytes)
}
