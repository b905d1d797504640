//! The shape of the generated routes: `param` names a field, a singular
//! resource has neither a list nor a parameter, `list_query` needs `list`,
//! and actions neither take a REST operation's name nor share a route.

use crate::ast::ResourceDef;
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use conduit_format::{ActionKind, Operation};
use std::collections::BTreeMap;

pub fn check(cx: &Ctxt, def: &ResourceDef) {
    check_param_field(cx, def);
    check_singular(cx, def);
    check_list_query(cx, def);
    check_action_names(cx, def);
    check_action_routes(cx, def);
    for q in def
        .list_query
        .iter()
        .chain(def.actions.iter().flat_map(|a| &a.query))
    {
        super::fields::check_query_default(cx, q);
    }
}

/// `param = "slug"` says which field a member route's value is looked up
/// by: a name that is no field would address nothing.
fn check_param_field(cx: &Ctxt, def: &ResourceDef) {
    let Some(p) = &def.param else { return };
    if def.kept_fields().any(|f| f.name == p.value) {
        return;
    }
    let names: Vec<&str> = def.kept_fields().map(|f| f.name.as_str()).collect();
    let hint = did_you_mean(&p.value, names.iter().copied());
    let hint = if hint.is_empty() {
        format!(
            "; it names the field member routes look records up by, one of {}",
            crate::attr::values::list(&names)
        )
    } else {
        hint
    };
    cx.error(
        p.span,
        format!(
            "`param = {:?}` names no field of `{}`{hint}",
            p.value, def.name.value
        ),
    );
}

/// A singular resource (`/user`, the current user) is one record: there
/// is nothing to list and no parameter to pick it by.
fn check_singular(cx: &Ctxt, def: &ResourceDef) {
    let Some(_) = def.singular else { return };
    if let Some(list) = def
        .operations
        .iter()
        .flatten()
        .find(|o| o.value == Operation::List)
    {
        cx.error(
            list.span,
            format!(
                "`{}` is `singular`: it has no collection to `list`; remove `list` from `operations(...)`",
                def.name.value
            ),
        );
    }
    if let Some(p) = &def.param {
        cx.error(
            p.span,
            "a `singular` resource's routes have no parameter (`GET /user`); remove `param`",
        );
    }
}

/// Query parameters of `list` mean nothing without a `list` route.
fn check_list_query(cx: &Ctxt, def: &ResourceDef) {
    let Some(first) = def.list_query.first() else {
        return;
    };
    if !def.operations().contains(&Operation::List) {
        cx.error(
            first.span,
            format!(
                "`list_query(...)` describes the `list` route, but `{}` does not expose `list`; add it to `operations(...)` or give the parameters to an `#[action(..., query(...))]`",
                def.name.value
            ),
        );
    }
}

/// An action is an operation of its own: its handler `Resource.name` must
/// be neither a REST operation's nor another action's or custom route's.
fn check_action_names(cx: &Ctxt, def: &ResourceDef) {
    let name = &def.name.value;
    let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
    for a in &def.actions {
        let n = a.name.value.as_str();
        if let Ok(op) = n.parse::<Operation>() {
            cx.error(
                a.name.span,
                format!(
                    "action `{n}` collides with the REST operation `{op}` (handler `{name}.{op}`); name the action after what it does, e.g. `publish`, and keep `{op}` in `operations(...)`"
                ),
            );
        } else if seen.insert(n, ()).is_some() {
            cx.error(
                a.name.span,
                format!("action `{n}` is declared twice on `{name}`; give one another name"),
            );
        } else if let Some(r) = def
            .routes
            .iter()
            .find(|r| r.handler.split_once('.').map(|(_, act)| act) == Some(n))
        {
            cx.error(
                r.handler_span,
                format!(
                    "`handler = {:?}` is also the handler of `#[action(..., {n}, ...)]`; remove the `#[route]` (the action makes the route) or rename one",
                    r.handler
                ),
            );
        }
    }
}

/// Two actions with one method and one path: only one could be served.
fn check_action_routes(cx: &Ctxt, def: &ResourceDef) {
    let singular = def.singular.is_some();
    let mut seen: BTreeMap<(String, bool, &str), &str> = BTreeMap::new();
    for a in &def.actions {
        // On a singular resource, member and collection actions share a path.
        let member = !singular && a.kind == ActionKind::Member;
        let key = (a.method.as_str().to_owned(), member, a.segment());
        if let Some(first) = seen.insert(key, &a.name.value) {
            let at = if member {
                format!("/:{}/", def.param())
            } else {
                "/".to_owned()
            };
            cx.error(
                a.segment.as_ref().map_or(a.name.span, |s| s.span),
                format!(
                    "actions `{first}` and `{}` are both `{} {}{at}{}`; give one another method or `segment = \"...\"`",
                    a.name.value,
                    a.method,
                    def.path(),
                    a.segment()
                ),
            );
        }
    }
}
