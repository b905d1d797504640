//! [`ComputedRef`]: a computed (virtual) field.

use super::view;
use conduit_format::schema::ArchivedComputed;
use core::fmt;

view! {
    /// A computed (virtual) field: a value derived from the stored fields.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let wc = REGISTRY.resource("Post").unwrap().computed_fields().next().unwrap();
    /// assert_eq!(format!("{wc:?}"), r#"ComputedRef("word_count", "int")"#);
    /// ```
    pub struct ComputedRef => ArchivedComputed;
    location:
    /// Where the computed field is declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let wc = REGISTRY.resource("Post").unwrap().computed_fields().next().unwrap();
    /// assert_eq!(wc.location().line(), 8);
    /// ```
}

impl<'a> ComputedRef<'a> {
    /// The field name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let wc = REGISTRY.resource("Post").unwrap().computed_fields().next().unwrap();
    /// assert_eq!(wc.name(), "word_count");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// The normalized type (as [`FieldRef::ty`](crate::FieldRef::ty)).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let wc = REGISTRY.resource("Post").unwrap().computed_fields().next().unwrap();
    /// assert_eq!(wc.ty(), "int");
    /// ```
    #[inline]
    pub fn ty(self) -> &'a str {
        self.schema.str(self.raw.ty)
    }

    /// The expression, as source text.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let wc = REGISTRY.resource("Post").unwrap().computed_fields().next().unwrap();
    /// assert_eq!(wc.expr(), "content.split_whitespace().count()");
    /// ```
    #[inline]
    pub fn expr(self) -> &'a str {
        self.schema.str(self.raw.expr)
    }
}

impl fmt::Debug for ComputedRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ComputedRef")
            .field(&self.name())
            .field(&self.ty())
            .finish()
    }
}
