//! [`PatternRef`]: a convention that recurs across the schema.

use crate::PatternCategory;
use crate::iter::Strs;
use crate::iter::sealed::Sealed;
use conduit_format::schema::ArchivedSchema;
use conduit_format::tables::ArchivedPattern;
use core::fmt;

/// A pattern found at build time: a middleware chain, hook, validation or
/// relationship that recurs at least three times.
///
/// ```
/// # use conduit_testkit::REGISTRY;
/// let auth = REGISTRY.pattern("authenticated_handler").unwrap();
/// assert_eq!(auth.category(), conduit::PatternCategory::Authentication);
/// assert!(auth.frequency() >= 3);
/// ```
#[derive(Clone, Copy)]
pub struct PatternRef<'a> {
    schema: &'a ArchivedSchema,
    raw: &'a ArchivedPattern,
}

impl Sealed for PatternRef<'_> {}

impl<'a> crate::iter::View<'a> for PatternRef<'a> {
    type Raw = ArchivedPattern;

    #[inline]
    fn from_raw(schema: &'a ArchivedSchema, raw: &'a ArchivedPattern) -> Self {
        PatternRef { schema, raw }
    }
}

impl PartialEq for PatternRef<'_> {
    /// Two views are equal when they read the same archived record.
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.raw, other.raw)
    }
}

impl Eq for PatternRef<'_> {}

impl<'a> PatternRef<'a> {
    /// A content hash, identical on every build of the same schema.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.patterns().next().unwrap().id().starts_with("p-"));
    /// ```
    #[inline]
    pub fn id(self) -> &'a str {
        self.schema.str(self.raw.id)
    }

    /// The name, e.g. `authenticated_handler`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.patterns().next().unwrap().name(), "authenticated_handler");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// What kind of convention it is.
    ///
    /// (A loaded blob whose category text is not one of
    /// [`PatternCategory::ALL`] is refused by
    /// [`Registry::from_bytes`](crate::Registry::from_bytes), so the
    /// `General` this falls back to is never a guess.)
    ///
    /// ```
    /// use conduit::PatternCategory;
    /// # use conduit_testkit::REGISTRY;
    /// let first = REGISTRY.patterns().next().unwrap();
    /// assert_eq!(first.category(), PatternCategory::Authentication);
    /// ```
    #[inline]
    pub fn category(self) -> PatternCategory {
        category(self.schema.str(self.raw.category)).unwrap_or(PatternCategory::General)
    }

    /// One sentence saying what recurs.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(!REGISTRY.patterns().next().unwrap().description().is_empty());
    /// ```
    #[inline]
    pub fn description(self) -> &'a str {
        self.schema.str(self.raw.description)
    }

    /// What recurs, e.g. `[auth]`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.patterns().next().unwrap().template(), "[auth]");
    /// ```
    #[inline]
    pub fn template(self) -> &'a str {
        self.schema.str(self.raw.template)
    }

    /// Up to five places it occurs, e.g. `Post.update`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.patterns().next().unwrap().examples().len() <= 5);
    /// ```
    #[inline]
    pub fn examples(self) -> Strs<'a> {
        Strs::new(self.schema, &self.raw.examples)
    }

    /// How many times it occurs.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(REGISTRY.patterns().next().unwrap().frequency() >= 3);
    /// ```
    #[inline]
    pub fn frequency(self) -> u32 {
        self.raw.frequency.to_native()
    }

    /// `frequency / 10`, at most 1.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let p = REGISTRY.patterns().next().unwrap();
    /// assert_eq!(p.confidence(), (p.frequency() as f32 / 10.0).min(1.0));
    /// ```
    #[inline]
    pub fn confidence(self) -> f32 {
        self.raw.confidence.to_native()
    }
}

impl fmt::Debug for PatternRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PatternRef({:?}, {}×)", self.name(), self.frequency())
    }
}

/// The category spelled exactly `s` (as the build step writes it).
pub(crate) fn category(s: &str) -> Option<PatternCategory> {
    PatternCategory::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == s)
}
