//! Imported records to stored ones: operations and path from the REST
//! routes, flags and validations from the constraint strings, kinds parsed
//! with "did you mean" for unknown ones.

use super::Text;
use super::model::{JField, JMiddleware, JResource, JRoute};
use crate::error::Diagnostic;
use conduit_codegen::naming::{plural, snake_case};
use conduit_format::schema::{
    Computed, Constraint, CustomRoute, Field, FieldFlags, Hook, Location, Middleware, Relationship,
    Resource, Scope, Validation,
};
use conduit_format::suggest::did_you_mean;
use conduit_format::{HookKind, Method, Operation, ReferentialAction, RelationKind};
use std::collections::BTreeMap;
use std::str::FromStr;

fn spellings<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|k| f(*k)).collect()
}

/// An operation name, with the reference compiler's `get` for `show`.
fn operation(name: &str) -> Option<Operation> {
    match name {
        "get" => Some(Operation::Show),
        other => other.parse().ok(),
    }
}

/// The REST operation a route is, and the resource path it implies: the
/// route's operation (`get` read as `show`), or, when it has none, the one
/// its method and path (with or without a final `/:id`) imply.
fn rest_operation(r: &JRoute, method: Method) -> Option<(Operation, String)> {
    let (base, has_id) = match r.path.strip_suffix("/:id") {
        Some(base) => (base.to_owned(), true),
        None => (r.path.clone(), false),
    };
    let op = if r.operation.is_empty() {
        Operation::ALL
            .iter()
            .copied()
            .find(|op| op.method() == method && op.has_id() == has_id)?
    } else {
        operation(&r.operation)?
    };
    (op.method() == method && op.has_id() == has_id && base.starts_with('/')).then_some((op, base))
}

/// One resource being converted: where it is in the file, and the problems
/// found so far.
struct Cx<'a> {
    t: &'a Text<'a>,
    /// The offset of the resource's `"name"` value, if found.
    at: Option<usize>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    /// Where the resource is.
    fn here(&self) -> Location {
        self.t.location(self.at)
    }

    /// Where `"key": value` is, searched from the resource on.
    fn near(&self, key: &str, value: &str) -> Location {
        let found = self.t.find(self.at.unwrap_or(0), key, value);
        self.t.location(found.or(self.at))
    }

    /// Parses a closed-vocabulary value, or reports it at `"key": shown`
    /// (the text the file has; `value` may be built from several keys).
    fn parse<T: FromStr>(
        &mut self,
        key: &str,
        shown: &str,
        value: &str,
        what: &str,
        all: &[&str],
    ) -> Option<T> {
        let parsed = value.parse().ok();
        if parsed.is_none() {
            let hint = did_you_mean(value, all.iter().copied());
            self.problems.push(
                Diagnostic::new(format!(
                    "unknown {what} `{value}` in schema file `{}`",
                    self.t.rel
                ))
                .at(
                    self.t.at(self.at.unwrap_or(0), key, shown),
                    format!("expected one of {}{hint}", all.join(", ")),
                )
                .help(format!("use one of the {what}s listed above")),
            );
        }
        parsed
    }

    /// An operation (`get` is `show`), or a problem.
    fn operation(&mut self, name: &str) -> Option<Operation> {
        let op = operation(name);
        if op.is_none() {
            let all = spellings(Operation::ALL, Operation::as_str);
            self.parse::<Operation>("operation", name, name, "operation", &all);
        }
        op
    }

    /// A problem at `"key": value`.
    fn problem(&mut self, message: String, key: &str, value: &str, label: &str, help: &str) {
        let span = self.t.at(self.at.unwrap_or(0), key, value);
        self.problems
            .push(Diagnostic::new(message).at(span, label).help(help));
    }
}

/// What a resource's routes say.
struct Routes<'r> {
    /// The REST path.
    path: String,
    /// The REST operations.
    operations: Vec<Operation>,
    /// The REST routes at `path`, for their middleware.
    rest: Vec<(Operation, &'r JRoute)>,
    /// Every other route.
    custom: Vec<CustomRoute>,
}

/// REST routes give the operations and the path; the nested forms
/// (`/users/:user_id/posts`) are generated again from `nested_under`; the
/// other routes are custom routes.
fn routes<'r>(cx: &mut Cx, r: &JResource, table: &str, routes: &[&'r JRoute]) -> Routes<'r> {
    let methods = spellings(Method::ALL, Method::as_str);
    let mut rest: Vec<(Operation, String, &JRoute)> = Vec::new();
    let mut custom: Vec<(Method, &JRoute)> = Vec::new();
    for route in routes {
        let m = &route.method;
        let Some(method) = cx.parse::<Method>("method", m, m, "HTTP method", &methods) else {
            continue;
        };
        match rest_operation(route, method) {
            Some((op, base)) => rest.push((op, base, route)),
            None => custom.push((method, route)),
        }
    }
    // The most common REST base, the shortest on a tie.
    let path = r.path.clone().unwrap_or_else(|| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, base, _) in &rest {
            *counts.entry(base).or_default() += 1;
        }
        let best = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())));
        best.map_or_else(|| format!("/{table}"), |(b, _)| b.to_owned())
    });
    let mut operations: Vec<Operation> = match &r.operations {
        Some(names) => names.iter().filter_map(|n| cx.operation(n)).collect(),
        None => rest
            .iter()
            .filter(|(_, b, _)| *b == path)
            .map(|(op, _, _)| *op)
            .collect(),
    };
    operations.sort();
    operations.dedup();
    let nested = r
        .nested_under
        .as_ref()
        .map(|p| format!("/:{}_id{}", snake_case(p), path.trim_end_matches('/')));
    let mut at_path = Vec::new();
    for (op, base, route) in rest {
        if nested.as_ref().is_some_and(|n| base.ends_with(n.as_str())) {
            continue;
        }
        if base == path && operations.contains(&op) {
            at_path.push((op, route));
        } else {
            custom.push((op.method(), route));
        }
    }
    Routes {
        path,
        operations,
        rest: at_path,
        custom: custom
            .into_iter()
            .map(|(method, route)| CustomRoute {
                method,
                path: route.path.clone(),
                handler: route.handler.clone(),
                middleware: route.middleware.clone(),
                location: cx.near("path", &route.path),
            })
            .collect(),
    }
}

/// Middleware per operation: the resource's map (or one list for every
/// operation), else each REST route's own list.
fn middleware(cx: &mut Cx, r: &JResource, routes: &Routes) -> Vec<Middleware> {
    let mut chains: BTreeMap<Operation, Vec<String>> = BTreeMap::new();
    match &r.middleware {
        Some(JMiddleware::PerOperation(map)) => {
            for (name, chain) in map {
                if let Some(op) = cx.operation(name) {
                    chains.insert(op, chain.clone().unwrap_or_default());
                }
            }
        }
        Some(JMiddleware::All(chain)) => {
            for op in &routes.operations {
                chains.insert(*op, chain.clone());
            }
        }
        None => {
            for (op, route) in &routes.rest {
                chains
                    .entry(*op)
                    .or_insert_with(|| route.middleware.clone());
            }
        }
    }
    let here = cx.here();
    chains
        .into_iter()
        .filter(|(_, chain)| !chain.is_empty())
        .map(|(operation, chain)| Middleware {
            operation,
            chain,
            location: here,
        })
        .collect()
}

/// Field validations (listed, or derived from the constraint strings) and
/// resource constraints (with the compiler's `validate` blocks).
fn rules(cx: &mut Cx, r: &JResource, fields: &[Field]) -> (Vec<Validation>, Vec<Constraint>) {
    let mut constraints = Vec::new();
    let validations = match &r.validations {
        Some(list) => {
            let mut out = Vec::new();
            for v in list {
                match (&v.field, &v.ty) {
                    (Some(field), Some(kind)) => out.push(Validation {
                        field: field.clone(),
                        kind: kind.clone(),
                        value: v.value.clone(),
                        message: v.message.clone(),
                        location: cx.near("field", field),
                    }),
                    _ => constraints.push(Constraint {
                        name: v.name.clone().unwrap_or_default(),
                        operations: vec![Operation::Create, Operation::Update],
                        condition: v.condition.clone().unwrap_or_default(),
                        error: v.error.clone().unwrap_or_default(),
                        location: cx.here(),
                    }),
                }
            }
            out
        }
        None => derived_validations(fields),
    };
    for c in &r.constraints {
        constraints.push(Constraint {
            name: c.name.clone(),
            operations: c
                .operations
                .iter()
                .filter_map(|o| cx.operation(o))
                .collect(),
            condition: c.condition.clone(),
            error: c.error.clone(),
            location: cx.near("name", &c.name),
        });
    }
    (validations, constraints)
}

/// Relationships: the runtime's `type` + `target_resource`, or the
/// compiler's `kind` + `type` (the target).
fn relationships(cx: &mut Cx, r: &JResource) -> Vec<Relationship> {
    let kinds = spellings(RelationKind::ALL, RelationKind::as_str);
    let actions = spellings(ReferentialAction::ALL, ReferentialAction::as_str);
    let mut out = Vec::new();
    for rel in &r.relationships {
        let (key, kind, target) = match &rel.kind {
            Some(kind) => (
                "kind",
                kind.as_str(),
                rel.target_resource.as_ref().or(rel.ty.as_ref()),
            ),
            None => (
                "type",
                rel.ty.as_deref().unwrap_or_default(),
                rel.target_resource.as_ref(),
            ),
        };
        let Some(mut kind) = cx.parse::<RelationKind>(key, kind, kind, "relationship type", &kinds)
        else {
            continue;
        };
        let Some(target) = target.filter(|t| !t.is_empty()) else {
            let message = format!(
                "relationship `{}` of `{}` has no target in schema file `{}`",
                rel.name, r.name, cx.t.rel
            );
            let help = "name the target resource with `\"target_resource\"`";
            cx.problem(message, "name", &rel.name, "this relationship", help);
            continue;
        };
        if kind == RelationKind::HasMany && rel.through_table.is_some() {
            kind = RelationKind::HasManyThrough;
        }
        let mut action = |key: &str, v: &Option<String>| {
            let v = v.as_deref().filter(|v| !v.is_empty())?;
            cx.parse::<ReferentialAction>(key, v, v, "referential action", &actions)
        };
        let (on_delete, on_update) = (
            action("on_delete", &rel.on_delete),
            action("on_update", &rel.on_update),
        );
        out.push(Relationship {
            name: rel.name.clone(),
            kind,
            target: target.clone(),
            foreign_key: rel.foreign_key.clone().filter(|s| !s.is_empty()),
            through: rel.through_table.clone().filter(|s| !s.is_empty()),
            on_delete,
            on_update,
            location: cx.near("name", &rel.name),
        });
    }
    out
}

/// Hooks: the runtime's `type`, or the compiler's `timing` and `event`.
fn hooks(cx: &mut Cx, r: &JResource) -> Vec<Hook> {
    let all = spellings(HookKind::ALL, HookKind::as_str);
    let mut out = Vec::new();
    for h in &r.hooks {
        let (key, shown, kind) = match (&h.ty, &h.timing, &h.event) {
            (Some(ty), _, _) => ("type", ty.clone(), ty.clone()),
            (None, Some(timing), Some(event)) => {
                ("event", event.clone(), format!("{timing}_{event}"))
            }
            _ => {
                let message = format!(
                    "a hook of `{}` has no kind in schema file `{}`",
                    r.name, cx.t.rel
                );
                let help = "give each hook `\"type\": \"before_create\"` (or `timing` and `event`)";
                cx.problem(message, "name", &r.name, "in this resource", help);
                continue;
            }
        };
        let Some(kind) = cx.parse::<HookKind>(key, &shown, &kind, "hook kind", &all) else {
            continue;
        };
        out.push(Hook {
            kind,
            function: h.function.clone(),
            transaction: h.transaction.or(h.has_transaction).unwrap_or(false),
            is_async: h.is_async.or(h.has_async).unwrap_or(false),
            source: h.source_code.clone().filter(|s| !s.is_empty()),
            source_location: None,
            calls: h.calls.clone(),
            location: cx.near(key, &shown),
        });
    }
    out
}

/// One imported resource, as the build step stores it.
pub(super) fn resource(
    t: &Text,
    r: &JResource,
    own_routes: &[&JRoute],
    problems: &mut Vec<Diagnostic>,
) -> Resource {
    let mut cx = Cx {
        t,
        at: t.find(0, "name", &r.name),
        problems,
    };
    let table = r
        .table
        .clone()
        .unwrap_or_else(|| plural(&snake_case(&r.name)));
    let routes = routes(&mut cx, r, &table, own_routes);
    let fields: Vec<Field> = r
        .fields
        .iter()
        .map(|f| field(f, cx.near("name", &f.name)))
        .collect();
    let (validations, constraints) = rules(&mut cx, r, &fields);
    Resource {
        api: Default::default(),
        name: r.name.clone(),
        rust_path: r.rust_path.clone().unwrap_or_default(),
        table,
        path: routes.path.clone(),
        docs: r.documentation.clone(),
        location: cx.here(),
        relationships: relationships(&mut cx, r),
        hooks: hooks(&mut cx, r),
        middleware: middleware(&mut cx, r, &routes),
        fields,
        validations,
        constraints,
        operations: routes.operations,
        nested_under: r.nested_under.clone().filter(|s| !s.is_empty()),
        scopes: r
            .scopes
            .iter()
            .map(|s| Scope {
                name: s.name.clone(),
                query: s.query.clone(),
                location: cx.near("name", &s.name),
            })
            .collect(),
        computed: r
            .computed_fields
            .iter()
            .map(|c| Computed {
                name: c.name.clone(),
                ty: c.ty.clone(),
                expr: c.expression.clone(),
                location: cx.near("name", &c.name),
            })
            .collect(),
        custom_routes: routes.custom,
        // Imported resources have no struct for the derive to check.
        fingerprint: 0,
        // Filled by `analyze`.
        routes: Default::default(),
    }
}

/// A field: `type` is `name`, `name!` (required) or `name?` (nullable);
/// `nullable`, when present, wins. Flags come from the constraint strings.
fn field(f: &JField, location: Location) -> Field {
    let (ty, suffix_nullable) = match (f.ty.strip_suffix('!'), f.ty.strip_suffix('?')) {
        (Some(ty), _) => (ty, false),
        (_, Some(ty)) => (ty, true),
        _ => (f.ty.as_str(), false),
    };
    let bare = |c: &String| c.trim_start_matches('@').to_owned();
    let has = |flag: &str| f.constraints.iter().any(|c| bare(c) == flag);
    let default_value = f.default_value.clone().or_else(|| {
        f.constraints.iter().find_map(|c| {
            Some(
                bare(c)
                    .strip_prefix("default(")?
                    .strip_suffix(')')?
                    .to_owned(),
            )
        })
    });
    Field {
        name: f.name.clone(),
        rust_type: f.rust_type.clone(),
        ty: ty.to_owned(),
        flags: FieldFlags {
            nullable: f.nullable.unwrap_or(suffix_nullable),
            primary: has("primary"),
            unique: has("unique"),
            index: has("index"),
            auto: has("auto"),
            auto_update: has("auto_update"),
        },
        default_value,
        constraints: f.constraints.clone(),
        docs: f.documentation.clone(),
        tags: f.tags.clone(),
        location,
    }
}

/// Without a `validations` list (the compiler's output), each validation
/// constraint of a field (`min(3)`, `max(200)`, `pattern(...)`, `email`,
/// `url`) is one validation, as `#[field(...)]` gives.
fn derived_validations(fields: &[Field]) -> Vec<Validation> {
    let mut out = Vec::new();
    for f in fields {
        for c in &f.constraints {
            let c = c.trim_start_matches('@');
            let (kind, value) = match c.split_once('(') {
                Some((k, rest)) => (k, rest.strip_suffix(')').map(str::to_owned)),
                None => (c, None),
            };
            if ["min", "max", "pattern", "email", "url"].contains(&kind) {
                out.push(Validation {
                    field: f.name.clone(),
                    kind: kind.to_owned(),
                    value,
                    message: None,
                    location: f.location,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, path: &str, operation: &str) -> JRoute {
        serde_json::from_value(serde_json::json!({
            "method": method, "path": path, "operation": operation, "resource": "Post"
        }))
        .unwrap()
    }

    #[test]
    fn rest_operations_come_from_the_operation_or_the_method_and_path() {
        let op =
            |m, p, o| rest_operation(&route("", p, o), m).map(|(op, base)| (op.as_str(), base));
        assert_eq!(
            op(Method::Get, "/posts/:id", "get"),
            Some(("show", "/posts".into()))
        );
        assert_eq!(
            op(Method::Get, "/Posts", ""),
            Some(("list", "/Posts".into()))
        );
        assert_eq!(
            op(Method::Delete, "/Posts/:id", ""),
            Some(("delete", "/Posts".into()))
        );
        assert_eq!(op(Method::Post, "/posts/:id/publish", "publish"), None);
        assert_eq!(
            op(Method::Patch, "/posts/:id", ""),
            None,
            "PATCH is never REST here"
        );
        assert_eq!(
            op(Method::Post, "/posts/:id", "create"),
            None,
            "create has no id"
        );
    }

    #[test]
    fn a_type_suffix_gives_nullability_and_constraints_give_flags() {
        let f: JField = serde_json::from_value(serde_json::json!({
            "name": "status", "type": "string?", "constraints": ["unique", "@index", "default(\"new\")"]
        }))
        .unwrap();
        let field = super::field(&f, Location::default());
        assert_eq!((field.ty.as_str(), field.flags.nullable), ("string", true));
        assert!(field.flags.unique && field.flags.index && !field.flags.primary);
        assert_eq!(field.default_value.as_deref(), Some("\"new\""));
        let f: JField = serde_json::from_value(serde_json::json!({
            "name": "n", "type": "array<int>!", "nullable": false, "constraints": ["min(1)", "email"]
        }))
        .unwrap();
        let field = super::field(&f, Location::default());
        assert_eq!(
            (field.ty.as_str(), field.flags.nullable),
            ("array<int>", false)
        );
        let kinds: Vec<_> = derived_validations(&[field])
            .into_iter()
            .map(|v| (v.kind, v.value))
            .collect();
        assert_eq!(
            kinds,
            [("min".into(), Some("1".into())), ("email".into(), None)]
        );
    }
}
