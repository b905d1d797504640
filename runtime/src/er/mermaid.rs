//! The diagram as Mermaid `erDiagram` text.

use super::{Diagram, Many};
use core::fmt::Write;

/// A type Mermaid accepts: it starts with a letter and holds letters,
/// digits, `-`, `_`, `(`, `)`, `[`, `]` (`array<uuid>` → `uuid[]`,
/// `crate::Money` → `Money`).
fn mermaid_type(ty: &str) -> String {
    if let Some(item) = ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
        return format!("{}[]", mermaid_type(item));
    }
    let last = ty.rsplit("::").next().unwrap_or(ty);
    let mut out: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 't');
    }
    out
}

/// A name Mermaid accepts unquoted (letters, digits, `_`, `-`).
fn mermaid_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A comment's text: no double quote (Mermaid has no escape for it).
fn mermaid_comment(text: &str) -> String {
    text.replace('"', "'")
}

pub(super) fn render(d: &Diagram<'_>) -> String {
    let mut out = String::from("erDiagram\n");
    for e in &d.entities {
        if !e.docs.is_empty() {
            let first = e.docs.lines().next().unwrap_or_default();
            let _ = writeln!(out, "    %% {}: {}", e.name, first.trim());
        }
        let _ = writeln!(out, "    {} {{", mermaid_name(&e.name));
        for a in &e.attributes {
            let _ = write!(
                out,
                "        {} {}",
                mermaid_type(&a.ty),
                mermaid_name(&a.name)
            );
            let keys: Vec<&str> = [(a.primary, "PK"), (a.foreign, "FK"), (a.unique, "UK")]
                .into_iter()
                .filter_map(|(on, k)| on.then_some(k))
                .collect();
            if !keys.is_empty() {
                let _ = write!(out, " {}", keys.join(", "));
            }
            if !a.comment.is_empty() {
                let _ = write!(out, " \"{}\"", mermaid_comment(&a.comment));
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    for l in &d.links {
        let one = if l.optional { "|o" } else { "||" };
        let many = match l.cardinality {
            Many::ZeroOrMore => "o{",
            Many::ZeroOrOne => "o|",
        };
        let _ = writeln!(
            out,
            "    {} {one}--{many} {} : \"{}\"",
            mermaid_name(&l.one),
            mermaid_name(&l.many),
            mermaid_comment(&l.column)
        );
    }
    out
}

#[cfg(test)]
pub(super) mod tests_support {
    //! The private spelling rules, for the unit tests.

    /// [`super::mermaid_type`].
    pub fn ty(ty: &str) -> String {
        super::mermaid_type(ty)
    }
}
