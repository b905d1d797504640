//! `Builder::schema_file`: resources imported from the reference system's
//! metadata JSON (its compiler's output or its runtime's schema; both
//! spellings are read), merged with the scanned ones before the analyses.
//!
//! Imported resources have no Rust source: their locations point into the
//! JSON file (the line of each record's `"name"`, line 1 when it cannot be
//! found). Routes, patterns and the dependency graph are not imported but
//! recomputed from the resources, as for scanned ones: a resource's
//! operations and path come from its REST routes (`get` is read as `show`;
//! an empty operation is inferred from the method and path), and its other
//! routes become custom routes. A resource without routes exposes none.

mod lower;
mod model;

use crate::error::{Diagnostic, Span};
use crate::{Error, Locator};
use conduit_format::hash::Fnv64;
use conduit_format::schema::{Location, Resource};
use conduit_format::suggest::did_you_mean;
use model::{Doc, JResource, JRoute};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One schema file, read and converted.
pub(crate) struct Imported {
    /// The path as given to `schema_file`, with `/` separators: the
    /// location file of its resources.
    pub rel: String,
    /// The file's text.
    pub text: String,
    /// Its resources; `location.file` is set by [`merge`].
    pub resources: Vec<Resource>,
}

/// Reads every schema file; prints `cargo:rerun-if-changed` for each unless
/// `quiet`.
pub(crate) fn load(root: &Path, paths: &[PathBuf], quiet: bool) -> Result<Vec<Imported>, Error> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        let full = root.join(p);
        if !quiet {
            println!("cargo:rerun-if-changed={}", full.display());
        }
        let text = std::fs::read_to_string(&full).map_err(|source| Error::Io {
            path: full.clone(),
            action: "read the schema file",
            source,
        })?;
        let rel = p.to_string_lossy().replace('\\', "/");
        match convert(&rel, &text) {
            Ok(resources) => out.push(Imported {
                rel,
                text,
                resources,
            }),
            Err(mut d) => problems.append(&mut d),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Diagnostics(problems))
    }
}

/// Source lines longer than this are not shown in diagnostics.
const MAX_SHOWN_LINE: usize = 240;

/// Positions in one JSON file, for diagnostics and locations.
struct Text<'a> {
    rel: &'a str,
    text: &'a str,
}

impl Text<'_> {
    /// The offset of the value of the first `"key": value` at or after `from`.
    fn find(&self, from: usize, key: &str, value: &str) -> Option<usize> {
        let key = format!("\"{key}\"");
        let value = serde_json::to_string(value).ok()?;
        let mut at = from.min(self.text.len());
        while let Some(i) = self.text.get(at..)?.find(&key) {
            let after = at + i + key.len();
            let rest = self.text[after..].trim_start();
            if let Some(rest) = rest.strip_prefix(':') {
                let rest = rest.trim_start();
                if rest.starts_with(&value) {
                    return Some(self.text.len() - rest.len());
                }
            }
            at = after;
        }
        None
    }

    /// A span of `len` characters at byte `offset`.
    fn span(&self, offset: usize, len: usize) -> Span {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        self.line_span(line, column, len)
    }

    /// A span at `line:column`; lines too long to show (compact JSON) are
    /// left out of the snippet.
    fn line_span(&self, line: usize, column: usize, len: usize) -> Span {
        let source_line = self
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default();
        let shown = source_line.chars().count() <= MAX_SHOWN_LINE;
        Span {
            file: self.rel.to_owned(),
            line,
            column,
            len: if shown { len.max(1) } else { 1 },
            source_line: if shown {
                source_line.to_owned()
            } else {
                String::new()
            },
        }
    }

    /// The span of `"key": value` (the value underlined), searched from `from`.
    fn at(&self, from: usize, key: &str, value: &str) -> Span {
        match self.find(from, key, value) {
            Some(i) => self.span(i, value.chars().count() + 2),
            None => self.line_span(1, 1, 1),
        }
    }

    fn location(&self, offset: Option<usize>) -> Location {
        let span = offset.map_or_else(|| self.line_span(1, 1, 1), |i| self.span(i, 1));
        Location {
            file: 0,
            line: span.line as u32,
            column: span.column as u32,
        }
    }
}

/// A JSON syntax or type error, at the position serde_json reports (the
/// whole string underlined when it stopped after one).
fn syntax_error(t: &Text, e: &serde_json::Error) -> Diagnostic {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let (line, mut column, mut len) = (e.line().max(1), e.column().max(1), 1);
    let source_line = t.text.lines().nth(line - 1).unwrap_or_default();
    let chars: Vec<char> = source_line.chars().collect();
    if column >= 2 && chars.get(column - 1) == Some(&'"') {
        if let Some(open) = chars[..column - 1].iter().rposition(|c| *c == '"') {
            len = column - open;
            column = open + 1;
        }
    }
    Diagnostic::new(format!("invalid schema file `{}`: {message}", t.rel))
        .at(t.line_span(line, column, len), "here")
        .help("the file must hold the reference's metadata JSON: an object with `resources` (and `routes`), or an array of resources")
}

/// Parses one file and converts its resources.
fn convert(rel: &str, text: &str) -> Result<Vec<Resource>, Vec<Diagnostic>> {
    let t = Text { rel, text };
    let doc = if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<JResource>>(text).map(|resources| Doc {
            resources,
            routes: Vec::new(),
        })
    } else {
        serde_json::from_str::<Doc>(text)
    };
    let doc = doc.map_err(|e| vec![syntax_error(&t, &e)])?;
    let mut problems = Vec::new();
    let names: Vec<&str> = doc.resources.iter().map(|r| r.name.as_str()).collect();
    let mut routes: BTreeMap<&str, Vec<&JRoute>> = BTreeMap::new();
    for r in &doc.routes {
        if names.contains(&r.resource.as_str()) {
            routes.entry(&r.resource).or_default().push(r);
        } else {
            problems.push(
                Diagnostic::new(format!(
                    "route `{} {}` names unknown resource `{}`",
                    r.method, r.path, r.resource
                ))
                .at(
                    t.at(0, "resource", &r.resource),
                    format!(
                        "not a resource of this file{}",
                        did_you_mean(&r.resource, names.iter().copied())
                    ),
                )
                .help("every route's `resource` must be the `name` of a resource in the file"),
            );
        }
    }
    let mut out = Vec::new();
    for r in &doc.resources {
        let own = routes.get(r.name.as_str()).map_or(&[][..], Vec::as_slice);
        out.push(lower::resource(&t, r, own, &mut problems));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Every location of `r` points into file `file`.
fn relocate(r: &mut Resource, file: u32) {
    let set = |l: &mut Location| l.file = file;
    set(&mut r.location);
    r.fields.iter_mut().for_each(|x| set(&mut x.location));
    r.relationships
        .iter_mut()
        .for_each(|x| set(&mut x.location));
    r.hooks.iter_mut().for_each(|x| set(&mut x.location));
    r.validations.iter_mut().for_each(|x| set(&mut x.location));
    r.constraints.iter_mut().for_each(|x| set(&mut x.location));
    r.middleware.iter_mut().for_each(|x| set(&mut x.location));
    r.scopes.iter_mut().for_each(|x| set(&mut x.location));
    r.computed.iter_mut().for_each(|x| set(&mut x.location));
    r.custom_routes
        .iter_mut()
        .for_each(|x| set(&mut x.location));
}

/// Adds the imported resources to the scanned ones (sorted by name after),
/// checking what spans both: unique names and tables, known relationship
/// targets and `nested_under` parents. `files` is the schema's file table.
pub(crate) fn merge(
    resources: &mut Vec<Resource>,
    imported: &[Imported],
    files: &[String],
    loc: &Locator,
) -> Result<(), Error> {
    let scanned = resources.len();
    for i in imported {
        let file = files.binary_search(&i.rel).unwrap_or_default() as u32;
        resources.extend(i.resources.iter().cloned().map(|mut r| {
            relocate(&mut r, file);
            r
        }));
    }
    let span = |r: &Resource, l: &Location| -> Span {
        let rel = files
            .get(l.file as usize)
            .map(String::as_str)
            .unwrap_or_default();
        match imported.iter().find(|i| i.rel == rel) {
            Some(i) => Text {
                rel: &i.rel,
                text: &i.text,
            }
            .line_span(
                l.line as usize,
                l.column as usize,
                r.name.chars().count() + 2,
            ),
            None => loc.span_at(files, l),
        }
    };
    let mut problems = Vec::new();
    let mut names: BTreeMap<&str, &Resource> = BTreeMap::new();
    let mut tables: BTreeMap<&str, &Resource> = BTreeMap::new();
    for (n, r) in resources.iter().enumerate() {
        let imported_here = n >= scanned;
        if let Some(prev) = names.insert(&r.name, r) {
            names.insert(&r.name, prev);
            problems.push(
                Diagnostic::new(format!("duplicate resource name `{}`", r.name))
                    .at(span(r, &r.location), "defined again here")
                    .related("first defined here", span(prev, &prev.location))
                    .help("rename one of them; a resource imported with `schema_file` cannot share a name with a scanned one"),
            );
        } else if let Some(prev) = tables.insert(&r.table, r) {
            tables.insert(&r.table, prev);
            if imported_here {
                problems.push(
                    Diagnostic::new(format!(
                        "resources `{}` and `{}` both use the table `{}`",
                        prev.name, r.name, r.table
                    ))
                    .at(span(r, &r.location), "second use of the table")
                    .related("first used here", span(prev, &prev.location))
                    .help("give the imported resource a distinct `\"table\"`"),
                );
            }
        }
    }
    for r in &resources[scanned..] {
        let targets = r
            .relationships
            .iter()
            .map(|x| (&x.target, &x.location, "relationship target"));
        let parent = r
            .nested_under
            .iter()
            .map(|p| (p, &r.location, "`nested_under` resource"));
        for (target, at, what) in targets.chain(parent) {
            if !names.contains_key(target.as_str()) {
                problems.push(
                    Diagnostic::new(format!("unknown {what} `{target}` in `{}`", r.name))
                        .at(span(r, at), format!("no resource has this name{}", did_you_mean(target, names.keys().copied())))
                        .help("the target must be a resource of a schema file or a struct deriving `Resource` in a scanned folder"),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Diagnostics(problems));
    }
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(())
}

/// Adds the schema files to the source hash.
pub(crate) fn source_hash(scanned: u64, imported: &[Imported]) -> u64 {
    if imported.is_empty() {
        return scanned;
    }
    imported
        .iter()
        .fold(Fnv64::new().u64(scanned), |h, i| h.str(&i.rel).str(&i.text))
        .finish()
}
