//! Routes: filtered lists, and the route a concrete request path hits.

use super::{AnswerError, Bounded, ErrorKind, find, invalid, unknown};
use conduit::{Method, Registry, RouteRef};
use serde::Serialize;
use std::collections::BTreeMap;

/// A route.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RouteLine {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path pattern, e.g. `/posts/:id`.
    pub path: String,
    /// The handler, e.g. `Post.show`.
    pub handler: String,
    /// The resource it belongs to.
    pub resource: String,
    /// What it does: a REST operation (`list`, `show`, …) or a custom action.
    pub action: String,
    /// Whether it was declared with `#[route(...)]`.
    pub custom: bool,
    /// Its middleware, in the order it runs.
    pub middleware: Vec<String>,
    /// The names of its parameters.
    pub params: Vec<String>,
    /// For a path match: each parameter's value in the request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<BTreeMap<String, String>>,
}

impl RouteLine {
    /// The line of `route`.
    pub fn of(route: RouteRef<'_>) -> Self {
        RouteLine {
            method: route.method().as_str().to_owned(),
            path: route.path().to_owned(),
            handler: route.handler().to_owned(),
            resource: route.resource().to_owned(),
            action: route.action().to_owned(),
            custom: route.is_custom(),
            middleware: route.middleware().map(str::to_owned).collect(),
            params: route.params().map(str::to_owned).collect(),
            matched: None,
        }
    }
}

/// Which routes: every filter that is set must hold.
///
/// ```
/// use conduit_axum::answers::RouteQuery;
/// let q = RouteQuery { method: Some("get".into()), resource: Some("Post".into()), ..RouteQuery::default() };
/// # let registry = &conduit_testkit::REGISTRY;
/// assert_eq!(conduit_axum::answers::routes(registry, &q)?.total, 4); // plain and nested under User
/// # Ok::<(), conduit_axum::answers::AnswerError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteQuery {
    /// An HTTP method, in any case.
    pub method: Option<String>,
    /// A resource name.
    pub resource: Option<String>,
    /// A middleware name: `auth` matches `auth` and `auth(admin)`.
    pub middleware: Option<String>,
    /// A concrete request path (`/posts/42`): the routes it hits, one per
    /// method (or only `method`'s), with their parameters' values.
    pub path: Option<String>,
}

/// The routes `query` selects, at most [`super::MAX_ITEMS`].
///
/// # Errors
///
/// An unknown method (bad request), resource or middleware (not found, with
/// a suggestion), a path that does not start with `/` (bad request), or a
/// path that no route matches (not found).
///
/// ```
/// use conduit_axum::answers::{self, RouteQuery};
/// # let registry = &conduit_testkit::REGISTRY;
/// let hits = answers::routes(registry, &RouteQuery { path: Some("/posts/42".into()), ..RouteQuery::default() })?;
/// let handlers: Vec<&str> = hits.items.iter().map(|r| r.handler.as_str()).collect();
/// assert_eq!(handlers, ["Post.show", "Post.update", "Post.delete"]);
/// assert_eq!(hits.items[0].matched.as_ref().unwrap()["id"], "42");
/// # Ok::<(), answers::AnswerError>(())
/// ```
pub fn routes(
    registry: &Registry<'_>,
    query: &RouteQuery,
) -> Result<Bounded<RouteLine>, AnswerError> {
    let method = query.method.as_deref().map(parse_method).transpose()?;
    let resource = query
        .resource
        .as_deref()
        .map(|n| find(registry, n))
        .transpose()?
        .map(|r| r.name());
    let middleware = query.middleware.as_deref();
    if let Some(m) = middleware {
        let known = middleware_names(registry);
        if !known.contains(&m) {
            return Err(unknown("middleware", m, known.iter().copied()));
        }
    }
    let keep = |route: &RouteRef<'_>| {
        method.is_none_or(|m| route.method() == m)
            && resource.is_none_or(|r| route.resource() == r)
            && middleware.is_none_or(|m| route.middleware().any(|x| middleware_name(x) == m))
    };
    let Some(path) = query.path.as_deref() else {
        return Ok(Bounded::collect(
            registry.routes().filter(keep).map(RouteLine::of),
        ));
    };
    if !path.starts_with('/') {
        return Err(AnswerError::new(
            ErrorKind::BadRequest,
            format!("a request path starts with `/`: `{path}`"),
        ));
    }
    let one = method.map(|m| [m]);
    let methods: &[Method] = one.as_ref().map_or(Method::ALL, |m| &m[..]);
    let hits: Vec<RouteLine> = methods
        .iter()
        .filter_map(|m| registry.match_route(*m, path))
        .filter(|hit| keep(&hit.route()))
        .map(|hit| RouteLine {
            matched: Some(
                hit.params()
                    .map(|(n, v)| (n.to_owned(), v.to_owned()))
                    .collect(),
            ),
            ..RouteLine::of(hit.route())
        })
        .collect();
    if hits.is_empty() {
        let m = method.map_or("any method", Method::as_str);
        return Err(AnswerError::new(
            ErrorKind::NotFound,
            format!("no route matches `{path}` ({m})"),
        ));
    }
    Ok(Bounded::collect(hits.into_iter()))
}

/// An HTTP method in any case, or a bad request with a suggestion.
pub(crate) fn parse_method(text: &str) -> Result<Method, AnswerError> {
    Method::parse_ignore_case(text)
        .ok_or_else(|| invalid("HTTP method", text, Method::ALL.iter().map(|m| m.as_str())))
}

/// `rate_limit(5/hour)` → `rate_limit`.
fn middleware_name(m: &str) -> &str {
    m.split('(').next().unwrap_or(m).trim()
}

/// Every middleware name used by a route, sorted, once each.
fn middleware_names<'a>(registry: &Registry<'a>) -> Vec<&'a str> {
    let mut names: Vec<&str> = registry
        .routes()
        .flat_map(|r| r.middleware())
        .map(middleware_name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use conduit_testkit::REGISTRY;

    fn q(f: impl FnOnce(&mut RouteQuery)) -> RouteQuery {
        let mut q = RouteQuery::default();
        f(&mut q);
        q
    }

    #[test]
    fn filters_combine() {
        let all = routes(&REGISTRY, &RouteQuery::default()).unwrap();
        assert_eq!(all.total, REGISTRY.routes().len());
        let auth = routes(&REGISTRY, &q(|q| q.middleware = Some("auth".into()))).unwrap();
        assert!(auth.total > 0 && auth.total < all.total);
        assert!(
            auth.items
                .iter()
                .all(|r| r.middleware.iter().any(|m| m == "auth"))
        );
        let limited = routes(&REGISTRY, &q(|q| q.middleware = Some("rate_limit".into()))).unwrap();
        assert!(
            limited
                .items
                .iter()
                .all(|r| r.middleware.iter().any(|m| m.starts_with("rate_limit(")))
        );
        let gets = routes(&REGISTRY, &q(|q| q.method = Some("get".into()))).unwrap();
        assert!(gets.items.iter().all(|r| r.method == "GET"));
    }

    #[test]
    fn a_path_match_gives_each_methods_route_and_its_values() {
        let hit = routes(
            &REGISTRY,
            &q(|q| {
                q.path = Some("/users/5/posts/8".into());
                q.method = Some("GET".into());
            }),
        )
        .unwrap();
        assert_eq!(hit.items.len(), 1);
        let matched = hit.items[0].matched.as_ref().unwrap();
        assert_eq!(
            (matched["user_id"].as_str(), matched["id"].as_str()),
            ("5", "8")
        );
    }

    #[test]
    fn mistakes_are_errors_with_suggestions() {
        let e = routes(&REGISTRY, &q(|q| q.method = Some("GETT".into()))).unwrap_err();
        assert_eq!(
            (e.kind(), e.message()),
            (
                ErrorKind::BadRequest,
                "unknown HTTP method `GETT`; did you mean `GET`?"
            )
        );
        let e = routes(&REGISTRY, &q(|q| q.resource = Some("Usr".into()))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(e.message().ends_with("did you mean `User`?"), "{e}");
        let e = routes(&REGISTRY, &q(|q| q.middleware = Some("auht".into()))).unwrap_err();
        assert!(e.message().ends_with("did you mean `auth`?"), "{e}");
        let e = routes(&REGISTRY, &q(|q| q.path = Some("posts/1".into()))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadRequest);
        let e = routes(&REGISTRY, &q(|q| q.path = Some("/nowhere".into()))).unwrap_err();
        assert_eq!(
            (e.kind(), e.message()),
            (
                ErrorKind::NotFound,
                "no route matches `/nowhere` (any method)"
            )
        );
    }
}
