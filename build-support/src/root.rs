//! The crate root must call `conduit::include_registry!()`: the code the
//! derive generates refers to what it defines, and without it rustc reports
//! two unresolved paths per resource without ever naming the macro.

use crate::error::{Diagnostic, Span};
use crate::scan::Scan;
use std::path::Path;

/// The crate roots Cargo uses by default, relative to the package root.
const ROOTS: [&str; 2] = ["src/lib.rs", "src/main.rs"];

/// One diagnostic if resources were found but neither a scanned file nor a
/// default crate root calls `include_registry!` as an item. Crates with a
/// custom root (`[lib] path = ...`) that was not scanned are not checked, nor
/// trees scanned with an explicit `Builder::manifest_dir` (the caller checks).
pub(crate) fn check(root: &Path, scan: &Scan) -> Option<Diagnostic> {
    if scan.structs.is_empty() {
        return None;
    }
    if scan.files.iter().any(|f| calls_include_registry(&f.text)) {
        return None;
    }
    let mut first_root = None;
    for rel in ROOTS {
        let Ok(text) = std::fs::read_to_string(root.join(rel)) else {
            continue;
        };
        if calls_include_registry(&text) {
            return None;
        }
        first_root.get_or_insert((rel, text));
    }
    let (rel, text) = first_root?;
    let line = text.lines().next().unwrap_or_default().to_owned();
    Some(
        Diagnostic::new(
            "this crate derives `Resource` but its crate root never calls `conduit::include_registry!()`",
        )
        .at(
            Span {
                file: rel.to_owned(),
                line: 1,
                column: 1,
                len: line.chars().count().max(1),
                source_line: line,
            },
            "`REGISTRY` is defined by `conduit::include_registry!()` here",
        )
        .help(format!(
            "add `conduit::include_registry!();` at the top level of `{rel}`: it defines `REGISTRY`, which `#[derive(Resource)]` refers to"
        )),
    )
}

/// Whether `text` holds an item-level `include_registry!` call (any path
/// ending in it, inside inline modules too); comments and strings do not count.
/// A file that does not parse gets the benefit of the doubt: rustc reports its
/// syntax error, which is the one to fix first.
fn calls_include_registry(text: &str) -> bool {
    if !text.contains("include_registry") {
        return false;
    }
    syn::parse_file(text).map_or(true, |file| items_call(&file.items))
}

fn items_call(items: &[syn::Item]) -> bool {
    items.iter().any(|item| match item {
        syn::Item::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "include_registry"),
        syn::Item::Mod(m) => m
            .content
            .as_ref()
            .is_some_and(|(_, items)| items_call(items)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::calls_include_registry;

    #[test]
    fn only_an_item_level_call_counts() {
        assert!(calls_include_registry("conduit::include_registry!();"));
        assert!(calls_include_registry(
            "mod r { ::conduit::include_registry!(); }"
        ));
        assert!(!calls_include_registry("// conduit::include_registry!();"));
        assert!(!calls_include_registry(
            "const S: &str = \"include_registry!()\";"
        ));
        assert!(!calls_include_registry("fn main() {}"));
        assert!(calls_include_registry(
            "fn f() { let a = 1 a }\nconduit::include_registry!();"
        ));
    }
}
