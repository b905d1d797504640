//! [`CustomRouteRef`]: a route declared with `#[route(...)]`.

use super::view;
use crate::Method;
use crate::iter::Strs;
use conduit_format::schema::ArchivedCustomRoute;
use core::fmt;

view! {
    /// A route declared on a resource with `#[route(...)]`.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert_eq!(format!("{route:?}"), r#"CustomRouteRef(Post, "/posts/:id/publish")"#);
    /// ```
    pub struct CustomRouteRef => ArchivedCustomRoute;
    location:
    /// Where the route is declared.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert_eq!(route.location().line(), 3);
    /// ```
}

impl<'a> CustomRouteRef<'a> {
    /// The HTTP method.
    ///
    /// ```
    /// use conduit::Method;
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert_eq!(route.method(), Method::Post);
    /// ```
    #[inline]
    pub fn method(self) -> Method {
        Method::from(&self.raw.method)
    }

    /// The path pattern, e.g. `/posts/:id/publish`.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert_eq!(route.path(), "/posts/:id/publish");
    /// ```
    #[inline]
    pub fn path(self) -> &'a str {
        self.raw.path.as_str()
    }

    /// The handler name, e.g. `Post.publish`.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert_eq!(route.handler(), "Post.publish");
    /// ```
    #[inline]
    pub fn handler(self) -> &'a str {
        self.raw.handler.as_str()
    }

    /// The middleware, in the order they run.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert!(route.middleware().eq(["auth"]));
    /// ```
    #[inline]
    pub fn middleware(self) -> Strs<'a> {
        Strs::new(&self.raw.middleware)
    }
}

impl fmt::Debug for CustomRouteRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CustomRouteRef")
            .field(&self.method())
            .field(&self.path())
            .finish()
    }
}
