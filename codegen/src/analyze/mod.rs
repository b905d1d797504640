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
    routes::build(schema)?;
    patterns::build(schema);
    graph::build(schema, None);
    schema.fields_by_type = fields_by_type(schema);
    Ok(())
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
