//! Lowering: a parsed [`ResourceDef`] plus what only the build step knows
//! (locations, resolved names, hook bodies) into the stored
//! [`conduit_format::schema::Resource`].

use crate::ast::{Flag, ResourceDef, Syntax};
use conduit_format::schema::{
    Action, ApiShape, Computed, Constraint, CustomRoute, Field, FieldFlags, Hook, Location,
    Middleware, QueryParam, Relationship, Resource, Scope, Validation,
};

/// What the build step resolved about one resource.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// The struct's path from the crate root, e.g. `crate::models::Post`.
    pub rust_path: String,
    /// Resource names of the relationship targets, aligned with `def.relationships`.
    pub targets: Vec<String>,
    /// Resource name of `nested_under`.
    pub nested_under: Option<String>,
    /// What is known of each hook's function, aligned with `def.hooks`.
    pub hooks: Vec<HookSource>,
}

/// A hook function's body, when the build step found it.
#[derive(Clone, Debug, Default)]
pub struct HookSource {
    /// The function's source text.
    pub source: Option<String>,
    /// Where the function is defined.
    pub location: Option<Location>,
    /// The functions its body calls.
    pub calls: Vec<String>,
}

/// Builds the stored record, taking the model apart (its strings move into
/// the record). `loc` maps a span to its location.
pub fn lower<X: Syntax>(
    def: ResourceDef<X>,
    resolved: Resolved,
    loc: &dyn Fn(X::Span) -> Location,
) -> Resource {
    // What reads the whole model, before it is taken apart.
    let fingerprint = crate::fingerprint::fingerprint(&def);
    let (table, path, operations) = (def.table(), def.path(), def.operations());
    let Resolved {
        rust_path,
        targets,
        nested_under,
        hooks: sources,
    } = resolved;
    // Sized up front: a record's fields are large, and growing the vector
    // reallocates (each growth past a kilobyte makes glibc consolidate its
    // free lists).
    let kept = def.fields.iter().filter(|f| f.skip.is_none());
    let mut fields = Vec::with_capacity(kept.clone().count());
    let mut validations = Vec::with_capacity(kept.map(|f| f.validations.len()).sum());
    for f in def.fields.into_iter().filter(|f| f.skip.is_none()) {
        let flags = FieldFlags {
            nullable: f.nullable,
            primary: f.has(Flag::Primary),
            unique: f.has(Flag::Unique),
            index: f.has(Flag::Index),
            auto: f.has(Flag::Auto),
            auto_update: f.has(Flag::AutoUpdate),
        };
        validations.extend(f.validations.into_iter().map(|v| Validation {
            field: f.name.clone(),
            kind: v.kind,
            value: v.value,
            message: v.message,
            location: loc(v.span),
        }));
        fields.push(Field {
            name: f.name,
            rust_type: f.rust_type,
            ty: f.ty,
            flags,
            default_value: f.default.map(|d| d.value),
            constraints: f.constraints,
            docs: f.docs,
            tags: f.tags,
            location: loc(f.span),
        });
    }
    let mut targets = targets.into_iter();
    let relationships = def
        .relationships
        .into_iter()
        .map(|r| Relationship {
            target: targets.next().unwrap_or_else(|| X::last_segment(&r.target)),
            name: r.name,
            kind: r.kind,
            foreign_key: r.foreign_key,
            through: r.through,
            on_delete: r.on_delete,
            on_update: r.on_update,
            location: loc(r.span),
        })
        .collect();
    let mut sources = sources.into_iter();
    let hooks = def
        .hooks
        .into_iter()
        .map(|h| {
            let src = sources.next().unwrap_or_default();
            Hook {
                kind: h.kind,
                function: X::path_text(&h.function),
                transaction: h.transaction,
                is_async: h.is_async,
                source: src.source,
                source_location: src.location,
                calls: src.calls,
                location: loc(h.span),
            }
        })
        .collect();
    Resource {
        location: loc(X::ident_span(&def.ident)),
        name: def.name.value,
        rust_path,
        table,
        path,
        docs: def.docs,
        fields,
        relationships,
        hooks,
        validations,
        constraints: def
            .constraints
            .into_iter()
            .map(|c| Constraint {
                name: c.name,
                operations: c.operations,
                condition: c.condition,
                error: c.error,
                location: loc(c.span),
            })
            .collect(),
        middleware: def
            .middleware
            .into_iter()
            .map(|m| Middleware {
                operation: m.operation,
                chain: m.chain,
                location: loc(m.span),
            })
            .collect(),
        operations,
        nested_under: nested_under.or_else(|| def.nested_under.as_ref().map(X::last_segment)),
        scopes: def
            .scopes
            .into_iter()
            .map(|s| Scope {
                name: s.name,
                query: s.query,
                location: loc(s.span),
            })
            .collect(),
        computed: def
            .computed
            .into_iter()
            .map(|c| Computed {
                name: c.name,
                ty: c.ty,
                expr: c.expr,
                location: loc(c.span),
            })
            .collect(),
        custom_routes: def
            .routes
            .into_iter()
            .map(|r| CustomRoute {
                method: r.method,
                path: r.path,
                handler: r.handler,
                middleware: r.middleware,
                location: loc(r.span),
            })
            .collect(),
        api: api(
            Shape {
                param: def.param,
                singular: def.singular.is_some(),
                nested_param: def.nested_param.map(|p| p.value),
                nested_only: def.nested_only.is_some(),
                list_query: def.list_query,
                actions: def.actions,
            },
            loc,
        ),
        fingerprint,
        // Filled by `analyze` once every resource is known.
        routes: Default::default(),
    }
}

/// The parts of a model that make its API shape.
struct Shape<X: Syntax> {
    param: Option<crate::ast::Spanned<String, X::Span>>,
    singular: bool,
    nested_param: Option<String>,
    nested_only: bool,
    list_query: Vec<crate::ast::QueryParamDef<X>>,
    actions: Vec<crate::ast::ActionDef<X>>,
}

fn query<X: Syntax>(
    params: Vec<crate::ast::QueryParamDef<X>>,
    loc: &dyn Fn(X::Span) -> Location,
) -> Vec<QueryParam> {
    params
        .into_iter()
        .map(|q| QueryParam {
            name: q.name,
            rust_type: q.rust_type,
            ty: q.ty,
            default_value: q.default.map(|d| d.value),
            location: loc(q.span),
        })
        .collect()
}

fn api<X: Syntax>(shape: Shape<X>, loc: &dyn Fn(X::Span) -> Location) -> ApiShape {
    ApiShape {
        // Empty means `id`: the default shape is archived as nothing.
        param: shape
            .param
            .map(|p| p.value)
            .filter(|p| p != "id")
            .unwrap_or_default(),
        singular: shape.singular,
        nested_param: shape.nested_param,
        nested_only: shape.nested_only,
        list_query: query(shape.list_query, loc),
        actions: shape
            .actions
            .into_iter()
            .map(|a| Action {
                segment: a.segment().to_owned(),
                name: a.name.value,
                method: a.method,
                kind: a.kind,
                middleware: a.middleware,
                query: query(a.query, loc),
                location: loc(a.span),
            })
            .collect(),
    }
}
