//! The build step's caches. The scan cache: a rerun whose edits leave the
//! schema alone re-parses only the edited files and keeps the outputs
//! byte-identical; any edit the build step reads, and anything the cache
//! cannot vouch for, goes down the full path. The parse cache: on that full
//! path too, only the edited files are parsed, and the outputs are what a
//! clean build writes.

use conduit_build::{Builder, Summary};
use std::path::{Path, PathBuf};

/// A copy of the blog example's sources in a scratch crate folder.
fn blog_copy(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/blog/src"),
        &dir.join("src"),
    );
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn build_with(dir: &Path, builder: Builder) -> Summary {
    builder
        .manifest_dir(dir)
        .out_dir(dir.join("out"))
        .scan("src")
        .version("1.0.0")
        .quiet()
        .build()
        .unwrap()
}

fn build(dir: &Path) -> Summary {
    build_with(dir, Builder::new())
}

fn outputs(summary: &Summary) -> (Vec<u8>, Vec<u8>) {
    (
        std::fs::read(&summary.source_path).unwrap(),
        std::fs::read(&summary.blob_path).unwrap(),
    )
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join("src").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "`{from}` is not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_unchanged_rerun_reuses_the_outputs() {
    let dir = blog_copy("incr-noop");
    let first = build(&dir);
    assert!(first.changed && !first.reused);
    let again = build(&dir);
    assert!(again.reused && !again.changed);
    assert_eq!(
        (again.resources, again.source_len, again.blob_len),
        (first.resources, first.source_len, first.blob_len)
    );
}

#[test]
fn edits_the_build_step_does_not_read_keep_the_blob_byte_identical() {
    let dir = blog_copy("incr-comment");
    let first = build(&dir);
    let before = outputs(&first);
    // A module doc comment and a trailing comment.
    edit(
        &dir,
        "models/post.rs",
        "//! Articles.",
        "//! Articles, edited.",
    );
    edit(&dir, "models/user.rs", "\n", " // a remark\n");
    let rerun = build(&dir);
    assert!(rerun.reused && !rerun.changed, "{rerun:?}");
    assert_eq!(outputs(&rerun), before);
    // A clean build of the edited sources agrees byte for byte.
    std::fs::remove_dir_all(dir.join("out")).unwrap();
    let clean = build(&dir);
    assert!(!clean.reused);
    assert_eq!(outputs(&clean), before);
}

#[test]
fn a_schema_edit_rebuilds_and_the_next_run_reuses_again() {
    let dir = blog_copy("incr-field");
    let first = build(&dir);
    let before = outputs(&first);
    add_subtitle(&dir);
    let rebuilt = build(&dir);
    assert!(!rebuilt.reused && rebuilt.changed);
    // Only the edited file was parsed: the others' scans came from the
    // parse cache.
    assert_eq!(rebuilt.parsed, 1, "{rebuilt:?}");
    assert_ne!(outputs(&rebuilt).1, before.1);
    let registry_blob = conduit::AlignedBytes::read(&rebuilt.blob_path).unwrap();
    let registry = conduit::Registry::from_bytes(&registry_blob).unwrap();
    assert!(
        registry
            .resource("Post")
            .unwrap()
            .field("subtitle")
            .is_some()
    );
    let again = build(&dir);
    assert!(again.reused && again.parsed == 0, "{again:?}");
    // The caches beside the outputs, and nothing half-written.
    let mut written: Vec<String> = std::fs::read_dir(dir.join("out/conduit"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["parse-cache", "registry.bin", "registry.rs", "scan-cache"]
    );
    // What the parse cache gave is what a clean build of the edited sources
    // gives, byte for byte.
    assert_a_clean_build_gives(&dir, &rebuilt, first.parsed);
}

/// A field added to the blog's `Post`: an edit that changes the schema.
fn add_subtitle(dir: &Path) {
    edit(
        dir,
        "models/post.rs",
        "    pub title: String,\n",
        "    pub title: String,\n    pub subtitle: String,\n",
    );
}

/// A clean build of `dir` parses `files` and writes what `built` wrote.
fn assert_a_clean_build_gives(dir: &Path, built: &Summary, files: usize) {
    let expected = outputs(built);
    std::fs::remove_dir_all(dir.join("out")).unwrap();
    let clean = build(dir);
    assert_eq!(clean.parsed, files);
    assert_eq!(outputs(&clean), expected);
}

#[test]
fn a_damaged_parse_cache_is_parsed_past() {
    let dir = blog_copy("incr-damaged");
    let first = build(&dir);
    let cache = dir.join("out/conduit/parse-cache");
    let mut bytes = std::fs::read(&cache).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&cache, &bytes).unwrap();
    add_subtitle(&dir);
    let rebuilt = build(&dir);
    assert_eq!(rebuilt.parsed, first.parsed, "{rebuilt:?}");
    assert_a_clean_build_gives(&dir, &rebuilt, first.parsed);
}

#[test]
fn a_hook_body_or_a_moved_struct_is_read() {
    let dir = blog_copy("incr-hook");
    let before = outputs(&build(&dir));
    edit(
        &dir,
        "hooks.rs",
        "fn slugify(text: &str) -> String {",
        "fn slugify(text: &str) -> String {\n    let _ = 1;",
    );
    let hook = build(&dir);
    assert!(!hook.reused && hook.changed, "{hook:?}");
    let after_hook = outputs(&hook);
    assert_ne!(after_hook.1, before.1);
    // A line added above a resource moves every location below it.
    edit(&dir, "models/tag.rs", "\n", "\n\n");
    let moved = build(&dir);
    assert!(!moved.reused && moved.changed);
    assert_ne!(outputs(&moved).1, after_hook.1);
}

#[test]
fn missing_outputs_a_new_file_or_other_options_take_the_full_path() {
    let dir = blog_copy("incr-vouch");
    let first = build(&dir);
    let before = outputs(&first);
    std::fs::remove_file(&first.blob_path).unwrap();
    let restored = build(&dir);
    assert!(!restored.reused && restored.changed);
    assert_eq!(outputs(&restored), before);
    // Another builder configuration on the same output folder.
    let prefixed = build_with(&dir, Builder::new().path_prefix("/api"));
    assert!(!prefixed.reused && prefixed.changed);
    // A new module file, declared by an edit of an existing one.
    std::fs::write(dir.join("src/models/extra.rs"), "//! Nothing yet.\n").unwrap();
    edit(&dir, "models/mod.rs", "\n", "\nmod extra;\n");
    let declared = build(&dir);
    assert!(!declared.reused);
    assert!(build(&dir).reused);
}

#[test]
fn a_declared_module_file_that_appears_is_read() {
    let dir = blog_copy("incr-missing");
    edit(&dir, "models/mod.rs", "\n", "\nmod later;\n");
    let first = build(&dir);
    assert!(!first.reused);
    assert!(build(&dir).reused);
    std::fs::write(
        dir.join("src/models/later.rs"),
        "//! Added later.\n\n#[derive(conduit::Resource)]\npub struct Later {\n    #[field(primary)]\n    pub id: u64,\n}\n",
    )
    .unwrap();
    let appeared = build(&dir);
    assert!(!appeared.reused && appeared.changed);
    assert_eq!(appeared.resources, first.resources + 1);
}
