//! The crate's error type.

use conduit_format::HeaderError;
use core::fmt;

/// Why a registry could not be loaded.
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
    /// [`AlignedBytes`](crate::AlignedBytes).
    ///
    /// ```
    /// use conduit::{Error, Registry};
    /// # let blob = conduit_testkit::blob();
    /// // `blob` is a valid registry; one byte before it misaligns it:
    /// let buffer = conduit::AlignedBytes::from_slice(&[&[0][..], blob].concat());
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
    /// # let blob = conduit_testkit::blob();
    /// let mut bytes = conduit::AlignedBytes::from_slice(blob);
    /// let end = bytes.len();
    /// bytes[end - 64..].fill(0xff); // the root's pointers and lengths are now garbage
    /// # conduit_format::envelope::reseal(&mut bytes); // past the checksum
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
                 load the blob into a 16-byte aligned buffer (e.g. conduit::AlignedBytes)"
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
