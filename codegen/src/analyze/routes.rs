//! REST, action and custom routes, their indexes, the matcher that
//! matches requests, and the conflicts that make two routes match one request.

use crate::naming::{nested_param, template_form};
use conduit_format::hash::WordMap;
use conduit_format::matcher;
use conduit_format::schema::{Location, QueryParam, Resource, RouteSpan, Schema};
use conduit_format::tables::{Group, Route, Routes};
use conduit_format::{ActionKind, Method, Operation, RouteKind};
use std::collections::BTreeMap;

/// Two routes (indexes into `Routes::all`) that match the same requests.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The route declared first.
    pub first: Route,
    /// The route that collides with it.
    pub second: Route,
}

pub use crate::naming::params;
use crate::naming::segments;

/// What a request must look like to hit `path`: parameters become `:`.
fn shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len() + 1);
    shape.push('/');
    for (k, s) in segments(path).enumerate() {
        if k > 0 {
            shape.push('/');
        }
        shape.push_str(if s.starts_with(':') {
            ":"
        } else if s.starts_with('*') {
            "*"
        } else {
            s
        });
    }
    shape
}

/// What one generated route is made of, before the mount prefix.
struct Spec<'a> {
    method: Method,
    path: String,
    handler: String,
    kind: RouteKind,
    origin: usize,
    operation: &'a str,
    middleware: &'a [String],
    query: &'a [QueryParam],
    location: Location,
}

fn route(prefix: &str, resource: usize, s: Spec) -> Route {
    let path = mount(prefix, &s.path);
    Route {
        method: s.method,
        params: params(&path),
        template: template_form(&path),
        path,
        handler: s.handler,
        kind: s.kind,
        origin: s.origin as u32,
        resource: resource as u32,
        operation: s.operation.to_owned(),
        middleware: s.middleware.to_vec(),
        query: s.query.to_vec(),
        location: s.location,
    }
}

/// `prefix` in front of `path` (`/api` + `/` is `/api`).
fn mount(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path) {
        (true, _) => path.to_owned(),
        (false, "/") => prefix.to_owned(),
        (false, _) => format!("{prefix}{path}"),
    }
}

/// The member routes' parameter of `res`.
fn member_param(res: &Resource) -> &str {
    if res.api.param.is_empty() {
        "id"
    } else {
        &res.api.param
    }
}

/// `base` + `/` + `tail`, without doubling the `/`.
fn join(base: &str, tail: &str) -> String {
    format!("{}/{tail}", base.trim_end_matches('/'))
}

/// Where a resource's routes hang: its own path (unless `nested_under(..,
/// only)`), then below its parent's member path.
fn bases(res: &Resource, parent: Option<&Resource>) -> Vec<String> {
    let mut bases = Vec::new();
    if parent.is_none() || !res.api.nested_only {
        bases.push(res.path.clone());
    }
    if let Some(parent) = parent {
        let at = if parent.api.singular {
            parent.path.trim_end_matches('/').to_owned()
        } else {
            join(
                &parent.path,
                &format!(
                    ":{}",
                    nested_param(
                        &parent.name,
                        member_param(parent),
                        res.api.nested_param.as_deref()
                    )
                ),
            )
        };
        bases.push(format!("{at}{}", res.path));
    }
    bases
}

/// The routes of one resource: REST operations (top level, then nested),
/// actions (likewise), custom routes.
fn resource_routes(
    i: usize,
    res: &Resource,
    parent: Option<&Resource>,
    prefix: &str,
) -> Vec<Route> {
    let mut out = Vec::new();
    let member = |base: &str| {
        if res.api.singular {
            base.to_owned()
        } else {
            join(base, &format!(":{}", member_param(res)))
        }
    };
    let bases = bases(res, parent);
    for base in &bases {
        for op in Operation::ALL
            .iter()
            .filter(|op| res.operations.contains(op))
        {
            let chain = res.middleware.iter().find(|m| m.operation == *op);
            out.push(route(
                prefix,
                i,
                Spec {
                    method: op.method(),
                    path: if op.has_id() {
                        member(base)
                    } else {
                        base.clone()
                    },
                    handler: format!("{}.{}", res.name, op.as_str()),
                    kind: RouteKind::Rest,
                    origin: op.index(),
                    operation: op.as_str(),
                    middleware: chain.map_or(&[], |m| &m.chain),
                    query: if *op == Operation::List {
                        &res.api.list_query
                    } else {
                        &[]
                    },
                    location: res.location,
                },
            ));
        }
    }
    for base in &bases {
        for (k, a) in res.api.actions.iter().enumerate() {
            let at = match a.kind {
                ActionKind::Member => member(base),
                ActionKind::Collection => base.clone(),
            };
            out.push(route(
                prefix,
                i,
                Spec {
                    method: a.method,
                    path: join(&at, &a.segment),
                    handler: format!("{}.{}", res.name, a.name),
                    kind: RouteKind::Action,
                    origin: k,
                    operation: &a.name,
                    middleware: &a.middleware,
                    query: &a.query,
                    location: a.location,
                },
            ));
        }
    }
    for (k, c) in res.custom_routes.iter().enumerate() {
        out.push(route(
            prefix,
            i,
            Spec {
                method: c.method,
                path: c.path.clone(),
                handler: c.handler.clone(),
                kind: RouteKind::Custom,
                origin: k,
                operation: c.handler.rsplit('.').next().unwrap_or(&c.handler),
                middleware: &c.middleware,
                query: &[],
                location: c.location,
            },
        ));
    }
    out
}

/// Why the routes of a schema cannot be served.
#[derive(Clone, Debug, PartialEq)]
pub enum RouteError {
    /// Pairs of routes that match the same requests.
    Conflicts(Vec<Conflict>),
    /// The route patterns overlap too irregularly for the matcher (see
    /// [`conduit_format::matcher::TooManyStates`]); `route` is the first
    /// that does not fit.
    TooIrregular {
        /// The first route that does not fit.
        route: Box<Route>,
        /// The most states the matcher may have.
        limit: usize,
    },
}

/// Generates every route, the indexes and the matcher; fails on conflicts.
pub fn build(schema: &mut Schema) -> Result<(), RouteError> {
    let computed = compute(schema)?;
    store(schema, computed);
    Ok(())
}

/// Stores what [`compute`] gave: the routes, and each resource's span.
pub fn store(schema: &mut Schema, (routes, spans): (Routes, Vec<RouteSpan>)) {
    for (res, span) in schema.resources.iter_mut().zip(spans) {
        res.routes = span;
    }
    schema.routes = routes;
}

/// The routes of `schema` and each resource's [`RouteSpan`] (in resource
/// order), as [`build`] stores them; fails on conflicts.
pub fn compute(schema: &Schema) -> Result<(Routes, Vec<RouteSpan>), RouteError> {
    let by_name: BTreeMap<&str, usize> = schema
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let mut all: Vec<Route> = Vec::new();
    let mut ranges = Vec::with_capacity(schema.resources.len());
    for (i, res) in schema.resources.iter().enumerate() {
        let start = all.len();
        let parent = res
            .nested_under
            .as_deref()
            .and_then(|p| by_name.get(p))
            .map(|&p| &schema.resources[p]);
        all.extend(resource_routes(i, res, parent, &schema.path_prefix));
        ranges.push((start, all.len() - start));
    }
    let conflicts = conflicts(&all);
    if !conflicts.is_empty() {
        return Err(RouteError::Conflicts(conflicts));
    }
    let mut by_resource_method = Vec::with_capacity(all.len());
    let mut spans = Vec::with_capacity(ranges.len());
    for &(start, len) in &ranges {
        // The routes of a resource are contiguous in `all`, so their
        // regrouping by method starts at the same position.
        debug_assert_eq!(by_resource_method.len(), start);
        let mut span = RouteSpan {
            start: start as u32,
            ..RouteSpan::default()
        };
        for (m, method) in Method::ALL.iter().enumerate() {
            by_resource_method.extend(
                (start..start + len)
                    .filter(|&i| all[i].method == *method)
                    .map(|i| i as u32),
            );
            span.ends[m] = (by_resource_method.len() - start) as u32;
        }
        spans.push(span);
    }
    let by_method = Method::ALL
        .iter()
        .map(|m| {
            all.iter()
                .enumerate()
                .filter(|(_, r)| r.method == *m)
                .map(|(i, _)| i as u32)
                .collect()
        })
        .collect();
    let mut by_path: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, r) in all.iter().enumerate() {
        by_path.entry(&r.path).or_default().push(i as u32);
    }
    let by_path = by_path
        .into_iter()
        .map(|(k, items)| Group {
            key: k.to_owned(),
            items,
        })
        .collect();
    let patterns: Vec<(&str, Method)> = all.iter().map(|r| (r.path.as_str(), r.method)).collect();
    let matcher = matcher::build(&patterns).map_err(|e| RouteError::TooIrregular {
        route: Box::new(all[e.fitting].clone()),
        limit: e.limit,
    })?;
    let max_params = all.iter().map(|r| r.params.len() as u32).max().unwrap_or(0);
    let routes = Routes {
        by_method,
        by_resource_method,
        by_path,
        matcher,
        max_params,
        all,
    };
    Ok((routes, spans))
}

/// Routes with one method and one shape: the second could never be reached.
fn conflicts(all: &[Route]) -> Vec<Conflict> {
    use std::collections::hash_map::Entry;
    let mut seen: WordMap<(Method, String), usize> = WordMap::default();
    let mut out = Vec::new();
    for (i, r) in all.iter().enumerate() {
        match seen.entry((r.method, shape(&r.path))) {
            Entry::Occupied(first) => out.push(Conflict {
                first: all[*first.get()].clone(),
                second: r.clone(),
            }),
            Entry::Vacant(place) => {
                place.insert(i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_parameter_names() {
        assert_eq!(shape("/posts/:id"), shape("/posts/:slug"));
        assert_ne!(shape("/posts/:id"), shape("/posts/new"));
        assert_eq!(shape("/"), "/");
        assert_eq!(shape("/files/*rest"), "/files/*");
        assert_eq!(shape("/api/users/:id/posts"), "/api/users/:/posts");
        assert_eq!(params("/users/:user_id/posts/:id"), ["user_id", "id"]);
    }
}
