//! The closed vocabularies of the schema (HTTP methods, relationship and hook
//! kinds, operations, pattern categories, validation kinds), each with the
//! reference system's spelling.

use core::fmt;
use core::str::FromStr;

/// The error of parsing one of the schema's enums from text.
///
/// ```
/// use conduit_format::Method;
/// let err = "FETCH".parse::<Method>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown Method `FETCH`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseKindError {
    kind: &'static str,
    input: String,
}

impl ParseKindError {
    /// Which enum was being parsed, e.g. `"Method"`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The text that did not parse.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseKindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.kind, self.input)
    }
}

impl std::error::Error for ParseKindError {}

/// A closed vocabulary: the enum, `ALL`, `as_str`, case-insensitive
/// `FromStr` and `Display`. With `/ Archived…`, also the rkyv derive and the
/// conversion from the archived form (the enum is stored in the schema).
macro_rules! spelled_enum {
    (
        $(#[$meta:meta])*
        $name:ident / $archived:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $spelling:literal, )+
        }
    ) => {
        spelled_enum! {
            $(#[$meta])*
            #[cfg_attr(feature = "archive", derive(rkyv::Archive, rkyv::Serialize))]
            #[cfg_attr(feature = "archive", rkyv(archived = $archived, derive(Debug, Clone, Copy, PartialEq, Eq)))]
            $name {
                $( $(#[$vmeta])* $variant = $spelling, )+
            }
        }

        #[cfg(feature = "archive")]
        impl From<&$archived> for $name {
            fn from(archived: &$archived) -> Self {
                match archived {
                    $($archived::$variant => $name::$variant,)+
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $spelling:literal, )+
        }
    ) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The reference system's spelling.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $spelling,)+
                }
            }

            /// Parses the reference spelling, ignoring ASCII case.
            pub fn parse_ignore_case(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.as_str().eq_ignore_ascii_case(s))
            }
        }

        impl FromStr for $name {
            type Err = ParseKindError;

            /// Parses the reference spelling, ignoring ASCII case.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse_ignore_case(s).ok_or_else(|| ParseKindError {
                    kind: stringify!($name),
                    input: s.to_owned(),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

spelled_enum! {
    /// An HTTP method of a route.
    ///
    /// ```
    /// use conduit_format::Method;
    /// assert_eq!("get".parse::<Method>(), Ok(Method::Get));
    /// assert_eq!(Method::Delete.as_str(), "DELETE");
    /// ```
    Method / ArchivedMethod {
        /// `GET`
        Get = "GET",
        /// `POST`
        Post = "POST",
        /// `PUT`
        Put = "PUT",
        /// `PATCH`
        Patch = "PATCH",
        /// `DELETE`
        Delete = "DELETE",
        /// `HEAD`
        Head = "HEAD",
        /// `OPTIONS`
        Options = "OPTIONS",
    }
}

spelled_enum! {
    /// Where a route comes from: a REST operation of its resource, an
    /// `#[action(...)]` bound to it, or a free-form `#[route(...)]`.
    ///
    /// ```
    /// use conduit_format::RouteKind;
    /// assert_eq!("action".parse::<RouteKind>(), Ok(RouteKind::Action));
    /// assert_eq!(RouteKind::Custom.as_str(), "custom");
    /// ```
    RouteKind / ArchivedRouteKind {
        /// A REST operation (`list`, `show`, `create`, `update`, `delete`).
        Rest = "rest",
        /// `#[action(...)]`: a member or collection action of the resource.
        Action = "action",
        /// `#[route(...)]`: a hand-written route.
        Custom = "custom",
    }
}

spelled_enum! {
    /// Whether an `#[action(...)]` addresses one record or the collection.
    ///
    /// ```
    /// use conduit_format::ActionKind;
    /// assert_eq!("member".parse::<ActionKind>(), Ok(ActionKind::Member));
    /// ```
    ActionKind / ArchivedActionKind {
        /// `member`: `/articles/:slug/favorite`.
        Member = "member",
        /// `collection`: `/articles/feed`.
        Collection = "collection",
    }
}

spelled_enum! {
    /// The kind of a relationship between two resources.
    ///
    /// ```
    /// use conduit_format::RelationKind;
    /// assert_eq!(RelationKind::HasManyThrough.as_str(), "has_many_through");
    /// ```
    RelationKind / ArchivedRelationKind {
        /// `belongs_to`: this resource holds the foreign key.
        BelongsTo = "belongs_to",
        /// `has_one`: the target holds a foreign key to this resource.
        HasOne = "has_one",
        /// `has_many`: many targets hold a foreign key to this resource.
        HasMany = "has_many",
        /// `has_many_through`: many targets, linked through a join table.
        HasManyThrough = "has_many_through",
    }
}

spelled_enum! {
    /// When a lifecycle hook runs.
    ///
    /// ```
    /// use conduit_format::HookKind;
    /// assert!(HookKind::BeforeSave.is_before());
    /// assert_eq!(HookKind::AfterUpdate.as_str(), "after_update");
    /// ```
    HookKind / ArchivedHookKind {
        /// `before_create`
        BeforeCreate = "before_create",
        /// `after_create`
        AfterCreate = "after_create",
        /// `before_update`
        BeforeUpdate = "before_update",
        /// `after_update`
        AfterUpdate = "after_update",
        /// `before_delete`
        BeforeDelete = "before_delete",
        /// `after_delete`
        AfterDelete = "after_delete",
        /// `before_save`
        BeforeSave = "before_save",
        /// `after_save`
        AfterSave = "after_save",
    }
}

impl HookKind {
    /// `true` for the `before_*` kinds, whose functions take `&mut Self`.
    pub const fn is_before(self) -> bool {
        matches!(
            self,
            HookKind::BeforeCreate
                | HookKind::BeforeUpdate
                | HookKind::BeforeDelete
                | HookKind::BeforeSave
        )
    }

    /// `"before"` or `"after"`, the reference's `timing`.
    pub const fn timing(self) -> &'static str {
        if self.is_before() { "before" } else { "after" }
    }

    /// `"create"`, `"update"`, `"delete"` or `"save"`, the reference's `event`.
    pub const fn event(self) -> &'static str {
        match self {
            HookKind::BeforeCreate | HookKind::AfterCreate => "create",
            HookKind::BeforeUpdate | HookKind::AfterUpdate => "update",
            HookKind::BeforeDelete | HookKind::AfterDelete => "delete",
            HookKind::BeforeSave | HookKind::AfterSave => "save",
        }
    }
}

spelled_enum! {
    /// A REST operation of a resource.
    ///
    /// ```
    /// use conduit_format::{Method, Operation};
    /// assert_eq!(Operation::Show.method(), Method::Get);
    /// assert!(Operation::Update.has_id());
    /// ```
    Operation / ArchivedOperation {
        /// `list`: `GET /posts`
        List = "list",
        /// `show`: `GET /posts/:id`
        Show = "show",
        /// `create`: `POST /posts`
        Create = "create",
        /// `update`: `PUT /posts/:id`
        Update = "update",
        /// `delete`: `DELETE /posts/:id`
        Delete = "delete",
    }
}

impl Operation {
    /// The position of the operation in [`Operation::ALL`].
    ///
    /// ```
    /// use conduit_format::Operation;
    /// assert!(Operation::ALL.iter().enumerate().all(|(i, op)| op.index() == i));
    /// ```
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The HTTP method of the operation's REST route.
    pub const fn method(self) -> Method {
        match self {
            Operation::List | Operation::Show => Method::Get,
            Operation::Create => Method::Post,
            Operation::Update => Method::Put,
            Operation::Delete => Method::Delete,
        }
    }

    /// Whether the operation's REST route ends in `/:id`.
    pub const fn has_id(self) -> bool {
        matches!(
            self,
            Operation::Show | Operation::Update | Operation::Delete
        )
    }
}

spelled_enum! {
    /// What the database does to dependent rows (`on_delete` / `on_update`).
    ///
    /// ```
    /// use conduit_format::ReferentialAction;
    /// assert_eq!("set_null".parse::<ReferentialAction>(), Ok(ReferentialAction::SetNull));
    /// ```
    ReferentialAction / ArchivedReferentialAction {
        /// `cascade`
        Cascade = "cascade",
        /// `restrict`
        Restrict = "restrict",
        /// `set_null`
        SetNull = "set_null",
        /// `no_action`
        NoAction = "no_action",
    }
}

spelled_enum! {
    /// The kind of a node of the dependency graph.
    ///
    /// ```
    /// use conduit_format::NodeKind;
    /// assert_eq!(NodeKind::Middleware.as_str(), "middleware");
    /// ```
    NodeKind / ArchivedNodeKind {
        /// A resource.
        Resource = "resource",
        /// A middleware, by its name as written (`rate_limit(5/hour)`).
        Middleware = "middleware",
        /// A function called by a hook.
        Function = "function",
    }
}

spelled_enum! {
    /// The kind of an edge of the dependency graph.
    ///
    /// ```
    /// use conduit_format::{EdgeKind, RelationKind};
    /// assert_eq!(EdgeKind::from(RelationKind::HasMany), EdgeKind::HasMany);
    /// assert_eq!(EdgeKind::Uses.as_str(), "uses");
    /// ```
    EdgeKind / ArchivedEdgeKind {
        /// resource → target of a `belongs_to`
        BelongsTo = "belongs_to",
        /// resource → target of a `has_one`
        HasOne = "has_one",
        /// resource → target of a `has_many`
        HasMany = "has_many",
        /// resource → target of a `has_many` … `through`
        HasManyThrough = "has_many_through",
        /// resource → middleware it runs (weight: operations using it)
        Uses = "uses",
        /// resource → function its hooks call (weight: number of calls)
        Calls = "calls",
    }
}

impl From<RelationKind> for EdgeKind {
    fn from(kind: RelationKind) -> Self {
        match kind {
            RelationKind::BelongsTo => EdgeKind::BelongsTo,
            RelationKind::HasOne => EdgeKind::HasOne,
            RelationKind::HasMany => EdgeKind::HasMany,
            RelationKind::HasManyThrough => EdgeKind::HasManyThrough,
        }
    }
}

impl EdgeKind {
    /// The bit of this kind in an [`EdgeKind`] set (`1 << index`).
    pub const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl Method {
    /// The position of the method in [`Method::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

spelled_enum! {
    /// The category of a [pattern](crate::tables::Pattern), the first that
    /// applies: a middleware chain with `auth` is `authentication`, then
    /// `cache` is `caching`, `rate_limit` is `rate_limiting`, `cors` is
    /// `cors`, otherwise `general`; hook, validation and relationship
    /// patterns have their own.
    ///
    /// ```
    /// use conduit_format::PatternCategory;
    /// assert_eq!("rate_limiting".parse::<PatternCategory>(), Ok(PatternCategory::RateLimiting));
    /// assert_eq!(PatternCategory::Hook.as_str(), "hook");
    /// ```
    PatternCategory {
        /// `authentication`: a middleware chain with `auth`.
        Authentication = "authentication",
        /// `caching`: a middleware chain with `cache`.
        Caching = "caching",
        /// `rate_limiting`: a middleware chain with `rate_limit`.
        RateLimiting = "rate_limiting",
        /// `cors`: a middleware chain with `cors`.
        Cors = "cors",
        /// `general`: any other middleware chain.
        General = "general",
        /// `hook`: a recurring lifecycle hook.
        Hook = "hook",
        /// `validation`: a recurring validation rule.
        Validation = "validation",
        /// `relationship`: a recurring relationship.
        Relationship = "relationship",
    }
}

/// The rule of a validation: one of the built-in kinds (`min`, `max`,
/// `pattern`, `email`, `url`) or a custom kind named in
/// `#[field(validate(kind, ...))]`.
///
/// The vocabulary is open (any custom kind), so the type borrows the text of
/// a custom kind and converts from any `&str` without failing
/// ([`ValidationKind::parse`]) instead of implementing `FromStr`. Spellings
/// are matched exactly: `Email` is a custom kind.
///
/// ```
/// use conduit_format::ValidationKind;
/// assert_eq!(ValidationKind::parse("min"), ValidationKind::Min);
/// assert_eq!(ValidationKind::parse("length"), ValidationKind::Custom("length"));
/// assert_eq!(ValidationKind::Custom("length").as_str(), "length");
/// assert!(ValidationKind::Email.is_builtin());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValidationKind<'a> {
    /// `min`: a lower bound (length for text, value for numbers).
    Min,
    /// `max`: an upper bound (length for text, value for numbers).
    Max,
    /// `pattern`: a regular expression the value matches.
    Pattern,
    /// `email`: an e-mail address.
    Email,
    /// `url`: a URL.
    Url,
    /// Any other kind, as written in `validate(kind, ...)`.
    Custom(&'a str),
}

impl<'a> ValidationKind<'a> {
    /// The built-in kinds.
    pub const BUILTIN: &'static [ValidationKind<'static>] = &[
        ValidationKind::Min,
        ValidationKind::Max,
        ValidationKind::Pattern,
        ValidationKind::Email,
        ValidationKind::Url,
    ];

    /// The kind spelled `s`: a built-in kind, or [`Custom`](Self::Custom).
    pub fn parse(s: &'a str) -> Self {
        match s {
            "min" => ValidationKind::Min,
            "max" => ValidationKind::Max,
            "pattern" => ValidationKind::Pattern,
            "email" => ValidationKind::Email,
            "url" => ValidationKind::Url,
            custom => ValidationKind::Custom(custom),
        }
    }

    /// The spelling: `min`, `max`, `pattern`, `email`, `url`, or the custom
    /// kind's text.
    pub const fn as_str(self) -> &'a str {
        match self {
            ValidationKind::Min => "min",
            ValidationKind::Max => "max",
            ValidationKind::Pattern => "pattern",
            ValidationKind::Email => "email",
            ValidationKind::Url => "url",
            ValidationKind::Custom(s) => s,
        }
    }

    /// Whether the kind is one of [`BUILTIN`](Self::BUILTIN).
    pub const fn is_builtin(self) -> bool {
        !matches!(self, ValidationKind::Custom(_))
    }
}

impl<'a> From<&'a str> for ValidationKind<'a> {
    /// [`ValidationKind::parse`].
    fn from(s: &'a str) -> Self {
        ValidationKind::parse(s)
    }
}

impl fmt::Display for ValidationKind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_round_trips_through_from_str() {
        for m in Method::ALL {
            assert_eq!(m.as_str().parse::<Method>(), Ok(*m));
            assert_eq!(m.as_str().to_lowercase().parse::<Method>(), Ok(*m));
        }
        for k in HookKind::ALL {
            assert_eq!(k.as_str().parse::<HookKind>(), Ok(*k));
            assert_eq!(format!("{}_{}", k.timing(), k.event()), k.as_str());
        }
        for k in RelationKind::ALL {
            assert_eq!(k.as_str().parse::<RelationKind>(), Ok(*k));
        }
        for o in Operation::ALL {
            assert_eq!(o.as_str().parse::<Operation>(), Ok(*o));
        }
        for c in PatternCategory::ALL {
            assert_eq!(c.as_str().parse::<PatternCategory>(), Ok(*c));
            assert_eq!(c.to_string(), c.as_str());
        }
        for a in ReferentialAction::ALL {
            assert_eq!(a.as_str().parse::<ReferentialAction>(), Ok(*a));
        }
    }

    #[test]
    fn validation_kinds_round_trip_and_keep_custom_text() {
        for k in ValidationKind::BUILTIN {
            assert_eq!(ValidationKind::parse(k.as_str()), *k);
            assert!(k.is_builtin());
        }
        let custom = ValidationKind::parse("Email");
        assert_eq!(custom, ValidationKind::Custom("Email"));
        assert!(!custom.is_builtin());
        assert_eq!(custom.to_string(), "Email");
    }

    #[test]
    fn unknown_spelling_names_the_enum_and_input() {
        let err = "sometimes".parse::<HookKind>().unwrap_err();
        assert_eq!(err.kind(), "HookKind");
        assert_eq!(err.input(), "sometimes");
    }
}
