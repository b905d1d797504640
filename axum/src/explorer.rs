//! The explorer page at `/`: one self-contained HTML document (inline CSS,
//! inline script, inline SVG; no CDN, no external script, font or image)
//! with the resources, their fields and relationships, the routes with a
//! filter box, the dependency graph and the patterns. Rendered once, when
//! the router is built: the registry cannot change while the process runs.

use crate::svg::{self, esc};
use conduit::{DepQuery, NodeKind, Registry};
use std::collections::BTreeSet;
use std::fmt::Write;

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1d2330; --dim: #5b6474; --line: #dde1e8; --accent: #2f6fde; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
header { background: #1d2330; color: #fff; padding: 14px 24px; display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
header .meta { color: #b8c0cf; font-size: 13px; }
nav a { color: #9fc1ff; margin-right: 14px; text-decoration: none; }
main { padding: 8px 24px 40px; max-width: 1280px; }
h2 { font-size: 16px; margin: 26px 0 10px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px; }
.resource { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.resource h3 { margin: 0 0 2px; font-size: 15px; }
.resource .where, .dim { color: var(--dim); font-size: 12px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { overflow-wrap: anywhere; text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--dim); font-weight: 600; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
.m { font-weight: 700; font-size: 11px; padding: 1px 6px; border-radius: 4px; color: #fff; }
.m-GET { background: #2e8b57; } .m-POST { background: #2f6fde; } .m-PUT { background: #b8860b; }
.m-PATCH { background: #8a5cd6; } .m-DELETE { background: #c0392b; }
.rel { margin: 6px 0 0; padding-left: 18px; }
#route-filter { width: 360px; max-width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
#route-count { margin-left: 12px; color: var(--dim); }
tr[hidden] { display: none; }
.graph { background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: auto; padding: 6px; }
#graph .node rect { stroke: #445; stroke-width: 1; }
#graph .node text { font: 12px ui-monospace, Menlo, Consolas, monospace; fill: #1d2330; }
#graph .resource rect { fill: #dce8ff; } #graph .middleware rect { fill: #ffeccc; } #graph .function rect { fill: #e4f5e1; }
#graph .edge { fill: none; stroke: #8890a0; stroke-width: 1.3; }
#graph .edge.uses { stroke-dasharray: 4 3; } #graph .edge.calls { stroke-dasharray: 1 3; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; border: 1px solid #445; margin-right: 4px; vertical-align: -2px; }
"#;

const SCRIPT: &str = r#"
(function () {
  var input = document.getElementById('route-filter');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#routes tbody tr'));
  var count = document.getElementById('route-count');
  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-search');
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !keep;
      if (keep) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' routes';
  }
  input.addEventListener('input', apply);
  var m = /[#&]filter=([^&]*)/.exec(location.hash);
  if (m) input.value = decodeURIComponent(m[1]);
  apply();
})();
"#;

/// Where the page has the path it is served at (the router may be nested
/// anywhere): [`with_base`] fills it in.
const BASE: &str = "{{base}}";

/// `page` with its links made absolute: `base` is the path the page was
/// asked for (`/_conduit`, `/_conduit/` or `/`).
pub(crate) fn with_base(page: &str, base: &str) -> String {
    page.replacen(BASE, &esc(base.trim_end_matches('/')), 1)
}

/// The page for `registry`.
pub(crate) fn page(registry: &Registry<'_>) -> String {
    let mut s = String::with_capacity(32 * 1024);
    let routes = registry.routes().len();
    let _ = write!(
        s,
        r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>conduit explorer</title><style>{STYLE}</style></head><body>
<header><h1>conduit explorer</h1><span class="meta">schema {v} · source {h:016x} · {n} resources · {routes} routes · {p} patterns</span>
<nav><a href="#resources">Resources</a><a href="#routes-section">Routes</a><a href="#graph-section">Graph</a><a href="#patterns">Patterns</a><a href="{{{{base}}}}/export.json">export.json</a></nav></header><main>"##,
        v = esc(registry.version()),
        h = registry.source_hash(),
        n = registry.len(),
        p = registry.patterns().len(),
    );
    resources(&mut s, registry);
    route_table(&mut s, registry);
    graph(&mut s, registry);
    patterns(&mut s, registry);
    let _ = writeln!(s, "</main><script>{SCRIPT}</script></body></html>");
    s
}

fn resources(s: &mut String, registry: &Registry<'_>) {
    s.push_str(r#"<h2 id="resources">Resources</h2><div class="cards">"#);
    for r in registry.resources() {
        let _ = write!(
            s,
            r#"<section class="resource" id="resource-{n}" data-resource="{n}"><h3>{n}</h3><div class="where"><span class="mono">{path}</span> · table <span class="mono">{table}</span> · {loc}</div>"#,
            n = esc(r.name()),
            path = esc(r.path()),
            table = esc(r.table()),
            loc = esc(&r.location().to_string()),
        );
        let docs = r.docs().trim();
        if !docs.is_empty() {
            let _ = write!(s, "<p>{}</p>", esc(docs));
        }
        s.push_str(r#"<table class="fields"><thead><tr><th>field</th><th>type</th><th>rust</th><th>constraints</th></tr></thead><tbody>"#);
        for f in r.fields() {
            let constraints: Vec<&str> = f.constraints().collect();
            let _ = write!(
                s,
                r#"<tr><td class="mono">{}</td><td>{}</td><td class="mono">{}</td><td class="dim">{}</td></tr>"#,
                esc(f.name()),
                esc(f.ty()),
                esc(f.rust_type()),
                esc(&constraints.join(", ")),
            );
        }
        s.push_str("</tbody></table>");
        if r.relationships().len() > 0 {
            s.push_str(r#"<ul class="rel">"#);
            for rel in r.relationships() {
                let _ = write!(
                    s,
                    r##"<li><span class="mono">{}</span> {} <a href="#resource-{t}">{t}</a>{}</li>"##,
                    esc(rel.name()),
                    rel.kind().as_str(),
                    rel.through()
                        .map(|t| format!(" through <span class=\"mono\">{}</span>", esc(t)))
                        .unwrap_or_default(),
                    t = esc(rel.target()),
                );
            }
            s.push_str("</ul>");
        }
        s.push_str("</section>");
    }
    s.push_str("</div>");
}

fn route_table(s: &mut String, registry: &Registry<'_>) {
    s.push_str(r#"<h2 id="routes-section">Routes</h2><p><input id="route-filter" type="search" placeholder="filter: method, path, handler, middleware…" aria-label="filter routes"><span id="route-count"></span></p>"#);
    s.push_str(r#"<table id="routes"><thead><tr><th>method</th><th>path</th><th>handler</th><th>middleware</th></tr></thead><tbody>"#);
    for route in registry.routes() {
        let middleware: Vec<&str> = route.middleware().collect();
        let middleware = middleware.join(" → ");
        let m = route.method().as_str();
        let search =
            format!("{m} {} {} {middleware}", route.path(), route.handler()).to_lowercase();
        let _ = write!(
            s,
            r#"<tr data-search="{search}" data-route="{m} {p}"><td><span class="m m-{m}">{m}</span></td><td class="mono">{p}</td><td class="mono">{h}</td><td class="mono dim">{mw}</td></tr>"#,
            search = esc(&search),
            p = esc(route.path()),
            h = esc(route.handler()),
            mw = esc(&middleware),
        );
    }
    s.push_str("</tbody></table>");
}

/// Every node and edge: every edge leaves a resource, so each resource's
/// depth-1 query lists each edge once.
fn graph(s: &mut String, registry: &Registry<'_>) {
    let mut nodes = Vec::new();
    let mut others = BTreeSet::new();
    let mut edges = Vec::new();
    for r in registry.resources() {
        let deps = r.dependencies(DepQuery::new().depth(1));
        nodes.push(svg::Node {
            id: r.name().to_owned(),
            label: r.name().to_owned(),
            kind: NodeKind::Resource.as_str(),
        });
        for n in deps.nodes().filter(|n| n.kind() != NodeKind::Resource) {
            others.insert((n.kind(), n.name().to_owned()));
        }
        edges.extend(deps.edges().map(|e| svg::Edge {
            from: crate::answers::node_id(e.from()),
            to: crate::answers::node_id(e.to()),
            kind: e.kind().as_str(),
        }));
    }
    for (kind, name) in others {
        nodes.push(svg::Node {
            id: format!("{}:{name}", kind.as_str()),
            label: name,
            kind: kind.as_str(),
        });
    }
    let _ = write!(
        s,
        r#"<h2 id="graph-section">Dependency graph</h2><p class="legend"><span><i style="background:#dce8ff"></i>resource</span><span><i style="background:#ffeccc"></i>middleware</span><span><i style="background:#e4f5e1"></i>function</span><span class="dim">{} nodes, {} edges; hover an edge for its kind</span></p><div class="graph">{}</div>"#,
        nodes.len(),
        edges.len(),
        svg::render(&nodes, &edges),
    );
}

fn patterns(s: &mut String, registry: &Registry<'_>) {
    s.push_str(r#"<h2 id="patterns">Patterns</h2><table><thead><tr><th>pattern</th><th>category</th><th>frequency</th><th>description</th></tr></thead><tbody>"#);
    for p in registry.patterns() {
        let _ = write!(
            s,
            r#"<tr><td class="mono">{}</td><td>{}</td><td>{}</td><td class="dim">{}</td></tr>"#,
            esc(p.name()),
            p.category().as_str(),
            p.frequency(),
            esc(p.description()),
        );
    }
    s.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use conduit_testkit::REGISTRY;

    #[test]
    fn the_page_is_self_contained_and_lists_everything() {
        let page = page(&REGISTRY);
        for r in REGISTRY.resources() {
            assert!(page.contains(&format!("id=\"resource-{}\"", r.name())));
        }
        for route in REGISTRY.routes() {
            assert!(page.contains(&format!(
                "data-route=\"{} {}\"",
                route.method().as_str(),
                route.path()
            )));
        }
        assert!(page.contains("<svg"));
        let at = with_base(&page, "/_conduit/");
        assert!(at.contains(r#"href="/_conduit/export.json""#));
        assert!(with_base(&page, "/").contains(r#"href="/export.json""#));
        for external in ["src=\"http", "href=\"http", "@import", "url(http", "<link"] {
            assert!(!page.contains(external), "{external}");
        }
    }
}
