//! The diagram as a Graphviz digraph: entities as HTML-like tables,
//! relationship ends as crow's feet.

use super::{Diagram, Many};
use core::fmt::Write;

/// A DOT double-quoted string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text inside an HTML-like label.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn render(d: &Diagram<'_>) -> String {
    let mut out = String::from("digraph er {\n");
    out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\"];\n");
    out.push_str("  node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9, dir=both];\n");
    for e in &d.entities {
        let mut label = String::from(
            "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">",
        );
        let _ = write!(
            label,
            "<tr><td bgcolor=\"#dbeafe\" colspan=\"2\"><b>{}</b></td></tr>",
            html(&e.name)
        );
        for a in &e.attributes {
            let keys: Vec<&str> = [(a.primary, "PK"), (a.foreign, "FK"), (a.unique, "UK")]
                .into_iter()
                .filter_map(|(on, k)| on.then_some(k))
                .collect();
            let _ = write!(
                label,
                "<tr><td align=\"left\">{} <i>{}</i></td><td align=\"left\">{}</td></tr>",
                html(&a.name),
                html(&a.ty),
                keys.join(", ")
            );
        }
        label.push_str("</table>");
        let _ = write!(out, "  {} [label=<{label}>", quoted(&e.name));
        if !e.docs.is_empty() {
            let _ = write!(out, ", tooltip={}", quoted(e.docs));
        }
        out.push_str("];\n");
    }
    for l in &d.links {
        let tail = if l.optional { "teeodot" } else { "teetee" };
        let head = match l.cardinality {
            Many::ZeroOrMore => "crowodot",
            Many::ZeroOrOne => "teeodot",
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, arrowtail={tail}, arrowhead={head}];",
            quoted(&l.one),
            quoted(&l.many),
            quoted(&l.column)
        );
    }
    out.push_str("}\n");
    out
}
