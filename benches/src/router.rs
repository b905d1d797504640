//! `matchit`, the router a Rust developer would reach for, built at
//! start-up from the metadata's routes (one router per method).

use crate::idiomatic::{Metadata, Method};

/// One `matchit::Router` per HTTP method, mapping to route indexes.
pub struct MatchitRouter {
    routers: [matchit::Router<usize>; Method::COUNT],
}

impl MatchitRouter {
    /// Inserts every route of `meta` (`:name` parameters become `{name}`).
    ///
    /// # Errors
    ///
    /// If `matchit` refuses a route (a conflict).
    pub fn new(meta: &Metadata) -> Result<Self, matchit::InsertError> {
        let mut routers: [matchit::Router<usize>; Method::COUNT] = Default::default();
        for (i, r) in meta.routes.iter().enumerate() {
            let Some(m) = Method::parse(&r.method) else {
                continue;
            };
            let path: Vec<String> = r
                .path
                .split('/')
                .map(|s| match s.strip_prefix(':') {
                    Some(p) => format!("{{{p}}}"),
                    None => s.to_owned(),
                })
                .collect();
            routers[m as usize].insert(path.join("/"), i)?;
        }
        Ok(MatchitRouter { routers })
    }

    /// Inserts every route of a compiled registry (its `{param}` templates,
    /// mount prefix included): the same routes `registry.match_route` knows.
    ///
    /// # Errors
    ///
    /// If `matchit` refuses a route (a conflict).
    pub fn from_registry(registry: &conduit::Registry<'_>) -> Result<Self, matchit::InsertError> {
        let mut routers: [matchit::Router<usize>; Method::COUNT] = Default::default();
        for (i, r) in registry.routes().enumerate() {
            if let Some(m) = Method::parse(r.method().as_str()) {
                routers[m as usize].insert(r.path_template(), i)?;
            }
        }
        Ok(MatchitRouter { routers })
    }

    /// The index of the route `path` hits, with its parameters.
    pub fn at<'m, 'p>(
        &'m self,
        m: Method,
        path: &'p str,
    ) -> Option<matchit::Match<'m, 'p, &'m usize>> {
        self.routers[m as usize].at(path).ok()
    }
}
