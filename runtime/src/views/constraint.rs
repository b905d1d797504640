//! [`ConstraintRef`]: a resource-level constraint.

use super::view;
use crate::iter::Operations;
use conduit_format::schema::ArchivedConstraint;
use core::fmt;

view! {
    /// A resource-level constraint: a condition checked on some operations.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let c = REGISTRY.resource("Post").unwrap().constraints().next().unwrap();
    /// assert_eq!(format!("{c:?}"), r#"ConstraintRef("title_not_blank")"#);
    /// ```
    pub struct ConstraintRef => ArchivedConstraint;
    location:
    /// Where the constraint is declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let c = REGISTRY.resource("Post").unwrap().constraints().next().unwrap();
    /// assert_eq!(c.location().line(), 5);
    /// ```
}

impl<'a> ConstraintRef<'a> {
    /// The constraint name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let c = REGISTRY.resource("Post").unwrap().constraints().next().unwrap();
    /// assert_eq!(c.name(), "title_not_blank");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// The operations it applies to.
    ///
    /// ```
    /// use conduit::Operation;
    /// # use conduit_testkit::REGISTRY;
    /// let c = REGISTRY.resource("Post").unwrap().constraints().next().unwrap();
    /// assert!(c.operations().eq([Operation::Create, Operation::Update]));
    /// ```
    #[inline]
    pub fn operations(self) -> Operations<'a> {
        Operations::new(&self.raw.operations)
    }

    /// The condition, as source text.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let c = REGISTRY.resource("Post").unwrap().constraints().next().unwrap();
    /// assert_eq!(c.condition(), "!title.trim().is_empty()");
    /// ```
    #[inline]
    pub fn condition(self) -> &'a str {
        self.schema.str(self.raw.condition)
    }

    /// The error reported when the condition fails.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let c = REGISTRY.resource("Post").unwrap().constraints().next().unwrap();
    /// assert_eq!(c.error(), "title must not be blank");
    /// ```
    #[inline]
    pub fn error(self) -> &'a str {
        self.schema.str(self.raw.error)
    }
}

impl fmt::Debug for ConstraintRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ConstraintRef").field(&self.name()).finish()
    }
}
