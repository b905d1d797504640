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
    /// `rkyv::util::AlignedVec`.
    ///
    /// ```
    /// use conduit::{Error, Registry};
    /// # let blob = conduit::__private::sample_blob();
    /// // `blob` is a valid registry in a 16-byte aligned buffer:
    /// let mut buffer = rkyv::util::AlignedVec::<16>::new();
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
    /// let mut bytes = rkyv::util::AlignedVec::<16>::new();
    /// bytes.extend_from_slice(blob);
    /// let end = bytes.len();
    /// bytes[end - 4..].fill(0xff); // the root now claims 4 billion resources
    /// assert!(matches!(Registry::from_bytes(&bytes), Err(Error::InvalidArchive(_))));
    /// ```
    InvalidArchive(
        /// The validator's message.
        String,
    ),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Header(e) => write!(f, "invalid conduit registry: {e}"),
            Error::Misaligned { address } => write!(
                f,
                "conduit registry payload at address {address:#x} is not 16-byte aligned; \
                 load the blob into a 16-byte aligned buffer (e.g. rkyv::util::AlignedVec)"
            ),
            Error::InvalidArchive(message) => {
                write!(f, "invalid conduit registry archive: {message}")
            }
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
