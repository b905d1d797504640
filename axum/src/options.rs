//! [`Options`]: how the router is served (a small builder).

use core::fmt;

/// How [`router`](crate::router) serves the registry.
///
/// ```
/// use conduit_axum::Options;
/// let open = Options::new();
/// assert!(!open.requires_token());
/// let guarded = Options::new().token("s3cret");
/// assert!(guarded.requires_token());
/// ```
#[derive(Clone, Default)]
#[must_use = "Options do nothing until they are passed to `router`"]
pub struct Options {
    pub(crate) token: Option<String>,
}

impl Options {
    /// No token: every endpoint answers everyone (serve it on loopback, or
    /// behind your own authentication).
    pub fn new() -> Self {
        Options::default()
    }

    /// Every endpoint, the explorer page included, answers only requests
    /// with `Authorization: Bearer TOKEN` (compared in constant time);
    /// others get `401` with a JSON error. An empty token is no token.
    ///
    /// A browser sends no bearer token by itself: with a token, open the
    /// explorer through something that adds the header (a proxy, an
    /// extension), or serve it without one on loopback.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.token = (!token.is_empty()).then_some(token);
        self
    }

    /// Whether a token is required (the token itself is never shown).
    pub fn requires_token(&self) -> bool {
        self.token.is_some()
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}
