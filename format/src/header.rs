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
//! | 24..32 | [`checksum`] of the payload |
//!
//! The rkyv payload follows at offset [`HEADER_LEN`], which keeps it
//! [`PAYLOAD_ALIGN`]-byte aligned when the whole blob is.
//!
//! ```
//! use conduit_format::{Header, HeaderError};
//! let payload = [1, 2, 3, 4];
//! let mut blob = Header::for_payload(&payload).unwrap().encode().to_vec();
//! blob.extend_from_slice(&payload);
//! assert_eq!(Header::verify(&blob), Header::for_payload(&payload).ok_or(HeaderError::TooShort));
//! blob[HEADER_LEN] ^= 1; // one changed payload byte
//! # use conduit_format::header::HEADER_LEN;
//! assert!(Header::verify(&blob).is_err());
//! ```

use crate::hash::{Fnv64, checksum};
use crate::schema::*;
use crate::strings::{ArchivedStrId, ArchivedStrList};
use crate::tables::*;
use core::fmt;
use core::mem::{align_of, size_of};

/// The first eight bytes of every blob.
pub const MAGIC: [u8; 8] = *b"CONDUIT\0";
/// The version of the blob layout; bump it when [`crate::schema`] changes.
pub const FORMAT_VERSION: u32 = 1;
/// The header's length; the payload starts here.
pub const HEADER_LEN: usize = 32;
/// The alignment the payload needs (that of every archived type, and of the
/// buffers `rkyv::to_bytes` writes): embedded blobs sit in a wrapper aligned to
/// it, and `Registry::from_bytes` refuses a payload that is not.
pub const PAYLOAD_ALIGN: usize = 16;
const _: () = assert!(HEADER_LEN % PAYLOAD_ALIGN == 0);

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
/// the format version, the definitions of the archived types (field names,
/// order and types, see [`fingerprint_of`]) and the size and alignment of
/// every archived type (which move with rkyv's pointer-width and alignment
/// features).
///
/// The build step writes its own value into the header; the runtime compares
/// it with its own, so a blob from an incompatible writer is refused.
pub const fn format_fingerprint() -> u64 {
    FINGERPRINT
}

/// [`crate::definitions::digest`] of [`crate::definitions::FILES`], computed
/// by the build script: a literal, so no crate that embeds a blob hashes the
/// sources again in the compiler's interpreter.
const DEFINITIONS_DIGEST: u64 = include!(concat!(env!("OUT_DIR"), "/definitions_digest.rs"));

const FINGERPRINT: u64 = fingerprint_from(DEFINITIONS_DIGEST);

/// The fingerprint of a format whose archived types are defined by
/// `definitions` (Rust source; see [`crate::hash::source_tokens`]): what
/// [`format_fingerprint`] computes over this crate's own definitions.
///
/// ```
/// use conduit_format::header::fingerprint_of;
/// let a = fingerprint_of(&["pub struct Route { pub path: String, pub handler: String }"]);
/// let renamed = fingerprint_of(&["pub struct Route { pub path: String, pub action: String }"]);
/// let reordered = fingerprint_of(&["pub struct Route { pub handler: String, pub path: String }"]);
/// assert_ne!(a, renamed);
/// assert_ne!(a, reordered);
/// ```
pub const fn fingerprint_of(definitions: &[&str]) -> u64 {
    fingerprint_from(crate::definitions::digest(definitions))
}

/// The format fingerprint for a [`crate::definitions::digest`]: the digest,
/// the format version and the size and alignment of every archived type.
const fn fingerprint_from(digest: u64) -> u64 {
    let h = Fnv64::new()
        .bytes(&MAGIC)
        .u64(FORMAT_VERSION as u64)
        .str("rkyv-0.8/little_endian/aligned")
        .u64(digest);
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
        ArchivedRouteMatcher,
        ArchivedRoutes,
        ArchivedPattern,
        ArchivedNode,
        ArchivedEdge,
        crate::plans::ArchivedPlanTable,
        ArchivedGraph,
        ArchivedTypeGroup,
        ArchivedFieldAt,
        ArchivedStrId,
        ArchivedStrList,
        crate::cycles::ArchivedCodedCycle,
        crate::cycles::ArchivedCodedCycles,
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
    /// The payload's [`checksum`].
    pub checksum: u64,
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
    /// The payload's checksum differs from the header's: the bytes were
    /// changed after the build step wrote them.
    ChecksumMismatch {
        /// The checksum the header announces.
        announced: u64,
        /// The checksum of the bytes present.
        actual: u64,
    },
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
            HeaderError::ChecksumMismatch { announced, actual } => write!(
                f,
                "registry payload checksum {actual:#018x} does not match its header's {announced:#018x} (corrupted data)"
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
    /// The header this build of the format writes for a payload of
    /// `payload_len` bytes whose [`checksum`] is `checksum`; usable in `const`
    /// contexts ([`Header::for_payload`] computes both).
    pub const fn new(payload_len: u32, checksum: u64) -> Self {
        Header {
            fingerprint: format_fingerprint(),
            format_version: FORMAT_VERSION,
            payload_len,
            checksum,
        }
    }

    /// The header this build of the format writes for `payload`; `None` if
    /// the payload is 4 GiB or more (the length field has 32 bits).
    pub fn for_payload(payload: &[u8]) -> Option<Self> {
        Some(Header {
            fingerprint: format_fingerprint(),
            format_version: FORMAT_VERSION,
            payload_len: u32::try_from(payload.len()).ok()?,
            checksum: checksum(payload),
        })
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
        let sum = self.checksum.to_le_bytes();
        let mut j = 0;
        while j < 8 {
            out[8 + j] = fp[j];
            out[24 + j] = sum[j];
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
    /// payload follows. Usable in `const` contexts; it does not verify the
    /// checksum ([`Header::verify`] does).
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
            checksum: le_u64(blob, 24),
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
        let actual = blob.len() - HEADER_LEN;
        if header.payload_len as usize != actual {
            return Err(HeaderError::LengthMismatch {
                announced: header.payload_len,
                actual,
            });
        }
        Ok(header)
    }

    /// [`Header::check`], then the payload's checksum: what a reader of
    /// untrusted bytes calls (it hashes the payload once).
    pub fn verify(blob: &[u8]) -> Result<Header, HeaderError> {
        let header = Header::check(blob)?;
        let actual = checksum(&blob[HEADER_LEN..]);
        if actual != header.checksum {
            return Err(HeaderError::ChecksumMismatch {
                announced: header.checksum,
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
        let payload = vec![0xAB; payload];
        let mut b = Header::for_payload(&payload).unwrap().encode().to_vec();
        b.extend_from_slice(&payload);
        b
    }

    #[test]
    fn a_well_formed_header_round_trips() {
        let h = Header::for_payload(&[0xAB; 100]).unwrap();
        assert_eq!(Header::check(&blob(100)), Ok(h));
        assert_eq!(Header::verify(&blob(100)), Ok(h));
    }

    #[test]
    fn a_changed_payload_byte_fails_the_checksum_only() {
        let mut b = blob(64);
        b[HEADER_LEN + 10] ^= 0x20;
        assert!(Header::check(&b).is_ok());
        assert!(matches!(
            Header::verify(&b),
            Err(HeaderError::ChecksumMismatch { .. })
        ));
    }

    /// The text of [`crate::definitions::FILES`], read now.
    fn definitions() -> Vec<String> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        crate::definitions::FILES
            .iter()
            .map(|f| std::fs::read_to_string(src.join(f)).unwrap())
            .collect()
    }

    #[test]
    fn the_build_scripts_digest_is_that_of_the_definitions_as_they_are() {
        let text = definitions();
        let defs: Vec<&str> = text.iter().map(String::as_str).collect();
        assert_eq!(fingerprint_of(&defs), format_fingerprint());
    }

    #[test]
    fn the_fingerprint_covers_every_definition_module() {
        let text = definitions();
        // Renaming one field of one archived type changes the fingerprint.
        let renamed = text[1].replacen("pub handler: String", "pub action: String", 1);
        assert_ne!(renamed, text[1], "tables.rs declares `handler`");
        let mut defs: Vec<&str> = text.iter().map(String::as_str).collect();
        defs[1] = renamed.as_str();
        assert_ne!(fingerprint_of(&defs), format_fingerprint());
        // So does any file of the list, dropped.
        let mut fewer: Vec<&str> = text.iter().map(String::as_str).collect();
        fewer.pop();
        assert_ne!(fingerprint_of(&fewer), format_fingerprint());
        // A comment does not.
        let commented = format!("{}\n// a note\n", text[0]);
        let mut defs: Vec<&str> = text.iter().map(String::as_str).collect();
        defs[0] = commented.as_str();
        assert_eq!(fingerprint_of(&defs), format_fingerprint());
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
        b[30] ^= 1;
        assert!(matches!(
            Header::verify(&b),
            Err(HeaderError::ChecksumMismatch { .. })
        ));
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
