//! The scan cache in `OUT_DIR`: what the last successful run read from each
//! file (a content checksum and a hash of what the build step took from it),
//! so that a rerun whose edits do not touch the schema (a comment, a helper
//! function no hook calls, formatting inside a line) re-parses only the
//! edited files and leaves the outputs as they are.
//!
//! The cache is a small text file; anything it cannot vouch for (another
//! builder configuration or `cfg` environment, a changed crate root, a file
//! added, removed or moved, missing outputs, an unreadable cache) sends the
//! build step down the full path, which then writes a fresh cache.

use crate::cfg::Env;
use crate::scan::{self, Scan};
use conduit_format::generated::{BLOB_FILE, SOURCE_FILE};
use conduit_format::hash::{Fnv64, checksum};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the cache lives, under `OUT_DIR`.
pub(crate) const CACHE_FILE: &str = "conduit/scan-cache";

const FIRST_LINE: &str = "conduit-build scan cache 1";

/// One file of the last successful scan.
#[derive(Debug, PartialEq, Eq)]
struct CachedFile {
    rel: String,
    module: String,
    mod_rs: bool,
    checksum: u64,
    record: u64,
}

/// What the last successful run read and wrote.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Cache {
    key: u64,
    from_crate_root: bool,
    files: Vec<CachedFile>,
    walked: BTreeSet<String>,
    /// Files `mod` items name that did not exist.
    missing: Vec<PathBuf>,
    /// Paths printed as `cargo:rerun-if-changed`.
    pub rerun: Vec<PathBuf>,
    /// Resource count and output lengths, for the `Summary`.
    pub resources: usize,
    pub source_len: usize,
    pub blob_len: usize,
}

/// The configuration a cache is valid for: the builder's options, the
/// version of conduit-build, the `cfg` environment Cargo passes to build
/// scripts (`CARGO_CFG_*`, `CARGO_FEATURE_*`), the imported schema files
/// and the build script itself (its size and modification time: a build
/// step compiled from other code — a path dependency edited, a patched
/// crate — may write other outputs from the same sources).
pub(crate) fn key(options: &str, imported: &[crate::import::Imported]) -> u64 {
    let mut vars: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("CARGO_CFG_") || k.starts_with("CARGO_FEATURE_"))
        .collect();
    vars.sort();
    let mut h = Fnv64::new()
        .str(env!("CARGO_PKG_VERSION"))
        .u64(conduit_format::header::format_fingerprint())
        .str(options)
        .str(&build_script_identity());
    for (k, v) in &vars {
        h = h.str(k).str(v);
    }
    for i in imported {
        h = h.str(&i.rel).str(&i.text);
    }
    h.finish()
}

/// The running build script's size and modification time, or empty when
/// they cannot be read (then the version and fingerprint still key).
fn build_script_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {modified}", m.len())
        })
        .unwrap_or_default()
}

impl Cache {
    /// The cache of a scan that just succeeded.
    pub fn of(
        key: u64,
        scan: &Scan,
        rerun: Vec<PathBuf>,
        resources: usize,
        lens: (usize, usize),
    ) -> Cache {
        Cache {
            key,
            from_crate_root: scan.from_crate_root,
            files: scan
                .files
                .iter()
                .map(|f| CachedFile {
                    rel: f.rel.clone(),
                    module: f.module.clone(),
                    mod_rs: f.mod_rs,
                    checksum: checksum(f.text.as_bytes()),
                    record: f.record,
                })
                .collect(),
            walked: scan.walked.clone(),
            missing: scan.missing.clone(),
            rerun,
            resources,
            source_len: lens.0,
            blob_len: lens.1,
        }
    }

    /// Reads the cache under `out_dir`, if there is one valid for `key`.
    pub fn load(out_dir: &Path, key: u64) -> Option<Cache> {
        let text = std::fs::read_to_string(out_dir.join(CACHE_FILE)).ok()?;
        let cache = parse(&text)?;
        (cache.key == key).then_some(cache)
    }

    /// Writes the cache under `out_dir` (best effort: without it the next
    /// run takes the full path).
    pub fn store(&self, out_dir: &Path) {
        let path = out_dir.join(CACHE_FILE);
        let text = self.render();
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            return;
        }
        let _ = std::fs::write(path, text);
    }

    fn render(&self) -> String {
        let mut s = format!(
            "{FIRST_LINE}\nkey {:016x}\nroot {}\nsummary {} {} {}\n",
            self.key, self.from_crate_root as u8, self.resources, self.source_len, self.blob_len
        );
        for f in &self.files {
            let _ = writeln!(
                s,
                "file {:016x} {:016x} {} {} {}",
                f.checksum, f.record, f.mod_rs as u8, f.module, f.rel
            );
        }
        for w in &self.walked {
            let _ = writeln!(s, "walked {w}");
        }
        for m in &self.missing {
            let _ = writeln!(s, "missing {}", m.display());
        }
        for r in &self.rerun {
            let _ = writeln!(s, "rerun {}", r.display());
        }
        s
    }

    /// Whether the sources still give what the cache recorded and the
    /// outputs are in place: every file reads the same, or re-reads to the
    /// same record, no file came or went, and no module file that was
    /// missing appeared. Reading stops at the first difference. When they
    /// hold: how many files were parsed again.
    pub fn still_holds(
        &self,
        root: &Path,
        dirs: &[PathBuf],
        out_dir: &Path,
        env: Env,
    ) -> Option<usize> {
        let len = |p: &str| std::fs::metadata(out_dir.join(p)).map(|m| m.len() as usize);
        if len(SOURCE_FILE).ok() != Some(self.source_len)
            || len(BLOB_FILE).ok() != Some(self.blob_len)
        {
            return None;
        }
        // A module file that appeared counts even though no file changed.
        if self.missing.iter().any(|m| m.exists()) {
            return None;
        }
        if !self.from_crate_root && scan::walk_rel(root, dirs).as_ref() != Some(&self.walked) {
            return None;
        }
        let mut parsed = 0;
        let holds = self.files.iter().all(|f| {
            let Ok(text) = std::fs::read(root.join(&f.rel)) else {
                return false;
            };
            if checksum(&text) == f.checksum {
                return true;
            }
            // A crate root also carries `include_registry!()`: the full path checks it.
            if f.module == "crate" {
                return false;
            }
            parsed += 1;
            match scan::rescan_file(root, &f.rel, &f.module, f.mod_rs, env) {
                Ok(s) => {
                    s.unparsable.is_empty()
                        && s.misplaced.is_empty()
                        && s.files.first().map(|n| n.record) == Some(f.record)
                }
                Err(_) => false,
            }
        });
        holds.then_some(parsed)
    }
}

fn parse(text: &str) -> Option<Cache> {
    let mut lines = text.lines();
    if lines.next()? != FIRST_LINE {
        return None;
    }
    let hex = |s: &str| u64::from_str_radix(s, 16).ok();
    let key = hex(lines.next()?.strip_prefix("key ")?)?;
    let from_crate_root = lines.next()?.strip_prefix("root ")? == "1";
    let mut summary = lines.next()?.strip_prefix("summary ")?.split(' ');
    let mut number = || summary.next()?.parse::<usize>().ok();
    let (resources, source_len, blob_len) = (number()?, number()?, number()?);
    let mut cache = Cache {
        key,
        from_crate_root,
        files: Vec::new(),
        walked: BTreeSet::new(),
        missing: Vec::new(),
        rerun: Vec::new(),
        resources,
        source_len,
        blob_len,
    };
    for line in lines {
        let (kind, rest) = line.split_once(' ')?;
        match kind {
            "file" => {
                let mut parts = rest.splitn(5, ' ');
                cache.files.push(CachedFile {
                    checksum: hex(parts.next()?)?,
                    record: hex(parts.next()?)?,
                    mod_rs: parts.next()? == "1",
                    module: parts.next()?.to_owned(),
                    rel: parts.next()?.to_owned(),
                });
            }
            "walked" => {
                cache.walked.insert(rest.to_owned());
            }
            "missing" => cache.missing.push(PathBuf::from(rest)),
            "rerun" => cache.rerun.push(PathBuf::from(rest)),
            _ => return None,
        }
    }
    Some(cache)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_back_what_it_wrote() {
        let cache = Cache {
            key: 0xabc,
            from_crate_root: true,
            files: vec![CachedFile {
                rel: "src/models/blog post.rs".into(),
                module: "crate::models::blog_post".into(),
                mod_rs: false,
                checksum: 1,
                record: u64::MAX,
            }],
            walked: ["src/lib.rs".to_owned()].into(),
            missing: vec![PathBuf::from("/p/src/later.rs")],
            rerun: vec![PathBuf::from("/p/src/lib.rs")],
            resources: 3,
            source_len: 10,
            blob_len: 20,
        };
        assert_eq!(parse(&cache.render()), Some(cache));
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("conduit-build scan cache 1\nkey zz\n"), None);
        assert_eq!(
            parse("conduit-build scan cache 1\nkey 1\nroot 1\nsummary 1 2 3\nfile 1 2\n"),
            None
        );
        assert_eq!(
            parse("conduit-build scan cache 1\nkey 1\nroot 1\nsummary 1 2 3\nbogus x\n"),
            None
        );
    }
}
