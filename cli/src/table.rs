//! `--format table`: what a person reads in a terminal.

use crate::graph::Graph;
use crate::style::Style;
use comfy_table::{Cell, Color, Table};
use conduit::{Location, NodeKind, Operation, PatternRef, Registry, ResourceRef, RouteRef};
use std::fmt::Write;

/// `n` and the noun, plural unless `n` is 1.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "" }
}

fn opt(s: Option<&str>) -> &str {
    s.unwrap_or("")
}

fn join<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

fn at(l: Location<'_>) -> String {
    if l.file().is_empty() {
        String::new()
    } else {
        l.to_string()
    }
}

/// A section: heading, then the table (or nothing when it has no row).
fn section(out: &mut String, s: &Style, title: &str, table: Table) {
    if table.row_count() == 0 {
        return;
    }
    let _ = writeln!(out, "\n{}", s.heading(title));
    let _ = writeln!(out, "{table}");
}

/// `resources`.
pub fn resources(registry: &Registry<'_>, s: &Style, verbose: bool) -> String {
    let mut header = vec![
        "name",
        "table",
        "path",
        "fields",
        "relationships",
        "hooks",
        "routes",
    ];
    if verbose {
        header.extend(["operations", "declared at", "docs"]);
    }
    let mut t = s.table(header);
    for r in registry.resources() {
        let mut row = vec![
            s.name(r.name()),
            Cell::new(r.table()),
            Cell::new(r.path()),
            Cell::new(r.fields().len()),
            Cell::new(r.relationships().len()),
            Cell::new(r.hooks().len()),
            Cell::new(r.routes().len()),
        ];
        if verbose {
            row.push(Cell::new(join(r.operations().map(Operation::as_str), ", ")));
            row.push(Cell::new(at(r.location())));
            row.push(Cell::new(r.docs()));
        }
        t.add_row(row);
    }
    let summary = format!(
        "{} · schema {} · source hash {:016x}",
        count(registry.len(), "resource"),
        registry.version(),
        registry.source_hash()
    );
    format!("{t}\n{}\n", s.dim(&summary))
}

/// `resource NAME`.
pub fn resource(r: ResourceRef<'_>, s: &Style, verbose: bool) -> String {
    let mut out = String::new();
    let title = s.paint(anstyle::Style::new().bold(), r.name());
    let _ = writeln!(
        out,
        "{title}  {}  {}",
        r.path(),
        s.dim(&format!("table {}", r.table()))
    );
    if !r.docs().is_empty() {
        let _ = writeln!(out, "{}", r.docs());
    }
    let mut facts = vec![format!(
        "operations: {}",
        join(r.operations().map(Operation::as_str), ", ")
    )];
    if let Some(parent) = r.nested_under() {
        facts.push(format!("nested under {parent}"));
    }
    if !at(r.location()).is_empty() {
        facts.push(format!("declared at {}", r.location()));
    }
    if verbose && !r.rust_path().is_empty() {
        facts.push(r.rust_path().to_owned());
    }
    let _ = writeln!(out, "{}", s.dim(&facts.join(" · ")));

    let mut header = vec!["name", "type", "rust type", "null", "constraints"];
    if verbose {
        header.extend(["docs", "tags", "declared at"]);
    }
    let mut t = s.table(header);
    for f in r.fields() {
        let mut row = vec![
            Cell::new(f.name()),
            s.colored(f.ty(), Color::Magenta),
            Cell::new(f.rust_type()),
            Cell::new(yes(f.nullable())),
            Cell::new(join(f.constraints(), " ")),
        ];
        if verbose {
            row.extend([
                Cell::new(f.docs()),
                Cell::new(join(f.tags(), ", ")),
                Cell::new(at(f.location())),
            ]);
        }
        t.add_row(row);
    }
    section(&mut out, s, "Fields", t);

    let mut t = s.table([
        "name",
        "kind",
        "target",
        "foreign key",
        "through",
        "on delete",
        "on update",
    ]);
    for x in r.relationships() {
        t.add_row(vec![
            Cell::new(x.name()),
            Cell::new(x.kind().as_str()),
            s.name(x.target()),
            Cell::new(opt(x.foreign_key())),
            Cell::new(opt(x.through())),
            Cell::new(opt(x.on_delete().map(|a| a.as_str()))),
            Cell::new(opt(x.on_update().map(|a| a.as_str()))),
        ]);
    }
    section(&mut out, s, "Relationships", t);

    let mut header = vec!["kind", "function", "async", "transaction", "calls"];
    if verbose {
        header.extend(["defined at", "source"]);
    }
    let mut t = s.table(header);
    for h in r.hooks() {
        let mut row = vec![
            Cell::new(h.kind().as_str()),
            Cell::new(h.function()),
            Cell::new(yes(h.is_async())),
            Cell::new(yes(h.transaction())),
            Cell::new(join(h.calls(), ", ")),
        ];
        if verbose {
            row.push(Cell::new(h.source_location().map(at).unwrap_or_default()));
            row.push(Cell::new(opt(h.source())));
        }
        t.add_row(row);
    }
    section(&mut out, s, "Hooks", t);

    let mut t = s.table(["field", "kind", "value", "message"]);
    for v in r.validations() {
        t.add_row([
            v.field(),
            v.kind().as_str(),
            opt(v.value()),
            opt(v.message()),
        ]);
    }
    section(&mut out, s, "Validations", t);

    let mut t = s.table(["name", "operations", "condition", "error"]);
    for c in r.constraints() {
        let ops = join(c.operations().map(Operation::as_str), ", ");
        t.add_row([c.name(), &ops, c.condition(), c.error()]);
    }
    section(&mut out, s, "Constraints", t);

    let mut t = s.table(["operation", "middleware, in order"]);
    for op in Operation::ALL {
        let chain = r.middleware(*op);
        if chain.len() > 0 {
            t.add_row([op.as_str().to_owned(), join(chain, " → ")]);
        }
    }
    section(&mut out, s, "Middleware", t);

    let mut t = s.table(["name", "query"]);
    for x in r.scopes() {
        t.add_row([x.name(), x.query()]);
    }
    section(&mut out, s, "Scopes", t);

    let mut t = s.table(["name", "type", "expression"]);
    for c in r.computed_fields() {
        t.add_row([c.name(), c.ty(), c.expr()]);
    }
    section(&mut out, s, "Computed fields", t);

    section(
        &mut out,
        s,
        "Routes",
        routes_table(r.routes(), s, false, false),
    );
    out
}

fn routes_table<'a>(
    routes: impl Iterator<Item = RouteRef<'a>>,
    s: &Style,
    with_resource: bool,
    verbose: bool,
) -> Table {
    let mut header = vec!["method", "path", "handler"];
    if with_resource {
        header.push("resource");
    }
    header.extend(["operation", "middleware"]);
    if verbose {
        header.push("declared at");
    }
    let mut t = s.table(header);
    for r in routes {
        let mut row = vec![
            s.method(r.method()),
            Cell::new(r.path()),
            Cell::new(r.handler()),
        ];
        if with_resource {
            row.push(s.name(r.resource()));
        }
        row.extend([
            Cell::new(r.action()),
            Cell::new(join(r.middleware(), " → ")),
        ]);
        if verbose {
            row.push(Cell::new(at(r.location())));
        }
        t.add_row(row);
    }
    t
}

/// `routes`.
pub fn routes<'a>(routes: Vec<RouteRef<'a>>, s: &Style, verbose: bool) -> String {
    let n = routes.len();
    let t = routes_table(routes.into_iter(), s, true, verbose);
    format!("{t}\n{}\n", s.dim(&count(n, "route")))
}

/// `deps`: the edges, then the nodes.
pub fn deps(g: &Graph<'_>, s: &Style, verbose: bool, what: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        s.heading(&format!(
            "{what}: {}, {}",
            count(g.nodes.len(), "node"),
            count(g.edges.len(), "edge")
        ))
    );
    let mut t = s.table(["from", "edge", "to", "weight"]);
    for e in &g.edges {
        let to = match e.to.kind() {
            NodeKind::Resource => s.name(e.to.name()),
            NodeKind::Middleware => s.colored(e.to.name(), Color::Yellow),
            NodeKind::Function => s.colored(format!("{}()", e.to.name()), Color::Green),
        };
        t.add_row(vec![
            s.name(e.from.name()),
            Cell::new(e.kind.as_str()),
            to,
            Cell::new(e.weight),
        ]);
    }
    if g.edges.is_empty() {
        let _ = writeln!(out, "no edges");
    } else {
        let _ = writeln!(out, "{t}");
    }
    if verbose {
        let mut t = s.table(["#", "node", "kind"]);
        for (i, n) in g.nodes.iter().enumerate() {
            t.add_row(vec![
                Cell::new(i),
                Cell::new(n.name()),
                Cell::new(n.kind().as_str()),
            ]);
        }
        section(&mut out, s, "Nodes", t);
    } else {
        let names: Vec<&str> = g.nodes.iter().map(|n| n.name()).collect();
        let _ = writeln!(out, "{}", s.dim(&format!("nodes: {}", names.join(", "))));
    }
    out
}

/// `patterns`.
pub fn patterns<'a>(patterns: Vec<PatternRef<'a>>, s: &Style, verbose: bool) -> String {
    let mut header = vec![
        "name",
        "category",
        "frequency",
        "confidence",
        "template",
        "examples",
    ];
    if verbose {
        header.extend(["description", "id"]);
    }
    let mut t = s.table(header);
    let n = patterns.len();
    for p in patterns {
        let mut row = vec![
            s.name(p.name()),
            Cell::new(p.category()),
            Cell::new(p.frequency()),
            Cell::new(format!("{:.1}", p.confidence())),
            Cell::new(p.template()),
            Cell::new(join(p.examples(), ", ")),
        ];
        if verbose {
            row.extend([Cell::new(p.description()), Cell::new(p.id())]);
        }
        t.add_row(row);
    }
    if n == 0 {
        return "no patterns\n".into();
    }
    format!("{t}\n{}\n", s.dim(&count(n, "pattern")))
}

/// `cycles`.
pub fn cycles(registry: &Registry<'_>, s: &Style) -> String {
    let cycles = registry.cycles();
    let complete = cycles.is_complete();
    let mut t = s.table(["#", "length", "cycle"]);
    let mut n = 0;
    for (i, c) in cycles.enumerate() {
        let mut names: Vec<&str> = c.nodes().map(|n| n.name()).collect();
        names.extend(names.first().copied());
        t.add_row(vec![
            Cell::new(i + 1),
            Cell::new(c.len()),
            Cell::new(names.join(" → ")),
        ]);
        n += 1;
    }
    if n == 0 {
        return "no dependency cycles\n".into();
    }
    let mut note = count(n, "cycle");
    if !complete {
        note.push_str(" (the build step stopped listing at its limit; there are more)");
    }
    format!("{t}\n{}\n", s.dim(&note))
}
