//! [`ValidationRef`]: a validation rule on a field.

use super::view;
use crate::ValidationKind;
use conduit_format::schema::ArchivedValidation;
use core::fmt;

view! {
    /// A validation rule on a field; every validation attribute (`min`,
    /// `max`, `pattern`, `email`, `url`, `validate(...)`) gives one.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let rule = REGISTRY.resource("Post").unwrap().validations().next().unwrap();
    /// assert_eq!(format!("{rule:?}"), r#"ValidationRef("title", Min, Some("5"))"#);
    /// ```
    pub struct ValidationRef => ArchivedValidation;
    location:
    /// Where the rule is declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let rule = REGISTRY.resource("Post").unwrap().validations().next().unwrap();
    /// assert_eq!(rule.location().column(), 13);
    /// ```
}

impl<'a> ValidationRef<'a> {
    /// The validated field.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let rule = REGISTRY.resource("User").unwrap().validations().next().unwrap();
    /// assert_eq!(rule.field(), "email");
    /// ```
    #[inline]
    pub fn field(self) -> &'a str {
        self.schema.str(self.raw.field)
    }

    /// The rule: `min`, `max`, `pattern`, `email`, `url`, or a custom kind
    /// ([`ValidationKind::Custom`], borrowing its text).
    ///
    /// ```
    /// use conduit::ValidationKind;
    /// # use conduit_testkit::REGISTRY;
    /// let rule = REGISTRY.resource("User").unwrap().validations().next().unwrap();
    /// assert_eq!(rule.kind(), ValidationKind::Email);
    /// assert_eq!(rule.kind().as_str(), "email");
    /// ```
    #[inline]
    pub fn kind(self) -> ValidationKind<'a> {
        ValidationKind::parse(self.schema.str(self.raw.kind))
    }

    /// The rule's argument, as source text, if it has one.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let rule = REGISTRY.resource("Post").unwrap().validations().nth(1).unwrap();
    /// assert_eq!(rule.value(), Some("200"));
    /// ```
    #[inline]
    pub fn value(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.value)
    }

    /// The custom error message, if any.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let rule = REGISTRY.resource("Post").unwrap().validations().nth(1).unwrap();
    /// assert_eq!(rule.message(), Some("title is too long"));
    /// ```
    #[inline]
    pub fn message(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.message)
    }
}

impl fmt::Debug for ValidationRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ValidationRef")
            .field(&self.field())
            .field(&self.kind())
            .field(&self.value())
            .finish()
    }
}
