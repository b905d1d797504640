//! The crate's error type.

use conduit_format::HeaderError;
use core::fmt;

/// Why a registry could not be loaded or a query could not be answered.
///
/// ```
/// use conduit::{Error, Registry};
/// let err = Registry::from_bytes(b"not a registry").unwrap_err();
/// assert!(matches!(err, Error::Header(_)));
/// assert_eq!(
///     err.to_string(),
///     "invalid conduit registry: too short to hold a conduit registry header"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The blob's header was refused: not a conduit registry, or one written
    /// by an incompatible `conduit-build`, or truncated.
    ///
    /// ```
    /// use conduit::{Error, Registry};
    /// let mut blob = vec![0u8; 64];
    /// blob[..8].copy_from_slice(b"NOTCNDT\0");
    /// assert!(matches!(Registry::from_bytes(&blob), Err(Error::Header(_))));
    /// ```
    Header(HeaderError),
    /// The payload (the bytes after the 32-byte header) does not start at a
    /// 16-byte aligned address. Load blobs into an aligned buffer such as
    /// [`AlignedVec`](crate::AlignedVec).
    ///
    /// ```
    /// use conduit::{Error, Registry};
    /// # let blob = conduit::__private::sample_blob();
    /// // `blob` is a valid registry in a 16-byte aligned buffer:
    /// let mut buffer = conduit::AlignedVec::new();
    /// buffer.push(0);
    /// buffer.extend_from_slice(blob);
    /// let err = Registry::from_bytes(&buffer[1..]).unwrap_err();
    /// assert!(matches!(err, Error::Misaligned { .. }));
    /// ```
    Misaligned {
        /// The payload's address.
        address: usize,
    },
    /// The header checked out but the archive did not pass validation.
    ///
    /// ```
    /// use conduit::{Error, Registry};
    /// # let blob = conduit::__private::sample_blob();
    /// let mut bytes = conduit::AlignedVec::new();
    /// bytes.extend_from_slice(blob);
    /// let end = bytes.len();
    /// bytes[end - 64..].fill(0xff); // the root's pointers and lengths are now garbage
    /// # conduit_format::envelope::reseal(&mut bytes); // past the checksum
    /// assert!(matches!(Registry::from_bytes(&bytes), Err(Error::InvalidArchive(_))));
    /// ```
    InvalidArchive(
        /// The validator's message.
        String,
    ),
    /// [`Registry::dependencies`](crate::Registry::dependencies) was asked
    /// about a resource the registry does not have.
    UnknownResource(Name),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Header(e) => write!(f, "invalid conduit registry: {e}"),
            Error::Misaligned { address } => write!(
                f,
                "conduit registry payload at address {address:#x} is not 16-byte aligned; \
                 load the blob into a 16-byte aligned buffer (e.g. conduit::AlignedVec)"
            ),
            Error::InvalidArchive(message) => {
                write!(f, "invalid conduit registry archive: {message}")
            }
            Error::UnknownResource(name) => write!(f, "unknown resource `{name}`"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Header(e) => Some(e),
            _ => None,
        }
    }
}

impl From<HeaderError> for Error {
    /// Wraps a header error.
    ///
    /// ```
    /// use conduit::{Error, HeaderError};
    /// assert_eq!(Error::from(HeaderError::BadMagic), Error::Header(HeaderError::BadMagic));
    /// ```
    fn from(e: HeaderError) -> Self {
        Error::Header(e)
    }
}

/// A name carried by an error without allocating: up to 64 bytes are kept
/// (cut at a character boundary, with `…` shown when cut).
///
/// ```
/// # conduit::__doc_registry!();
/// let err = REGISTRY.dependencies("Pots", conduit::DepQuery::new()).unwrap_err();
/// match err {
///     conduit::Error::UnknownResource(name) => assert_eq!(name.as_str(), "Pots"),
///     other => panic!("{other}"),
/// }
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Name {
    bytes: [u8; Name::CAPACITY],
    len: u8,
    truncated: bool,
}

impl Name {
    /// How many bytes are kept.
    pub const CAPACITY: usize = 64;

    pub(crate) fn new(s: &str) -> Self {
        let mut len = s.len().min(Self::CAPACITY);
        while !s.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; Self::CAPACITY];
        bytes[..len].copy_from_slice(&s.as_bytes()[..len]);
        Name {
            bytes,
            len: len as u8,
            truncated: len < s.len(),
        }
    }

    /// The kept text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// Whether the original name was longer than [`Name::CAPACITY`].
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}
