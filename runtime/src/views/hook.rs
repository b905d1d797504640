//! [`HookRef`]: a lifecycle hook.

use super::view;
use crate::iter::Strs;
use crate::{HookKind, Location};
use conduit_format::schema::ArchivedHook;
use core::fmt;

view! {
    /// A lifecycle hook: a function run before or after an operation.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let hook = REGISTRY.resource("Post").unwrap().hooks().next().unwrap();
    /// assert_eq!(format!("{hook:?}"), r#"HookRef(BeforeCreate, "slugify_title")"#);
    /// ```
    pub struct HookRef => ArchivedHook;
    location:
    /// Where the hook is declared (in the `#[resource(hooks(...))]`
    /// attribute); see [`source_location`](Self::source_location) for the
    /// function.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let hook = REGISTRY.resource("Post").unwrap().hooks().next().unwrap();
    /// assert_eq!(hook.location().to_string(), "src/models/post.rs:7:5");
    /// ```
}

impl<'a> HookRef<'a> {
    /// When the hook runs, e.g. [`HookKind::BeforeCreate`].
    ///
    /// ```
    /// use conduit::HookKind;
    /// # use conduit_testkit::REGISTRY;
    /// let hook = REGISTRY.resource("Post").unwrap().hooks().next().unwrap();
    /// assert_eq!(hook.kind(), HookKind::BeforeCreate);
    /// assert_eq!(hook.kind().as_str(), "before_create");
    /// ```
    #[inline]
    pub fn kind(self) -> HookKind {
        HookKind::from(&self.raw.kind)
    }

    /// The function's path, as written, e.g. `slugify_title`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let hook = REGISTRY.resource("User").unwrap().hooks().next().unwrap();
    /// assert_eq!(hook.function(), "crate::auth::hash_password");
    /// ```
    #[inline]
    pub fn function(self) -> &'a str {
        self.schema.str(self.raw.function)
    }

    /// Whether the hook runs inside the operation's transaction.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let mut hooks = REGISTRY.resource("Post").unwrap().hooks();
    /// assert!(!hooks.next().unwrap().transaction());
    /// assert!(hooks.next().unwrap().transaction());
    /// ```
    #[inline]
    pub fn transaction(self) -> bool {
        self.raw.transaction
    }

    /// Whether the function is `async`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let mut hooks = REGISTRY.resource("Post").unwrap().hooks();
    /// assert!(!hooks.next().unwrap().is_async());
    /// assert!(hooks.next().unwrap().is_async());
    /// ```
    #[inline]
    pub fn is_async(self) -> bool {
        self.raw.is_async
    }

    /// The function's source text, when the build step could see it.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let mut hooks = REGISTRY.resource("Post").unwrap().hooks();
    /// assert!(hooks.next().unwrap().source().unwrap().starts_with("fn slugify_title"));
    /// assert_eq!(hooks.next().unwrap().source(), None);
    /// ```
    #[inline]
    pub fn source(self) -> Option<&'a str> {
        self.schema.opt_str(self.raw.source)
    }

    /// Where the function is defined, when the build step could see it.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let hook = REGISTRY.resource("Post").unwrap().hooks().next().unwrap();
    /// assert_eq!(hook.source_location().unwrap().to_string(), "src/models/post.rs:40:1");
    /// ```
    #[inline]
    pub fn source_location(self) -> Option<Location<'a>> {
        let raw = self.raw.source_location.get()?;
        Some(Location::resolve(self.schema, raw))
    }

    /// The functions the hook's body calls, in first-call order (empty when
    /// the build step could not see the body).
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let hook = REGISTRY.resource("Post").unwrap().hooks().next().unwrap();
    /// assert!(hook.calls().eq(["slugify"]));
    /// ```
    #[inline]
    pub fn calls(self) -> Strs<'a> {
        Strs::new(self.schema, &self.raw.calls)
    }
}

impl fmt::Debug for HookRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HookRef")
            .field(&self.kind())
            .field(&self.function())
            .finish()
    }
}
