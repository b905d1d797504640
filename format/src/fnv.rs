//! FNV-1a, `const`, and the token-only hash of Rust source: the part of
//! [`crate::hash`] that this crate's build script shares (it includes this
//! file), so that it needs nothing else from the crate.

pub(crate) const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(crate) const PRIME: u64 = 0x0000_0100_0000_01b3;

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

/// Feeds Rust source text to `h` without its comments and whitespace, so that
/// only the tokens of a definition count (a reworded doc comment does not
/// change the hash; a renamed field or a reordered field does).
///
/// ```
/// use conduit_format::hash::{Fnv64, source_tokens};
/// let a = source_tokens(Fnv64::new(), "struct A { /// doc\n  x: u32 }").finish();
/// let b = source_tokens(Fnv64::new(), "struct A {\n  x: u32, // note\n}").finish();
/// let c = source_tokens(Fnv64::new(), "struct A { y: u32 }").finish();
/// assert_eq!(a, source_tokens(Fnv64::new(), "struct A{x:u32}").finish());
/// assert_ne!(a, c);
/// # let _ = b;
/// ```
pub const fn source_tokens(mut h: Fnv64, source: &str) -> Fnv64 {
    let b = source.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'/' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b' ' || b[i] == b'\n' || b[i] == b'\r' || b[i] == b'\t' {
            i += 1;
        } else {
            h = Fnv64(h.0 ^ b[i] as u64);
            h = Fnv64(h.0.wrapping_mul(PRIME));
            i += 1;
        }
    }
    h
}

impl Default for Fnv64 {
    fn default() -> Self {
        Self::new()
    }
}
