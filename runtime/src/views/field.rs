//! [`FieldRef`]: one field of a resource.

use super::view;
use crate::iter::Strs;
use conduit_format::schema::ArchivedField;
use core::fmt;

view! {
    /// One field of a resource.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let title = REGISTRY.resource("Post").unwrap().field("title").unwrap();
    /// assert_eq!(format!("{title:?}"), r#"FieldRef("title", "string")"#);
    /// ```
    pub struct FieldRef => ArchivedField;
    location:
    /// Where the field is declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let title = REGISTRY.resource("Post").unwrap().field("title").unwrap();
    /// assert_eq!(title.location().to_string(), "src/models/post.rs:17:5");
    /// ```
}

impl<'a> FieldRef<'a> {
    /// The field name: the Rust name unless renamed.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let title = REGISTRY.resource("Post").unwrap().field("title").unwrap();
    /// assert_eq!(title.name(), "title");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// The normalized type: `string`, `text`, `int`, `float`, `bool`, `uuid`,
    /// `timestamp`, `date`, `json`, `array<T>`, or the Rust path of anything
    /// else.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let subtitle = REGISTRY.resource("Post").unwrap().field("subtitle").unwrap();
    /// assert_eq!(subtitle.ty(), "string");
    /// ```
    #[inline]
    pub fn ty(self) -> &'a str {
        self.schema.str(self.raw.ty)
    }

    /// The type as written in Rust, e.g. `Option<String>`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let subtitle = REGISTRY.resource("Post").unwrap().field("subtitle").unwrap();
    /// assert_eq!(subtitle.rust_type(), "Option<String>");
    /// ```
    #[inline]
    pub fn rust_type(self) -> &'a str {
        self.schema.str(self.raw.rust_type)
    }

    /// Whether the field may be null (its Rust type is an `Option`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.field("subtitle").unwrap().nullable());
    /// assert!(!post.field("title").unwrap().nullable());
    /// ```
    #[inline]
    pub fn nullable(self) -> bool {
        self.raw.flags.nullable()
    }

    /// Whether the field is required: the opposite of
    /// [`nullable`](Self::nullable).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.field("title").unwrap().required());
    /// assert!(!post.field("subtitle").unwrap().required());
    /// ```
    #[inline]
    pub fn required(self) -> bool {
        !self.raw.flags.nullable()
    }

    /// Whether the field is the primary key (`#[field(primary)]`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.field("id").unwrap().primary());
    /// ```
    #[inline]
    pub fn primary(self) -> bool {
        self.raw.flags.primary()
    }

    /// Whether the field is unique (`#[field(unique)]`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.field("slug").unwrap().unique());
    /// ```
    #[inline]
    pub fn unique(self) -> bool {
        self.raw.flags.unique()
    }

    /// Whether the field is indexed (`#[field(index)]`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let comment = REGISTRY.resource("Comment").unwrap();
    /// assert!(comment.field("post_id").unwrap().index());
    /// ```
    #[inline]
    pub fn index(self) -> bool {
        self.raw.flags.index()
    }

    /// Whether the value is generated on insert (`#[field(auto)]`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.field("id").unwrap().auto());
    /// ```
    #[inline]
    pub fn auto(self) -> bool {
        self.raw.flags.auto()
    }

    /// Whether the value is regenerated on every update
    /// (`#[field(auto_update)]`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert!(post.field("updated_at").unwrap().auto_update());
    /// ```
    #[inline]
    pub fn auto_update(self) -> bool {
        self.raw.flags.auto_update()
    }

    /// The default value (`#[field(default = ...)]`), as source text.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.field("published").unwrap().default_value(), Some("false"));
    /// assert_eq!(post.field("title").unwrap().default_value(), None);
    /// ```
    #[inline]
    pub fn default_value(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.default_value)
    }

    /// The reference system's constraint strings: `primary`, `min(5)`,
    /// `default(false)`…
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let title = REGISTRY.resource("Post").unwrap().field("title").unwrap();
    /// assert!(title.constraints().eq(["min(5)", "max(200)"]));
    /// ```
    #[inline]
    pub fn constraints(self) -> Strs<'a> {
        Strs::new(self.schema, &self.raw.constraints)
    }

    /// The field's doc comment (empty if it has none).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let title = REGISTRY.resource("Post").unwrap().field("title").unwrap();
    /// assert_eq!(title.docs(), "Shown in listings.");
    /// ```
    #[inline]
    pub fn docs(self) -> &'a str {
        self.schema.str(self.raw.docs)
    }

    /// The tags (`#[field(tags = [...])]`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let title = REGISTRY.resource("Post").unwrap().field("title").unwrap();
    /// assert!(title.tags().eq(["searchable", "listed"]));
    /// ```
    #[inline]
    pub fn tags(self) -> Strs<'a> {
        Strs::new(self.schema, &self.raw.tags)
    }
}

impl fmt::Debug for FieldRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FieldRef")
            .field(&self.name())
            .field(&self.ty())
            .finish()
    }
}
