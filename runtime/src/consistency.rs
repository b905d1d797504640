//! The checks `Registry::from_bytes` adds to rkyv's validation: bytecheck
//! proves the archive is well formed, these prove its tables agree with each
//! other — every index in range, offsets monotonic, the route trie a tree,
//! every pattern category known —
//! so queries on a loaded blob stay fast and exact whatever its bytes.

mod strings;

use conduit_format::plans::PlanWords;
use conduit_format::schema::{ArchivedFieldFlags, ArchivedSchema};
use conduit_format::tables::{ArchivedGraph, ArchivedRoute, NONE};
use conduit_format::{Operation, PatternCategory, RouteKind};
use rkyv::Archived;

type Ids = [Archived<u32>];

fn all_below(ids: &Ids, len: usize, what: &str) -> Result<(), String> {
    match ids.iter().find(|i| i.to_native() as usize >= len) {
        Some(i) => Err(format!(
            "{what}: index {} out of range (len {len})",
            i.to_native()
        )),
        None => Ok(()),
    }
}

/// `starts` is a CSR offset table over `len` items for `nodes` nodes.
fn offsets(starts: &Ids, nodes: usize, len: usize, what: &str) -> Result<(), String> {
    if starts.is_empty() && len == 0 {
        return Ok(()); // a schema without a graph
    }
    if starts.len() != nodes + 1 {
        return Err(format!(
            "{what}: {} offsets for {nodes} nodes",
            starts.len()
        ));
    }
    let monotonic = starts
        .windows(2)
        .all(|w| w[0].to_native() <= w[1].to_native());
    if !monotonic || starts.last().map(|s| s.to_native() as usize) != Some(len) {
        return Err(format!(
            "{what}: offsets are not a partition of {len} items"
        ));
    }
    Ok(())
}

/// A plan's words hold its levels and its nodes (`plans` module of
/// `conduit-format`): the levels are in order, the last node level counts
/// every node, a complete plan has a step, and each edge level counts the
/// edges that leave (`reverse`: arrive at) the nodes of the levels up to it:
/// the answers read from the plan take their edges from the adjacency
/// arrays, and their length from the edge levels.
fn plan(
    graph: &ArchivedGraph,
    p: PlanWords<'_>,
    nodes: usize,
    reverse: bool,
) -> Result<(), String> {
    let steps = p.steps();
    let ids = p
        .nodes()
        .ok_or("graph: a plan's words are fewer than its levels")?;
    let node_levels: Vec<u32> = (0..=steps).filter_map(|k| p.node_level(k)).collect();
    let edge_levels: Vec<u32> = (0..steps).filter_map(|k| p.edge_level(k)).collect();
    let ordered = |levels: &[u32]| levels.windows(2).all(|w| w[0] <= w[1]);
    if !ordered(&node_levels)
        || !ordered(&edge_levels)
        || node_levels.first() != Some(&1)
        || node_levels.last().map(|&n| n as usize) != Some(ids.len())
        || (p.complete() && steps == 0)
    {
        return Err("graph: plan levels out of order".into());
    }
    all_below(ids, nodes, "plan nodes")?;
    let starts = if reverse {
        &graph.in_start
    } else {
        &graph.out_start
    };
    let degree = |n: &Archived<u32>| {
        let n = n.to_native() as usize;
        match (starts.get(n), starts.get(n + 1)) {
            (Some(a), Some(b)) => u64::from(b.to_native().saturating_sub(a.to_native())),
            _ => 0,
        }
    };
    let (mut counted, mut edges) = (0, 0u64);
    for (&level, &expected) in node_levels.iter().zip(&edge_levels) {
        let level = level as usize;
        let reached = ids.get(counted..level).unwrap_or_default();
        edges += reached.iter().map(degree).sum::<u64>();
        counted = level;
        if edges != u64::from(expected) {
            return Err("graph: plan edge levels do not match the adjacency arrays".into());
        }
    }
    Ok(())
}

/// The prefix coding of the cycles: a cycle shares a prefix of a key (a
/// cycle stored whole, found before it), its own nodes lie in `ids`, and
/// every node is one of the graph's.
fn cycles(graph: &ArchivedGraph, nodes: usize) -> Result<(), String> {
    let coded = &graph.cycles;
    all_below(&coded.ids, nodes, "cycle")?;
    for (k, c) in coded.cycles.iter().enumerate() {
        let (base, shared) = (c.base.to_native(), u64::from(c.shared.to_native()));
        let (start, len) = (u64::from(c.start.to_native()), u64::from(c.len.to_native()));
        let key = match base {
            NONE => shared == 0,
            b => {
                (b as usize) < k
                    && coded.cycles.get(b as usize).is_some_and(|key| {
                        key.base.to_native() == NONE && shared <= u64::from(key.len.to_native())
                    })
            }
        };
        if !key || shared > len || start + (len - shared) > coded.ids.len() as u64 {
            return Err(format!("cycle {k}: invalid prefix coding"));
        }
    }
    Ok(())
}

/// A pattern category must be one of `PatternCategory`'s spellings, so that
/// `PatternRef::category` never has to guess.
fn known_category(category: &str) -> Result<(), String> {
    match crate::views::pattern_category(category) {
        Some(_) => Ok(()),
        None => Err(format!("pattern: unknown category `{category}`")),
    }
}

/// A route's resource, and the declaration it comes from in that
/// resource (what its location, query parameters and action are read
/// from).
fn origin(schema: &ArchivedSchema, route: &ArchivedRoute) -> Result<(), String> {
    let resource = schema
        .resources
        .get(route.resource.to_native() as usize)
        .ok_or("resource index out of range")?;
    let at = route.origin.to_native() as usize;
    let declarations = match RouteKind::from(&route.kind) {
        RouteKind::Rest => Operation::ALL.len(),
        RouteKind::Action => resource.api.as_deref().map_or(0, |api| api.actions.len()),
        RouteKind::Custom => resource.custom_routes.len(),
    };
    if at < declarations {
        Ok(())
    } else {
        Err(format!(
            "origin {at} out of range ({declarations} declarations)"
        ))
    }
}

/// Checks every cross-table reference of `schema`.
pub(crate) fn check(schema: &ArchivedSchema) -> Result<(), String> {
    strings::check(schema)?;
    let resources = schema.resources.len();
    let routes = &schema.routes;
    let n_routes = routes.all.len();
    for r in schema.resources.iter() {
        if let Some(f) = r
            .fields
            .iter()
            .find(|f| f.flags.bits() & !ArchivedFieldFlags::KNOWN != 0)
        {
            return Err(format!(
                "field `{}.{}`: unknown flag bits {:#04x}",
                schema.str(r.name),
                schema.str(f.name),
                f.flags.bits()
            ));
        }
        if let Some(rel) = r
            .relationships
            .iter()
            .find(|rel| !rel.on_delete.is_valid() || !rel.on_update.is_valid())
        {
            return Err(format!(
                "relationship `{}.{}`: unknown referential action",
                schema.str(r.name),
                schema.str(rel.name)
            ));
        }
        // The routes lie in `all`, and the method groups split the same
        // range of `by_resource_method`.
        let span = &r.routes;
        let end = span.start().saturating_add(span.len());
        if end > n_routes || end > routes.by_resource_method.len() {
            return Err(format!(
                "resource `{}`: routes out of range",
                schema.str(r.name)
            ));
        }
        if span.bounds().zip(span.bounds().skip(1)).any(|(a, b)| b < a) {
            return Err(format!(
                "resource `{}`: routes by method out of order",
                schema.str(r.name)
            ));
        }
    }
    all_below(&routes.by_resource_method, n_routes, "resource routes")?;
    for (k, route) in routes.all.iter().enumerate() {
        origin(schema, route).map_err(|e| format!("route {k}: {e}"))?;
    }
    for ids in routes.by_method.iter() {
        all_below(ids, n_routes, "routes by method")?;
    }
    for g in routes.by_path.iter() {
        all_below(&g.items, n_routes, "routes by path")?;
    }
    // Every transition consumes a segment, so matching terminates whatever
    // the states' order; indexes and words must hold.
    conduit_format::matcher::check(&routes.matcher, n_routes)?;
    let groups = &schema.patterns_by_category;
    if !groups.is_empty() && groups.len() != PatternCategory::ALL.len() {
        return Err("patterns by category: not one group per category".into());
    }
    for (g, c) in groups.iter().zip(PatternCategory::ALL) {
        all_below(&g.items, schema.patterns.len(), "patterns by category")?;
        if schema.str(g.key) != c.as_str() {
            return Err(format!(
                "patterns by category: `{}` where `{c}` belongs",
                schema.str(g.key)
            ));
        }
    }
    for p in schema.patterns.iter() {
        known_category(schema.str(p.category))?;
    }
    let graph = &schema.graph;
    let (nodes, edges) = (graph.nodes.len(), graph.edges.len());
    if graph
        .edges
        .iter()
        .any(|e| e.from.to_native() as usize >= nodes || e.to.to_native() as usize >= nodes)
    {
        return Err("graph: edge endpoint out of range".into());
    }
    offsets(&graph.out_start, nodes, edges, "graph out-edges")?;
    offsets(
        &graph.in_start,
        nodes,
        graph.in_edges.len(),
        "graph in-edges",
    )?;
    all_below(&graph.in_edges, edges, "graph in-edges")?;
    let plans = &graph.plans;
    if !plans.is_empty() && plans.len() != 2 * resources {
        return Err("graph: plans do not match the resources".into());
    }
    if !plans.start.is_empty() {
        offsets(&plans.start, plans.len(), plans.words.len(), "graph plans")?;
    }
    for i in 0..plans.len() {
        let p = plans.plan(i).ok_or("graph: plan offsets out of range")?;
        plan(graph, p, nodes, i % 2 == 1)?;
    }
    cycles(graph, nodes)?;
    for g in schema.fields_by_type.iter() {
        for at in g.fields.iter() {
            let r = schema.resources.get(at.resource());
            if r.is_none_or(|r| at.field() >= r.fields.len()) {
                return Err(format!(
                    "fields of type `{}`: index out of range",
                    schema.str(g.ty)
                ));
            }
        }
    }
    Ok(())
}
