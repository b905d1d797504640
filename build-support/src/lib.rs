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
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cfg;
mod cross;
mod error;
mod import;
mod items;
mod relations;
mod resolve;
mod scan;
mod write;

pub use error::{Diagnostic, Error, Span};

use conduit_codegen::ast::ResourceDef;
use conduit_codegen::lower::{HookSource, Resolved};
use conduit_format::hash::Fnv64;
use conduit_format::schema::{Location, Schema};
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
    manifest_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    quiet: bool,
    no_cycle_warnings: bool,
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

    /// Does not print a `cargo:warning` per dependency cycle (they are printed
    /// by default, as the reference system logs them; `REGISTRY.cycles()`
    /// lists them either way).
    pub fn no_cycle_warnings(mut self) -> Self {
        self.no_cycle_warnings = true;
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
        let root = dir(&self.manifest_dir, "CARGO_MANIFEST_DIR")?;
        let out_dir = dir(&self.out_dir, "OUT_DIR")?;
        let dirs = if self.dirs.is_empty() {
            vec![PathBuf::from("src")]
        } else {
            self.dirs.clone()
        };
        let scan = scan::scan(&root, &dirs, &env)?;
        if !self.quiet {
            for d in &dirs {
                println!("cargo:rerun-if-changed={}", root.join(d).display());
            }
            for f in &scan.extra_files {
                println!("cargo:rerun-if-changed={}", f.display());
            }
            for f in &scan.unparsable {
                println!(
                    "cargo:warning=conduit-build: `{f}` does not parse; only its items that do are read"
                );
            }
        }
        let version = self
            .version
            .clone()
            .or_else(|| env("CARGO_PKG_VERSION"))
            .unwrap_or_default();
        let imported = import::load(&root, &self.schema_files, self.quiet)?;
        let schema = assemble(&scan, &imported, version)?;
        if !self.quiet && !self.no_cycle_warnings {
            warn_cycles(&schema);
        }
        let options = conduit_codegen::emit::Options {
            link_section: !self.no_link_section,
        };
        let generated =
            conduit_codegen::emit::generate_with(&schema, &options).map_err(Error::Internal)?;
        write::outputs(&out_dir, &generated, schema.resources.len())
    }
}

/// One resource being assembled.
pub(crate) struct Entry<'a> {
    pub def: ResourceDef,
    pub file: usize,
    pub module: String,
    pub resolved: Resolved,
    pub scan: &'a scan::Scan,
    /// The derive rejects this struct: rules that could repeat its error skip it.
    pub broken: bool,
}

/// Maps spans to locations and diagnostic spans.
pub(crate) struct Locator<'a> {
    files: &'a [scan::SourceFile],
    /// Index of each scanned file in the schema's sorted file table.
    file_ids: Vec<u32>,
}

impl Locator<'_> {
    fn location(&self, file: usize, span: proc_macro2::Span) -> Location {
        let lc = span.start();
        Location {
            file: self.file_ids[file],
            line: lc.line as u32,
            column: lc.column as u32 + 1,
        }
    }

    /// The diagnostic span of a stored location (`files` is the schema's table).
    fn span_at(&self, files: &[String], l: &Location) -> Span {
        let rel = files
            .get(l.file as usize)
            .map(String::as_str)
            .unwrap_or_default();
        let text = self
            .files
            .iter()
            .find(|f| f.rel == rel)
            .map(|f| f.text.as_str())
            .unwrap_or_default();
        let source_line = text
            .lines()
            .nth((l.line as usize).saturating_sub(1))
            .unwrap_or_default()
            .to_owned();
        let start = (l.column as usize).saturating_sub(1);
        let rest: String = source_line.chars().skip(start).collect();
        // An attribute is underlined whole; anything else, its first word.
        let len = if rest.starts_with("#[") {
            rest.find(']')
                .map_or(rest.chars().count(), |i| rest[..=i].chars().count())
        } else {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .count()
        };
        Span {
            file: rel.to_owned(),
            line: l.line as usize,
            column: l.column as usize,
            len,
            source_line,
        }
    }

    pub(crate) fn span(&self, file: usize, span: proc_macro2::Span) -> Span {
        let (start, end) = (span.start(), span.end());
        let f = &self.files[file];
        let source_line = f
            .text
            .lines()
            .nth(start.line.saturating_sub(1))
            .unwrap_or_default()
            .to_owned();
        let len = if end.line == start.line {
            end.column.saturating_sub(start.column)
        } else {
            1
        };
        Span {
            file: f.rel.clone(),
            line: start.line,
            column: start.column + 1,
            len,
            source_line,
        }
    }
}

fn assemble(
    scan: &scan::Scan,
    imported: &[import::Imported],
    version: String,
) -> Result<Schema, Error> {
    // The file table is sorted so locations do not depend on scan order.
    let mut files: Vec<String> = scan.files.iter().map(|f| f.rel.clone()).collect();
    files.extend(imported.iter().map(|i| i.rel.clone()));
    files.sort();
    let file_ids = scan
        .files
        .iter()
        .map(|f| files.binary_search(&f.rel).unwrap_or_default() as u32)
        .collect();
    let loc = Locator {
        files: &scan.files,
        file_ids,
    };

    let mut entries: Vec<Entry> = Vec::new();
    for s in &scan.structs {
        // Attribute mistakes are the derive's to report, with spans in the editor.
        let cx = conduit_codegen::Ctxt::new();
        let def = conduit_codegen::parse_resource(&cx, &s.input);
        let broken = cx.finish().is_err();
        if let Some(def) = def {
            let rust_path = format!("{}::{}", s.module, def.ident);
            entries.push(Entry {
                def,
                file: s.file,
                module: s.module.clone(),
                resolved: Resolved {
                    rust_path,
                    ..Resolved::default()
                },
                scan,
                broken,
            });
        }
    }
    let triples: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e.resolved.rust_path.clone(),
                e.def.ident.to_string(),
                e.def.name.value.clone(),
            )
        })
        .collect();
    let index = resolve::ResourceIndex::new(
        triples
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())),
    );
    for e in &mut entries {
        let ident = e.def.ident.to_string();
        e.resolved.targets = e
            .def
            .relationships
            .iter()
            .map(|r| {
                index
                    .resolve(scan, &r.target, &e.module, &e.def)
                    .unwrap_or_else(|| conduit_codegen::lower::last_segment(&r.target))
            })
            .collect();
        e.resolved.nested_under = e
            .def
            .nested_under
            .as_ref()
            .and_then(|p| index.resolve(scan, p, &e.module, &e.def));
        e.resolved.hooks = e
            .def
            .hooks
            .iter()
            .map(
                |h| match resolve::hook_fn(scan, &h.function, &e.module, &ident) {
                    Some(f) => HookSource {
                        source: Some(f.source.clone()),
                        location: Some(Location {
                            file: loc.file_ids[f.file],
                            line: f.line,
                            column: f.column,
                        }),
                        calls: f.calls.clone(),
                    },
                    None => HookSource::default(),
                },
            )
            .collect();
    }
    let diagnostics = cross::check(&entries, &loc, &index);
    if !diagnostics.is_empty() {
        return Err(Error::Diagnostics(diagnostics));
    }
    let mut resources: Vec<_> = entries
        .iter()
        .map(|e| {
            conduit_codegen::lower::lower(&e.def, &e.resolved, &|span| loc.location(e.file, span))
        })
        .collect();
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    import::merge(&mut resources, imported, &files, &loc)?;
    let mut schema = Schema {
        version,
        source_hash: import::source_hash(source_hash(scan), imported),
        files,
        resources,
        ..Schema::default()
    };
    if let Err(conflicts) = conduit_codegen::analyze::analyze(&mut schema) {
        let located = |l: &Location| loc.span_at(&schema.files, l);
        return Err(Error::Diagnostics(
            conflicts
                .iter()
                .map(|c| {
                    let (a, b) = (&c.first, &c.second);
                    Diagnostic::new(format!(
                        "routes `{} {}` ({}) and `{} {}` ({}) match the same requests",
                        a.method, a.path, a.handler, b.method, b.path, b.handler
                    ))
                    .at(located(&b.location), "second route declared here")
                    .related("first route declared here", located(&a.location))
                    .help("change a path or a method; a static segment beside a parameter is fine (`/posts/new` wins over `/posts/:id`)")
                })
                .collect(),
        ));
    }
    Ok(schema)
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

/// A hash of every file read, independent of the order they were read in.
fn source_hash(scan: &scan::Scan) -> u64 {
    let mut files: Vec<&scan::SourceFile> = scan.files.iter().collect();
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
        .iter()
        .fold(Fnv64::new(), |h, f| h.str(&f.rel).str(&f.text))
        .finish()
}
