//! Where a blob's bytes go: the archived size of every table of a fixture's
//! blob (or of any blob file), largest first.
//!
//! ```console
//! $ cargo run --release -p conduit-bench-gen --bin blob-tables -- rich500
//! $ cargo run --release -p conduit-bench-gen --bin blob-tables -- path/to/registry.bin
//! ```
//!
//! A shape is built first (into a folder under the system's temporary
//! folder). A table's size is its records' archived size plus the arrays
//! they own (`resources.api` counts the actions and their query
//! parameters); strings count once, in `strings` (the table's long
//! entries and its text). What the tables do not account for (the root,
//! alignment padding, the header) is `other`.

use conduit_format::header::HEADER_LEN;
use conduit_format::schema::{ArchivedQueryParam, ArchivedSchema};
use rkyv::Archived;
use std::collections::BTreeMap;
use std::mem::size_of;
use std::path::PathBuf;

/// Bytes and items per table name.
#[derive(Default)]
struct Tally(BTreeMap<&'static str, (usize, usize)>);

impl Tally {
    /// Counts `items` archived records of type `T` under `table`.
    fn add<T>(&mut self, table: &'static str, items: usize) {
        let entry = self.0.entry(table).or_default();
        entry.0 += items * size_of::<T>();
        entry.1 += items;
    }

    fn queries(&mut self, table: &'static str, q: &[ArchivedQueryParam]) {
        self.add::<ArchivedQueryParam>(table, q.len());
    }
}

fn tally(s: &ArchivedSchema) -> Tally {
    use conduit_format::schema as sc;
    use conduit_format::tables as tb;
    let mut t = Tally::default();
    t.add::<sc::ArchivedResource>("resources", s.resources.len());
    for r in s.resources.iter() {
        t.add::<sc::ArchivedField>("resources.fields", r.fields.len());
        t.add::<sc::ArchivedRelationship>("resources.relationships", r.relationships.len());
        t.add::<sc::ArchivedHook>("resources.hooks", r.hooks.len());
        t.add::<sc::ArchivedValidation>("resources.validations", r.validations.len());
        t.add::<sc::ArchivedConstraint>("resources.constraints", r.constraints.len());
        for c in r.constraints.iter() {
            t.add::<Archived<u8>>("resources.constraints", c.operations.len());
        }
        t.add::<sc::ArchivedMiddleware>("resources.middleware", r.middleware.len());
        t.add::<Archived<u8>>("resources.operations", r.operations.len());
        t.add::<sc::ArchivedScope>("resources.scopes", r.scopes.len());
        t.add::<sc::ArchivedComputed>("resources.computed", r.computed.len());
        t.add::<sc::ArchivedCustomRoute>("resources.custom_routes", r.custom_routes.len());
        if let Some(api) = r.api.as_deref() {
            t.add::<sc::ArchivedApiShape>("resources.api", 1);
            t.queries("resources.api", &api.list_query);
            t.add::<sc::ArchivedAction>("resources.api", api.actions.len());
            for a in api.actions.iter() {
                t.queries("resources.api", &a.query);
            }
        }
    }
    let routes = &s.routes;
    t.add::<tb::ArchivedRoute>("routes.all", routes.all.len());
    t.add::<Archived<u32>>("routes.by_resource_method", routes.by_resource_method.len());
    for ids in routes.by_method.iter() {
        t.add::<Archived<u32>>("routes.by_method", ids.len() + 2);
    }
    t.add::<tb::ArchivedGroup>("routes.by_path", routes.by_path.len());
    for g in routes.by_path.iter() {
        t.add::<Archived<u32>>("routes.by_path", g.items.len());
    }
    let m = &routes.matcher;
    t.add::<Archived<u32>>("routes.matcher", m.words.len());
    t.add::<u8>("routes.matcher", m.long.len());
    t.add::<tb::ArchivedPattern>("patterns", s.patterns.len());
    t.add::<tb::ArchivedGroup>("patterns_by_category", s.patterns_by_category.len());
    for g in s.patterns_by_category.iter() {
        t.add::<Archived<u32>>("patterns_by_category", g.items.len());
    }
    let g = &s.graph;
    t.add::<tb::ArchivedNode>("graph.nodes", g.nodes.len());
    t.add::<tb::ArchivedEdge>("graph.edges", g.edges.len());
    t.add::<Archived<u32>>(
        "graph.adjacency",
        g.out_start.len() + g.in_edges.len() + g.in_start.len(),
    );
    t.add::<Archived<u32>>("graph.plans.start", g.plans.start.len());
    t.add::<Archived<u32>>("graph.plans.words", g.plans.words.len());
    t.add::<conduit_format::cycles::ArchivedCodedCycle>("graph.cycles", g.cycles.cycles.len());
    t.add::<Archived<u32>>("graph.cycles", g.cycles.ids.len());
    t.add::<tb::ArchivedTypeGroup>("fields_by_type", s.fields_by_type.len());
    for f in s.fields_by_type.iter() {
        t.add::<tb::ArchivedFieldAt>("fields_by_type", f.fields.len());
    }
    t.add::<rkyv::string::ArchivedString>("files", s.files.len());
    for f in s.files.iter() {
        t.add::<u8>("files", f.len());
    }
    t.add::<Archived<u32>>("str_lists", s.str_lists.len());
    t.add::<conduit_format::strings::ArchivedLongStr>("strings (long)", s.strings.long.len());
    t.add::<u8>("strings (bytes)", s.strings.text.len());
    t
}

fn main() {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!("usage: blob-tables <shape, e.g. rich500 | a blob file>");
        std::process::exit(2);
    };
    let path = match conduit_bench_gen::Shape::parse(&arg) {
        Some(shape) => {
            let out = std::env::temp_dir().join(format!("conduit-blob-tables-{}", shape.name()));
            conduit_bench_gen::build_into(shape, &out);
            out.join(conduit_format::generated::BLOB_FILE)
        }
        None => PathBuf::from(&arg),
    };
    let blob = conduit::AlignedBytes::read(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    // Validated first: the tables are then walked as the runtime reads them.
    let resources = conduit::Registry::from_bytes(&blob)
        .unwrap_or_else(|e| panic!("{} is not a blob this runtime loads: {e}", path.display()))
        .len();
    let payload = blob.get(HEADER_LEN..).unwrap_or_default();
    let schema = rkyv::access::<ArchivedSchema, rkyv::rancor::Error>(payload)
        .expect("the payload validates");
    let tally = tally(schema);
    let total = blob.len();
    let counted: usize = tally.0.values().map(|v| v.0).sum();
    let mut rows: Vec<(&str, (usize, usize))> = tally.0.into_iter().collect();
    rows.push(("other", (total.saturating_sub(counted), 0)));
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    println!("{}: {total} bytes, {resources} resources", path.display());
    println!(
        "{:<28} {:>12} {:>7} {:>12} {:>10}",
        "table", "bytes", "share", "per resource", "items"
    );
    for (name, (bytes, items)) in rows {
        println!(
            "{name:<28} {bytes:>12} {:>6.1}% {:>12.0} {items:>10}",
            100.0 * bytes as f64 / total as f64,
            bytes as f64 / resources.max(1) as f64
        );
    }
}
