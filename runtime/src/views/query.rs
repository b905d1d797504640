//! [`QueryParamRef`]: a typed query-string parameter of a `list` route or
//! an action.

use super::view;
use conduit_format::schema::ArchivedQueryParam;
use core::fmt;

view! {
    /// A query-string parameter a route reads, declared with
    /// `#[resource(list_query(...))]` or `#[action(..., query(...))]`.
    /// Every query parameter may be left out of a request: the handler then
    /// uses [`default_value`](Self::default_value), or does without
    /// (`tag: String` filters nothing when absent). `match_route` ignores
    /// the query string.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let list = REGISTRY.routes_by_path("/posts").next().unwrap();
    /// assert_eq!(list.query_params().len(), 0);
    /// ```
    pub struct QueryParamRef => ArchivedQueryParam;
    location:
    /// Where the parameter is declared.
}

impl<'a> QueryParamRef<'a> {
    /// The name, e.g. `limit`.
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// The normalized type (`string`, `int`, `bool`, …), as for fields.
    #[inline]
    pub fn ty(self) -> &'a str {
        self.schema.str(self.raw.ty)
    }

    /// The Rust type as written, e.g. `u32` or `Option<String>`.
    #[inline]
    pub fn rust_type(self) -> &'a str {
        self.schema.str(self.raw.rust_type)
    }

    /// The default, as source text (`20`, `"new"`), if one is declared.
    #[inline]
    pub fn default_value(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.default_value)
    }

    /// Whether a request must give the parameter: never, in this grammar
    /// (query parameters are optional; absent ones take their default).
    /// Kept so exporters (OpenAPI's `required`) need not hard-code it.
    #[inline]
    pub fn required(self) -> bool {
        false
    }
}

impl fmt::Debug for QueryParamRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueryParamRef({}: {}", self.name(), self.rust_type())?;
        if let Some(d) = self.default_value() {
            write!(f, " = {d}")?;
        }
        f.write_str(")")
    }
}
