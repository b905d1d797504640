//! A stable 64-bit hash (FNV-1a) usable in `const` contexts.
//!
//! It is not a cryptographic hash: it fingerprints schemas and formats so that
//! the build step and the runtime can tell whether they agree. Being `const`
//! lets the derive's freshness check run entirely at compile time.
//!
//! ```
//! use conduit_format::hash::Fnv64;
//! let a = Fnv64::new().str("Post").u64(7).finish();
//! let b = Fnv64::new().str("Post").u64(7).finish();
//! assert_eq!(a, b);
//! assert_ne!(a, Fnv64::new().str("Pos").str("t").u64(7).finish());
//! ```

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// An FNV-1a hasher with a builder-style, `const` API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv64(u64);

impl Fnv64 {
    /// A hasher in its initial state.
    pub const fn new() -> Self {
        Fnv64(OFFSET)
    }

    /// Feeds raw bytes.
    pub const fn bytes(self, bytes: &[u8]) -> Self {
        let mut h = self.0;
        let mut i = 0;
        while i < bytes.len() {
            h ^= bytes[i] as u64;
            h = h.wrapping_mul(PRIME);
            i += 1;
        }
        Fnv64(h)
    }

    /// Feeds a string, length-prefixed so that `("ab", "c")` and `("a", "bc")` differ.
    pub const fn str(self, s: &str) -> Self {
        self.u64(s.len() as u64).bytes(s.as_bytes())
    }

    /// Feeds a number as 8 little-endian bytes.
    pub const fn u64(self, v: u64) -> Self {
        self.bytes(&v.to_le_bytes())
    }

    /// Feeds a boolean.
    pub const fn bool(self, v: bool) -> Self {
        self.bytes(&[v as u8])
    }

    /// The hash of everything fed so far.
    pub const fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Fnv64 {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
