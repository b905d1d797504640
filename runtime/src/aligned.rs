//! [`AlignedBytes`]: an owned byte buffer whose start is 16-byte aligned, for
//! blobs read at run time.

use core::fmt;
use core::ops::{Deref, DerefMut};
use std::io;
use std::path::Path;

/// The alignment of [`AlignedBytes`]: what [`Registry::from_bytes`]
/// requires of the payload after the 32-byte header.
///
/// [`Registry::from_bytes`]: crate::Registry::from_bytes
const ALIGN: usize = conduit_format::header::PAYLOAD_ALIGN;

/// An owned, immutable-length byte buffer whose first byte is 16-byte
/// aligned, for [`Registry::from_bytes`](crate::Registry::from_bytes) on a
/// blob read at run time (`std::fs::read` gives no alignment guarantee).
///
/// It derefs to `[u8]` (mutably too, to patch bytes in place).
///
/// ```
/// use conduit::{AlignedBytes, Registry};
/// # let blob = conduit_testkit::blob();
/// let bytes = AlignedBytes::from_slice(blob); // or AlignedBytes::read("registry.bin")?
/// assert_eq!(bytes.as_ptr().addr() % 16, 0);
/// assert_eq!(Registry::from_bytes(&bytes).unwrap().len(), 3);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct AlignedBytes {
    /// `ALIGN - 1` bytes more than needed; the data starts at `start`.
    buffer: Box<[u8]>,
    start: usize,
    len: usize,
}

impl AlignedBytes {
    /// A 16-byte aligned copy of `bytes`.
    ///
    /// ```
    /// let bytes = conduit::AlignedBytes::from_slice(b"abc");
    /// assert_eq!(&bytes[..], b"abc");
    /// assert_eq!(bytes.as_ptr().addr() % 16, 0);
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Self {
        let mut buffer = vec![0; bytes.len() + ALIGN - 1].into_boxed_slice();
        // The heap block never moves (the length is fixed), so this offset
        // stays right when the `AlignedBytes` itself moves.
        let start = (ALIGN - buffer.as_ptr().addr() % ALIGN) % ALIGN;
        buffer[start..start + bytes.len()].copy_from_slice(bytes);
        AlignedBytes {
            buffer,
            start,
            len: bytes.len(),
        }
    }

    /// Reads a whole file (e.g. `OUT_DIR/conduit/registry.bin`) into an
    /// aligned buffer.
    ///
    /// # Errors
    ///
    /// The error of [`std::fs::read`].
    ///
    /// ```
    /// let err = conduit::AlignedBytes::read("/no/such/registry.bin").unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn read(path: impl AsRef<Path>) -> io::Result<Self> {
        Ok(Self::from_slice(&std::fs::read(path)?))
    }

    /// The bytes.
    ///
    /// ```
    /// assert_eq!(conduit::AlignedBytes::from_slice(&[1, 2]).as_slice(), [1, 2]);
    /// ```
    pub fn as_slice(&self) -> &[u8] {
        &self.buffer[self.start..self.start + self.len]
    }

    /// The bytes, mutably.
    ///
    /// ```
    /// let mut bytes = conduit::AlignedBytes::from_slice(&[1, 2]);
    /// bytes.as_mut_slice()[0] = 7;
    /// assert_eq!(&bytes[..], [7, 2]);
    /// ```
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.buffer[self.start..self.start + self.len]
    }
}

impl Clone for AlignedBytes {
    /// A copy in a new buffer, aligned again (a derived `Clone` would keep
    /// the offset of the old allocation).
    fn clone(&self) -> Self {
        Self::from_slice(self.as_slice())
    }
}

impl Deref for AlignedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl DerefMut for AlignedBytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        self.as_mut_slice()
    }
}

impl AsRef<[u8]> for AlignedBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl From<&[u8]> for AlignedBytes {
    /// [`AlignedBytes::from_slice`].
    fn from(bytes: &[u8]) -> Self {
        Self::from_slice(bytes)
    }
}

impl fmt::Debug for AlignedBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AlignedBytes({} bytes)", self.len)
    }
}

impl PartialEq for AlignedBytes {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for AlignedBytes {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_starts_aligned_and_keeps_its_bytes() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len as u8).collect();
            let bytes = AlignedBytes::from_slice(&data);
            assert_eq!(bytes.as_ptr().addr() % ALIGN, 0, "len {len}");
            assert_eq!(&bytes[..], &data[..]);
            let moved = Box::new(bytes.clone());
            assert_eq!(moved.as_ptr().addr() % ALIGN, 0);
        }
    }
}
