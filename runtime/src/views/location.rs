//! [`Location`]: where a record was declared.

use conduit_format::schema::{ArchivedLocation, ArchivedSchema};
use core::fmt;

/// Where a record was declared: file, 1-based line and 1-based column.
///
/// Displays as `file:line:column`, the form editors and terminals link.
///
/// ```
/// # conduit::__doc_registry!();
/// let loc = REGISTRY.resource("Post").unwrap().location();
/// assert_eq!(loc.to_string(), "src/models/post.rs:12:1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location<'a> {
    file: &'a str,
    line: u32,
    column: u32,
}

impl<'a> Location<'a> {
    /// A location from its parts.
    ///
    /// ```
    /// use conduit::Location;
    /// let loc = Location::new("src/lib.rs", 3, 7);
    /// assert_eq!(loc.to_string(), "src/lib.rs:3:7");
    /// ```
    pub const fn new(file: &'a str, line: u32, column: u32) -> Self {
        Location { file, line, column }
    }

    /// Resolves an archived location's file index (an unknown index gives an
    /// empty file name).
    #[inline]
    pub(crate) fn resolve(schema: &'a ArchivedSchema, raw: &ArchivedLocation) -> Self {
        let file = usize::try_from(raw.file.to_native())
            .ok()
            .and_then(|i| schema.files.get(i))
            .map_or("", |f| f.as_str());
        Location::new(file, raw.line.to_native(), raw.column.to_native())
    }

    /// The source file, as the build step recorded its path.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// let loc = REGISTRY.resource("Post").unwrap().location();
    /// assert_eq!(loc.file(), "src/models/post.rs");
    /// ```
    #[inline]
    pub const fn file(&self) -> &'a str {
        self.file
    }

    /// The 1-based line.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.resource("Post").unwrap().location().line(), 12);
    /// ```
    #[inline]
    pub const fn line(&self) -> u32 {
        self.line
    }

    /// The 1-based column.
    ///
    /// ```
    /// # conduit::__doc_registry!();
    /// assert_eq!(REGISTRY.resource("Post").unwrap().location().column(), 1);
    /// ```
    #[inline]
    pub const fn column(&self) -> u32 {
        self.column
    }
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
