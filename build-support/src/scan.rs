//! Finds the crate's sources and what the build step needs from them: every
//! `#[derive(Resource)]` struct with its module path, every function (for
//! hook bodies), and every `use` (to resolve paths). Follows `mod` items from
//! the crate root, including inline modules and `#[path]`, and evaluates
//! `cfg`/`cfg_attr` as rustc will.

use crate::cfg::{self, Env};
use crate::error::Error;
use crate::items::enabled;
use crate::parse_cache::{self, Entries, ParseCache};
use conduit_codegen::ast::ResourceDef;
use conduit_codegen::plain::{PathText, Plain, Pos};
use conduit_format::hash::Fnv64;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file that was read.
pub struct SourceFile {
    /// Path relative to the package root, with `/` separators.
    pub rel: String,
    /// The contents.
    pub text: String,
    /// The module the file holds (`crate::models::post`).
    pub module: String,
    /// Whether its child modules live beside it (`mod.rs`, crate roots,
    /// `#[path]` targets) rather than in a folder named after it.
    pub mod_rs: bool,
    /// A hash of everything the build step read from the file: resource
    /// structs (text and position), functions (text and position), `use`
    /// items, type aliases and `mod` items. An edit elsewhere (a comment, a
    /// function body outside any hook's reach is still read) leaves it equal.
    pub record: u64,
}

/// A `#[derive(Resource)]` struct, cfg-stripped as rustc will see it, and
/// its attributes as the derive reads them.
pub struct FoundStruct {
    /// Index into [`Scan::files`].
    pub file: usize,
    /// The module it is declared in, e.g. `crate::models`.
    pub module: String,
    /// The parsed model, unless its attributes are too broken to read.
    pub def: Option<ResourceDef<Plain>>,
    /// The derive rejects this struct (it reports why, with spans in the
    /// editor): rules that could repeat its error skip it.
    pub broken: bool,
}

/// A function that a hook may name.
pub struct FoundFn {
    /// Index into [`Scan::files`].
    pub file: usize,
    /// The function's source text.
    pub source: String,
    /// 1-based line and column of the function.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The functions its body calls.
    pub calls: Vec<String>,
}

/// Everything found.
#[derive(Default)]
pub struct Scan {
    /// Files read, in the order read.
    pub files: Vec<SourceFile>,
    /// Resources, in scan order.
    pub structs: Vec<FoundStruct>,
    /// Functions by full path (`crate::m::f`, `crate::m::Type::f`).
    pub fns: BTreeMap<String, FoundFn>,
    /// `use` aliases per module: module → (alias → full path).
    pub uses: BTreeMap<String, BTreeMap<String, String>>,
    /// Glob imports per module: module → the full paths `use path::*` names.
    pub globs: BTreeMap<String, Vec<String>>,
    /// Type aliases by full path: `crate::m::Author` → (`crate::m`, `User`).
    pub aliases: BTreeMap<String, (String, PathText)>,
    /// Resources the build step cannot see (inside a function body).
    pub misplaced: Vec<crate::error::Diagnostic>,
    /// Files outside the scanned folders that were read (through `#[path]`).
    pub extra_files: Vec<PathBuf>,
    /// Files that did not parse (rustc will report them).
    pub unparsable: Vec<String>,
    /// Whether module paths came from the `mod` items of a crate root (then
    /// a new source file only counts once a file already read names it).
    pub from_crate_root: bool,
    /// Files a `mod` item names that do not exist (yet).
    pub missing: Vec<PathBuf>,
    /// Every `.rs` file under the scanned folders (relative, `/`-separated),
    /// read or not.
    pub walked: BTreeSet<String>,
    /// How many files were parsed (the others came from the parse cache).
    pub parsed: usize,
}

/// Walks `dirs` (relative to `root`) and collects what the build step needs,
/// taking each file's scan from `cache` where it still holds, and adding
/// every file's entry to `entries` for the next run's cache.
pub fn scan(
    root: &Path,
    dirs: &[PathBuf],
    env: Env,
    cache: &ParseCache,
    entries: &Entries,
) -> Result<Scan, Error> {
    let root = &normalize(root);
    let mut files = BTreeSet::new();
    for dir in dirs {
        walk(&normalize(&root.join(dir)), &mut files)?;
    }
    let crate_roots: Vec<Visit> = files
        .iter()
        .filter(|f| is_crate_root(root, f))
        .map(|f| Visit {
            path: f.clone(),
            module: "crate".to_owned(),
            mod_rs: true,
        })
        .collect();
    let from_crate_root = !crate_roots.is_empty();
    let roots = if from_crate_root {
        crate_roots
    } else {
        // Only part of the crate is scanned: derive module paths from file paths.
        files
            .iter()
            .map(|f| Visit {
                path: f.clone(),
                module: module_from_path(root, f),
                mod_rs: f.file_name().is_some_and(|n| n == "mod.rs"),
            })
            .collect()
    };
    let parsed = std::sync::atomic::AtomicUsize::new(0);
    let visit = |v: &Visit| {
        let text = match cache.lookup(v, read_source(&v.path)?) {
            Ok((found, entry)) => {
                entries.add(entry);
                return Ok(found);
            }
            Err(text) => text,
        };
        parsed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let found = visit_text(root, v, env, text);
        if let Some(entry) = parse_cache::entry(v, &found) {
            entries.add(entry);
        }
        Ok(found)
    };
    let mut out = crate::gather::gather(roots, visit)?;
    out.from_crate_root = from_crate_root;
    out.parsed = parsed.into_inner();
    out.walked = files.iter().map(|f| rel_of(root, f)).collect();
    if !out.misplaced.is_empty() {
        return Err(Error::Diagnostics(std::mem::take(&mut out.misplaced)));
    }
    for f in out.files.iter().map(|f| root.join(&f.rel)) {
        if !dirs.iter().any(|d| f.starts_with(normalize(&root.join(d)))) {
            out.extra_files.push(f);
        }
    }
    Ok(out)
}

/// A file to read, as the module its `mod` item (or the crate) makes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Visit {
    /// The file, normalized.
    pub path: PathBuf,
    /// The module it holds.
    pub module: String,
    /// Whether its child modules live beside it.
    pub mod_rs: bool,
}

/// A `mod foo;` item of a file, and how much of the file's scan came before
/// it: a full scan visits the child right there, so the child's structs,
/// misplaced items and missing files go between those counts and the rest.
#[derive(Clone, Debug)]
pub(crate) struct Child {
    /// The file the item names.
    pub visit: Visit,
    /// `structs.len()` of the parent's scan at the item.
    pub structs: usize,
    /// `misplaced.len()` at the item.
    pub misplaced: usize,
    /// `missing.len()` at the item.
    pub missing: usize,
}

/// What one file gives, and the files its `mod` items name.
pub(crate) struct FileScan {
    /// The file's scan (one file, file index 0).
    pub scan: Scan,
    /// Its `mod foo;` items whose files exist, in source order.
    pub children: Vec<Child>,
    /// Every path whose existence as a file the scan looked up (for its
    /// `mod` items), and the answer: the scan of the same text is the same
    /// while these answers are.
    pub probes: Vec<(PathBuf, bool)>,
}

/// Reads one file, without the files its `mod` items name.
fn visit_one(root: &Path, v: &Visit, env: Env) -> Result<FileScan, Error> {
    Ok(visit_text(root, v, env, read_source(&v.path)?))
}

/// Reads a source file.
pub(crate) fn read_source(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        action: "read the source file",
        source,
    })
}

/// Scans one file's `text`, without the files its `mod` items name.
pub(crate) fn visit_text(root: &Path, v: &Visit, env: Env, text: String) -> FileScan {
    let mut s = Scanner {
        root,
        env,
        out: Scan::default(),
        lines: Vec::new(),
        children: Vec::new(),
        record: Fnv64::new(),
        probes: Vec::new(),
    };
    s.visit_file(&v.path, text, &v.module, v.mod_rs);
    if let Some(f) = s.out.files.first_mut() {
        f.record = s.record.finish();
    }
    FileScan {
        scan: s.out,
        children: s.children,
        probes: s.probes,
    }
}

/// Every `.rs` file under `dirs`, relative to `root` (`None` if a folder
/// cannot be read).
pub fn walk_rel(root: &Path, dirs: &[PathBuf]) -> Option<BTreeSet<String>> {
    let root = &normalize(root);
    let mut files = BTreeSet::new();
    for dir in dirs {
        walk(&normalize(&root.join(dir)), &mut files).ok()?;
    }
    Some(files.iter().map(|f| rel_of(root, f)).collect())
}

fn walk(dir: &Path, out: &mut BTreeSet<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        action: "read the folder",
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_owned(),
            action: "read the folder",
            source,
        })?;
        let path = entry.path();
        let ty = entry.file_type().map_err(|source| Error::Io {
            path: path.clone(),
            action: "inspect",
            source,
        })?;
        if ty.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.insert(path);
        }
    }
    Ok(())
}

fn is_crate_root(root: &Path, file: &Path) -> bool {
    let src = root.join("src");
    file == src.join("lib.rs")
        || file == src.join("main.rs")
        || file.parent() == Some(&src.join("bin"))
}

fn module_from_path(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root.join("src")).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    std::iter::once("crate".to_owned())
        .chain(parts)
        .collect::<Vec<_>>()
        .join("::")
}

/// `path` relative to `root`, with `/` separators.
fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads one file as the full scan would, without visiting the files its
/// `mod` items name: what the build step reads from it, for the scan cache.
pub fn rescan_file(
    root: &Path,
    rel: &str,
    module: &str,
    mod_rs: bool,
    env: Env,
) -> Result<Scan, Error> {
    let visit = Visit {
        path: normalize(&root.join(rel)),
        module: module.to_owned(),
        mod_rs,
    };
    visit_one(root, &visit, env).map(|f| f.scan)
}

struct Scanner<'a> {
    root: &'a Path,
    env: Env<'a>,
    out: Scan,
    /// The `mod foo;` items met whose files exist.
    children: Vec<Child>,
    /// Where the lines of each file in `out.files` start.
    lines: Vec<Lines>,
    /// What the build step read from the file so far.
    record: Fnv64,
    /// The file lookups made, and their answers.
    probes: Vec<(PathBuf, bool)>,
}

/// The byte offset where each line of a file starts, to turn a span's line
/// and column into a byte offset. (`Span::byte_range` counts characters
/// from the nearest offset it computed before, through a map: in an
/// unoptimised build step that cost a twentieth of the scan.)
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        // `proc_macro2` skips a byte order mark: its line 1 starts after it.
        let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![first];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// The byte offset in `text` of a line and column (in characters).
    fn byte(&self, text: &str, at: proc_macro2::LineColumn) -> usize {
        let Some(&start) = self.0.get(at.line.wrapping_sub(1)) else {
            return text.len();
        };
        let line = text.get(start..).unwrap_or_default();
        match line.as_bytes().get(..at.column) {
            Some(head) if head.is_ascii() => start + at.column,
            _ => line
                .char_indices()
                .nth(at.column)
                .map_or(text.len(), |(i, _)| start + i),
        }
    }
}

impl Scanner<'_> {
    /// Feeds what was read from the file into its record.
    fn feed(&mut self, f: impl FnOnce(Fnv64) -> Fnv64) {
        self.record = f(self.record);
    }

    /// Whether `path` is a file, noted as a probe.
    fn is_file(&mut self, path: &Path) -> bool {
        let found = path.is_file();
        self.probes.push((path.to_owned(), found));
        found
    }

    /// The source text of file `file` from `first` to the end of `last`.
    fn text_between(
        &self,
        file: usize,
        first: proc_macro2::Span,
        last: proc_macro2::Span,
    ) -> String {
        self.text_of(file, first.start(), last.end()).to_owned()
    }

    /// The source text of file `file` between two positions.
    fn text_of(
        &self,
        file: usize,
        from: proc_macro2::LineColumn,
        to: proc_macro2::LineColumn,
    ) -> &str {
        let (text, lines) = (&self.out.files[file].text, &self.lines[file]);
        text.get(lines.byte(text, from)..lines.byte(text, to))
            .unwrap_or_default()
    }

    fn visit_file(&mut self, path: &Path, text: String, module: &str, mod_rs: bool) {
        let path = &normalize(path);
        let rel = rel_of(self.root, path);
        let parsed = syn::parse_file(&text);
        let index = self.out.files.len();
        self.lines.push(Lines::new(&text));
        self.out.files.push(SourceFile {
            rel: rel.clone(),
            text,
            module: module.to_owned(),
            mod_rs,
            record: 0,
        });
        let items = match parsed {
            Ok(f) => f.items,
            Err(_) => {
                // rustc reports the syntax error; the items that do parse
                // are still read, so their derives find their registry entry.
                self.out.unparsable.push(rel);
                self.feed(|h| h.str("unparsable"));
                match crate::items::recover_items(&self.out.files[index].text) {
                    Some(items) => items,
                    None => return,
                }
            }
        };
        let dir = path.parent().unwrap_or(self.root).to_owned();
        let child_dir = if mod_rs {
            dir.clone()
        } else {
            dir.join(path.file_stem().unwrap_or_default())
        };
        self.visit_items(items, index, module, &child_dir, &dir);
    }

    fn visit_items(
        &mut self,
        items: Vec<syn::Item>,
        file: usize,
        module: &str,
        child_dir: &Path,
        path_base: &Path,
    ) {
        // Imports first: a derive may use a name imported below it.
        for item in &items {
            if let syn::Item::Use(u) = item {
                if enabled(&u.attrs, self.env) {
                    let text = self.text_between(file, u.use_token.span, u.semi_token.span);
                    self.feed(|h| h.str("use").str(module).str(&text));
                    let aliases = self.out.uses.entry(module.to_owned()).or_default();
                    let globs = self.out.globs.entry(module.to_owned()).or_default();
                    collect_use(&u.tree, module, String::new(), aliases, globs);
                }
            }
        }
        for item in items {
            let visible = match &item {
                syn::Item::Fn(f) => enabled(&f.attrs, self.env),
                syn::Item::Impl(i) => enabled(&i.attrs, self.env),
                syn::Item::Const(c) => enabled(&c.attrs, self.env),
                syn::Item::Static(s) => enabled(&s.attrs, self.env),
                _ => false,
            };
            if visible {
                let f = &self.out.files[file];
                let found = crate::items::misplaced(&item, &f.rel, &f.text);
                self.feed(|h| h.u64(found.len() as u64));
                self.out.misplaced.extend(found);
            }
            match item {
                syn::Item::Struct(s) => self.visit_struct(s, file, module),
                syn::Item::Type(t) if enabled(&t.attrs, self.env) => {
                    if let syn::Type::Path(p) = &*t.ty {
                        if p.qself.is_none() {
                            let text =
                                self.text_between(file, t.type_token.span, t.semi_token.span);
                            self.feed(|h| h.str("type").str(module).str(&text));
                            self.out.aliases.insert(
                                format!("{module}::{}", t.ident),
                                (module.to_owned(), PathText::of(&p.path, &pos)),
                            );
                        }
                    }
                }
                syn::Item::Fn(f) if enabled(&f.attrs, self.env) => {
                    let path = format!("{module}::{}", f.sig.ident);
                    self.record_fn(path, file, &f.vis, &f.sig, &f.block);
                }
                syn::Item::Impl(i) if enabled(&i.attrs, self.env) => {
                    let syn::Type::Path(tp) = &*i.self_ty else {
                        continue;
                    };
                    let Some(ty) = tp.path.segments.last().map(|s| s.ident.to_string()) else {
                        continue;
                    };
                    for it in &i.items {
                        if let syn::ImplItem::Fn(m) = it {
                            if enabled(&m.attrs, self.env) {
                                let path = format!("{module}::{ty}::{}", m.sig.ident);
                                self.record_fn(path, file, &m.vis, &m.sig, &m.block);
                            }
                        }
                    }
                }
                syn::Item::Mod(m) if enabled(&m.attrs, self.env) => {
                    let name = m.ident.to_string();
                    let sub = format!("{module}::{name}");
                    let path_attr = path_attr(&m.attrs);
                    self.feed(|h| {
                        h.str("mod")
                            .str(&sub)
                            .str(path_attr.as_deref().unwrap_or(""))
                            .bool(m.content.is_some())
                    });
                    match m.content {
                        Some((_, inner)) => {
                            let dir = match &path_attr {
                                Some(p) => path_base.join(p),
                                None => child_dir.join(&name),
                            };
                            self.visit_items(inner, file, &sub, &dir, &dir);
                        }
                        None => {
                            // `exists`: whether `target` is a file (one
                            // look at the disk per candidate).
                            let (target, mod_rs, exists) = match &path_attr {
                                Some(p) => {
                                    let target = path_base.join(p);
                                    let exists = self.is_file(&target);
                                    (target, true, exists)
                                }
                                None => {
                                    let flat = child_dir.join(format!("{name}.rs"));
                                    if self.is_file(&flat) {
                                        (flat, false, true)
                                    } else {
                                        let nested = child_dir.join(&name).join("mod.rs");
                                        let exists = self.is_file(&nested);
                                        (nested, true, exists)
                                    }
                                }
                            };
                            let normalized = normalize(&target);
                            let rel = rel_of(self.root, &normalized);
                            self.feed(|h| h.str(&rel).bool(mod_rs).bool(exists));
                            if !exists {
                                // Either file would do for rustc: both count.
                                if path_attr.is_none() {
                                    self.out.missing.push(child_dir.join(format!("{name}.rs")));
                                }
                                self.out.missing.push(target);
                            } else {
                                self.children.push(Child {
                                    visit: Visit {
                                        path: normalized,
                                        module: sub,
                                        mod_rs,
                                    },
                                    structs: self.out.structs.len(),
                                    misplaced: self.out.misplaced.len(),
                                    missing: self.out.missing.len(),
                                });
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn visit_struct(&mut self, mut s: syn::ItemStruct, file: usize, module: &str) {
        crate::items::rewrite_bool_cfgs(&mut s.attrs);
        cfg::expand_cfg_attr(&mut s.attrs, self.env);
        let uses = self.out.uses.get(module);
        if !cfg::enabled(&s.attrs, self.env) || !crate::items::derives_resource(&s.attrs, uses) {
            return;
        }
        if let syn::Fields::Named(named) = &mut s.fields {
            let kept: syn::punctuated::Punctuated<syn::Field, syn::Token![,]> =
                std::mem::take(&mut named.named)
                    .into_iter()
                    .filter_map(|mut f| {
                        crate::items::rewrite_bool_cfgs(&mut f.attrs);
                        cfg::expand_cfg_attr(&mut f.attrs, self.env);
                        cfg::enabled(&f.attrs, self.env).then(|| {
                            f.attrs.retain(|a| !a.path().is_ident("cfg"));
                            f
                        })
                    })
                    .collect();
            named.named = kept;
        }
        s.attrs.retain(|a| !a.path().is_ident("cfg"));
        let (start, end) = struct_extent(&s);
        let text = self.text_of(file, start, end).to_owned();
        self.feed(|h| {
            h.str("struct")
                .str(module)
                .u64(start.line as u64)
                .u64(start.column as u64)
                .str(&text)
        });
        // Attribute mistakes are the derive's to report, with spans in the editor.
        let cx = conduit_codegen::Ctxt::new();
        let def = conduit_codegen::parse_resource(&cx, &s.into());
        let broken = cx.finish().is_err();
        self.out.structs.push(FoundStruct {
            file,
            module: module.to_owned(),
            def: def.map(|d| d.into_plain(&pos)),
            broken,
        });
    }

    fn record_fn(
        &mut self,
        path: String,
        file: usize,
        vis: &syn::Visibility,
        sig: &syn::Signature,
        block: &syn::Block,
    ) {
        use syn::spanned::Spanned;
        let start = match vis {
            syn::Visibility::Inherited => sig.span(),
            v => v.span(),
        };
        let lc = start.start();
        let source = self
            .text_of(file, lc, block.brace_token.span.close().end())
            .to_owned();
        self.feed(|h| {
            h.str("fn")
                .str(&path)
                .u64(lc.line as u64)
                .u64(lc.column as u64)
                .str(&source)
        });
        self.out.fns.insert(
            path,
            FoundFn {
                file,
                source,
                line: lc.line as u32,
                column: lc.column as u32 + 1,
                calls: conduit_codegen::calls::calls(block),
            },
        );
    }
}

/// Where a span is, read on the thread that parsed it.
fn pos(span: proc_macro2::Span) -> Pos {
    let (start, end) = (span.start(), span.end());
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    Pos {
        line: n(start.line),
        column: n(start.column),
        end_line: n(end.line),
        end_column: n(end.column),
    }
}

/// Where a struct starts and ends (lines and columns): from its first
/// attribute (or `pub`/`struct`) to its closing brace or `;`.
fn struct_extent(s: &syn::ItemStruct) -> (proc_macro2::LineColumn, proc_macro2::LineColumn) {
    use syn::spanned::Spanned;
    let first = match (s.attrs.first(), &s.vis) {
        (Some(a), _) => a.pound_token.span,
        (None, syn::Visibility::Inherited) => s.struct_token.span,
        (None, v) => v.span(),
    };
    let end = match (&s.fields, &s.semi_token) {
        (_, Some(semi)) => semi.span.end(),
        (syn::Fields::Named(n), None) => n.brace_token.span.close().end(),
        (syn::Fields::Unnamed(u), None) => u.paren_token.span.close().end(),
        (syn::Fields::Unit, None) => s.ident.span().end(),
    };
    (first.start(), end)
}

/// Resolves `.` and `..` lexically, so `src/../shared/x.rs` is `shared/x.rs`.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.path().is_ident("path"))
        .and_then(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }),
                ..
            }) => Some(s.value()),
            _ => None,
        })
}

/// Absolute form of a `use` path's first segments, relative to `module`.
pub fn absolute(module: &str, segs: &[String]) -> String {
    let mut base: Vec<&str> = module.split("::").collect();
    let mut rest = segs;
    match segs.first().map(String::as_str) {
        Some("crate") => return segs.join("::"),
        Some("self") => rest = &segs[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                if base.len() > 1 {
                    base.pop();
                }
                rest = &rest[1..];
            }
        }
        _ => {}
    }
    base.into_iter()
        .map(str::to_owned)
        .chain(rest.iter().cloned())
        .collect::<Vec<_>>()
        .join("::")
}

fn collect_use(
    tree: &syn::UseTree,
    module: &str,
    prefix: String,
    out: &mut BTreeMap<String, String>,
    globs: &mut Vec<String>,
) {
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_owned()
        } else {
            format!("{p}::{s}")
        }
    };
    match tree {
        syn::UseTree::Path(p) => collect_use(
            &p.tree,
            module,
            join(&prefix, &p.ident.to_string()),
            out,
            globs,
        ),
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let full = if name == "self" {
                prefix.clone()
            } else {
                join(&prefix, &name)
            };
            let alias = if name == "self" {
                prefix.rsplit("::").next().unwrap_or_default().to_owned()
            } else {
                name
            };
            let segs: Vec<String> = full.split("::").map(str::to_owned).collect();
            out.insert(alias, absolute(module, &segs));
        }
        syn::UseTree::Rename(r) => {
            let segs: Vec<String> = join(&prefix, &r.ident.to_string())
                .split("::")
                .map(str::to_owned)
                .collect();
            out.insert(r.rename.to_string(), absolute(module, &segs));
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_use(t, module, prefix.clone(), out, globs);
            }
        }
        syn::UseTree::Glob(_) if !prefix.is_empty() => {
            let segs: Vec<String> = prefix.split("::").map(str::to_owned).collect();
            globs.push(absolute(module, &segs));
        }
        syn::UseTree::Glob(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;
    use proc_macro2::{TokenStream, TokenTree};

    /// Every token's start and end, as `Lines` finds them and as
    /// `Span::byte_range` does.
    fn check_every_token(text: &str) {
        fn walk(tokens: TokenStream, out: &mut Vec<proc_macro2::Span>) {
            for t in tokens {
                if let TokenTree::Group(g) = &t {
                    out.push(g.span_open());
                    out.push(g.span_close());
                    walk(g.stream(), out);
                }
                out.push(t.span());
            }
        }
        let lines = Lines::new(text);
        let mut spans = Vec::new();
        walk(text.parse().expect("the source lexes"), &mut spans);
        assert!(spans.len() > 20);
        for span in spans {
            let range = span.byte_range();
            assert_eq!(lines.byte(text, span.start()), range.start, "{span:?}");
            assert_eq!(lines.byte(text, span.end()), range.end, "{span:?}");
        }
    }

    #[test]
    fn lines_find_the_bytes_that_spans_cover() {
        check_every_token("struct A {\n    b: u8,\n}\nfn f() -> u8 { 1 }\n");
        // Characters of two, three and four bytes before, on and after the
        // tokens' lines, `\r\n` line ends, and a last line without one.
        check_every_token(
            "/// Ünïcödé → docs 🦀\r\n#[doc = \"é\"] struct Café { naïve: u8 }\r\nconst X: &str = \"日本\"; fn g() {}",
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_on_line_one() {
        let text = "\u{feff}struct A;";
        let lines = Lines::new(text);
        let at = proc_macro2::LineColumn { line: 1, column: 0 };
        assert_eq!(&text[lines.byte(text, at)..], "struct A;");
        let end = proc_macro2::LineColumn { line: 1, column: 9 };
        assert_eq!(lines.byte(text, end), text.len());
        let past = proc_macro2::LineColumn { line: 3, column: 0 };
        assert_eq!(lines.byte(text, past), text.len());
    }
}
