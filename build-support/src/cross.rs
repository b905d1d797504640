//! Rules that need every resource at once: unknown relationship targets,
//! duplicate resource names, tables, paths and routes, conflicting join
//! tables; relationship rules are in `relations`.

use crate::error::Diagnostic;
use crate::{Entry, Locator};
use conduit_codegen::suggest::did_you_mean;
use std::collections::BTreeMap;

/// Runs every cross-resource rule; returns the problems found.
pub fn check(
    entries: &[Entry],
    loc: &Locator,
    index: &crate::resolve::ResourceIndex,
) -> Vec<Diagnostic> {
    // The checks only read the entries: the last three beside the others,
    // their diagnostics kept in this order.
    let (mut out, rest) = conduit_codegen::analyze::join(
        || {
            let mut out = Vec::new();
            duplicate_names(entries, loc, &mut out);
            duplicate_tables(entries, loc, &mut out);
            unknown_targets(entries, loc, index, &mut out);
            through_conflicts(entries, loc, &mut out);
            out
        },
        || {
            let mut out = Vec::new();
            duplicate_routes(entries, loc, &mut out);
            duplicate_paths(entries, loc, &mut out);
            crate::relations::check(entries, loc, &mut out);
            out
        },
    );
    out.extend(rest);
    out
}

/// Two resources at one path would give every REST route twice: one error
/// at the second `path`, instead of one per colliding route.
fn duplicate_paths(entries: &[Entry], loc: &Locator, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<String, &Entry> = BTreeMap::new();
    for e in entries {
        let path = e.def.path();
        match first.get(&path) {
            // Same table: reported as a duplicate table or name already.
            Some(prev) if prev.def.table() != e.def.table() => {
                let span = e.def.path.as_ref().map_or(e.def.name.span, |p| p.span);
                out.push(
                    Diagnostic::new(format!(
                        "resources `{}` and `{}` both use the path `{path}`",
                        prev.def.name.value, e.def.name.value
                    ))
                    .at(loc.span(e.file, span), "second use of the path")
                    .related(
                        "first used here",
                        loc.span(
                            prev.file,
                            prev.def
                                .path
                                .as_ref()
                                .map_or(prev.def.name.span, |p| p.span),
                        ),
                    )
                    .help("give one of them another `#[resource(path = \"...\")]`"),
                );
            }
            Some(_) => {}
            None => {
                first.insert(path, e);
            }
        }
    }
}

/// Resource names key every lookup: two resources cannot share one.
fn duplicate_names(entries: &[Entry], loc: &Locator, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, &Entry> = BTreeMap::new();
    for e in entries {
        let name = e.def.name.value.as_str();
        if let Some(prev) = first.insert(name, e) {
            first.insert(name, prev);
            out.push(
                Diagnostic::new(format!("duplicate resource name `{name}`"))
                    .at(loc.span(e.file, e.def.name.span), "defined again here")
                    .related(
                        "first defined here",
                        loc.span(prev.file, prev.def.name.span),
                    )
                    .help("rename one struct, or give it `#[resource(name = \"...\")]`"),
            );
        }
    }
}

/// Two resources stored in one table would overwrite each other's rows.
fn duplicate_tables(entries: &[Entry], loc: &Locator, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<String, &Entry> = BTreeMap::new();
    for e in entries {
        let table = e.def.table();
        if let Some(prev) = first.get(&table) {
            if prev.def.name.value == e.def.name.value {
                continue; // already reported as a duplicate name
            }
            let span = e.def.table.as_ref().map_or(e.def.name.span, |t| t.span);
            out.push(
                Diagnostic::new(format!(
                    "resources `{}` and `{}` both use the table `{table}`",
                    prev.def.name.value, e.def.name.value
                ))
                .at(loc.span(e.file, span), "second use of the table")
                .related("first used here", loc.span(prev.file, prev.def.name.span))
                .help("give one of them `#[resource(table = \"...\")]`"),
            );
        } else {
            first.insert(table, e);
        }
    }
}

fn unknown_targets(
    entries: &[Entry],
    loc: &Locator,
    index: &crate::resolve::ResourceIndex,
    out: &mut Vec<Diagnostic>,
) {
    for e in entries {
        let targets = e
            .def
            .relationships
            .iter()
            .map(|r| (&r.target, "relationship target"));
        let nested = e
            .def
            .nested_under
            .iter()
            .map(|p| (p, "`nested_under` resource"));
        for (path, what) in targets.chain(nested) {
            if index.resolve(e.scan, path, &e.module, &e.def).is_some() {
                continue;
            }
            let written = &path.text;
            let hint = did_you_mean(path.last(), index.names());
            let label = match hint.strip_prefix("; ") {
                Some(h) => h.to_owned(),
                None => "no resource has this name".to_owned(),
            };
            let span = path.span;
            out.push(
                Diagnostic::new(format!("unknown {what} `{written}` in `{}`", e.def.name.value))
                    .at(loc.span(e.file, span), label)
                    .help("the target must be a struct deriving `Resource` in a folder given to `Builder::scan`"),
            );
        }
    }
}

/// One join table linking different pairs of resources is a schema conflict.
fn through_conflicts(entries: &[Entry], loc: &Locator, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, (String, &Entry, conduit_codegen::plain::Pos)> = BTreeMap::new();
    let tables: BTreeMap<String, &str> = entries
        .iter()
        .map(|e| (e.def.table(), e.def.name.value.as_str()))
        .collect();
    for e in entries {
        for (i, r) in e.def.relationships.iter().enumerate() {
            let Some(through) = r.through.as_deref() else {
                continue;
            };
            let target = e.resolved.targets.get(i).cloned().unwrap_or_default();
            let mut pair = [e.def.name.value.clone(), target];
            pair.sort();
            let key = pair.join(" and ");
            if let Some(owner) = tables.get(through) {
                if !pair.iter().any(|p| p == owner) && pair.iter().all(|p| p != through) {
                    out.push(
                        Diagnostic::new(format!(
                            "join table `{through}` of `{}` is the table of resource `{owner}`",
                            e.def.name.value
                        ))
                        .at(loc.span(e.file, r.span), "declared here")
                        .help("name a dedicated join table, e.g. `through = \"post_tags\"`"),
                    );
                    continue;
                }
            }
            match seen.get(through) {
                Some((other, prev, span)) if *other != key => out.push(
                    Diagnostic::new(format!(
                        "join table `{through}` links {key} here but {other} elsewhere"
                    ))
                    .at(loc.span(e.file, r.span), "second use")
                    .related("first used here", loc.span(prev.file, *span))
                    .help("each many-to-many relationship needs its own join table"),
                ),
                Some(_) => {}
                None => {
                    seen.insert(through, (key, e, r.span));
                }
            }
        }
    }
}

/// Two custom routes with one method and path: only one could ever be served.
fn duplicate_routes(entries: &[Entry], loc: &Locator, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(&str, &str), (&Entry, conduit_codegen::plain::Pos)> = BTreeMap::new();
    for e in entries {
        for r in &e.def.routes {
            let key = (r.method.as_str(), r.path.as_str());
            if let Some((prev, span)) = seen.get(&key) {
                out.push(
                    Diagnostic::new(format!("duplicate route `{} {}`", key.0, key.1))
                        .at(loc.span(e.file, r.span), "declared again here")
                        .related(
                            format!("first declared on `{}`", prev.def.name.value),
                            loc.span(prev.file, *span),
                        )
                        .help("remove one route or change its method or path"),
                );
            } else {
                seen.insert(key, (e, r.span));
            }
        }
    }
}
