//! The parse cache round-trips every scan of the example crates, and gives
//! nothing it cannot vouch for.

use super::*;
use crate::scan::{self, Scan};
use std::path::PathBuf;

const KEY: u64 = 0x5eed;

fn no_env(_: &str) -> Option<String> {
    None
}

/// A scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("conduit-parse-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("out/conduit")).unwrap();
    dir
}

fn scan_with(root: &Path, cache: &ParseCache) -> (Scan, Entries) {
    let entries = Entries::default();
    let scan = scan::scan(root, &[PathBuf::from("src")], &no_env, cache, &entries).unwrap();
    (scan, entries)
}

/// What a scan holds, spelled out (the scan types do not compare).
fn summary(s: &Scan) -> String {
    let mut out = String::new();
    for f in &s.files {
        out += &format!(
            "file {} {} {} {:x} {}\n",
            f.rel,
            f.module,
            f.mod_rs,
            f.record,
            f.text.len()
        );
    }
    for st in &s.structs {
        out += &format!(
            "struct {} {} {} {:?}\n",
            st.file, st.module, st.broken, st.def
        );
    }
    for (path, f) in &s.fns {
        out += &format!(
            "fn {path} {} {}:{} {:?} {}\n",
            f.file, f.line, f.column, f.calls, f.source
        );
    }
    out += &format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n",
        s.uses, s.globs, s.aliases, s.missing
    );
    out
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

#[test]
fn every_scan_of_the_examples_comes_back_as_it_was_stored() {
    for name in ["blog", "realworld"] {
        let root = example(name);
        let out = scratch(name).join("out");
        let (parsed, entries) = scan_with(&root, &ParseCache::default());
        assert_eq!(parsed.parsed, parsed.files.len(), "{name}");
        assert!(parsed.structs.len() >= 4, "{name}");
        entries.store(&out, KEY, &root);
        let cache = ParseCache::load(&out, KEY, &root);
        let (cached, again) = scan_with(&root, &cache);
        assert_eq!(cached.parsed, 0, "{name}: every file came from the cache");
        assert_eq!(summary(&cached), summary(&parsed), "{name}");
        // Each decoded scan encodes to the bytes it was decoded from, so
        // nothing stored is lost or changed on the way back.
        let stored = again.0.into_inner().unwrap();
        assert_eq!(stored.len(), parsed.files.len());
        for bytes in &stored {
            let mut r = Reader::new(bytes);
            let head = Head::take(&mut r).unwrap();
            let v = Visit {
                path: PathBuf::from(head.path),
                module: head.module.to_owned(),
                mod_rs: head.mod_rs,
            };
            let text = std::fs::read_to_string(&v.path).unwrap();
            let (found, _) = cache.lookup(&v, text).unwrap();
            assert_eq!(entry(&v, &found).as_ref(), Some(bytes), "{}", head.path);
        }
        std::fs::remove_dir_all(out.parent().unwrap()).unwrap();
    }
}

/// A crate root declaring `mod a;` whose file is `src/a.rs`.
fn two_files(name: &str) -> PathBuf {
    let root = scratch(name);
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/lib.rs"), "mod a;\n").unwrap();
    std::fs::write(
        root.join("src/a.rs"),
        "#[derive(conduit::Resource)]\npub struct A {\n    #[field(primary)]\n    pub id: u64,\n}\n",
    )
    .unwrap();
    root
}

fn cached(root: &Path) -> ParseCache {
    let (_, entries) = scan_with(root, &ParseCache::default());
    entries.store(&root.join("out"), KEY, root);
    ParseCache::load(&root.join("out"), KEY, root)
}

#[test]
fn a_changed_file_or_module_file_is_parsed_again() {
    let root = two_files("changed");
    let cache = cached(&root);
    assert_eq!(scan_with(&root, &cache).0.parsed, 0);
    std::fs::write(
        root.join("src/a.rs"),
        "#[derive(conduit::Resource)]\npub struct A {\n    #[field(primary)]\n    pub id: u64,\n    pub b: u8,\n}\n",
    )
    .unwrap();
    let (edited, _) = scan_with(&root, &cache);
    assert_eq!(edited.parsed, 1);
    assert_eq!(edited.structs[0].def.as_ref().unwrap().fields.len(), 2);
    // `mod a;` now finds `src/a/mod.rs`: the crate root's scan, which
    // looked for `src/a.rs`, no longer holds.
    let cache = cached(&root);
    std::fs::remove_file(root.join("src/a.rs")).unwrap();
    std::fs::create_dir_all(root.join("src/a")).unwrap();
    std::fs::write(root.join("src/a/mod.rs"), "pub struct NotAResource;\n").unwrap();
    let (moved, _) = scan_with(&root, &cache);
    assert_eq!(moved.parsed, 2);
    assert!(moved.structs.is_empty());
    assert_eq!(moved.files[1].rel, "src/a/mod.rs");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_cache_of_another_configuration_or_root_is_not_read() {
    let root = two_files("other-key");
    cached(&root);
    let out = root.join("out");
    assert!(ParseCache::load(&out, KEY + 1, &root).entries.is_empty());
    assert!(
        ParseCache::load(&out, KEY, &root.join("elsewhere"))
            .entries
            .is_empty()
    );
    assert_eq!(ParseCache::load(&out, KEY, &root).entries.len(), 2);
    // The same file read as another module is not that module's scan.
    let cache = ParseCache::load(&out, KEY, &root);
    let path = root.join("src/a.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let as_module = |module: &str| Visit {
        path: path.clone(),
        module: module.to_owned(),
        mod_rs: false,
    };
    assert!(cache.lookup(&as_module("crate::a"), text.clone()).is_ok());
    assert!(cache.lookup(&as_module("crate::b"), text).is_err());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_damaged_cache_never_panics_and_a_cut_one_gives_nothing() {
    let root = two_files("damaged");
    cached(&root);
    let file = root.join("out").join(PARSE_CACHE_FILE);
    let good = std::fs::read(&file).unwrap();
    let path = root.join("src/a.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let v = Visit {
        path,
        module: "crate::a".into(),
        mod_rs: false,
    };
    let intact = ParseCache::index(good.clone(), KEY, &root).unwrap();
    assert!(intact.lookup(&v, text.clone()).is_ok());
    // Every truncation, and every byte changed, in turn.
    for len in 0..good.len() {
        let cache = ParseCache::index(good[..len].to_vec(), KEY, &root).unwrap_or_default();
        assert!(
            cache.lookup(&v, text.clone()).is_err(),
            "truncated to {len}"
        );
    }
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x55;
        let cache = ParseCache::index(bad, KEY, &root).unwrap_or_default();
        // A flipped byte may land in a string that is still valid (a
        // column, a doc comment): then the scan holds that value, never
        // another type's or a panic.
        if let Ok((found, _)) = cache.lookup(&v, text.clone()) {
            assert_eq!(found.scan.files.len(), 1);
            let _ = summary(&found.scan);
        }
    }
    std::fs::remove_dir_all(&root).unwrap();
}
