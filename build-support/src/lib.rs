//! The `build.rs` side of conduit: scans the crate's sources for
//! `#[derive(Resource)]` structs and writes the registry (an rkyv blob plus
//! the Rust source embedding it, with a perfect-hash index) to `OUT_DIR`.
//!
//! ```no_run
//! // in build.rs, `fn main`:
//! conduit_build::Builder::new()
//!     .scan("src")
//!     .build()
//!     .unwrap_or_else(|e| e.exit());
//! ```
//!
//! Then, at the crate root, `conduit::include_registry!();` defines
//! `pub static REGISTRY: conduit::Registry`.
//!
//! Cross-resource mistakes (an unknown relationship target, two resources
//! with one name or table, a join table used for two relationships, a route
//! declared twice) fail the build with rustc-style diagnostics. Mistakes
//! inside one struct's attributes are left to `#[derive(Resource)]`, which
//! reports them with spans in the editor.
//!
//! Reruns are incremental. Two caches in `OUT_DIR/conduit/` remember the
//! last successful run: what it read from each file (`scan-cache`), and
//! each file's parsed resources, functions and imports (`parse-cache`).
//! A rerun parses only the files whose text changed. It leaves the outputs
//! untouched when those edits do not change the schema (a comment, a
//! function no hook calls), and otherwise rebuilds the registry from the
//! new parse of those files and the cached parse of the rest.
//! [`Summary::parsed`] says how many files were parsed. Deleting the
//! folder, or changing the builder's options, the `cfg` environment or
//! conduit's version, only costs one full parse.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The stages, in order: locate (`scan`, with `cfg`, on threads: `gather`;
// each file's scan from `parse_cache` while it holds),
// resolve, cross-check (`cross`), assemble; then `write`.
mod assemble;
mod cache;
mod cfg;
mod cross;
mod error;
mod gather;
mod import;
mod items;
mod locator;
mod parse_cache;
mod relations;
mod resolve;
mod root;
mod scan;
mod write;

pub use error::{Diagnostic, Error, Span};

pub(crate) use assemble::{Entry, Locator};
use conduit_format::schema::Schema;
use std::path::PathBuf;

/// Configures and runs the build step.
///
/// ```no_run
/// conduit_build::Builder::new().scan("src").build().unwrap_or_else(|e| e.exit());
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct Builder {
    dirs: Vec<PathBuf>,
    schema_files: Vec<PathBuf>,
    version: Option<String>,
    path_prefix: Option<String>,
    manifest_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    quiet: bool,
    warn_cycles: bool,
    no_link_section: bool,
}

/// What a successful build produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Number of resources in the registry.
    pub resources: usize,
    /// The generated Rust source.
    pub source_path: PathBuf,
    /// Its size in bytes.
    pub source_len: usize,
    /// The generated blob.
    pub blob_path: PathBuf,
    /// Its size in bytes.
    pub blob_len: usize,
    /// Whether either file's content changed (and was rewritten).
    pub changed: bool,
    /// Whether the sources were found to give the same schema as the last
    /// run's (only comments, unrelated code or whitespace within lines
    /// changed), so nothing was re-analysed and the outputs were left as they
    /// are: only the edited files were parsed.
    pub reused: bool,
    /// How many source files were parsed to give this result; the others'
    /// scans came from the caches in `OUT_DIR`. After an edit this is the
    /// number of files edited (every file if the caches were missing or
    /// written for another configuration). An edit that changes the schema
    /// is first re-read by the scan cache, which finds that it does not
    /// hold; that parse is not counted.
    pub parsed: usize,
}

impl Builder {
    /// A builder that scans nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Scans every `.rs` file below `dir` (relative to the package root).
    /// When `dir` holds the crate root (`src/lib.rs`, `src/main.rs`), module
    /// paths come from the `mod` items, honouring `#[path]` and `cfg`.
    pub fn scan(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Imports the resources of a metadata JSON file written by the reference
    /// system (its compiler's output or its runtime's schema; relative to the
    /// package root), so a schema moving from the reference keeps working.
    ///
    /// Imported resources join the scanned ones: names and tables must stay
    /// unique, relationship targets must exist on either side. Their
    /// locations point into the JSON file. Routes, patterns and the
    /// dependency graph are computed again from the resources, not imported;
    /// the REST routes give a resource its operations and path. A file that
    /// cannot be read, is not valid JSON (reported at its line and column),
    /// or names an unknown relationship type, hook kind, HTTP method or
    /// operation fails the build with a diagnostic.
    ///
    /// ```no_run
    /// conduit_build::Builder::new()
    ///     .scan("src")
    ///     .schema_file("schema/legacy.json")
    ///     .build()
    ///     .unwrap_or_else(|e| e.exit());
    /// ```
    pub fn schema_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.schema_files.push(path.into());
        self
    }

    /// Mounts every route below `prefix` (`/api`): route paths, the route
    /// table and `match_route` include it, and `REGISTRY.path_prefix()`
    /// returns it (an OpenAPI export's server URL). Resource paths
    /// (`ResourceRef::path`) stay as declared. The prefix starts with `/`,
    /// does not end with one, and is a static path (no parameters); `""`
    /// means none.
    ///
    /// ```no_run
    /// conduit_build::Builder::new().scan("src").path_prefix("/api").build().unwrap_or_else(|e| e.exit());
    /// ```
    pub fn path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.path_prefix = Some(prefix.into());
        self
    }

    /// Sets the schema version (default: the package version).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Overrides the package root (default: `CARGO_MANIFEST_DIR`).
    pub fn manifest_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.manifest_dir = Some(dir.into());
        self
    }

    /// Overrides the output folder (default: `OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Prints a `cargo:warning` per dependency cycle (the first 20), as the
    /// reference system logs them.
    ///
    /// Off by default: every ordinary `has_many`/`belongs_to` pair and every
    /// self-referencing tree is a cycle of the graph, so a warning on each
    /// build would say nothing a user can act on. The cycles stay queryable
    /// (`REGISTRY.cycles()`, `conduit introspect BIN cycles`).
    ///
    /// ```no_run
    /// conduit_build::Builder::new().scan("src").warn_cycles().build().unwrap_or_else(|e| e.exit());
    /// ```
    pub fn warn_cycles(mut self) -> Self {
        self.warn_cycles = true;
        self
    }

    /// Does not place the embedded blob in its named link section. Crates with
    /// `#![forbid(unsafe_code)]` need this (`#[link_section]` counts as
    /// unsafe code); `conduit introspect` then finds the blob by its header.
    pub fn no_link_section(mut self) -> Self {
        self.no_link_section = true;
        self
    }

    /// Does not print `cargo:` directives (for use outside a build script).
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// Scans, checks, and writes the registry.
    ///
    /// The source files are read and parsed on as many threads as there
    /// are CPUs (at most 8, and no more than the jobs Cargo runs at once:
    /// `cargo build -j1` gives one); the result does not depend on them.
    pub fn build(self) -> Result<Summary, Error> {
        let env = |name: &str| std::env::var(name).ok();
        let dir = |given: &Option<PathBuf>, var: &str| {
            match given {
            Some(d) => Ok(d.clone()),
            None => env(var).map(PathBuf::from).ok_or_else(|| {
                Error::Environment(format!(
                    "`{var}` is not set: conduit_build::Builder runs from a build script (or set it with `Builder::{}`)",
                    var.to_lowercase()
                ))
            }),
        }
        };
        let prefix = self.path_prefix.clone().unwrap_or_default();
        if let Err(msg) = check_prefix(&prefix) {
            return Err(Error::Diagnostics(vec![Diagnostic::new(msg).help(
                "write the mount prefix as `Builder::path_prefix(\"/api\")`",
            )]));
        }
        let root = dir(&self.manifest_dir, "CARGO_MANIFEST_DIR")?;
        let out_dir = dir(&self.out_dir, "OUT_DIR")?;
        let dirs = if self.dirs.is_empty() {
            vec![PathBuf::from("src")]
        } else {
            self.dirs.clone()
        };
        let version = self
            .version
            .clone()
            .or_else(|| env("CARGO_PKG_VERSION"))
            .unwrap_or_default();
        let imported = import::load(&root, &self.schema_files, self.quiet)?;
        // With cycle warnings on, every run prints them: no shortcut.
        let key = cache::key(&format!("{self:?} {version}"), &imported);
        if !self.warn_cycles {
            if let Some(c) = cache::Cache::load(&out_dir, key) {
                if let Some(parsed) = c.still_holds(&root, &dirs, &out_dir, &env) {
                    if !self.quiet {
                        for path in &c.rerun {
                            println!("cargo:rerun-if-changed={}", path.display());
                        }
                    }
                    return Ok(Summary {
                        resources: c.resources,
                        source_path: out_dir.join(conduit_format::generated::SOURCE_FILE),
                        source_len: c.source_len,
                        blob_path: out_dir.join(conduit_format::generated::BLOB_FILE),
                        blob_len: c.blob_len,
                        changed: false,
                        reused: true,
                        parsed,
                    });
                }
            }
        }
        let parse_cache = parse_cache::ParseCache::load(&out_dir, key, &root);
        let entries = parse_cache::Entries::default();
        let mut scan = scan::scan(&root, &dirs, &env, &parse_cache, &entries)?;
        drop(parse_cache);
        // Every file's scan holds whatever the checks below find: the next
        // run may use them even if this one fails. The cache is written
        // beside the rest of the build.
        let (built, ()) = conduit_codegen::analyze::join(
            || -> Result<Summary, Error> {
                // Only for the crate Cargo is building: with an explicit
                // `manifest_dir`, the scanned tree need not be a crate root of its own.
                if self.manifest_dir.is_none() {
                    if let Some(missing) = root::check(&root, &scan) {
                        return Err(Error::Diagnostics(vec![missing]));
                    }
                }
                let rerun = rerun_paths(&root, &dirs, &scan);
                if !self.quiet {
                    for path in &rerun {
                        println!("cargo:rerun-if-changed={}", path.display());
                    }
                    for f in &scan.unparsable {
                        println!(
                            "cargo:warning=conduit-build: `{f}` does not parse; only its items that do are read"
                        );
                    }
                }
                let structs = std::mem::take(&mut scan.structs);
                let schema = assemble::assemble(&scan, structs, &imported, version, prefix)?;
                if !self.quiet && self.warn_cycles {
                    warn_cycles(&schema);
                }
                let options = conduit_codegen::emit::Options {
                    link_section: !self.no_link_section,
                };
                let generated = conduit_codegen::emit::generate_with(&schema, &options)
                    .map_err(Error::Internal)?;
                let mut summary = write::outputs(&out_dir, &generated, schema.resources.len())?;
                summary.parsed = scan.parsed;
                cache::Cache::of(
                    key,
                    &scan,
                    rerun,
                    summary.resources,
                    (summary.source_len, summary.blob_len),
                )
                .store(&out_dir);
                // Freed last: a thread freeing them while this one writes would
                // contend with it for the allocator.
                discard(schema);
                discard(scan);
                Ok(summary)
            },
            || entries.store(&out_dir, key, &root),
        );
        built
    }
}

/// Frees `value` on a thread of its own where there is a CPU to spare. The
/// schema and the scan of a large crate are millions of small allocations
/// (freeing rich10000's took a tenth of its build), and a build script
/// exits as soon as `build` returns: the operating system then takes the
/// memory back at once, unfreed. Elsewhere the thread frees it while the
/// caller goes on.
fn discard<T: Send + 'static>(value: T) {
    if conduit_codegen::analyze::parallelism() > 1 {
        // A thread that cannot start drops its closure, and `value` with it, here.
        let _ = std::thread::Builder::new()
            .name("conduit-free".into())
            .spawn(move || drop(value));
    }
}

/// A mount prefix is `""` or a static path: `/` first, no trailing `/`, no
/// empty segment, no parameter, query or whitespace.
fn check_prefix(prefix: &str) -> Result<(), String> {
    if prefix.is_empty() {
        return Ok(());
    }
    let Some(rest) = prefix.strip_prefix('/') else {
        return Err(format!(
            "`path_prefix({prefix:?})` must start with `/`: write `path_prefix(\"/{prefix}\")`"
        ));
    };
    if rest.is_empty() || prefix.ends_with('/') {
        let fixed = prefix.trim_end_matches('/');
        return Err(if fixed.is_empty() {
            format!(
                "`path_prefix({prefix:?})` mounts nothing; remove it (routes are at `/` already)"
            )
        } else {
            format!(
                "`path_prefix({prefix:?})` must not end with `/`: write `path_prefix(\"{fixed}\")`"
            )
        });
    }
    for seg in rest.split('/') {
        if seg.is_empty() {
            return Err(format!(
                "`path_prefix({prefix:?})` has an empty segment (`//`); remove it"
            ));
        }
        if seg.starts_with([':', '*', '{'])
            || seg.chars().any(|c| c.is_whitespace() || "?#{}".contains(c))
        {
            return Err(format!(
                "`path_prefix({prefix:?})` must be static path text: segment `{seg}` is a parameter or has whitespace, `?`, `#` or braces"
            ));
        }
    }
    Ok(())
}

/// What the build step read, for `cargo:rerun-if-changed`: every file read
/// (and every file a `mod` item names that does not exist yet) when module
/// paths come from a crate root, since a new source file only counts once a
/// file already read declares it; otherwise the scanned folders, where every
/// `.rs` file counts.
fn rerun_paths(root: &std::path::Path, dirs: &[PathBuf], scan: &scan::Scan) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = if scan.from_crate_root {
        let mut files: Vec<PathBuf> = scan.files.iter().map(|f| root.join(&f.rel)).collect();
        files.extend(scan.missing.iter().cloned());
        files
    } else {
        let mut paths: Vec<PathBuf> = dirs.iter().map(|d| root.join(d)).collect();
        paths.extend(scan.extra_files.iter().cloned());
        paths
    };
    paths.sort();
    paths.dedup();
    paths
}

/// One `cargo:warning` per dependency cycle, as the reference logs them.
fn warn_cycles(schema: &Schema) {
    const SHOWN: usize = 20;
    let g = &schema.graph;
    for cycle in g.cycles.iter().take(SHOWN) {
        let names: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&n| g.nodes[n as usize].name.as_str())
            .collect();
        println!(
            "cargo:warning=conduit: dependency cycle {}",
            names.join(" -> ")
        );
    }
    if g.cycles.len() > SHOWN {
        println!(
            "cargo:warning=conduit: … and {} more dependency cycles",
            g.cycles.len() - SHOWN
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn scan_of(files: &[&str], from_crate_root: bool) -> scan::Scan {
        scan::Scan {
            files: files
                .iter()
                .map(|f| scan::SourceFile {
                    rel: (*f).to_owned(),
                    text: String::new(),
                    module: "crate".to_owned(),
                    mod_rs: true,
                    record: 0,
                })
                .collect(),
            from_crate_root,
            missing: vec![PathBuf::from("/p/src/new.rs")],
            ..scan::Scan::default()
        }
    }

    #[test]
    fn a_discarded_value_is_freed() {
        struct Freed(std::sync::mpsc::Sender<()>);
        impl Drop for Freed {
            fn drop(&mut self) {
                let _ = self.0.send(());
            }
        }
        let (tx, rx) = std::sync::mpsc::channel();
        discard(Freed(tx));
        // On this thread or another: either way it is freed.
        assert_eq!(rx.recv_timeout(std::time::Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn a_crate_root_scan_reruns_on_the_files_it_read_not_the_folder() {
        let scan = scan_of(&["src/lib.rs", "src/models/post.rs"], true);
        let paths = rerun_paths(Path::new("/p"), &[PathBuf::from("src")], &scan);
        let expected: Vec<PathBuf> = ["/p/src/lib.rs", "/p/src/models/post.rs", "/p/src/new.rs"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(paths, expected);
    }

    #[test]
    fn a_scan_without_crate_root_reruns_on_its_folders() {
        let scan = scan_of(&["models/post.rs"], false);
        let paths = rerun_paths(Path::new("/p"), &[PathBuf::from("models")], &scan);
        assert_eq!(paths, [PathBuf::from("/p/models")]);
    }

    #[test]
    fn a_prefix_starts_with_a_slash_and_does_not_end_with_one() {
        assert!(check_prefix("").is_ok());
        assert!(check_prefix("/api").is_ok());
        assert!(check_prefix("/api/v1").is_ok());
        let no_slash = check_prefix("api").unwrap_err();
        assert!(no_slash.contains("must start with `/`"), "{no_slash}");
        assert!(no_slash.contains("path_prefix(\"/api\")"), "{no_slash}");
        assert!(
            check_prefix("/api/")
                .unwrap_err()
                .contains("path_prefix(\"/api\")")
        );
        assert!(check_prefix("/").unwrap_err().contains("mounts nothing"));
        assert!(check_prefix("/api//v1").is_err());
        assert!(check_prefix("/api/:version").is_err());
        assert!(check_prefix("/a pi").is_err());
    }
}
