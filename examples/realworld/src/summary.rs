//! A plain-text report of a registry: its routes table, its patterns and
//! its dependency graph.

use conduit::{EdgeKind, NodeKind, Registry, RouteRef};
use std::fmt::{self, Write};

/// Writes the whole report.
pub fn write_summary(out: &mut impl Write, registry: &Registry<'_>) -> fmt::Result {
    writeln!(
        out,
        "registry v{} · {} resources · {} routes below `{}`",
        registry.version(),
        registry.len(),
        registry.routes().len(),
        registry.path_prefix()
    )?;
    writeln!(out)?;
    write_routes(out, registry)?;
    writeln!(out)?;
    write_patterns(out, registry)?;
    writeln!(out)?;
    write_graph(out, registry)
}

/// `kind` of a route as a short word: `rest`, `action` or `custom`.
fn origin(r: RouteRef<'_>) -> &'static str {
    r.kind().as_str()
}

/// Every route: method, path (`{param}` form), handler, where it comes
/// from, middleware, query parameters.
pub fn write_routes(out: &mut impl Write, registry: &Registry<'_>) -> fmt::Result {
    writeln!(out, "routes ({}):", registry.routes().len())?;
    for r in registry.routes() {
        let mw: Vec<&str> = r.middleware().collect();
        let query: Vec<String> = r
            .query_params()
            .map(|q| match q.default_value() {
                Some(d) => format!("{}: {} = {d}", q.name(), q.rust_type()),
                None => format!("{}: {}", q.name(), q.rust_type()),
            })
            .collect();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("  ?{}", query.join(", "))
        };
        writeln!(
            out,
            "  {:<7} {:<38} {:<19} {:<7} {}{query}",
            r.method().as_str(),
            r.path_template(),
            r.handler(),
            origin(r),
            mw.join(" > ")
        )?;
    }
    Ok(())
}

/// The patterns the build step found, most frequent first.
pub fn write_patterns(out: &mut impl Write, registry: &Registry<'_>) -> fmt::Result {
    writeln!(out, "patterns ({}):", registry.patterns().len())?;
    for p in registry.patterns() {
        let examples: Vec<&str> = p.examples().collect();
        writeln!(
            out,
            "  {:<32} {} ×{}  {}  e.g. {}",
            p.name(),
            p.category().as_str(),
            p.frequency(),
            p.template(),
            examples.join(", ")
        )?;
    }
    Ok(())
}

/// Every edge of the dependency graph, by resource.
pub fn write_graph(out: &mut impl Write, registry: &Registry<'_>) -> fmt::Result {
    writeln!(out, "dependency graph:")?;
    for resource in registry.resources() {
        let deps = resource.dependencies(conduit::DepQuery::new().depth(1));
        writeln!(out, "  {}", resource.name())?;
        for e in deps.edges() {
            let to = e.to();
            let plural = if e.weight() == 1 { "" } else { "s" };
            let weight = match e.kind() {
                EdgeKind::Uses => format!(" (on {} operation{plural})", e.weight()),
                EdgeKind::Calls => format!(" ({} call{plural})", e.weight()),
                _ => String::new(),
            };
            let what = match to.kind() {
                NodeKind::Resource => "",
                NodeKind::Middleware => " middleware",
                NodeKind::Function => " function",
            };
            writeln!(out, "    {} {}{what}{weight}", e.kind().as_str(), to.name())?;
        }
    }
    Ok(())
}
