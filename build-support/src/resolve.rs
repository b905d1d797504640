//! Resolves the paths a resource names (relationship targets, `nested_under`,
//! hook functions) the way rustc would, from the module the struct is in.

use crate::scan::{FoundFn, Scan, absolute};
use conduit_codegen::ast::ResourceDef;
use conduit_codegen::plain::{PathText, Plain};
use std::collections::BTreeMap;

/// Full paths `path` may denote when written in `module`, most likely first.
/// `Self` means `self_ty`.
pub fn candidates(scan: &Scan, path: &PathText, module: &str, self_ty: &str) -> Vec<String> {
    let mut segs: Vec<String> = path.segments.clone();
    if segs.first().is_some_and(|s| s == "Self") {
        segs[0] = self_ty.to_owned();
    }
    let Some(first) = segs.first().cloned() else {
        return Vec::new();
    };
    if ["crate", "self", "super"].contains(&first.as_str()) {
        return vec![absolute(module, &segs)];
    }
    let mut out = Vec::new();
    if let Some(full) = scan.uses.get(module).and_then(|u| u.get(&first)) {
        out.push(
            std::iter::once(full.clone())
                .chain(segs[1..].iter().cloned())
                .collect::<Vec<_>>()
                .join("::"),
        );
    }
    out.push(format!("{module}::{}", segs.join("::")));
    // Glob imports rank below the module's own items, as in rustc.
    for glob in scan.globs.get(module).into_iter().flatten() {
        out.push(format!("{glob}::{}", segs.join("::")));
    }
    out.push(format!("crate::{}", segs.join("::")));
    out
}

/// How many type aliases deep a path is followed (`type A = B; type B = C;`).
const ALIAS_DEPTH: usize = 8;

/// The resources by full Rust path, and by struct identifier.
pub struct ResourceIndex {
    by_path: BTreeMap<String, String>,
    by_ident: BTreeMap<String, Vec<String>>,
}

impl ResourceIndex {
    /// Indexes `(full rust path, ident, resource name)` triples.
    pub fn new<'a>(entries: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        let mut by_path = BTreeMap::new();
        let mut by_ident: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, ident, name) in entries {
            by_path.insert(path.to_owned(), name.to_owned());
            by_ident
                .entry(ident.to_owned())
                .or_default()
                .push(name.to_owned());
        }
        ResourceIndex { by_path, by_ident }
    }

    /// The resource name `path` refers to from `module`. Falls back to a
    /// struct identifier that only one resource has (for paths through
    /// re-exports the scanner does not follow).
    pub fn resolve(
        &self,
        scan: &Scan,
        path: &PathText,
        module: &str,
        def: &ResourceDef<Plain>,
    ) -> Option<String> {
        let self_ty = def.ident.text.as_str();
        if path.is_ident("Self") {
            return Some(def.name.value.clone());
        }
        if let Some(name) = self.resolve_path(scan, path, module, self_ty, ALIAS_DEPTH) {
            return Some(name);
        }
        let last = path.segments.last()?;
        match self.by_ident.get(last).map(Vec::as_slice) {
            Some([only]) => Some(only.clone()),
            _ => None,
        }
    }

    /// The resource `path` names, following type aliases (`type Author = User;`).
    fn resolve_path(
        &self,
        scan: &Scan,
        path: &PathText,
        module: &str,
        self_ty: &str,
        depth: usize,
    ) -> Option<String> {
        let found = candidates(scan, path, module, self_ty);
        if let Some(name) = found.iter().find_map(|c| self.by_path.get(c)) {
            return Some(name.clone());
        }
        let (alias_module, target) = found.iter().find_map(|c| scan.aliases.get(c))?;
        self.resolve_path(scan, target, alias_module, self_ty, depth.checked_sub(1)?)
    }

    /// Every resource name and struct identifier, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_ident
            .keys()
            .map(String::as_str)
            .chain(self.by_path.values().map(String::as_str))
    }
}

/// The function a hook names, if the scanner saw it.
pub fn hook_fn<'a>(
    scan: &'a Scan,
    path: &PathText,
    module: &str,
    self_ty: &str,
) -> Option<&'a FoundFn> {
    candidates(scan, path, module, self_ty)
        .iter()
        .find_map(|c| scan.fns.get(c))
}

/// Resolves every entry's relationship targets, `nested_under` parent and
/// hook functions as rustc would, and returns the index of resources used.
pub(crate) fn entries<'s>(
    scan: &'s crate::scan::Scan,
    loc: &crate::Locator,
    entries: &mut [crate::Entry<'s>],
) -> ResourceIndex {
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
    let index = ResourceIndex::new(
        triples
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())),
    );
    for e in entries.iter_mut() {
        let ident = e.def.ident.to_string();
        e.resolved.targets = e
            .def
            .relationships
            .iter()
            .map(|r| {
                index
                    .resolve(scan, &r.target, &e.module, &e.def)
                    .unwrap_or_else(|| r.target.last().to_owned())
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
            .map(|h| match hook_fn(scan, &h.function, &e.module, &ident) {
                Some(f) => conduit_codegen::lower::HookSource {
                    source: Some(f.source.clone()),
                    location: Some(conduit_format::schema::Location {
                        file: loc.file_ids[f.file],
                        line: f.line,
                        column: f.column,
                    }),
                    calls: f.calls.clone(),
                },
                None => conduit_codegen::lower::HookSource::default(),
            })
            .collect();
    }
    index
}
