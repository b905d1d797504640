//! [`ResourceRef`]: one resource.

use super::{ComputedRef, ConstraintRef, CustomRouteRef, FieldRef, HookRef, view};
use super::{RelationshipRef, ScopeRef, ValidationRef};
use crate::Operation;
use crate::iter::{Operations, Records, Strs, View};
use conduit_format::schema::ArchivedResource;
use core::fmt;

view! {
    /// One resource: a struct deriving `Resource`.
    ///
    /// Returned by [`Registry::resource`](crate::Registry::resource),
    /// [`Registry::resources`](crate::Registry::resources) and
    /// [`Resource::meta`](crate::Resource::meta).
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.table(), "posts");
    /// assert_eq!(format!("{post:?}"), r#"ResourceRef("Post")"#);
    /// ```
    pub struct ResourceRef => ArchivedResource;
    location:
    /// Where the struct is declared.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.location().to_string(), "src/models/post.rs:12:1");
    /// ```
}

impl<'a> ResourceRef<'a> {
    /// The resource name: the struct's name unless renamed.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.resource("Post").unwrap().name(), "Post");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.raw.name.as_str()
    }

    /// The struct's path from the crate root, e.g. `crate::models::Post`.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.rust_path(), "crate::models::Post");
    /// ```
    #[inline]
    pub fn rust_path(self) -> &'a str {
        self.raw.rust_path.as_str()
    }

    /// The table name.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.resource("Post").unwrap().table(), "posts");
    /// ```
    #[inline]
    pub fn table(self) -> &'a str {
        self.raw.table.as_str()
    }

    /// The REST path, e.g. `/posts`.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.resource("Post").unwrap().path(), "/posts");
    /// ```
    #[inline]
    pub fn path(self) -> &'a str {
        self.raw.path.as_str()
    }

    /// The struct's doc comment (empty if it has none).
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.resource("Post").unwrap().docs(), "A blog post.");
    /// assert_eq!(REGISTRY.resource("Comment").unwrap().docs(), "");
    /// ```
    #[inline]
    pub fn docs(self) -> &'a str {
        self.raw.docs.as_str()
    }

    /// The fields, in declaration order (fields marked `skip` are absent).
    ///
    /// ```
    /// # conduit::__doc_registry!();
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
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.field("slug").unwrap().ty(), "string");
    /// assert!(post.field("body").is_none());
    /// ```
    pub fn field(self, name: &str) -> Option<FieldRef<'a>> {
        let raw = self.raw.fields.iter().find(|f| f.name.as_str() == name)?;
        Some(FieldRef::from_raw(self.schema, raw))
    }

    /// The relationships, in declaration order.
    ///
    /// ```
    /// # conduit::__doc_registry!();
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
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.relationship("comments").unwrap().kind(), RelationKind::HasMany);
    /// assert!(post.relationship("tags").is_none());
    /// ```
    pub fn relationship(self, name: &str) -> Option<RelationshipRef<'a>> {
        let raw = self
            .raw
            .relationships
            .iter()
            .find(|r| r.name.as_str() == name)?;
        Some(RelationshipRef::from_raw(self.schema, raw))
    }

    /// The lifecycle hooks, in declaration order.
    ///
    /// ```
    /// # conduit::__doc_registry!();
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
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// let rules: Vec<_> = post.validations().map(|v| (v.field(), v.kind())).collect();
    /// assert_eq!(rules, [("title", "min"), ("title", "max")]);
    /// ```
    #[inline]
    pub fn validations(self) -> Records<'a, ValidationRef<'a>> {
        Records::new(self.schema, &self.raw.validations)
    }

    /// The resource-level constraints.
    ///
    /// ```
    /// # conduit::__doc_registry!();
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
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.middleware(Operation::Create).eq(["auth", "rate_limit(5/hour)"]));
    /// assert_eq!(post.middleware(Operation::Delete).len(), 0);
    /// ```
    pub fn middleware(self, op: Operation) -> Strs<'a> {
        self.raw
            .middleware
            .iter()
            .find(|m| Operation::from(&m.operation) == op)
            .map_or_else(Strs::empty, |m| Strs::new(&m.chain))
    }

    /// The REST operations the resource exposes.
    ///
    /// ```
    /// use conduit::Operation;
    /// # conduit::__doc_registry!();
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
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.resource("Post").unwrap().nested_under(), Some("User"));
    /// assert_eq!(REGISTRY.resource("User").unwrap().nested_under(), None);
    /// ```
    #[inline]
    pub fn nested_under(self) -> Option<&'a str> {
        super::opt_str(&self.raw.nested_under)
    }

    /// The named query scopes.
    ///
    /// ```
    /// # conduit::__doc_registry!();
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
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.computed_fields().next().unwrap().name(), "word_count");
    /// ```
    #[inline]
    pub fn computed_fields(self) -> Records<'a, ComputedRef<'a>> {
        Records::new(self.schema, &self.raw.computed)
    }

    /// The routes declared with `#[route(...)]` (the REST routes of the
    /// operations are not included).
    ///
    /// ```
    /// use conduit::Method;
    /// # conduit::__doc_registry!();
    /// let route = REGISTRY.resource("Post").unwrap().custom_routes().next().unwrap();
    /// assert_eq!((route.method(), route.path()), (Method::Post, "/posts/:id/publish"));
    /// ```
    #[inline]
    pub fn custom_routes(self) -> Records<'a, CustomRouteRef<'a>> {
        Records::new(self.schema, &self.raw.custom_routes)
    }

    /// The resource's routes: REST operations (also nested), then custom routes.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.routes().any(|r| r.handler() == "Post.publish"));
    /// ```
    #[inline]
    pub fn routes(self) -> Records<'a, crate::RouteRef<'a>> {
        let all = self.schema.routes.all.as_slice();
        let start = self.raw.routes_start.to_native() as usize;
        let end = start.saturating_add(self.raw.routes_len.to_native() as usize);
        Records::new(self.schema, all.get(start..end).unwrap_or_default())
    }

    /// The archived record, for the crate's own queries.
    #[inline]
    pub(crate) fn raw_record(self) -> &'a conduit_format::schema::ArchivedResource {
        self.raw
    }
}

impl fmt::Debug for ResourceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResourceRef").field(&self.name()).finish()
    }
}
