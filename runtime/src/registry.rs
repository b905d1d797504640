//! [`Registry`]: the entry point of every query.

use crate::__private::{Aligned, Checked};
use crate::archive::{self, Embedded};
use crate::iter::{Records, View};
use crate::{Error, ResourceRef};
use conduit_format::phash::PerfectHash;
use conduit_format::schema::{ArchivedResource, ArchivedSchema};
use core::fmt;

/// The compiled schema of a crate: every resource and everything about it.
///
/// Applications get theirs from [`include_registry!`](crate::include_registry),
/// as a `pub static REGISTRY: Registry<'static>` that reads the blob embedded
/// in the binary. Tools can also load a blob at run time with
/// [`Registry::from_bytes`].
///
/// A `Registry` is a small `Copy` handle; every query reads the archive in
/// place, without allocating, locking or panicking.
///
/// ```
/// # use conduit_testkit::REGISTRY;
/// let post = REGISTRY.resource("Post").expect("known resource");
/// for field in post.fields() {
///     println!("{}: {}", field.name(), field.ty());
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Registry<'a> {
    source: Source<'a>,
}

/// Where a registry's schema comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// Embedded by `conduit-build`: trusted payload and perfect-hash index
    /// (generated with the blob, from the same sorted names).
    Static {
        payload: Embedded,
        index: &'static PerfectHash<'static>,
    },
    /// Loaded and validated at run time.
    Validated(&'a ArchivedSchema),
    /// Embedded by `conduit-build` in a crate that forbids unsafe code:
    /// validated on first use, kept in `cell`.
    Checked {
        blob: &'static Aligned<[u8]>,
        index: &'static PerfectHash<'static>,
        cell: &'static Checked,
    },
}

impl Registry<'static> {
    /// The registry of an embedded blob (see [`crate::__private::registry`]).
    pub(crate) const fn embedded(payload: Embedded, index: &'static PerfectHash<'static>) -> Self {
        Registry {
            source: Source::Static { payload, index },
        }
    }

    /// The registry of an embedded blob validated on first use (see
    /// [`crate::__private::checked_registry`]).
    pub(crate) const fn checked(
        blob: &'static Aligned<[u8]>,
        index: &'static PerfectHash<'static>,
        cell: &'static Checked,
    ) -> Self {
        Registry {
            source: Source::Checked { blob, index, cell },
        }
    }
}

/// The position of resource `name` in a loaded registry: a binary search by
/// name, out of line so that the embedded registries' lookup (the common
/// case) stays small enough to inline, with no registers to save.
#[inline(never)]
fn search(schema: &ArchivedSchema, name: &str) -> Option<usize> {
    schema
        .resources
        .as_slice()
        .binary_search_by(|r| schema.str(r.name).cmp(name))
        .ok()
}

/// The schema of a [`Source::Checked`] registry, validated by the first
/// caller.
#[cold]
#[inline(never)]
fn check_embedded(blob: &'static Aligned<[u8]>) -> &'static ArchivedSchema {
    match archive::validate(&blob.0) {
        Ok(schema) => schema,
        Err(e) => panic!(
            "conduit: the embedded registry does not validate ({e}); \
             run `cargo clean -p <your crate>` and rebuild"
        ),
    }
}

impl<'a> Registry<'a> {
    /// Loads a registry blob (as `conduit-build` writes it to
    /// `OUT_DIR/conduit/registry.bin`) that was read at run time, validating
    /// all of it.
    ///
    /// The bytes after the 32-byte header must start at a 16-byte aligned
    /// address: read the file with [`AlignedBytes::read`](crate::AlignedBytes::read)
    /// (or copy it into an [`AlignedBytes`](crate::AlignedBytes)).
    ///
    /// Validation takes time proportional to the blob's size (about 0.6 ms per
    /// MB); the queries on the result are as fast as on an embedded registry,
    /// except [`resource`](Self::resource), which uses binary search instead of
    /// a perfect hash.
    ///
    /// # Errors
    ///
    /// [`Error::Header`] if the header is refused (not a registry, written by
    /// an incompatible `conduit-build`, truncated), [`Error::Misaligned`] if
    /// the payload is not 16-byte aligned, [`Error::InvalidArchive`] if the
    /// archive does not validate.
    ///
    /// ```
    /// use conduit::Registry;
    /// # let blob = conduit_testkit::blob();
    /// let bytes = conduit::AlignedBytes::from_slice(blob); // or AlignedBytes::read(path)?
    /// let registry = Registry::from_bytes(&bytes)?;
    /// assert_eq!(registry.len(), 3);
    /// assert!(Registry::from_bytes(&bytes[..40]).is_err());
    /// # Ok::<(), conduit::Error>(())
    /// ```
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, Error> {
        Ok(Registry {
            source: Source::Validated(archive::validate(bytes)?),
        })
    }

    #[inline]
    pub(crate) fn schema(&self) -> &'a ArchivedSchema {
        match self.source {
            Source::Static { payload, .. } => payload.schema(),
            Source::Validated(schema) => schema,
            Source::Checked { blob, cell, .. } => cell.0.get_or_init(|| check_embedded(blob)),
        }
    }

    /// The schema version: the crate's version unless the build script set
    /// another.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.version(), "1.0.0");
    /// ```
    #[inline]
    pub fn version(&self) -> &'a str {
        let schema = self.schema();
        schema.str(schema.version)
    }

    /// A hash of every input the build step read: equal hashes mean the same
    /// schema sources.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// println!("schema {:016x}", REGISTRY.source_hash());
    /// # assert_eq!(REGISTRY.source_hash(), 0x5eed);
    /// ```
    #[inline]
    pub fn source_hash(&self) -> u64 {
        self.schema().source_hash.to_native()
    }

    /// The mount prefix in front of every route path (`/api`, set with
    /// `conduit_build::Builder::path_prefix`), or `""`.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.path_prefix(), "");
    /// ```
    #[inline]
    pub fn path_prefix(&self) -> &'a str {
        let schema = self.schema();
        schema.str(schema.path_prefix)
    }

    /// Every resource, in name order.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// let names: Vec<&str> = REGISTRY.resources().map(|r| r.name()).collect();
    /// assert_eq!(names, ["Comment", "Post", "User"]);
    /// ```
    #[inline]
    pub fn resources(&self) -> Records<'a, ResourceRef<'a>> {
        let schema = self.schema();
        Records::new(schema, &schema.resources)
    }

    /// The resource called `name`, by perfect-hash lookup (binary search for a
    /// registry loaded with [`from_bytes`](Self::from_bytes)); `None` if there
    /// is none.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.resource("Post").unwrap().table(), "posts");
    /// assert!(REGISTRY.resource("post").is_none());
    /// ```
    #[inline]
    pub fn resource(&self, name: &str) -> Option<ResourceRef<'a>> {
        let schema = self.schema();
        let raw = schema.resources.get(self.position(name)?)?;
        Some(ResourceRef::from_raw(schema, raw))
    }

    /// The position of resource `name` in name order: one perfect-hash
    /// lookup (and one string compare) for an embedded registry, a binary
    /// search for a loaded one.
    #[inline]
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        match self.source {
            Source::Static { index, .. } | Source::Checked { index, .. } => {
                Some(index.get(name)? as usize)
            }
            Source::Validated(schema) => search(schema, name),
        }
    }

    /// The number of resources.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert_eq!(REGISTRY.len(), 3);
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.schema().resources.len()
    }

    /// Whether the registry has no resource.
    ///
    /// ```
    /// # use conduit_testkit::REGISTRY;
    /// assert!(!REGISTRY.is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Binary search of a resource by name (resources are sorted by name).
pub(crate) fn find_resource<'a>(
    schema: &'a ArchivedSchema,
    name: &str,
) -> Option<&'a ArchivedResource> {
    let resources = schema.resources.as_slice();
    let i = resources
        .binary_search_by(|r| schema.str(r.name).cmp(name))
        .ok()?;
    resources.get(i)
}

impl fmt::Debug for Registry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("version", &self.version())
            .field("resources", &self.len())
            .finish()
    }
}
