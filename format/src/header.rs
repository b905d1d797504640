//! The 32-byte header in front of every blob, and the format fingerprint.
//!
//! Layout (all integers little endian):
//!
//! | bytes | content |
//! |---|---|
//! | 0..8 | [`MAGIC`] |
//! | 8..16 | [`format_fingerprint`] of the writer |
//! | 16..20 | [`FORMAT_VERSION`] |
//! | 20..24 | payload length in bytes |
//! | 24..32 | zero |
//!
//! The rkyv payload follows at offset [`HEADER_LEN`], which keeps it 16-byte
//! aligned when the whole blob is.
//!
//! ```
//! use conduit_format::Header;
//! let mut blob = Header::new(4).encode().to_vec();
//! blob.extend_from_slice(&[1, 2, 3, 4]);
//! assert_eq!(Header::check(&blob), Ok(Header::new(4)));
//! blob.pop();
//! assert!(Header::check(&blob).is_err());
//! ```

use crate::hash::Fnv64;
use crate::schema::*;
use crate::tables::*;
use core::fmt;
use core::mem::{align_of, size_of};

/// The first eight bytes of every blob.
pub const MAGIC: [u8; 8] = *b"CONDUIT\0";
/// The version of the blob layout; bump it when [`crate::schema`] changes.
pub const FORMAT_VERSION: u32 = 1;
/// The header's length; the payload starts here.
pub const HEADER_LEN: usize = 32;

/// The link section holding an embedded blob on ELF targets (Linux, BSDs…),
/// so tools find it in a compiled binary; stripping symbols keeps it.
pub const SECTION_ELF: &str = ".conduit_registry";
/// The link section on Mach-O targets (`segment,section`).
pub const SECTION_MACHO: &str = "__DATA,__conduit";
/// The link section on PE/COFF targets (Windows; at most 8 bytes).
pub const SECTION_PE: &str = ".conduit";

macro_rules! layout_of {
    ($h:expr, $($t:ty),+ $(,)?) => {
        $h$(.str(stringify!($t)).u64(size_of::<$t>() as u64).u64(align_of::<$t>() as u64))+
    };
}

/// A hash of everything that decides how the archived bytes are laid out:
/// the format version and the size and alignment of every archived type
/// (which move with rkyv's pointer-width and alignment features).
///
/// The build step writes its own value into the header; the runtime compares
/// it with its own, so a blob from an incompatible writer is refused.
pub const fn format_fingerprint() -> u64 {
    let h = Fnv64::new()
        .bytes(&MAGIC)
        .u64(FORMAT_VERSION as u64)
        .str("rkyv-0.8/little_endian/aligned");
    layout_of!(
        h,
        rkyv::Archived<u32>,
        rkyv::Archived<u64>,
        rkyv::Archived<String>,
        rkyv::Archived<Vec<u8>>,
        rkyv::Archived<Option<String>>,
        ArchivedSchema,
        ArchivedLocation,
        ArchivedResource,
        ArchivedField,
        ArchivedRelationship,
        ArchivedHook,
        ArchivedValidation,
        ArchivedConstraint,
        ArchivedMiddleware,
        ArchivedScope,
        ArchivedComputed,
        ArchivedCustomRoute,
        ArchivedRoute,
        ArchivedGroup,
        ArchivedTrieNode,
        ArchivedTrieEdge,
        ArchivedRoutes,
        ArchivedPattern,
        ArchivedNode,
        ArchivedEdge,
        ArchivedPlan,
        ArchivedGraph,
        ArchivedTypeGroup,
        ArchivedFieldAt,
    )
    .finish()
}

/// A decoded blob header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The writer's [`format_fingerprint`].
    pub fingerprint: u64,
    /// The writer's [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The payload length in bytes.
    pub payload_len: u32,
}

/// Why a blob's header was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderError {
    /// Fewer bytes than a header.
    TooShort,
    /// The bytes do not start with [`MAGIC`]: not a conduit blob.
    BadMagic,
    /// Written by a different format version.
    VersionMismatch {
        /// The blob's version.
        found: u32,
    },
    /// Written with a different layout (another rkyv configuration).
    FingerprintMismatch {
        /// The blob's fingerprint.
        found: u64,
    },
    /// Bytes 24..32, reserved, are not zero: not written by this format.
    ReservedBytes,
    /// The payload length in the header does not match the bytes.
    LengthMismatch {
        /// The length the header announces.
        announced: u32,
        /// The bytes actually present after the header.
        actual: usize,
    },
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            HeaderError::TooShort => write!(f, "too short to hold a conduit registry header"),
            HeaderError::BadMagic => write!(f, "not a conduit registry (bad magic bytes)"),
            HeaderError::VersionMismatch { found } => write!(
                f,
                "registry format version {found} is not the supported version {FORMAT_VERSION}; rebuild with a matching conduit-build"
            ),
            HeaderError::FingerprintMismatch { found } => write!(
                f,
                "registry layout fingerprint {found:#018x} does not match this runtime's {:#018x}; rebuild with a matching conduit-build",
                format_fingerprint()
            ),
            HeaderError::ReservedBytes => write!(
                f,
                "registry header's reserved bytes are not zero (corrupted data)"
            ),
            HeaderError::LengthMismatch { announced, actual } => write!(
                f,
                "registry header announces {announced} payload bytes but {actual} are present (truncated or padded data)"
            ),
        }
    }
}

impl std::error::Error for HeaderError {}

const fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

const fn le_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes([
        b[at],
        b[at + 1],
        b[at + 2],
        b[at + 3],
        b[at + 4],
        b[at + 5],
        b[at + 6],
        b[at + 7],
    ])
}

impl Header {
    /// The header this build of the format writes for a payload of `payload_len` bytes.
    pub const fn new(payload_len: u32) -> Self {
        Header {
            fingerprint: format_fingerprint(),
            format_version: FORMAT_VERSION,
            payload_len,
        }
    }

    /// The header's bytes.
    pub const fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        let mut i = 0;
        while i < 8 {
            out[i] = MAGIC[i];
            i += 1;
        }
        let fp = self.fingerprint.to_le_bytes();
        let ver = self.format_version.to_le_bytes();
        let len = self.payload_len.to_le_bytes();
        let mut j = 0;
        while j < 8 {
            out[8 + j] = fp[j];
            j += 1;
        }
        let mut k = 0;
        while k < 4 {
            out[16 + k] = ver[k];
            out[20 + k] = len[k];
            k += 1;
        }
        out
    }

    /// Decodes and checks the header of a whole blob (header plus payload):
    /// magic, format version, fingerprint, and that exactly the announced
    /// payload follows. Usable in `const` contexts.
    pub const fn check(blob: &[u8]) -> Result<Header, HeaderError> {
        if blob.len() < HEADER_LEN {
            return Err(HeaderError::TooShort);
        }
        let mut i = 0;
        while i < 8 {
            if blob[i] != MAGIC[i] {
                return Err(HeaderError::BadMagic);
            }
            i += 1;
        }
        let header = Header {
            fingerprint: le_u64(blob, 8),
            format_version: le_u32(blob, 16),
            payload_len: le_u32(blob, 20),
        };
        if header.format_version != FORMAT_VERSION {
            return Err(HeaderError::VersionMismatch {
                found: header.format_version,
            });
        }
        if header.fingerprint != format_fingerprint() {
            return Err(HeaderError::FingerprintMismatch {
                found: header.fingerprint,
            });
        }
        let mut r = 24;
        while r < HEADER_LEN {
            if blob[r] != 0 {
                return Err(HeaderError::ReservedBytes);
            }
            r += 1;
        }
        let actual = blob.len() - HEADER_LEN;
        if header.payload_len as usize != actual {
            return Err(HeaderError::LengthMismatch {
                announced: header.payload_len,
                actual,
            });
        }
        Ok(header)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(payload: usize) -> Vec<u8> {
        let mut b = Header::new(payload as u32).encode().to_vec();
        b.resize(HEADER_LEN + payload, 0xAB);
        b
    }

    #[test]
    fn a_well_formed_header_round_trips() {
        assert_eq!(Header::check(&blob(100)), Ok(Header::new(100)));
    }

    #[test]
    fn each_header_field_is_checked() {
        assert_eq!(Header::check(&[0; 3]), Err(HeaderError::TooShort));
        let mut b = blob(8);
        b[0] = b'X';
        assert_eq!(Header::check(&b), Err(HeaderError::BadMagic));
        let mut b = blob(8);
        b[16] = 99;
        assert_eq!(
            Header::check(&b),
            Err(HeaderError::VersionMismatch { found: 99 })
        );
        let mut b = blob(8);
        b[8] ^= 1;
        assert!(matches!(
            Header::check(&b),
            Err(HeaderError::FingerprintMismatch { .. })
        ));
        let mut b = blob(8);
        b[30] = 1;
        assert_eq!(Header::check(&b), Err(HeaderError::ReservedBytes));
        let mut b = blob(8);
        b.push(0);
        assert_eq!(
            Header::check(&b),
            Err(HeaderError::LengthMismatch {
                announced: 8,
                actual: 9
            })
        );
    }

    #[test]
    fn fingerprint_is_a_compile_time_constant() {
        const FP: u64 = format_fingerprint();
        assert_eq!(FP, format_fingerprint());
        assert_ne!(FP, 0);
    }
}
