//! [`ResourceRef`]: one resource.

use super::{ComputedRef, ConstraintRef, FieldRef, HookRef, view};
use super::{RelationshipRef, RouteRef, ScopeRef, ValidationRef};
use crate::iter::{Indexed, Operations, Records, Strs, View};
use crate::{DepQuery, Deps, Method, Operation};
use conduit_format::schema::ArchivedResource;
use conduit_format::tables::ArchivedRoute;
use core::fmt;

view! {
    /// One resource: a struct deriving `Resource`.
    ///
    /// Returned by [`Registry::resource`](crate::Registry::resource),
    /// [`Registry::resources`](crate::Registry::resources) and
    /// [`Resource::meta`](crate::Resource::meta).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.table(), "posts");
    /// assert_eq!(format!("{post:?}"), r#"ResourceRef("Post")"#);
    /// ```
    pub struct ResourceRef => ArchivedResource;
    location:
    /// Where the struct is declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.location().to_string(), "src/models/post.rs:12:1");
    /// ```
}

impl<'a> ResourceRef<'a> {
    /// The resource name: the struct's name unless renamed.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().name(), "Post");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// The struct's path from the crate root, e.g. `crate::models::Post`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.rust_path(), "crate::models::Post");
    /// ```
    #[inline]
    pub fn rust_path(self) -> &'a str {
        self.schema.str(self.raw.rust_path)
    }

    /// The table name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().table(), "posts");
    /// ```
    #[inline]
    pub fn table(self) -> &'a str {
        self.schema.str(self.raw.table)
    }

    /// The REST path, e.g. `/posts`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().path(), "/posts");
    /// ```
    #[inline]
    pub fn path(self) -> &'a str {
        self.schema.str(self.raw.path)
    }

    /// The struct's doc comment (empty if it has none).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().docs(), "A blog post.");
    /// assert_eq!(REGISTRY.resource("Comment").unwrap().docs(), "");
    /// ```
    #[inline]
    pub fn docs(self) -> &'a str {
        self.schema.str(self.raw.docs)
    }

    /// The fields, in declaration order (fields marked `skip` are absent).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let names: Vec<_> = post.fields().map(|f| f.name()).collect();
    /// assert_eq!(names, ["id", "title", "slug", "published", "subtitle", "updated_at"]);
    /// ```
    #[inline]
    pub fn fields(self) -> Records<'a, FieldRef<'a>> {
        Records::new(self.schema, &self.raw.fields)
    }

    /// The field called `name`, if any.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.field("slug").unwrap().ty(), "string");
    /// assert!(post.field("body").is_none());
    /// ```
    pub fn field(self, name: &str) -> Option<FieldRef<'a>> {
        let raw = self
            .raw
            .fields
            .iter()
            .find(|f| self.schema.str(f.name) == name)?;
        Some(FieldRef::from_raw(self.schema, raw))
    }

    /// The relationships, in declaration order.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let targets: Vec<_> = post.relationships().map(|r| r.target()).collect();
    /// assert_eq!(targets, ["User", "Comment", "User"]);
    /// ```
    #[inline]
    pub fn relationships(self) -> Records<'a, RelationshipRef<'a>> {
        Records::new(self.schema, &self.raw.relationships)
    }

    /// The relationship called `name`, if any.
    ///
    /// ```
    /// use conduit::RelationKind;
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.relationship("comments").unwrap().kind(), RelationKind::HasMany);
    /// assert!(post.relationship("tags").is_none());
    /// ```
    pub fn relationship(self, name: &str) -> Option<RelationshipRef<'a>> {
        let raw = self
            .raw
            .relationships
            .iter()
            .find(|r| self.schema.str(r.name) == name)?;
        Some(RelationshipRef::from_raw(self.schema, raw))
    }

    /// The lifecycle hooks, in declaration order.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let functions: Vec<_> = post.hooks().map(|h| h.function()).collect();
    /// assert_eq!(functions, ["slugify_title", "notify_followers"]);
    /// ```
    #[inline]
    pub fn hooks(self) -> Records<'a, HookRef<'a>> {
        Records::new(self.schema, &self.raw.hooks)
    }

    /// The validation rules, one per validation attribute, in declaration
    /// order.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let rules: Vec<_> = post.validations().map(|v| (v.field(), v.kind().as_str())).collect();
    /// assert_eq!(rules, [("title", "min"), ("title", "max")]);
    /// ```
    #[inline]
    pub fn validations(self) -> Records<'a, ValidationRef<'a>> {
        Records::new(self.schema, &self.raw.validations)
    }

    /// The resource-level constraints.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.constraints().next().unwrap().name(), "title_not_blank");
    /// ```
    #[inline]
    pub fn constraints(self) -> Records<'a, ConstraintRef<'a>> {
        Records::new(self.schema, &self.raw.constraints)
    }

    /// The middleware chain of operation `op`, in the order the middleware
    /// run; empty if the operation has none.
    ///
    /// ```
    /// use conduit::Operation;
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.middleware(Operation::Create).eq(["auth", "rate_limit(5/hour)"]));
    /// assert_eq!(post.middleware(Operation::Delete).len(), 0);
    /// ```
    pub fn middleware(self, op: Operation) -> Strs<'a> {
        self.raw
            .middleware
            .iter()
            .find(|m| Operation::from(&m.operation) == op)
            .map_or_else(
                || Strs::empty(self.schema),
                |m| Strs::new(self.schema, &m.chain),
            )
    }

    /// The middleware chain of any operation by name: a REST operation
    /// (`"create"`), an `#[action(...)]` (`"favorite"`) or a custom route
    /// (`"publish"` for `Post.publish`); `None` if the resource has no such
    /// operation. Nested copies of an operation share its chain.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.middleware_of("publish").unwrap().eq(["auth"]));
    /// assert!(post.middleware_of("create").unwrap().eq(["auth", "rate_limit(5/hour)"]));
    /// assert!(post.middleware_of("archive").is_none());
    /// ```
    pub fn middleware_of(self, operation: &str) -> Option<Strs<'a>> {
        self.routes()
            .find(|r| r.action() == operation)
            .map(RouteRef::middleware)
    }

    /// The parameter of the member routes (`slug` for `/articles/:slug`,
    /// `#[resource(param = "slug")]`); `id` unless set, `""` for a
    /// `singular` resource, whose routes have none.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().param(), "id");
    /// ```
    pub fn param(self) -> &'a str {
        match self.raw.api.as_deref() {
            None => "id",
            Some(api) if api.singular => "",
            Some(api) => match self.schema.str(api.param) {
                "" => "id",
                p => p,
            },
        }
    }

    /// Whether the resource is `singular` (`/user`: one record, no list,
    /// no parameter).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(!REGISTRY.resource("User").unwrap().is_singular());
    /// ```
    #[inline]
    pub fn is_singular(self) -> bool {
        self.raw.api.as_deref().is_some_and(|api| api.singular)
    }

    /// The REST operations the resource exposes.
    ///
    /// ```
    /// use conduit::Operation;
    /// # use conduit_testkit::REGISTRY;
    /// let comment = REGISTRY.resource("Comment").unwrap();
    /// assert!(comment.operations().eq([Operation::List, Operation::Create]));
    /// ```
    #[inline]
    pub fn operations(self) -> Operations<'a> {
        Operations::new(&self.raw.operations)
    }

    /// The parent resource of nested routes (`nested_under = User` adds
    /// `/users/:user_id/posts`), if any.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().nested_under(), Some("User"));
    /// assert_eq!(REGISTRY.resource("User").unwrap().nested_under(), None);
    /// ```
    #[inline]
    pub fn nested_under(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.nested_under)
    }

    /// The named query scopes.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.scopes().next().unwrap().query(), "published = true");
    /// ```
    #[inline]
    pub fn scopes(self) -> Records<'a, ScopeRef<'a>> {
        Records::new(self.schema, &self.raw.scopes)
    }

    /// The computed (virtual) fields.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.computed_fields().next().unwrap().name(), "word_count");
    /// ```
    #[inline]
    pub fn computed_fields(self) -> Records<'a, ComputedRef<'a>> {
        Records::new(self.schema, &self.raw.computed)
    }

    /// The routes declared with `#[route(...)]`, in declaration order: the
    /// last of [`routes`](Self::routes) (the REST routes of the operations
    /// are not included).
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert_eq!((route.method(), route.path()), (Method::Post, "/posts/:id/publish"));
    /// assert!(route.is_custom());
    /// ```
    #[inline]
    pub fn custom_routes(self) -> Records<'a, RouteRef<'a>> {
        let routes = self.route_slice();
        let custom = self.raw.custom_routes.len().min(routes.len());
        Records::new(self.schema, &routes[routes.len() - custom..])
    }

    /// The resource's routes: REST operations (also nested), then custom
    /// routes.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.routes().any(|r| r.handler() == "Post.publish"));
    /// assert!(post.routes().all(|r| r.resource() == "Post"));
    /// ```
    #[inline]
    pub fn routes(self) -> Records<'a, RouteRef<'a>> {
        Records::new(self.schema, self.route_slice())
    }

    fn route_slice(self) -> &'a [ArchivedRoute] {
        let all = self.schema.routes.all.as_slice();
        let span = &self.raw.routes;
        all.get(span.start()..span.start().saturating_add(span.len()))
            .unwrap_or_default()
    }

    /// The resource's routes of one HTTP method, in the order of
    /// [`routes`](Self::routes).
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let paths: Vec<&str> = post.routes_by_method(Method::Get).map(|r| r.path()).collect();
    /// assert_eq!(&paths[..2], ["/posts", "/posts/:id"]);
    /// assert!(post.routes_by_method(Method::Patch).next().is_none());
    /// ```
    #[inline]
    pub fn routes_by_method(self, method: Method) -> Indexed<'a, RouteRef<'a>> {
        let ids = self
            .raw
            .routes
            .method(method.index())
            .and_then(|(start, end)| self.schema.routes.by_resource_method.get(start..end));
        match ids {
            Some(ids) => Indexed::new(self.schema, &self.schema.routes.all, ids),
            None => Indexed::empty(self.schema),
        }
    }

    /// The part of the dependency graph reached from this resource.
    ///
    /// Reads the build step's precomputed plan (two slices, no allocation)
    /// unless `query` filters edge kinds or goes deeper than the plan: then
    /// it walks the graph, and allocates once if the answer has more than
    /// [`Deps::INLINE`] nodes and edges together.
    ///
    /// ```
    /// use conduit::{DepQuery, EdgeKind};
    /// # use conduit_testkit::REGISTRY;
    /// let comment = REGISTRY.resource("Comment").unwrap();
    /// let deps = comment.dependencies(DepQuery::new().depth(1).kinds([EdgeKind::BelongsTo]));
    /// let names: Vec<&str> = deps.nodes().map(|n| n.name()).collect();
    /// assert_eq!(names, ["Comment", "Post"]);
    /// ```
    #[inline]
    pub fn dependencies(self, query: DepQuery) -> Deps<'a> {
        // Resources are the first graph nodes, in name order; a position out
        // of the graph (a registry without one) answers with the start alone.
        let start = self.index().unwrap_or(0) as u32;
        Deps::query(self.schema, start, query)
    }

    /// The resource's position in name order (its graph node id).
    pub(crate) fn index(self) -> Option<usize> {
        let all = self.schema.resources.as_slice();
        let offset = core::ptr::from_ref(self.raw)
            .addr()
            .checked_sub(all.as_ptr().addr())?;
        let i = offset / core::mem::size_of::<ArchivedResource>();
        (i < all.len()).then_some(i)
    }
}

impl fmt::Debug for ResourceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResourceRef").field(&self.name()).finish()
    }
}
