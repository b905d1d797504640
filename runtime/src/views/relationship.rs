//! [`RelationshipRef`]: a relationship to another resource.

use super::{ResourceRef, view};
use crate::iter::View;
use crate::{ReferentialAction, RelationKind};
use conduit_format::schema::ArchivedRelationship;
use core::fmt;

view! {
    /// A relationship from one resource to another.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let author = REGISTRY.resource("Post").unwrap().relationship("author").unwrap();
    /// assert_eq!(format!("{author:?}"), r#"RelationshipRef("author", BelongsTo, "User")"#);
    /// ```
    pub struct RelationshipRef => ArchivedRelationship;
    location:
    /// Where the relationship is declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let author = REGISTRY.resource("Post").unwrap().relationship("author").unwrap();
    /// assert_eq!(author.location().line(), 9);
    /// ```
}

impl<'a> RelationshipRef<'a> {
    /// The relationship name (e.g. `author` for `author_id`, `comments`).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.relationships().next().unwrap().name(), "author");
    /// ```
    #[inline]
    pub fn name(self) -> &'a str {
        self.schema.str(self.raw.name)
    }

    /// The kind: `belongs_to`, `has_one`, `has_many` or `has_many_through`.
    ///
    /// ```
    /// use conduit::RelationKind;
    /// # use conduit_testkit::REGISTRY;
    /// let likers = REGISTRY.resource("Post").unwrap().relationship("likers").unwrap();
    /// assert_eq!(likers.kind(), RelationKind::HasManyThrough);
    /// ```
    #[inline]
    pub fn kind(self) -> RelationKind {
        RelationKind::from(&self.raw.kind)
    }

    /// The target resource's name.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let author = REGISTRY.resource("Post").unwrap().relationship("author").unwrap();
    /// assert_eq!(author.target(), "User");
    /// ```
    #[inline]
    pub fn target(self) -> &'a str {
        self.schema.str(self.raw.target)
    }

    /// The target resource, by binary search in the same registry (`None`
    /// only if the registry lacks it, which the build step does not allow).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let author = REGISTRY.resource("Post").unwrap().relationship("author").unwrap();
    /// assert_eq!(author.target_resource().unwrap().table(), "users");
    /// ```
    #[inline]
    pub fn target_resource(self) -> Option<ResourceRef<'a>> {
        let raw = crate::registry::find_resource(self.schema, self.target())?;
        Some(ResourceRef::from_raw(self.schema, raw))
    }

    /// The foreign key column, if declared.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let author = REGISTRY.resource("Post").unwrap().relationship("author").unwrap();
    /// assert_eq!(author.foreign_key(), Some("author_id"));
    /// ```
    #[inline]
    pub fn foreign_key(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.foreign_key)
    }

    /// The join table of a `has_many` … `through` relationship.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let likers = REGISTRY.resource("Post").unwrap().relationship("likers").unwrap();
    /// assert_eq!(likers.through(), Some("post_likes"));
    /// ```
    #[inline]
    pub fn through(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.through)
    }

    /// What the database does to dependent rows on delete (`cascade`,
    /// `restrict`, `set_null` or `no_action`), if declared.
    ///
    /// ```
    /// use conduit::ReferentialAction;
    /// # use conduit_testkit::REGISTRY;
    /// let author = REGISTRY.resource("Post").unwrap().relationship("author").unwrap();
    /// assert_eq!(author.on_delete(), Some(ReferentialAction::Restrict));
    /// assert_eq!(author.on_delete().unwrap().as_str(), "restrict");
    /// ```
    #[inline]
    pub fn on_delete(self) -> Option<ReferentialAction> {
        self.raw.on_delete.get()
    }

    /// What the database does to dependent rows on update, if declared (see
    /// [`on_delete`](Self::on_delete)).
    ///
    /// ```
    /// use conduit::ReferentialAction;
    /// # use conduit_testkit::REGISTRY;
    /// let post = REGISTRY.resource("Post").unwrap();
    /// assert_eq!(post.relationship("author").unwrap().on_update(), Some(ReferentialAction::Cascade));
    /// assert_eq!(post.relationship("comments").unwrap().on_update(), None);
    /// ```
    #[inline]
    pub fn on_update(self) -> Option<ReferentialAction> {
        self.raw.on_update.get()
    }
}

impl fmt::Debug for RelationshipRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RelationshipRef")
            .field(&self.name())
            .field(&self.kind())
            .field(&self.target())
            .finish()
    }
}
