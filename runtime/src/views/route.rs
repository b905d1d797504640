//! [`RouteRef`]: one HTTP route, REST or custom.

use super::view;
use crate::iter::{Strs, View};
use crate::{Method, ResourceRef};
use conduit_format::tables::ArchivedRoute;
use core::fmt;

view! {
    /// One HTTP route: a REST route of a resource's operation (also in its
    /// `nested_under` form) or a custom `#[route(...)]`.
    ///
    /// ```
    /// use conduit::Method;
    /// # conduit::__doc_registry!();
    /// let show = REGISTRY.routes_for(Method::Get, "Post").nth(1).unwrap();
    /// assert_eq!((show.path(), show.handler(), show.operation()), ("/posts/:id", "Post.show", "show"));
    /// ```
    pub struct RouteRef => ArchivedRoute;
    location:
    /// Where the route is declared: the resource for REST routes, the
    /// `#[route(...)]` attribute for custom ones.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.routes().next().unwrap();
    /// assert_eq!(route.location(), REGISTRY.resource(route.resource()).unwrap().location());
    /// ```
}

impl<'a> RouteRef<'a> {
    /// The HTTP method.
    ///
    /// ```
    /// use conduit::Method;
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.routes().next().unwrap().method(), Method::Get);
    /// ```
    #[inline]
    pub fn method(self) -> Method {
        Method::from(&self.raw.method)
    }

    /// The path pattern, e.g. `/posts/:id`.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.routes().next().unwrap().path(), "/comments");
    /// ```
    #[inline]
    pub fn path(self) -> &'a str {
        self.raw.path.as_str()
    }

    /// The handler, e.g. `Post.show`.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.routes().next().unwrap().handler(), "Comment.list");
    /// ```
    #[inline]
    pub fn handler(self) -> &'a str {
        self.raw.handler.as_str()
    }

    /// The owning resource's name.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.routes().next().unwrap().resource(), "Comment");
    /// ```
    #[inline]
    pub fn resource(self) -> &'a str {
        self.resource_ref().map_or("", ResourceRef::name)
    }

    /// The owning resource.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.routes().next().unwrap();
    /// assert_eq!(route.resource_ref().unwrap().table(), "comments");
    /// ```
    #[inline]
    pub fn resource_ref(self) -> Option<ResourceRef<'a>> {
        let i = usize::try_from(self.raw.resource.to_native()).ok()?;
        Some(ResourceRef::from_raw(
            self.schema,
            self.schema.resources.get(i)?,
        ))
    }

    /// `list`, `show`, `create`, `update`, `delete`, or for a custom route
    /// the handler's last part (`publish` for `Post.publish`).
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.routes().next().unwrap().operation(), "list");
    /// ```
    #[inline]
    pub fn operation(self) -> &'a str {
        self.raw.operation.as_str()
    }

    /// The middleware chain, in the order it runs.
    ///
    /// ```
    /// use conduit::Method;
    /// # conduit::__doc_registry!();
    /// let create = REGISTRY.routes_for(Method::Post, "Post").next().unwrap();
    /// assert_eq!(create.middleware().collect::<Vec<_>>(), ["auth", "rate_limit(5/hour)"]);
    /// ```
    #[inline]
    pub fn middleware(self) -> Strs<'a> {
        Strs::new(&self.raw.middleware)
    }

    /// The names of the path's `:param` segments, in order.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let show = REGISTRY.routes_by_path("/posts/:id").next().unwrap();
    /// assert_eq!(show.params().collect::<Vec<_>>(), ["id"]);
    /// ```
    #[inline]
    pub fn params(self) -> Strs<'a> {
        Strs::new(&self.raw.params)
    }
}

impl fmt::Debug for RouteRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RouteRef({} {} -> {})",
            self.method(),
            self.path(),
            self.handler()
        )
    }
}
