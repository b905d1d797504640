//! Build-time analyses over the lowered schema: routes and their matcher,
//! patterns, the dependency graph (with BFS plans and cycles), fields by
//! type. The runtime only reads what these compute.

pub mod graph;
pub mod patterns;
pub mod routes;

use conduit_format::schema::Schema;
use conduit_format::tables::{FieldAt, TypeGroup};
use std::collections::BTreeMap;

pub use routes::{Conflict, RouteError};

/// Fills every precomputed table of `schema` (resources sorted by name).
/// Fails with the pairs of routes that can match the same request, or
/// with the first route the matcher cannot take.
///
/// ```
/// use conduit_format::schema::{Schema, Resource};
/// use conduit_format::Operation;
/// let mut schema = Schema {
///     resources: vec![Resource {
///         name: "Post".into(), path: "/posts".into(), operations: Operation::ALL.to_vec(),
///         ..Default::default()
///     }],
///     ..Default::default()
/// };
/// conduit_codegen::analyze::analyze(&mut schema).unwrap();
/// assert_eq!(schema.routes.all.len(), 5);
/// assert_eq!(schema.routes.all[1].path, "/posts/:id");
/// ```
pub fn analyze(schema: &mut Schema) -> Result<(), RouteError> {
    // The analyses only read the resources: routes on this thread, patterns,
    // the graph and the fields by type beside it.
    let shared = &*schema;
    let (routes, (patterns, graph, by_type)) = join(
        || routes::compute(shared),
        || {
            (
                patterns::compute(shared),
                graph::compute(&shared.resources, None),
                fields_by_type(shared),
            )
        },
    );
    routes::store(schema, routes?);
    (schema.patterns, schema.patterns_by_category) = patterns;
    schema.graph = graph;
    schema.fields_by_type = by_type;
    Ok(())
}

/// How many threads the build step may use: the CPUs available, and no more
/// than the jobs Cargo runs at once (`NUM_JOBS`, which Cargo sets for build
/// scripts: `-j1` means one thread).
///
/// ```
/// assert!(conduit_codegen::analyze::parallelism() >= 1);
/// ```
pub fn parallelism() -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let jobs = std::env::var("NUM_JOBS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0);
    jobs.map_or(cpus, |j| j.min(cpus))
}

/// `a()` on this thread and `b()` on a scoped thread beside it, or one after
/// the other where there is one CPU (or Cargo runs build scripts with
/// `NUM_JOBS=1`) or no thread can be started. A panic in `b` resumes here.
///
/// ```
/// let data = [1, 2, 3];
/// let (len, sum) = conduit_codegen::analyze::join(|| data.len(), || data.iter().sum::<i32>());
/// assert_eq!((len, sum), (3, 6));
/// ```
pub fn join<A, B: Send>(a: impl FnOnce() -> A, b: impl Fn() -> B + Sync) -> (A, B) {
    if parallelism() == 1 {
        return (a(), b());
    }
    conduit_format::threads::both(a, b)
}

fn fields_by_type(schema: &Schema) -> Vec<TypeGroup> {
    let mut groups: BTreeMap<&str, Vec<FieldAt>> = BTreeMap::new();
    for (r, res) in schema.resources.iter().enumerate() {
        for (f, field) in res.fields.iter().enumerate() {
            groups.entry(&field.ty).or_default().push(FieldAt {
                resource: r as u32,
                field: f as u32,
            });
        }
    }
    groups
        .into_iter()
        .map(|(ty, fields)| TypeGroup {
            ty: ty.to_owned(),
            fields,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn join_returns_both_results_in_order() {
        let data = [1, 2, 3];
        let (a, b) = join(|| data.len(), || data.iter().sum::<i32>());
        assert_eq!((a, b), (3, 6));
    }

    #[test]
    fn a_panic_beside_resumes_in_the_caller() {
        let caught = std::panic::catch_unwind(|| join(|| 1, || -> u8 { panic!("in b") }));
        let payload = caught.expect_err("the panic in `b` reaches the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"in b"));
    }
}
