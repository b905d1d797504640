//! Route matching: a concrete request path against the matcher the build
//! step compiled. Static segments win over parameters, parameters over
//! catch-alls, a path with extra or missing segments does not match, and
//! parameters are read on demand from the route's pattern and the request
//! path — nothing is allocated or copied.

use crate::iter::View;
use crate::{Method, RouteRef};
use conduit_format::matcher;
use conduit_format::schema::ArchivedSchema;
use core::fmt;

/// The most parameters a route may have (the build step enforces it).
pub const MAX_PARAMS: usize = conduit_format::tables::MAX_ROUTE_PARAMS;

/// The route a request hits and the values of its parameters.
///
/// Two references (32 bytes): the parameters are read on demand by walking
/// the route's pattern against the request path, borrowing from both.
/// Matching only finds the route; the query string and fragment are cut
/// off when the parameters are read.
///
/// ```
/// use conduit::Method;
/// # use conduit_testkit::REGISTRY;
/// let m = REGISTRY.match_route(Method::Get, "/posts/42").unwrap();
/// assert_eq!(m.route().handler(), "Post.show");
/// assert_eq!(m.param("id"), Some("42"));
/// assert_eq!(m.params().collect::<Vec<_>>(), [("id", "42")]);
/// ```
#[derive(Clone, Copy)]
pub struct RouteMatch<'a, 'p> {
    route: RouteRef<'a>,
    /// The request path, as given (it starts with `/`).
    path: &'p str,
}

impl<'a, 'p> RouteMatch<'a, 'p> {
    /// The matched route.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let m = REGISTRY.match_route(Method::Post, "/posts/9/publish?draft=1").unwrap();
    /// assert_eq!(m.route().path(), "/posts/:id/publish");
    /// ```
    pub fn route(&self) -> RouteRef<'a> {
        self.route
    }

    /// `(name, value)` for each parameter, in path order; names borrow the
    /// registry, values the request path.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let m = REGISTRY.match_route(Method::Get, "/users/5/posts/8").unwrap();
    /// assert_eq!(m.params().collect::<Vec<_>>(), [("user_id", "5"), ("id", "8")]);
    /// ```
    pub fn params(&self) -> Params<'a, 'p> {
        // Without the leading `/`, the query string and the fragment.
        let end = self.path.find(['?', '#']).unwrap_or(self.path.len());
        Params {
            pattern: self.route.path().split('/'),
            path: self.path.get(1..end),
        }
    }

    /// The value of parameter `name`.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let m = REGISTRY.match_route(Method::Get, "/posts/42").unwrap();
    /// assert_eq!((m.param("id"), m.param("slug")), (Some("42"), None));
    /// ```
    pub fn param(&self, name: &str) -> Option<&'p str> {
        self.params().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl fmt::Debug for RouteMatch<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteMatch")
            .field("route", &self.route)
            .field("params", &self.params())
            .finish()
    }
}

/// The parameters of a [`RouteMatch`]: `(name, value)` pairs, in path order.
///
/// ```
/// use conduit::Method;
/// # use conduit_testkit::REGISTRY;
/// let m = REGISTRY.match_route(Method::Get, "/posts/42").unwrap();
/// let mut params = m.params();
/// assert_eq!(params.next(), Some(("id", "42")));
/// assert_eq!(params.next(), None);
/// ```
#[derive(Clone)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Params<'a, 'p> {
    /// The route's pattern segments (the leading empty one included, like
    /// the empty segments of `//`, which the matcher never matches).
    pattern: core::str::Split<'a, char>,
    /// The request's segments not read yet (`None` once all are).
    path: Option<&'p str>,
}

impl<'a, 'p> Iterator for Params<'a, 'p> {
    type Item = (&'a str, &'p str);

    fn next(&mut self) -> Option<(&'a str, &'p str)> {
        loop {
            let segment = self.pattern.next()?;
            if segment.is_empty() {
                continue; // the pattern's leading `/`
            }
            if let Some(name) = segment.strip_prefix('*') {
                // A catch-all takes the rest of the path, `/`s included.
                return Some((name, self.path.take()?));
            }
            let rest = self.path?;
            let (value, tail) = match rest.split_once('/') {
                Some((value, tail)) => (value, Some(tail)),
                None => (rest, None),
            };
            self.path = tail;
            if let Some(name) = segment.strip_prefix(':') {
                return Some((name, value));
            }
        }
    }
}

impl core::iter::FusedIterator for Params<'_, '_> {}

impl fmt::Debug for Params<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Finds the route for `method` and `path` (query string and fragment
/// ignored) with the matcher the build step compiled
/// ([`conduit_format::matcher`]).
#[inline]
pub(crate) fn find<'a, 'p>(
    schema: &'a ArchivedSchema,
    method: Method,
    path: &'p str,
) -> Option<RouteMatch<'a, 'p>> {
    let (id, _end) = matcher::find(&schema.routes.matcher, method.index(), path)?;
    let raw = schema.routes.all.get(id as usize)?;
    Some(RouteMatch {
        route: RouteRef::from_raw(schema, raw),
        path,
    })
}
