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

    /// The index of the route `path` hits, with its parameters.
    pub fn at<'m, 'p>(
        &'m self,
        m: Method,
        path: &'p str,
    ) -> Option<matchit::Match<'m, 'p, &'m usize>> {
        self.routers[m as usize].at(path).ok()
    }
}
