//! The dependency graph drawn as SVG on the server, with a small layered
//! (Sugiyama-style) layout of our own: cycles broken by a depth-first
//! search, longest-path layers, barycenter ordering, straight rows.
//!
//! Why not a layout crate: the graphs are small (resources, their
//! middleware and hook functions: tens of nodes), the output must be
//! byte-for-byte reproducible and styled like the page, and ~200 lines cost
//! less than a dependency with its own SVG conventions.

use std::collections::BTreeMap;
use std::fmt::Write;

/// A node to draw: its id (unique), label and kind (a CSS class).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub id: String,
    pub label: String,
    pub kind: &'static str,
}

/// An edge between two node ids, with its kind (a CSS class and a label).
#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
}

const ROW: f64 = 110.0;
const GAP: f64 = 28.0;
const HEIGHT: f64 = 30.0;
const MARGIN: f64 = 20.0;
const CHAR: f64 = 7.2;

fn width(label: &str) -> f64 {
    (label.chars().count() as f64).mul_add(CHAR, 24.0)
}

/// Layers (0 = top) of each node: cycles are broken by dropping the edges
/// that close them in a depth-first search from each node in order; then
/// every node sits one below its lowest predecessor.
fn layers(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b && !out[a].contains(&b) {
            out[a].push(b);
        }
    }
    // 0: unseen, 1: on the stack, 2: done.
    let mut state = vec![0u8; n];
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&w) = out[v].get(*i) {
                *i += 1;
                match state[w] {
                    0 => {
                        kept.push((v, w));
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    2 => kept.push((v, w)),
                    _ => {} // closes a cycle: not used for layering
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    // Longest path over the acyclic `kept` edges (n rounds at most).
    let mut layer = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for &(a, b) in &kept {
            if layer[b] < layer[a] + 1 {
                layer[b] = layer[a] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

/// Orders each layer by the mean position of its neighbours in the layer
/// above, then below, a few times (ties keep the previous order).
fn order(layer: &[usize], edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let depth = layer.iter().max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (v, &l) in layer.iter().enumerate() {
        rows[l].push(v);
    }
    let mut pos = vec![0f64; layer.len()];
    let place = |rows: &Vec<Vec<usize>>, pos: &mut Vec<f64>| {
        for row in rows {
            for (i, &v) in row.iter().enumerate() {
                pos[v] = i as f64;
            }
        }
    };
    place(&rows, &mut pos);
    for sweep in 0..4 {
        let down = sweep % 2 == 0;
        let range: Vec<usize> = if down {
            (1..depth).collect()
        } else {
            (0..depth.saturating_sub(1)).rev().collect()
        };
        for l in range {
            let near = if down { l - 1 } else { l + 1 };
            let mut keyed: Vec<(f64, usize)> = rows[l]
                .iter()
                .map(|&v| {
                    let ns: Vec<f64> = edges
                        .iter()
                        .filter_map(|&(a, b)| match (a == v, b == v) {
                            (true, _) if layer[b] == near => Some(pos[b]),
                            (_, true) if layer[a] == near => Some(pos[a]),
                            _ => None,
                        })
                        .collect();
                    let key = if ns.is_empty() {
                        pos[v]
                    } else {
                        ns.iter().sum::<f64>() / ns.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|x, y| x.0.total_cmp(&y.0).then(pos[x.1].total_cmp(&pos[y.1])));
            rows[l] = keyed.into_iter().map(|(_, v)| v).collect();
            place(&rows, &mut pos);
        }
    }
    rows
}

/// `s` escaped for XML text and attributes.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The graph as an `<svg>` element (no script, no external reference).
pub(crate) fn render(nodes: &[Node], edges: &[Edge]) -> String {
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let pairs: Vec<(usize, usize)> = edges
        .iter()
        .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
        .collect();
    let layer = layers(nodes.len(), &pairs);
    let rows = order(&layer, &pairs);
    let row_width = |row: &Vec<usize>| -> f64 {
        row.iter().map(|&v| width(&nodes[v].label)).sum::<f64>()
            + GAP * row.len().saturating_sub(1) as f64
    };
    let widest = rows.iter().map(row_width).fold(0.0, f64::max);
    let mut centre = vec![(0f64, 0f64); nodes.len()];
    for (l, row) in rows.iter().enumerate() {
        let mut x = MARGIN + (widest - row_width(row)) / 2.0;
        let y = MARGIN + l as f64 * ROW;
        for &v in row {
            let w = width(&nodes[v].label);
            centre[v] = (x + w / 2.0, y + HEIGHT / 2.0);
            x += w + GAP;
        }
    }
    let (w, h) = (
        widest + 2.0 * MARGIN,
        rows.len().max(1) as f64 * ROW - ROW + HEIGHT + 2.0 * MARGIN,
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id="graph" role="img" aria-label="dependency graph" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}">"#
    );
    s.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#667"/></marker></defs>"##);
    for (e, &(a, b)) in edges.iter().zip(&pairs) {
        let ((x1, y1), (x2, y2)) = (centre[a], centre[b]);
        let (y1, y2) = if y2 > y1 {
            (y1 + HEIGHT / 2.0, y2 - HEIGHT / 2.0)
        } else if y2 < y1 {
            (y1 - HEIGHT / 2.0, y2 + HEIGHT / 2.0)
        } else {
            (y1 - HEIGHT / 2.0, y2 - HEIGHT / 2.0)
        };
        // A curve: vertical tangents, bowed up for same-row edges.
        let bend = if (y2 - y1).abs() < 1.0 {
            -ROW / 2.0
        } else {
            (y2 - y1) / 2.0
        };
        let _ = write!(
            s,
            r#"<path class="edge {k}" d="M{x1:.1},{y1:.1} C{x1:.1},{c1:.1} {x2:.1},{c2:.1} {x2:.1},{y2:.1}" marker-end="url(#arrow)"><title>{f} {k} {t}</title></path>"#,
            k = e.kind,
            c1 = y1 + bend,
            c2 = y2 - if (y2 - y1).abs() < 1.0 { -bend } else { bend },
            f = esc(&e.from),
            t = esc(&e.to),
        );
    }
    for (v, n) in nodes.iter().enumerate() {
        let (cx, cy) = centre[v];
        let w = width(&n.label);
        let _ = write!(
            s,
            r#"<g class="node {k}" data-id="{id}"><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{HEIGHT}" rx="6"/><text x="{cx:.1}" y="{ty:.1}" text-anchor="middle">{label}</text></g>"#,
            k = n.kind,
            id = esc(&n.id),
            x = cx - w / 2.0,
            y = cy - HEIGHT / 2.0,
            ty = cy + 4.5,
            label = esc(&n.label),
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_do_not_stop_the_layering() {
        // 0 → 1 → 2 → 0, and 1 → 3.
        let l = layers(4, &[(0, 1), (1, 2), (2, 0), (1, 3)]);
        assert_eq!(l, [0, 1, 2, 2]);
    }

    #[test]
    fn every_edge_of_a_dag_points_down() {
        let edges = [(0, 2), (1, 2), (2, 3), (0, 3), (4, 1)];
        let l = layers(5, &edges);
        assert!(edges.iter().all(|&(a, b)| l[a] < l[b]), "{l:?}");
    }

    #[test]
    fn barycenters_untangle_a_crossing() {
        // Top row 0, 1; bottom row 2, 3 with 0 → 3 and 1 → 2: swapping the
        // bottom row removes the crossing.
        let edges = [(0, 3), (1, 2)];
        let rows = order(&layers(4, &edges), &edges);
        assert_eq!(rows, [vec![0, 1], vec![3, 2]]);
    }

    #[test]
    fn the_svg_escapes_labels_and_is_reproducible() {
        let nodes = vec![
            Node {
                id: "a".into(),
                label: "A<&>".into(),
                kind: "resource",
            },
            Node {
                id: "b".into(),
                label: "B".into(),
                kind: "middleware",
            },
        ];
        let edges = vec![Edge {
            from: "a".into(),
            to: "b".into(),
            kind: "uses",
        }];
        let svg = render(&nodes, &edges);
        assert!(svg.contains("A&lt;&amp;&gt;"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg, render(&nodes, &edges));
        assert_eq!(svg.matches("<path class=\"edge").count(), 1);
    }
}
