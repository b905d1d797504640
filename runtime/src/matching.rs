//! Route matching: a concrete request path against the segment trie the build
//! step compiled. Static segments win over parameters (with backtracking), a
//! path with extra or missing segments does not match, and parameters are
//! borrowed from the request path — nothing is allocated.

use crate::iter::View;
use crate::{Method, RouteRef};
use conduit_format::schema::ArchivedSchema;
use conduit_format::tables::{ArchivedTrieNode, NONE};
use core::fmt;

/// The most parameters a route may have (the build step enforces it).
pub const MAX_PARAMS: usize = conduit_format::tables::MAX_ROUTE_PARAMS;

/// The route a request hits and the values of its parameters.
///
/// ```
/// use conduit::Method;
/// # conduit::__doc_registry!();
/// let m = REGISTRY.match_route(Method::Get, "/posts/42").unwrap();
/// assert_eq!(m.route().handler(), "Post.show");
/// assert_eq!(m.param("id"), Some("42"));
/// assert_eq!(m.params().collect::<Vec<_>>(), [("id", "42")]);
/// ```
#[derive(Clone, Copy)]
pub struct RouteMatch<'a, 'p> {
    route: RouteRef<'a>,
    names: &'a [rkyv::string::ArchivedString],
    values: [&'p str; MAX_PARAMS],
    len: usize,
}

impl<'a, 'p> RouteMatch<'a, 'p> {
    /// The matched route.
    pub fn route(&self) -> RouteRef<'a> {
        self.route
    }

    /// `(name, value)` for each parameter, in path order; values borrow the
    /// request path.
    pub fn params(&self) -> impl ExactSizeIterator<Item = (&'a str, &'p str)> + '_ {
        self.names
            .iter()
            .zip(&self.values[..self.len])
            .map(|(n, v)| (n.as_str(), *v))
    }

    /// The value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&'p str> {
        self.params().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl fmt::Debug for RouteMatch<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteMatch")
            .field("route", &self.route)
            .field("params", &self.params().collect::<Vec<_>>())
            .finish()
    }
}

/// Finds the route for `method` and `path` (query string and fragment ignored).
pub(crate) fn find<'a, 'p>(
    schema: &'a ArchivedSchema,
    method: Method,
    path: &'p str,
) -> Option<RouteMatch<'a, 'p>> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let rest = path.strip_prefix('/')?;
    let trie = &schema.routes.trie;
    let mut values = [""; MAX_PARAMS];
    let (id, len) = walk(trie, trie.first()?, rest, method.index(), &mut values, 0)?;
    let raw = schema.routes.all.get(id as usize)?;
    let route = RouteRef::from_raw(schema, raw);
    let names = raw.params.as_slice();
    (names.len() == len).then_some(RouteMatch {
        route,
        names,
        values,
        len,
    })
}

/// Depth-first over the trie: the static child first, then the parameter
/// child. Recursion depth is bounded by the trie's depth, not the request.
fn walk<'p>(
    trie: &[ArchivedTrieNode],
    node: &ArchivedTrieNode,
    rest: &'p str,
    method: usize,
    values: &mut [&'p str; MAX_PARAMS],
    n: usize,
) -> Option<(u32, usize)> {
    if rest.is_empty() {
        let id = node.routes.get(method)?.to_native();
        return (id != NONE).then_some((id, n));
    }
    let (segment, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    if segment.is_empty() || (tail.is_empty() && rest.ends_with('/')) {
        return None;
    }
    let statics = node.statics.as_slice();
    if let Ok(i) = statics.binary_search_by(|e| e.segment.as_str().cmp(segment)) {
        let child = statics
            .get(i)
            .and_then(|e| trie.get(e.node.to_native() as usize));
        if let Some(found) = child.and_then(|c| walk(trie, c, tail, method, values, n)) {
            return Some(found);
        }
    }
    let param = node.param.to_native();
    if param != NONE && n < MAX_PARAMS {
        let child = trie.get(param as usize)?;
        values[n] = segment;
        return walk(trie, child, tail, method, values, n + 1);
    }
    None
}
