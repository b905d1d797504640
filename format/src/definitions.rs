//! Which sources define the archived layout, and the digest of their tokens
//! that the [`format_fingerprint`](crate::format_fingerprint) covers.
//!
//! This crate's build script includes this file (and [`crate::hash`]'s FNV
//! core) and computes the digest once, when the crate is built. Computed in
//! a `const` instead, the compiler's interpreter would hash ~140 KB of source
//! in every crate that embeds a registry: about 8 billion instructions, 1–2 s
//! of `rustc` time on each of its builds (PERFORMANCE.md, "Derive cost").

use crate::fnv::{Fnv64, source_tokens};

/// The modules of `src/` whose source defines archived types or the meaning
/// of the words laid out in archived vectors (the plans, the route matcher):
/// a change of their tokens is a change of format.
pub const FILES: [&str; 7] = [
    "schema.rs",
    "tables.rs",
    "kinds.rs",
    "strings.rs",
    "cycles.rs",
    "plans.rs",
    "matcher.rs",
];

/// The digest of `sources` (the text of [`FILES`], in order): their tokens,
/// without comments and whitespace, each prefixed by its position.
///
/// ```
/// use conduit_format::header::fingerprint_of;
/// // `fingerprint_of` mixes this digest into the format fingerprint.
/// let a = fingerprint_of(&["pub struct A { x: u32 }"]);
/// assert_eq!(a, fingerprint_of(&["pub struct A {\n    x: u32 // a comment\n}"]));
/// assert_ne!(a, fingerprint_of(&["pub struct A { y: u32 }"]));
/// ```
pub const fn digest(sources: &[&str]) -> u64 {
    let mut h = Fnv64::new();
    let mut i = 0;
    while i < sources.len() {
        h = source_tokens(h.u64(i as u64), sources[i]);
        i += 1;
    }
    h.finish()
}
