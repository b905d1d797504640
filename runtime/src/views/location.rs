//! [`Location`]: where a record was declared.

use conduit_format::schema::{ArchivedLocation, ArchivedSchema};
use core::fmt;
use rkyv::string::ArchivedString;

/// Where a record was declared: file, 1-based line and 1-based column.
///
/// Displays as `file:line:column`, the form editors and terminals link.
///
/// ```
/// # use conduit_testkit::REGISTRY;
/// let loc = REGISTRY.resource("Post").unwrap().location();
/// assert_eq!(loc.to_string(), "src/models/post.rs:12:1");
/// ```
#[derive(Clone, Copy)]
pub struct Location<'a> {
    /// `None` for a file index out of range (an empty file name).
    file: Option<&'a ArchivedString>,
    line: u32,
    column: u32,
}

impl<'a> Location<'a> {
    /// Resolves an archived location's file index (an unknown index gives an
    /// empty file name).
    #[inline]
    pub(crate) fn resolve(schema: &'a ArchivedSchema, raw: &ArchivedLocation) -> Self {
        Location {
            file: schema.files.get(usize::from(raw.file.to_native())),
            line: raw.line.to_native(),
            column: u32::from(raw.column.to_native()),
        }
    }

    /// No place: what a record whose declaration is missing reports (a
    /// validated registry has none).
    pub(crate) const NOWHERE: Location<'static> = Location {
        file: None,
        line: 0,
        column: 0,
    };

    /// `(file, line, column)`, what equality, order and hashing compare.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let loc = REGISTRY.resource("Post").unwrap().location();
    /// assert_eq!(loc.parts(), ("src/models/post.rs", 12, 1));
    /// ```
    #[inline]
    pub fn parts(&self) -> (&'a str, u32, u32) {
        (self.file(), self.line, self.column)
    }

    /// The source file, as the build step recorded its path.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let loc = REGISTRY.resource("Post").unwrap().location();
    /// assert_eq!(loc.file(), "src/models/post.rs");
    /// ```
    #[inline]
    pub fn file(&self) -> &'a str {
        self.file.map_or("", ArchivedString::as_str)
    }

    /// The 1-based line.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().location().line(), 12);
    /// ```
    #[inline]
    pub const fn line(&self) -> u32 {
        self.line
    }

    /// The 1-based column.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().location().column(), 1);
    /// ```
    #[inline]
    pub const fn column(&self) -> u32 {
        self.column
    }
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file(), self.line, self.column)
    }
}

impl fmt::Debug for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Location")
            .field("file", &self.file())
            .field("line", &self.line)
            .field("column", &self.column)
            .finish()
    }
}

impl PartialEq for Location<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for Location<'_> {}

impl PartialOrd for Location<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Location<'_> {
    /// By file name, then line, then column.
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.parts().cmp(&other.parts())
    }
}

impl core::hash::Hash for Location<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.parts().hash(state);
    }
}
