//! Routes and operations: the resource's `path` is a route path whose
//! parameters do not collide with the generated ones, custom routes are
//! handled by this resource and do not re-expose a disabled operation, and
//! hooks and constraints only name operations the resource has.

use crate::ast::ResourceDef;
use crate::ctxt::Ctxt;
use conduit_format::{HookKind, Operation};

/// A parameter segment's name and whether it is a catch-all: `:id` and
/// `{id}` are parameters, `*rest` and `{*rest}` catch-alls; `None` for a
/// static segment; an error for a brace that is not closed.
pub(crate) fn param_segment(seg: &str) -> Result<Option<(&str, bool)>, String> {
    if let Some(name) = seg.strip_prefix(':') {
        return Ok(Some((name, false)));
    }
    if let Some(name) = seg.strip_prefix('*') {
        return Ok(Some((name, true)));
    }
    if let Some(inner) = seg.strip_prefix('{') {
        let Some(inner) = inner.strip_suffix('}') else {
            return Err(format!(
                "route segment `{seg}` opens `{{` without closing it; write `{seg}}}` or `:{}`",
                inner.trim_start_matches('*')
            ));
        };
        return Ok(Some(match inner.strip_prefix('*') {
            Some(name) => (name, true),
            None => (inner, false),
        }));
    }
    if seg.contains(['{', '}']) {
        return Err(format!(
            "route segment `{seg}` mixes text and `{{...}}`; a parameter is a whole segment, e.g. `/{{slug}}`"
        ));
    }
    Ok(None)
}

/// Checks a resource's `path` and returns its parameter names: like a
/// route path (`{param}` is `:param`), but without a catch-all (the REST
/// routes append segments after the path).
///
/// ```
/// use conduit_codegen::rules::resource_path;
/// assert_eq!(resource_path("/orgs/:org_id/users").unwrap(), ["org_id"]);
/// assert_eq!(resource_path("/orgs/{org_id}/users").unwrap(), ["org_id"]);
/// assert!(resource_path("/users/").is_err());
/// assert!(resource_path("/files/*rest").is_err());
/// ```
pub fn resource_path(path: &str) -> Result<Vec<String>, String> {
    crate::check::route_path(path)?;
    let path = crate::naming::colon_form(path);
    if let Some(seg) = crate::naming::segments(&path).find(|s| s.starts_with('*')) {
        return Err(format!(
            "a resource path cannot end in a catch-all (`{seg}`): its member routes add segments after it; declare the catch-all with `#[route(...)]`"
        ));
    }
    Ok(crate::naming::params(&path))
}

pub fn check(cx: &Ctxt, def: &ResourceDef) {
    check_path(cx, def);
    check_custom_routes(cx, def);
    check_hook_operations(cx, def);
    check_constraint_operations(cx, def);
    check_nested_under_self(cx, def);
}

/// A parameter of `path` named like one the REST routes add (`:id`, or the
/// parent's `:user_id` when nested) would appear twice in a route, and a
/// request's value would be read for the wrong one.
fn check_path(cx: &Ctxt, def: &ResourceDef) {
    let Some(p) = &def.path else { return };
    if !p.value.starts_with('/') {
        return; // reported when parsed
    }
    let params = match resource_path(&p.value) {
        Ok(params) => params,
        Err(msg) => return cx.error(p.span, format!("invalid `path`: {msg}")),
    };
    let ops = def.operations();
    let member = def.singular.is_none() && ops.iter().any(|o| o.has_id());
    let member_param = def.param();
    let parent = def
        .nested_under
        .as_ref()
        .and_then(|n| n.segments.last())
        .map(|s| {
            crate::naming::nested_param(
                &s.ident.to_string(),
                "id",
                def.nested_param.as_ref().map(|p| p.value.as_str()),
            )
        });
    let path = crate::naming::colon_form(&p.value);
    let segs: Vec<&str> = path.split('/').collect();
    for name in &params {
        let fix = if name == member_param && member {
            // `/users/:id/posts` -> `:user_id`
            let before = segs
                .iter()
                .position(|s| s.strip_prefix(':') == Some(name))
                .and_then(|i| i.checked_sub(1))
                .map(|i| segs[i])
                .filter(|s| !s.is_empty() && !s.starts_with(':'))
                .map(singular)
                .unwrap_or_else(|| "parent".to_owned());
            format!(
                "the member routes add `:{name}` (`{}/:{name}`), so `:{name}` would appear twice and a request's value would be read for the wrong record; rename it after what it identifies, e.g. `:{before}_{name}`",
                path.trim_end_matches('/')
            )
        } else if parent.as_deref() == Some(name.as_str()) {
            format!(
                "`nested_under` adds `:{name}` in front of the nested routes, so it would appear twice; remove the parent from `path` (`nested_under` writes `/<parent path>/:{name}` for you)"
            )
        } else {
            continue;
        };
        cx.error(
            p.span,
            format!("parameter `:{name}` in `path` collides with a generated one: {fix}"),
        );
    }
}

/// `users` -> `user`, `categories` -> `category`.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

/// `handler = "Post.publish"`: the resource declaring the route handles it.
fn check_custom_routes(cx: &Ctxt, def: &ResourceDef) {
    let name = &def.name.value;
    let ops = def.operations();
    for r in &def.routes {
        let Some((owner, action)) = r.handler.split_once('.') else {
            cx.error(
                r.handler_span,
                format!(
                    "`handler = {:?}` needs the form `Resource.action`, e.g. `handler = \"{name}.{}\"`",
                    r.handler,
                    if crate::rules::is_identifier(&r.handler) { r.handler.as_str() } else { "publish" }
                ),
            );
            continue;
        };
        if owner != name {
            let hint = if owner.eq_ignore_ascii_case(name) {
                format!("; did you mean `{name}.{action}`?")
            } else {
                format!(
                    "; a route belongs to the resource that declares it: write `{name}.{action}`, or move the route to `{owner}`"
                )
            };
            cx.error(
                r.handler_span,
                format!(
                    "`handler = {:?}` names resource `{owner}`, but this route is declared on `{name}`{hint}",
                    r.handler
                ),
            );
            continue;
        }
        if !crate::rules::is_identifier(action) {
            cx.error(
                r.handler_span,
                format!(
                    "the action in `handler = {:?}` must be an identifier, e.g. `{name}.publish`",
                    r.handler
                ),
            );
            continue;
        }
        if let Ok(op) = action.parse::<Operation>() {
            if !ops.contains(&op) {
                cx.error(
                    r.handler_span,
                    format!(
                        "`handler = {:?}` re-exposes `{op}`, which `operations(...)` turns off for `{name}`; add `{op}` to `operations(...)`, or name the action differently",
                        r.handler
                    ),
                );
            }
        }
    }
}

/// The operations a hook kind runs for.
fn hook_operations(kind: HookKind) -> &'static [Operation] {
    let s = kind.as_str();
    if s.ends_with("create") {
        &[Operation::Create]
    } else if s.ends_with("update") {
        &[Operation::Update]
    } else if s.ends_with("delete") {
        &[Operation::Delete]
    } else {
        &[Operation::Create, Operation::Update]
    }
}

/// A hook for an operation the resource does not expose would never run.
fn check_hook_operations(cx: &Ctxt, def: &ResourceDef) {
    let ops = def.operations();
    for h in &def.hooks {
        let needs = hook_operations(h.kind);
        if !needs.iter().any(|o| ops.contains(o)) {
            let names: Vec<String> = needs.iter().map(|o| format!("`{o}`")).collect();
            cx.error(
                h.span,
                format!(
                    "hook `{}` never runs: `{}` does not expose {}; add it to `operations(...)` or remove the hook",
                    h.kind.as_str(),
                    def.name.value,
                    names.join(" or ")
                ),
            );
        }
    }
}

/// A constraint is checked on its operations; one the resource lacks means
/// a constraint that never holds anyone to anything.
fn check_constraint_operations(cx: &Ctxt, def: &ResourceDef) {
    let ops = def.operations();
    for c in &def.constraints {
        if c.operation_spans.is_empty() {
            if c.operations.is_empty() {
                cx.error(
                    c.name_span,
                    format!(
                        "constraint `{}` applies to `create` and `update` by default, but `{}` has neither; give it `on(...)` with operations it has, or remove it",
                        c.name, def.name.value
                    ),
                );
            }
            continue;
        }
        for (op, span) in c.operations.iter().zip(&c.operation_spans) {
            if !ops.contains(op) {
                cx.error(
                    *span,
                    format!(
                        "constraint `{}` is checked on `{op}`, but `{}` does not expose that operation; add it to `operations(...)` or remove it from `on(...)`",
                        c.name, def.name.value
                    ),
                );
            }
        }
    }
}

/// `nested_under = Self` would make every route its own parent.
fn check_nested_under_self(cx: &Ctxt, def: &ResourceDef) {
    let Some(n) = &def.nested_under else { return };
    if n.is_ident("Self") || n.is_ident(&def.ident) {
        cx.error(
            syn::spanned::Spanned::span(n),
            format!(
                "`{}` cannot be nested under itself; name its parent resource, e.g. `nested_under = User`",
                def.ident
            ),
        );
    }
}
