//! A readable, plain-text summary of a registry.

use conduit::{DepQuery, Operation, Registry, ResourceRef};
use std::fmt::{self, Write};

/// Writes the summary of every resource in `registry` to `out`.
pub fn write_summary(out: &mut impl Write, registry: &Registry<'_>) -> fmt::Result {
    writeln!(
        out,
        "registry v{} · {} resources · source hash {:016x}",
        registry.version(),
        registry.len(),
        registry.source_hash()
    )?;
    for resource in registry.resources() {
        writeln!(out)?;
        write_resource(out, resource)?;
    }
    writeln!(out)?;
    write_routes(out, registry)?;
    writeln!(out)?;
    write_dependencies(out, registry, "Comment", DepQuery::new())?;
    writeln!(out)?;
    write_dependencies(out, registry, "User", DepQuery::new().reverse())?;
    writeln!(out)?;
    write_patterns(out, registry)
}

/// Every route, as a table.
pub fn write_routes(out: &mut impl Write, registry: &Registry<'_>) -> fmt::Result {
    writeln!(out, "routes ({}):", registry.routes().len())?;
    for r in registry.routes() {
        let mw: Vec<&str> = r.middleware().collect();
        writeln!(
            out,
            "  {:<7} {:<32} {:<18} {}",
            r.method().as_str(),
            r.path(),
            r.handler(),
            mw.join(" > ")
        )?;
    }
    Ok(())
}

/// The dependency tree of `name`: each node under the node that first
/// reached it (breadth-first), with the edge that did.
pub fn write_dependencies(
    out: &mut impl Write,
    registry: &Registry<'_>,
    name: &str,
    query: DepQuery,
) -> fmt::Result {
    let Some(deps) = registry.dependencies(name, query) else {
        return writeln!(out, "unknown resource `{name}`");
    };
    let title = if query.is_reverse() {
        "what depends on"
    } else {
        "dependencies of"
    };
    writeln!(
        out,
        "{title} {name} ({} nodes, {} edges):",
        deps.len(),
        deps.edges().count()
    )?;
    // The edge that first reached each node, in traversal order.
    let mut reached = vec![name];
    let mut tree = Vec::new();
    for e in deps.edges() {
        let (here, there) = if query.is_reverse() {
            (e.to(), e.from())
        } else {
            (e.from(), e.to())
        };
        if !reached.contains(&there.name()) {
            reached.push(there.name());
            tree.push((here.name(), there, e));
        }
    }
    write_subtree(out, &tree, name, 1)
}

fn write_subtree(
    out: &mut impl Write,
    tree: &[(&str, conduit::NodeRef<'_>, conduit::EdgeRef<'_>)],
    node: &str,
    indent: usize,
) -> fmt::Result {
    for (parent, child, edge) in tree {
        if *parent == node {
            writeln!(
                out,
                "{}{} {} ({}, weight {})",
                "  ".repeat(indent),
                edge.kind(),
                child.name(),
                child.kind(),
                edge.weight()
            )?;
            write_subtree(out, tree, child.name(), indent + 1)?;
        }
    }
    Ok(())
}

/// The patterns found at build time.
pub fn write_patterns(out: &mut impl Write, registry: &Registry<'_>) -> fmt::Result {
    writeln!(out, "patterns ({}):", registry.patterns().len())?;
    for p in registry.patterns() {
        let examples: Vec<&str> = p.examples().collect();
        writeln!(
            out,
            "  {:<28} {:<15} ×{:<2} confidence {:.1}  {}  e.g. {}",
            p.name(),
            p.category(),
            p.frequency(),
            p.confidence(),
            p.template(),
            examples.join(", ")
        )?;
    }
    Ok(())
}

fn write_resource(out: &mut impl Write, r: ResourceRef<'_>) -> fmt::Result {
    writeln!(
        out,
        "{}  table `{}`  path {}  ({})",
        r.name(),
        r.table(),
        r.path(),
        r.location()
    )?;
    if !r.docs().is_empty() {
        writeln!(out, "  {}", r.docs())?;
    }
    if let Some(parent) = r.nested_under() {
        writeln!(out, "  nested under {parent}")?;
    }
    let ops: Vec<&str> = r.operations().map(Operation::as_str).collect();
    writeln!(out, "  operations: {}", ops.join(", "))?;
    writeln!(out, "  fields:")?;
    for f in r.fields() {
        let flags: Vec<&str> = f.constraints().collect();
        let null = if f.nullable() { "?" } else { "" };
        writeln!(
            out,
            "    {:<14} {:<10} {:<24} {}",
            f.name(),
            format!("{}{null}", f.ty()),
            f.rust_type(),
            flags.join(" ")
        )?;
    }
    if r.relationships().len() > 0 {
        writeln!(out, "  relationships:")?;
    }
    for rel in r.relationships() {
        write!(
            out,
            "    {:<10} {} -> {}",
            rel.name(),
            rel.kind(),
            rel.target()
        )?;
        if let Some(fk) = rel.foreign_key() {
            write!(out, " (foreign key {fk})")?;
        }
        if let Some(t) = rel.through() {
            write!(out, " (through {t})")?;
        }
        if let Some(a) = rel.on_delete() {
            write!(out, " on delete {a}")?;
        }
        writeln!(out)?;
    }
    for h in r.hooks() {
        let mut flags = String::new();
        if h.is_async() {
            flags.push_str(" async");
        }
        if h.transaction() {
            flags.push_str(" transaction");
        }
        let calls: Vec<&str> = h.calls().collect();
        let at = h
            .source_location()
            .map(|l| format!(" defined at {l}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  hook {} -> {}{flags}{at}; calls [{}]",
            h.kind(),
            h.function(),
            calls.join(", ")
        )?;
    }
    for op in Operation::ALL {
        let chain: Vec<&str> = r.middleware(*op).collect();
        if !chain.is_empty() {
            writeln!(out, "  middleware {:<7} {}", op.as_str(), chain.join(" > "))?;
        }
    }
    for v in r.validations() {
        let value = v.value().map(|x| format!(" {x}")).unwrap_or_default();
        let msg = v.message().map(|m| format!(" ({m:?})")).unwrap_or_default();
        writeln!(out, "  validate {}: {}{value}{msg}", v.field(), v.kind())?;
    }
    for c in r.constraints() {
        writeln!(
            out,
            "  constraint {}: {} else {:?}",
            c.name(),
            c.condition(),
            c.error()
        )?;
    }
    for s in r.scopes() {
        writeln!(out, "  scope {}: {}", s.name(), s.query())?;
    }
    for c in r.computed_fields() {
        writeln!(out, "  computed {}: {} = {}", c.name(), c.ty(), c.expr())?;
    }
    for route in r.custom_routes() {
        writeln!(
            out,
            "  route {} {} -> {}",
            route.method(),
            route.path(),
            route.handler()
        )?;
    }
    Ok(())
}
