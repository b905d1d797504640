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

/// Builds the stored record. `loc` maps a span to its location.
pub fn lower<X: Syntax>(
    def: &ResourceDef<X>,
    resolved: &Resolved,
    loc: &dyn Fn(X::Span) -> Location,
) -> Resource {
    let fields = def
        .kept_fields()
        .map(|f| Field {
            name: f.name.clone(),
            rust_type: f.rust_type.clone(),
            ty: f.ty.clone(),
            flags: FieldFlags {
                nullable: f.nullable,
                primary: f.has(Flag::Primary),
                unique: f.has(Flag::Unique),
                index: f.has(Flag::Index),
                auto: f.has(Flag::Auto),
                auto_update: f.has(Flag::AutoUpdate),
            },
            default_value: f.default.as_ref().map(|d| d.value.clone()),
            constraints: f.constraints.clone(),
            docs: f.docs.clone(),
            tags: f.tags.clone(),
            location: loc(f.span),
        })
        .collect();
    let validations = def
        .kept_fields()
        .flat_map(|f| {
            f.validations.iter().map(move |v| Validation {
                field: f.name.clone(),
                kind: v.kind.clone(),
                value: v.value.clone(),
                message: v.message.clone(),
                location: loc(v.span),
            })
        })
        .collect();
    let relationships = def
        .relationships
        .iter()
        .enumerate()
        .map(|(i, r)| Relationship {
            name: r.name.clone(),
            kind: r.kind,
            target: resolved
                .targets
                .get(i)
                .cloned()
                .unwrap_or_else(|| X::last_segment(&r.target)),
            foreign_key: r.foreign_key.clone(),
            through: r.through.clone(),
            on_delete: r.on_delete,
            on_update: r.on_update,
            location: loc(r.span),
        })
        .collect();
    let hooks = def
        .hooks
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let src = resolved.hooks.get(i).cloned().unwrap_or_default();
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
        name: def.name.value.clone(),
        rust_path: resolved.rust_path.clone(),
        table: def.table(),
        path: def.path(),
        docs: def.docs.clone(),
        location: loc(X::ident_span(&def.ident)),
        fields,
        relationships,
        hooks,
        validations,
        constraints: def
            .constraints
            .iter()
            .map(|c| Constraint {
                name: c.name.clone(),
                operations: c.operations.clone(),
                condition: c.condition.clone(),
                error: c.error.clone(),
                location: loc(c.span),
            })
            .collect(),
        middleware: def
            .middleware
            .iter()
            .map(|m| Middleware {
                operation: m.operation,
                chain: m.chain.clone(),
                location: loc(m.span),
            })
            .collect(),
        operations: def.operations(),
        nested_under: resolved
            .nested_under
            .clone()
            .or_else(|| def.nested_under.as_ref().map(X::last_segment)),
        scopes: def
            .scopes
            .iter()
            .map(|s| Scope {
                name: s.name.clone(),
                query: s.query.clone(),
                location: loc(s.span),
            })
            .collect(),
        computed: def
            .computed
            .iter()
            .map(|c| Computed {
                name: c.name.clone(),
                ty: c.ty.clone(),
                expr: c.expr.clone(),
                location: loc(c.span),
            })
            .collect(),
        custom_routes: def
            .routes
            .iter()
            .map(|r| CustomRoute {
                method: r.method,
                path: r.path.clone(),
                handler: r.handler.clone(),
                middleware: r.middleware.clone(),
                location: loc(r.span),
            })
            .collect(),
        api: api(def, loc),
        fingerprint: crate::fingerprint::fingerprint(def),
        // Filled by `analyze` once every resource is known.
        routes: Default::default(),
    }
}

fn query<X: Syntax>(
    params: &[crate::ast::QueryParamDef<X>],
    loc: &dyn Fn(X::Span) -> Location,
) -> Vec<QueryParam> {
    params
        .iter()
        .map(|q| QueryParam {
            name: q.name.clone(),
            rust_type: q.rust_type.clone(),
            ty: q.ty.clone(),
            default_value: q.default.as_ref().map(|d| d.value.clone()),
            location: loc(q.span),
        })
        .collect()
}

fn api<X: Syntax>(def: &ResourceDef<X>, loc: &dyn Fn(X::Span) -> Location) -> ApiShape {
    ApiShape {
        // Empty means `id`: the default shape is archived as nothing.
        param: match def.param() {
            "id" => String::new(),
            param => param.to_owned(),
        },
        singular: def.singular.is_some(),
        nested_param: def.nested_param.as_ref().map(|p| p.value.clone()),
        nested_only: def.nested_only.is_some(),
        list_query: query(&def.list_query, loc),
        actions: def
            .actions
            .iter()
            .map(|a| Action {
                name: a.name.value.clone(),
                method: a.method,
                kind: a.kind,
                segment: a.segment().to_owned(),
                middleware: a.middleware.clone(),
                query: query(&a.query, loc),
                location: loc(a.span),
            })
            .collect(),
    }
}

pub use crate::naming::last_segment;
