//! [`ScopeRef`]: a named query scope.

use super::view;
use conduit_format::schema::ArchivedScope;
use core::fmt;

view! {
    /// A named query scope.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let scope = REGISTRY.resource("Post").unwrap().scopes().next().unwrap();
    /// assert_eq!(format!("{scope:?}"), r#"ScopeRef("published")"#);
    /// ```
    pub struct ScopeRef => ArchivedScope;
    location:
    /// Where the scope is declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let scope = REGISTRY.resource("Post").unwrap().scopes().next().unwrap();
    /// assert_eq!(scope.location().line(), 6);
    /// ```
}

impl<'a> ScopeRef<'a> {
    /// The scope name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let scope = REGISTRY.resource("Post").unwrap().scopes().next().unwrap();
    /// assert_eq!(scope.name(), "published");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// The query, as source text.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let scope = REGISTRY.resource("Post").unwrap().scopes().next().unwrap();
    /// assert_eq!(scope.query(), "published = true");
    /// ```
    #[inline]
    pub fn query(self) -> &'a str {
        self.schema.str(self.raw.query)
    }
}

impl fmt::Debug for ScopeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ScopeRef").field(&self.name()).finish()
    }
}
