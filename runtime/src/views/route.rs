//! [`RouteRef`]: one HTTP route, REST or custom.

use super::view;
use crate::iter::{Records, Strs, View};
use crate::{Location, Method, Operation, QueryParamRef, ResourceRef, RouteKind};
use conduit_format::schema::{ArchivedAction, ArchivedCustomRoute, ArchivedResource};
use conduit_format::tables::ArchivedRoute;
use core::fmt;

view! {
    /// One HTTP route: a REST route of a resource's operation (also in its
    /// `nested_under` form) or a custom `#[route(...)]`.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let show = REGISTRY.resource("Post").unwrap().routes_by_method(Method::Get).nth(1).unwrap();
    /// assert_eq!((show.path(), show.handler()), ("/posts/:id", "Post.show"));
    /// assert_eq!(show.operation(), Some(conduit::Operation::Show));
    /// ```
    pub struct RouteRef => ArchivedRoute;
}

/// The declaration a route comes from, in its resource's archived record.
enum Origin<'a> {
    /// A REST operation of the resource (whose record holds its location
    /// and list query).
    Rest(Operation, &'a ArchivedResource),
    Action(&'a ArchivedAction),
    Custom(&'a ArchivedCustomRoute),
    /// Not in the record (a validated registry has no such route).
    Missing,
}

impl<'a> RouteRef<'a> {
    /// The declaration the route comes from.
    #[inline]
    fn origin(self) -> Origin<'a> {
        let Some(r) = self
            .schema
            .resources
            .get(self.raw.resource.to_native() as usize)
        else {
            return Origin::Missing;
        };
        let at = self.raw.origin.to_native() as usize;
        let found = match self.kind() {
            RouteKind::Rest => Operation::ALL.get(at).map(|&op| Origin::Rest(op, r)),
            RouteKind::Action => r
                .api
                .as_deref()
                .and_then(|api| api.actions.get(at))
                .map(Origin::Action),
            RouteKind::Custom => r.custom_routes.get(at).map(Origin::Custom),
        };
        found.unwrap_or(Origin::Missing)
    }

    /// Where the route is declared: the resource for REST routes, the
    /// `#[action(...)]` or `#[route(...)]` attribute for the others.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let route = REGISTRY.routes().next().unwrap();
    /// assert_eq!(route.location(), REGISTRY.resource(route.resource()).unwrap().location());
    /// let publish = REGISTRY.match_route(Method::Post, "/posts/1/publish").unwrap().route();
    /// assert_eq!(publish.location().to_string(), "src/models/post.rs:3:1");
    /// ```
    #[inline]
    pub fn location(self) -> Location<'a> {
        match self.origin() {
            Origin::Rest(_, r) => Location::resolve(self.schema, &r.location),
            Origin::Action(a) => Location::resolve(self.schema, &a.location),
            Origin::Custom(c) => Location::resolve(self.schema, &c.location),
            Origin::Missing => Location::NOWHERE,
        }
    }

    /// The HTTP method.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.routes().next().unwrap().method(), Method::Get);
    /// ```
    #[inline]
    pub fn method(self) -> Method {
        Method::from(&self.raw.method)
    }

    /// The path pattern, e.g. `/posts/:id`: parameters are `:name`, a
    /// trailing catch-all is `*name`; the registry's
    /// [`path_prefix`](crate::Registry::path_prefix) is included.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.routes().next().unwrap().path(), "/comments");
    /// ```
    #[inline]
    pub fn path(self) -> &'a str {
        self.schema.str(self.raw.path)
    }

    /// The path with `{name}` parameters (`{*name}` for a catch-all), as
    /// axum 0.8, matchit and OpenAPI write them.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let show = REGISTRY.routes_by_path("/users/:user_id/posts/:id").next().unwrap();
    /// assert_eq!(show.path_template(), "/users/{user_id}/posts/{id}");
    /// ```
    #[inline]
    pub fn path_template(self) -> &'a str {
        self.schema.str(self.raw.template)
    }

    /// Where the route comes from: a REST operation, an `#[action(...)]` or
    /// a custom `#[route(...)]`.
    ///
    /// ```
    /// use conduit::{Method, RouteKind};
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.routes().next().unwrap().kind(), RouteKind::Rest);
    /// let publish = REGISTRY.match_route(Method::Post, "/posts/1/publish").unwrap().route();
    /// assert_eq!(publish.kind(), RouteKind::Custom);
    /// ```
    #[inline]
    pub fn kind(self) -> RouteKind {
        RouteKind::from(&self.raw.kind)
    }

    /// The query-string parameters the route reads (`list_query(...)` of a
    /// `list` route, `query(...)` of an action), in declaration order.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.routes().all(|r| r.query_params().len() == 0));
    /// ```
    #[inline]
    pub fn query_params(self) -> Records<'a, QueryParamRef<'a>> {
        let params = match self.origin() {
            Origin::Rest(Operation::List, r) => r
                .api
                .as_deref()
                .map_or(&[][..], |api| api.list_query.as_slice()),
            Origin::Action(a) => a.query.as_slice(),
            _ => &[],
        };
        Records::new(self.schema, params)
    }

    /// The query parameter called `name`, if the route reads one.
    #[inline]
    pub fn query_param(self, name: &str) -> Option<QueryParamRef<'a>> {
        self.query_params().find(|q| q.name() == name)
    }

    /// The handler, e.g. `Post.show`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.routes().next().unwrap().handler(), "Comment.list");
    /// ```
    #[inline]
    pub fn handler(self) -> &'a str {
        self.schema.str(self.raw.handler)
    }

    /// The owning resource's name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.routes().next().unwrap().resource(), "Comment");
    /// ```
    #[inline]
    pub fn resource(self) -> &'a str {
        self.resource_ref().map_or("", ResourceRef::name)
    }

    /// The owning resource.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
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

    /// The REST operation the route serves, or `None` for an action or a
    /// custom `#[route(...)]` (see [`action`](Self::action) and
    /// [`kind`](Self::kind)).
    ///
    /// ```
    /// use conduit::{Method, Operation};
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.routes().next().unwrap().operation(), Some(Operation::List));
    /// let publish = REGISTRY.match_route(Method::Post, "/posts/1/publish").unwrap().route();
    /// assert_eq!(publish.operation(), None);
    /// ```
    #[inline]
    pub fn operation(self) -> Option<Operation> {
        match self.origin() {
            Origin::Rest(op, _) => Some(op),
            _ => None,
        }
    }

    /// What the route does, as text: the operation (`list`, `show`,
    /// `create`, `update`, `delete`) of a REST route, the action's name
    /// (`favorite`) of an `#[action(...)]`, the last part of the handler
    /// (`publish` for `Post.publish`) of a custom route. Patterns and the
    /// dependency graph count each action and custom route as an operation
    /// of its own.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.routes().next().unwrap().action(), "list");
    /// let publish = REGISTRY.match_route(Method::Post, "/posts/1/publish").unwrap().route();
    /// assert_eq!(publish.action(), "publish");
    /// ```
    #[inline]
    pub fn action(self) -> &'a str {
        match self.origin() {
            Origin::Rest(op, _) => op.as_str(),
            Origin::Action(a) => self.schema.str(a.name),
            Origin::Custom(_) | Origin::Missing => {
                let handler = self.handler();
                handler.rsplit('.').next().unwrap_or(handler)
            }
        }
    }

    /// Whether the route was declared with `#[route(...)]` rather than
    /// generated for a REST operation (custom routes come last among their
    /// resource's routes).
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let custom: Vec<&str> = post.routes().filter(|r| r.is_custom()).map(|r| r.handler()).collect();
    /// assert_eq!(custom, ["Post.publish"]);
    /// ```
    pub fn is_custom(self) -> bool {
        self.kind() == RouteKind::Custom
    }

    /// Whether the route is an `#[action(...)]` of its resource.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(!REGISTRY.routes().any(|r| r.is_action()));
    /// ```
    #[inline]
    pub fn is_action(self) -> bool {
        self.kind() == RouteKind::Action
    }

    /// The middleware chain, in the order it runs.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let create = REGISTRY.routes_for(Method::Post, "Post").unwrap().next().unwrap();
    /// assert_eq!(create.middleware().collect::<Vec<_>>(), ["auth", "rate_limit(5/hour)"]);
    /// ```
    #[inline]
    pub fn middleware(self) -> Strs<'a> {
        Strs::new(self.schema, &self.raw.middleware)
    }

    /// The names of the path's parameters (`:param` segments and a final
    /// `*rest`), in order.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let show = REGISTRY.routes_by_path("/posts/:id").next().unwrap();
    /// assert_eq!(show.params().collect::<Vec<_>>(), ["id"]);
    /// ```
    #[inline]
    pub fn params(self) -> Strs<'a> {
        Strs::new(self.schema, &self.raw.params)
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
