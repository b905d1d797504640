//! The route, pattern and graph queries of [`Registry`]: each reads a table
//! the build step precomputed (a slice, or a binary search then a slice).

use crate::deps::{Cycles, DepQuery, Deps};
use crate::iter::{Indexed, Records, View};
use crate::matching::{self, RouteMatch};
use crate::{FieldRef, Method, PatternCategory, PatternRef, Registry, ResourceRef, RouteRef};
use conduit_format::schema::ArchivedSchema;
use conduit_format::tables::ArchivedGroup;

fn group<'a>(
    schema: &'a ArchivedSchema,
    groups: &'a [ArchivedGroup],
    key: &str,
) -> Option<&'a ArchivedGroup> {
    let i = groups
        .binary_search_by(|g| schema.str(g.key).cmp(key))
        .ok()?;
    groups.get(i)
}

impl<'a> Registry<'a> {
    fn routes_indexed(&self, ids: Option<&'a [rkyv::Archived<u32>]>) -> Indexed<'a, RouteRef<'a>> {
        let schema = self.schema();
        match ids {
            Some(ids) => Indexed::new(schema, &schema.routes.all, ids),
            None => Indexed::empty(schema),
        }
    }

    /// Every route: by resource (name order), REST operations first, custom
    /// routes last.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let first = REGISTRY.routes().next().unwrap();
    /// assert_eq!((first.method().as_str(), first.path()), ("GET", "/comments"));
    /// ```
    pub fn routes(&self) -> Records<'a, RouteRef<'a>> {
        let schema = self.schema();
        Records::new(schema, &schema.routes.all)
    }

    /// The routes of one HTTP method.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// use conduit::Operation;
    /// assert!(REGISTRY.routes_by_method(Method::Delete).all(|r| r.operation() == Some(Operation::Delete)));
    /// ```
    #[inline]
    pub fn routes_by_method(&self, method: Method) -> Indexed<'a, RouteRef<'a>> {
        let ids = self
            .schema()
            .routes
            .by_method
            .get(method.index())
            .map(|v| v.as_slice());
        self.routes_indexed(ids)
    }

    /// The routes of a method given as text, in any case (`"get"`, `"GET"`);
    /// `None` for a text that is no HTTP method.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let gets = REGISTRY.routes_by_method_str("get").unwrap();
    /// assert_eq!(gets.len(), REGISTRY.routes_by_method(Method::Get).len());
    /// assert!(REGISTRY.routes_by_method_str("FETCH").is_none());
    /// ```
    #[inline]
    pub fn routes_by_method_str(&self, method: &str) -> Option<Indexed<'a, RouteRef<'a>>> {
        Some(self.routes_by_method(Method::parse_ignore_case(method)?))
    }

    /// The routes of the resource called `name` ([`ResourceRef::routes`]);
    /// `None` for an unknown name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.routes_for_resource("User").unwrap().all(|r| r.resource() == "User"));
    /// assert!(REGISTRY.routes_for_resource("Nobody").is_none());
    /// ```
    #[inline]
    pub fn routes_for_resource(&self, name: &str) -> Option<Records<'a, RouteRef<'a>>> {
        Some(self.resource(name)?.routes())
    }

    /// The routes of one method of the resource called `name`
    /// ([`ResourceRef::routes_by_method`]); `None` for an unknown name.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let paths: Vec<&str> = REGISTRY.routes_for(Method::Get, "Post").unwrap().map(|r| r.path()).collect();
    /// assert_eq!(&paths[..2], ["/posts", "/posts/:id"]);
    /// assert!(REGISTRY.routes_for(Method::Get, "Nobody").is_none());
    /// ```
    #[inline]
    pub fn routes_for(&self, method: Method, name: &str) -> Option<Indexed<'a, RouteRef<'a>>> {
        Some(self.resource(name)?.routes_by_method(method))
    }

    /// The routes declared with exactly this path pattern (e.g. `/posts/:id`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let methods: Vec<&str> = REGISTRY.routes_by_path("/posts/:id").map(|r| r.method().as_str()).collect();
    /// assert_eq!(methods, ["GET", "PUT", "DELETE"]);
    /// ```
    pub fn routes_by_path(&self, path: &str) -> Indexed<'a, RouteRef<'a>> {
        let schema = self.schema();
        let ids = group(schema, &schema.routes.by_path, path).map(|g| g.items.as_slice());
        self.routes_indexed(ids)
    }

    /// The route a concrete request path hits, with its parameters borrowed
    /// from `path`. Static segments win over parameters.
    ///
    /// ```
    /// use conduit::Method;
    /// # use conduit_testkit::REGISTRY;
    /// let m = REGISTRY.match_route(Method::Delete, "/posts/7").unwrap();
    /// assert_eq!((m.route().handler(), m.param("id")), ("Post.delete", Some("7")));
    /// assert!(REGISTRY.match_route(Method::Get, "/posts/7/extra").is_none());
    /// ```
    pub fn match_route<'p>(&self, method: Method, path: &'p str) -> Option<RouteMatch<'a, 'p>> {
        matching::find(self.schema(), method, path)
    }

    /// Every pattern, by frequency (most first), then name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let freqs: Vec<u32> = REGISTRY.patterns().map(|p| p.frequency()).collect();
    /// assert!(freqs.windows(2).all(|w| w[0] >= w[1]));
    /// ```
    pub fn patterns(&self) -> Records<'a, PatternRef<'a>> {
        let schema = self.schema();
        Records::new(schema, &schema.patterns)
    }

    /// The patterns of one category, by frequency (most first), then name.
    ///
    /// ```
    /// use conduit::PatternCategory;
    /// # use conduit_testkit::REGISTRY;
    /// let auth = REGISTRY.patterns_by_category(PatternCategory::Authentication);
    /// assert!(auth.len() > 0);
    /// assert!(auth.clone().all(|p| p.category() == PatternCategory::Authentication));
    /// assert_eq!(REGISTRY.patterns_by_category(PatternCategory::Cors).len(), 0);
    /// ```
    #[inline]
    pub fn patterns_by_category(&self, category: PatternCategory) -> Indexed<'a, PatternRef<'a>> {
        let schema = self.schema();
        // One group per category, in `PatternCategory::ALL` order (or
        // none at all): `from_bytes` checks the keys.
        match schema.patterns_by_category.get(category as usize) {
            Some(g) => Indexed::new(schema, &schema.patterns, &g.items),
            None => Indexed::empty(schema),
        }
    }

    /// The most frequent pattern called `name`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.pattern("authenticated_handler").is_some());
    /// assert!(REGISTRY.pattern("nope").is_none());
    /// ```
    pub fn pattern(&self, name: &str) -> Option<PatternRef<'a>> {
        self.patterns().find(|p| p.name() == name)
    }

    /// The part of the dependency graph reached from the resource called
    /// `name` ([`ResourceRef::dependencies`], which says when it allocates);
    /// `None` for an unknown name.
    ///
    /// ```
    /// use conduit::{DepQuery, EdgeKind};
    /// # use conduit_testkit::REGISTRY;
    /// let deps = REGISTRY.dependencies("Comment", DepQuery::new().depth(1).kinds([EdgeKind::BelongsTo])).unwrap();
    /// let names: Vec<&str> = deps.nodes().map(|n| n.name()).collect();
    /// assert_eq!(names, ["Comment", "Post"]);
    /// assert!(REGISTRY.dependencies("Pots", DepQuery::new()).is_none());
    /// ```
    #[inline]
    pub fn dependencies(&self, name: &str, query: DepQuery) -> Option<Deps<'a>> {
        // The position is the resource's graph node: no `ResourceRef` needed.
        let schema = self.schema();
        let start = self.position(name)?;
        schema.resources.get(start)?;
        Deps::query_some(schema, start as u32, query)
    }

    /// Every elementary dependency cycle, found at build time.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.cycles().len() >= 1);
    /// ```
    pub fn cycles(&self) -> Cycles<'a> {
        let schema = self.schema();
        Cycles {
            complete: schema.graph.cycles_complete,
            schema,
            iter: schema.graph.cycles.cycles.iter(),
        }
    }

    /// Every field of a normalized type, with its resource.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let ids: Vec<(&str, &str)> = REGISTRY.fields_by_type("uuid").map(|(r, f)| (r.name(), f.name())).collect();
    /// assert!(ids.contains(&("Post", "id")));
    /// ```
    #[must_use = "iterators are lazy and do nothing unless consumed"]
    pub fn fields_by_type(
        &self,
        ty: &str,
    ) -> impl Iterator<Item = (ResourceRef<'a>, FieldRef<'a>)> + Clone + 'a {
        let schema: &'a ArchivedSchema = self.schema();
        let groups = schema.fields_by_type.as_slice();
        let fields = groups
            .binary_search_by(|g| schema.str(g.ty).cmp(ty))
            .ok()
            .and_then(|i| groups.get(i))
            .map_or(&[][..], |g| g.fields.as_slice());
        fields.iter().filter_map(move |at| {
            let r = schema.resources.get(at.resource())?;
            let f = r.fields.get(at.field())?;
            Some((
                ResourceRef::from_raw(schema, r),
                FieldRef::from_raw(schema, f),
            ))
        })
    }
}
