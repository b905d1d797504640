//! Stable 64-bit hashes: FNV-1a usable in `const` contexts, a fast
//! word-at-a-time [`checksum`] of blob payloads, and [`WordHasher`] for the
//! build step's hash maps of strings.
//!
//! Neither is a cryptographic hash: they fingerprint schemas and formats so
//! that the build step and the runtime can tell whether they agree, and catch
//! accidental corruption of a blob. Being `const` lets the derive's freshness
//! check run entirely at compile time.
//!
//! ```
//! use conduit_format::hash::Fnv64;
//! let a = Fnv64::new().str("Post").u64(7).finish();
//! let b = Fnv64::new().str("Post").u64(7).finish();
//! assert_eq!(a, b);
//! assert_ne!(a, Fnv64::new().str("Pos").str("t").u64(7).finish());
//! ```

pub use crate::fnv::{Fnv64, source_tokens};
use crate::fnv::{OFFSET, PRIME};

/// A fast checksum of `bytes` (eight bytes per step), stored in a blob's
/// header and verified by `Registry::from_bytes`.
///
/// It detects accidental changes (a flipped bit, a truncated or patched
/// file); it is no defence against a crafted blob, which is why
/// `Registry::from_bytes` still validates everything it reads.
///
/// ```
/// use conduit_format::hash::checksum;
/// assert_eq!(checksum(b"conduit"), checksum(b"conduit"));
/// assert_ne!(checksum(b"conduit"), checksum(b"conduiu"));
/// assert_ne!(checksum(&[0; 8]), checksum(&[0; 16]));
/// ```
pub const fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = OFFSET ^ (bytes.len() as u64).wrapping_mul(K);
    // A word at a time, by slice pattern: one length check per word, which
    // the optimiser turns into one load, and no call where Cargo builds
    // build scripts unoptimised (`split_first_chunk` and `chunks_exact`
    // cost several calls a word there; indexing costs a bounds check a byte
    // when optimised).
    let mut rest = bytes;
    while let [b0, b1, b2, b3, b4, b5, b6, b7, tail @ ..] = rest {
        let word = u64::from_le_bytes([*b0, *b1, *b2, *b3, *b4, *b5, *b6, *b7]);
        h = (h ^ word).wrapping_mul(K);
        h ^= h >> 29;
        rest = tail;
    }
    // The last `< 8` bytes, little endian, zero-extended.
    let mut last = 0u64;
    let mut j = 0;
    while j < rest.len() {
        last |= (rest[j] as u64) << (8 * j);
        j += 1;
    }
    h = (h ^ last).wrapping_mul(K);
    h ^= h >> 32;
    h = h.wrapping_mul(PRIME);
    h ^ (h >> 29)
}

/// A [`Hasher`](std::hash::Hasher) for maps the build step fills with its
/// own crate's strings (the string interner): [`crate::phash::hash`], two
/// words and one multiply per 16 bytes, where `HashMap`'s default SipHash-1-3
/// spends rounds on resistance to chosen keys that a build step does not
/// need.
///
/// ```
/// use conduit_format::hash::WordMap;
/// let mut m: WordMap<String, u32> = WordMap::default();
/// m.insert("crate::models::Post".to_owned(), 1);
/// assert_eq!(m.get("crate::models::Post"), Some(&1));
/// assert_eq!(m.get("crate::models::Pos"), None);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = crate::phash::hash(bytes, self.0);
    }

    fn write_u8(&mut self, b: u8) {
        // `str` ends its bytes with 0xFF; one multiply keeps the mix.
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME_64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// An odd constant with well-spread bits, for [`WordHasher::write_u8`].
const PRIME_64: u64 = 0x9e37_79b9_7f4a_7c15;

/// A `HashMap` hashed with [`WordHasher`].
pub type WordMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_sees_every_byte_and_the_length() {
        let base: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let sum = checksum(&base);
        for i in 0..base.len() {
            for bit in [0x01, 0x80] {
                let mut b = base.clone();
                b[i] ^= bit;
                assert_ne!(checksum(&b), sum, "flip of byte {i}");
            }
        }
        assert_ne!(checksum(&base[..999]), sum);
        let mut longer = base.clone();
        longer.push(0);
        assert_ne!(checksum(&longer), sum);
    }

    /// The checksum as first written, a byte at a time: the blob format
    /// fixes its values, so the word loop must give the same ones.
    fn checksum_by_bytes(bytes: &[u8]) -> u64 {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let word =
            |at: usize, n: usize| (0..n).fold(0u64, |w, j| w | u64::from(bytes[at + j]) << (8 * j));
        let mut h = OFFSET ^ (bytes.len() as u64).wrapping_mul(K);
        let mut i = 0;
        while i + 8 <= bytes.len() {
            h = (h ^ word(i, 8)).wrapping_mul(K);
            h ^= h >> 29;
            i += 8;
        }
        h = (h ^ word(i, bytes.len() - i)).wrapping_mul(K);
        h ^= h >> 32;
        h = h.wrapping_mul(PRIME);
        h ^ (h >> 29)
    }

    #[test]
    fn checksum_is_the_format_s_byte_by_byte_definition() {
        let bytes: Vec<u8> = (0..100u32).map(|i| (i * 37 + 11) as u8).collect();
        for n in 0..=bytes.len() {
            assert_eq!(
                checksum(&bytes[..n]),
                checksum_by_bytes(&bytes[..n]),
                "{n} bytes"
            );
        }
        const AT_COMPILE_TIME: u64 = checksum(b"conduit registry");
        assert_eq!(AT_COMPILE_TIME, checksum_by_bytes(b"conduit registry"));
    }

    #[test]
    fn matches_the_published_fnv1a_test_vectors() {
        assert_eq!(Fnv64::new().finish(), 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fnv64::new().bytes(b"a").finish(), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            Fnv64::new().bytes(b"foobar").finish(),
            0x8594_4171_f739_67e8
        );
    }
}
