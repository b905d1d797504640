//! Assembling the schema: every located struct parsed, resolved,
//! cross-checked, lowered, merged with imported resources and analysed.

use crate::error::{Diagnostic, Error};
use crate::{cross, import, resolve, scan};
use conduit_codegen::analyze::RouteError;
use conduit_codegen::ast::ResourceDef;
use conduit_codegen::lower::Resolved;
use conduit_codegen::plain::Plain;
use conduit_format::hash::Fnv64;
use conduit_format::schema::{Location, Schema};

pub(crate) use crate::locator::Locator;

/// One resource being assembled.
pub(crate) struct Entry<'a> {
    pub def: ResourceDef<Plain>,
    pub file: usize,
    pub module: String,
    pub resolved: Resolved,
    pub scan: &'a scan::Scan,
    /// The derive rejects this struct: rules that could repeat its error skip it.
    pub broken: bool,
}

/// The whole pipeline after locating: resolve each found struct's paths,
/// cross-check the resources, lower them, merge the imported ones and run
/// the analyses.
pub(crate) fn assemble(
    scan: &scan::Scan,
    structs: Vec<scan::FoundStruct>,
    imported: &[import::Imported],
    version: String,
    path_prefix: String,
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
    for s in structs {
        if let Some(def) = s.def {
            let rust_path = format!("{}::{}", s.module, def.ident);
            entries.push(Entry {
                def,
                file: s.file,
                module: s.module,
                resolved: Resolved {
                    rust_path,
                    ..Resolved::default()
                },
                scan,
                broken: s.broken,
            });
        }
    }
    let index = resolve::entries(scan, &loc, &mut entries);
    let diagnostics = cross::check(&entries, &loc, &index);
    if !diagnostics.is_empty() {
        return Err(Error::Diagnostics(diagnostics));
    }
    let mut resources: Vec<_> = entries
        .into_iter()
        .map(|e| {
            let file = e.file;
            conduit_codegen::lower::lower(e.def, e.resolved, &|span| loc.location(file, span))
        })
        .collect();
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    import::merge(&mut resources, imported, &files, &loc)?;
    let mut schema = Schema {
        version,
        source_hash: import::source_hash(source_hash(scan), imported),
        files,
        resources,
        path_prefix,
        ..Schema::default()
    };
    if let Err(e) = conduit_codegen::analyze::analyze(&mut schema) {
        let located = |l: &Location| loc.span_at(&schema.files, l);
        return Err(Error::Diagnostics(match e {
            RouteError::Conflicts(conflicts) => conflicts
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
            RouteError::TooIrregular { route, limit } => vec![
                Diagnostic::new(format!(
                    "route `{} {}` ({}) makes the route matcher too large: static segments beside `:param` segments at many depths, each leading elsewhere, would need more than {limit} matcher states",
                    route.method, route.path, route.handler
                ))
                .at(located(&route.location), "this route does not fit")
                .help("give these routes a common static prefix, or fewer static segments beside parameters at different depths"),
            ],
        }));
    }
    Ok(schema)
}

/// A hash of what the build step read from every file (its record: resource
/// structs, functions, imports, modules), independent of the order the files
/// were read in. An edit the build step does not read (a comment, an
/// unrelated item) leaves it, and so the blob, unchanged.
pub(crate) fn source_hash(scan: &scan::Scan) -> u64 {
    let mut files: Vec<&scan::SourceFile> = scan.files.iter().collect();
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
        .iter()
        .fold(Fnv64::new(), |h, f| h.str(&f.rel).u64(f.record))
        .finish()
}
