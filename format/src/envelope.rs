//! The blob envelope: a [`Header`] in front of the rkyv payload, sealed by the
//! build step and opened by every reader (runtime, CLI, tools).
//!
//! ```
//! use conduit_format::envelope::{open, seal};
//! let blob = seal(&[7; 48]).unwrap();
//! assert_eq!(blob.as_ptr().addr() % conduit_format::header::PAYLOAD_ALIGN, 0);
//! assert_eq!(open(&blob).unwrap(), &[7; 48]);
//! ```

use crate::header::{HEADER_LEN, Header, HeaderError, PAYLOAD_ALIGN};
use core::fmt;

/// A byte buffer aligned to [`PAYLOAD_ALIGN`], as sealed blobs are.
pub type AlignedBlob = rkyv::util::AlignedVec<PAYLOAD_ALIGN>;

/// A payload of 4 GiB or more: the header's length field has 32 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The payload's length in bytes.
    pub len: usize,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the registry is {} bytes, more than the 4 GiB a blob can address",
            self.len
        )
    }
}

impl std::error::Error for TooLarge {}

/// The whole blob for `payload`: header (with the payload's length and
/// checksum) then the payload, in a [`PAYLOAD_ALIGN`]-aligned buffer.
///
/// # Errors
///
/// [`TooLarge`] if the payload is 4 GiB or more.
pub fn seal(payload: &[u8]) -> Result<AlignedBlob, TooLarge> {
    let header = Header::for_payload(payload).ok_or(TooLarge { len: payload.len() })?;
    let mut blob = AlignedBlob::with_capacity(HEADER_LEN + payload.len());
    blob.extend_from_slice(&header.encode());
    blob.extend_from_slice(payload);
    Ok(blob)
}

/// Verifies a whole blob's header and checksum ([`Header::verify`]) and
/// returns its payload.
///
/// # Errors
///
/// The [`HeaderError`] that refused the blob.
pub fn open(blob: &[u8]) -> Result<&[u8], HeaderError> {
    Header::verify(blob)?;
    Ok(&blob[HEADER_LEN..])
}

/// Recomputes the checksum of a blob whose payload was changed in place, so
/// that tests can reach the validation behind the checksum with corrupted
/// payloads. Does nothing to bytes too short to hold a header.
///
/// ```
/// use conduit_format::envelope::{open, reseal, seal};
/// let mut blob = seal(&[1; 32]).unwrap().to_vec();
/// blob[40] = 2;
/// assert!(open(&blob).is_err());
/// reseal(&mut blob);
/// assert!(open(&blob).is_ok());
/// ```
pub fn reseal(blob: &mut [u8]) {
    if blob.len() < HEADER_LEN {
        return;
    }
    let sum = crate::hash::checksum(&blob[HEADER_LEN..]);
    blob[24..32].copy_from_slice(&sum.to_le_bytes());
}
