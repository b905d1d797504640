//! The answers to every question a client can ask, as typed, serializable
//! values: one definition of each answer's JSON shape, used by the HTTP
//! router of this crate and by `conduit mcp` alike (transport-independent:
//! no axum here, only `conduit`, `serde` and `serde_json`).
//!
//! Lists are bounded: at most [`MAX_ITEMS`] entries (a [`Bounded`] says how
//! many there were in all and whether it was cut), one-line summaries at most
//! [`MAX_SUMMARY`] characters, and a dependency answer at most [`MAX_ITEMS`]
//! nodes and edges. Only [`export`] is unbounded: it is the whole registry.
//!
//! ```
//! use conduit_axum::answers::{self, RouteQuery};
//! # let registry = &conduit_testkit::REGISTRY;
//! let post = answers::resource(registry, "Post", false)?;
//! assert_eq!(post.name, "Post");
//! let hit = answers::routes(registry, &RouteQuery { path: Some("/posts/42".into()), method: Some("GET".into()), ..RouteQuery::default() })?;
//! assert_eq!(hit.items[0].handler, "Post.show");
//! let err = answers::resource(registry, "Pots", false).unwrap_err();
//! assert_eq!(err.to_string(), "unknown resource `Pots`; did you mean `Post`?");
//! # Ok::<(), answers::AnswerError>(())
//! ```

mod graph;
mod resource;
mod routes;

pub use graph::{
    Cycles, DepEdge, DepNode, Dependencies, DependencyQuery, Export, ExportFormat, PatternLine,
    cycles, dependencies, export, node_id, openapi, patterns,
};
pub use resource::{
    ComputedLine, ConstraintLine, FieldLine, HookLine, MiddlewareLine, Overview, RelationshipLine,
    ResourceDetail, ResourceLine, ScopeLine, ValidationLine, overview, resource, resources,
};
pub use routes::{RouteLine, RouteQuery, routes};

use core::fmt;
use serde::Serialize;

/// The most entries of any list in an answer (resources, routes, patterns,
/// nodes and edges of a dependency answer).
pub const MAX_ITEMS: usize = 200;

/// The most characters of a one-line summary (a resource's docs in a list).
pub const MAX_SUMMARY: usize = 120;

/// The most patterns in an [`Overview`] (the most frequent first).
pub const OVERVIEW_PATTERNS: usize = 20;

/// A list cut at [`MAX_ITEMS`] entries: `total` says how many there were.
///
/// ```
/// # let registry = &conduit_testkit::REGISTRY;
/// let list = conduit_axum::answers::resources(registry);
/// assert_eq!((list.total, list.truncated, list.items.len()), (3, false, 3));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Bounded<T> {
    /// How many entries there are in all.
    pub total: usize,
    /// Whether `items` was cut (then narrow the question with a filter).
    pub truncated: bool,
    /// The first entries, at most [`MAX_ITEMS`].
    pub items: Vec<T>,
}

impl<T> Bounded<T> {
    /// The first [`MAX_ITEMS`] of `iter` (and the count of all of them).
    pub fn collect(iter: impl Iterator<Item = T>) -> Self {
        Self::collect_at_most(iter, MAX_ITEMS)
    }

    /// The first `limit` of `iter` (and the count of all of them).
    pub fn collect_at_most(iter: impl Iterator<Item = T>, limit: usize) -> Self {
        let mut items = Vec::new();
        let mut total = 0;
        for item in iter {
            if total < limit {
                items.push(item);
            }
            total += 1;
        }
        Bounded {
            total,
            truncated: total > items.len(),
            items,
        }
    }
}

/// What kind of mistake an [`AnswerError`] is: HTTP maps it to a status,
/// MCP to a tool error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A name that is not in the registry (HTTP 404).
    NotFound,
    /// A parameter that is not valid (HTTP 400).
    BadRequest,
}

/// A question that has no answer: an unknown name (with a "did you mean"
/// suggestion when one is close) or a bad parameter.
///
/// ```
/// use conduit_axum::answers::{self, ErrorKind};
/// # let registry = &conduit_testkit::REGISTRY;
/// let e = answers::patterns(registry, Some("cachng")).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::BadRequest);
/// assert!(e.to_string().contains("did you mean `caching`?"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError {
    kind: ErrorKind,
    message: String,
}

impl AnswerError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        AnswerError {
            kind,
            message: message.into(),
        }
    }

    /// Not found or bad request.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, for the client.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AnswerError {}

/// The end of an "unknown name" message: `; did you mean `x`?` when one is
/// close, otherwise the known names (at most ten).
pub(crate) fn hint<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    let close = conduit_format::suggest::did_you_mean(input, candidates.clone());
    if !close.is_empty() {
        return close;
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    match all.len() {
        0 => String::new(),
        n if n <= 10 => format!("; known: {}", all.join(", ")),
        n => format!("; known: {}, … ({n} in all)", all[..10].join(", ")),
    }
}

/// `unknown {what} `{input}`{hint}` as an [`ErrorKind::NotFound`].
pub(crate) fn unknown<'a>(
    what: &str,
    input: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> AnswerError {
    AnswerError::new(
        ErrorKind::NotFound,
        format!("unknown {what} `{input}`{}", hint(input, candidates)),
    )
}

/// `unknown {what} `{input}`{hint}` as an [`ErrorKind::BadRequest`] (a
/// closed vocabulary: methods, edge kinds, categories, formats).
pub(crate) fn invalid<'a>(
    what: &str,
    input: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> AnswerError {
    AnswerError::new(
        ErrorKind::BadRequest,
        format!("unknown {what} `{input}`{}", hint(input, candidates)),
    )
}

/// The first line of `docs`, at most [`MAX_SUMMARY`] characters (cut with `…`).
pub(crate) fn summary(docs: &str) -> String {
    let line = docs
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() <= MAX_SUMMARY {
        return line.to_owned();
    }
    let mut s: String = line.chars().take(MAX_SUMMARY - 1).collect();
    s.push('…');
    s
}

/// The resource called `name`, or a not-found error with a suggestion.
pub(crate) fn find<'a>(
    registry: &conduit::Registry<'a>,
    name: &str,
) -> Result<conduit::ResourceRef<'a>, AnswerError> {
    registry
        .resource(name)
        .ok_or_else(|| unknown("resource", name, registry.resources().map(|r| r.name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lists_keep_the_count_of_what_they_cut() {
        let b = Bounded::collect_at_most(0..10, 3);
        assert_eq!((b.total, b.truncated, b.items), (10, true, vec![0, 1, 2]));
        let b = Bounded::collect_at_most(0..3, 3);
        assert!(!b.truncated);
    }

    #[test]
    fn summaries_are_one_short_line() {
        assert_eq!(summary("\n  A post.\nMore text."), "A post.");
        let long = "x".repeat(500);
        let s = summary(&long);
        assert_eq!(s.chars().count(), MAX_SUMMARY);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn unknown_names_suggest_or_list() {
        let e = unknown("resource", "Pots", ["Comment", "Post"]);
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.message(), "unknown resource `Pots`; did you mean `Post`?");
        let e = invalid("method", "FETCH", ["GET", "POST"]);
        assert_eq!(e.kind(), ErrorKind::BadRequest);
        assert_eq!(e.message(), "unknown method `FETCH`; known: GET, POST");
    }
}
