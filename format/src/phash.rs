//! The perfect hash of resource names: one definition of the key hash, the
//! table layout and its construction, for the build step (which generates the
//! table) and the runtime (which looks names up in it).
//!
//! A name is hashed once with [`hash`], a word-at-a-time hash for short
//! identifiers (two loads and one 64×64→128-bit multiply for names of up to
//! 16 bytes). Its top bits choose a *bucket* (a shift: the bucket count is
//! a power of two); the bucket's *pilot*, an odd multiplier found at build
//! time, moves the hash to a *slot* with one more multiply, and every key of
//! the table lands in a slot of its own (PtrHash-style pilots over a CHD
//! bucketing). From the key's bytes to its slot's entry, a lookup waits on
//! three multiplies and two loads.
//! A slot holds the key's length, the two words the hash read from it (for
//! keys of up to 16 bytes; longer keys are compared in full) and the key's
//! position: a miss is rejected on the length or the first word, a hit is
//! confirmed by three integer compares, without reading a stored string.
//!
//! Construction is deterministic (a fixed seed, retried with the next seed
//! of a fixed sequence when a bucket finds no pilot) and always succeeds for
//! distinct keys: after a few failed seeds the table grows by a few empty
//! slots, which makes every later attempt easier.
//!
//! ```
//! use conduit_format::phash::{self, PerfectHash};
//! let keys = ["Comment", "Post", "User"];
//! let table = phash::build(&keys);
//! let parts = table.parts(&keys);
//! let index: PerfectHash = table.index(&parts);
//! assert_eq!(index.get("Post"), Some(1));
//! assert_eq!(index.get("post"), None);
//! ```

/// Mixing constants (odd, with well-spread bits).
const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
const P3: u64 = 0x5899_65cc_7537_4cc3;

/// The first seed [`build`] tries; later attempts step by [`SEED_STEP`].
pub const SEED: u64 = 0x636f_6e64_7569_7421;
/// The distance between two seeds tried by [`build`].
pub const SEED_STEP: u64 = 0x9e37_79b9_7f4a_7c15;
/// Keys per bucket, at most on average: the bucket count is the power of
/// two at or above `n / LAMBDA` (at least 2).
const LAMBDA: usize = 3;
/// Seeds tried at one table size before [`build`] adds empty slots.
const TRIES_PER_SIZE: u32 = 4;

/// One slot of a [`PerfectHash`]: `(a, b, len, position)`. A key of up to
/// 16 bytes is stored as the two words [`hash`] reads from it (`a`, `b`)
/// and its length, so that a hit is confirmed by three integer compares
/// without reading the key; a longer key stores its full hash as `a` and
/// its index in [`PerfectHash::long`] as `b`. An empty slot (only in tables
/// that grew, see [`build`]) is `(0, 0, u32::MAX, u32::MAX)`.
pub type Entry = (u64, u64, u32, u32);

/// The index generated code embeds: a pilot per bucket, an [`Entry`] per
/// slot and the keys longer than 16 bytes. For generated code and
/// [`Table::index`]; every field is public so that a `static` can be
/// written out.
#[derive(Clone, Copy, Debug)]
pub struct PerfectHash<'a> {
    /// The seed of [`hash`] the table was built with.
    pub seed: u64,
    /// A hash shifted right by `shift` (taken modulo 64) is its bucket:
    /// `64 - log2(pilots.len())`.
    pub shift: u32,
    /// One pilot per bucket: the odd multiplier that moves the bucket's keys
    /// to their slots.
    pub pilots: &'a [u64],
    /// One entry per slot.
    pub entries: &'a [Entry],
    /// The keys of more than 16 bytes, compared in full to confirm a hit.
    pub long: &'a [&'a str],
}

/// An empty slot.
const EMPTY_ENTRY: Entry = (0, 0, u32::MAX, u32::MAX);

impl PerfectHash<'static> {
    /// The index of no key.
    pub const EMPTY: PerfectHash<'static> = PerfectHash {
        seed: SEED,
        shift: 63,
        pilots: &[],
        entries: &[],
        long: &[],
    };
}

impl PerfectHash<'_> {
    /// The position stored with `key`, if `key` is in the table.
    #[inline]
    pub fn get(&self, key: &str) -> Option<u32> {
        let k = key.as_bytes();
        if k.len() > 16 {
            return self.get_long(k);
        }
        // The words read for the hash are those compared to confirm a hit.
        let (a, b) = short_words(k);
        let h = short_hash((a, b), k.len(), self.seed);
        let &(sa, sb, len, position) = self.entry(h)?;
        (len as usize == k.len() && sa == a && sb == b).then_some(position)
    }

    /// [`get`](Self::get) for keys of more than 16 bytes.
    #[inline(never)]
    fn get_long(&self, k: &[u8]) -> Option<u32> {
        let h = hash(k, self.seed);
        let &(sh, long, len, position) = self.entry(h)?;
        let stored = self.long.get(usize::try_from(long).ok()?)?;
        (len as usize == k.len() && sh == h && stored.as_bytes() == k).then_some(position)
    }

    /// The entry of the slot of a key hashing to `h`.
    #[inline(always)]
    fn entry(&self, h: u64) -> Option<&Entry> {
        let pilot = *self.pilots.get(bucket(h, self.shift))?;
        self.entries.get(slot(h, pilot, self.entries.len()))
    }
}

/// `x` scaled from `[0, 2^64)` to `[0, n)` (the high word of `x × n`).
#[inline(always)]
fn reduce(x: u64, n: usize) -> usize {
    ((u128::from(x) * n as u128) >> 64) as usize
}

/// The bucket of a key with hash `h`: its top bits.
#[inline(always)]
fn bucket(h: u64, shift: u32) -> usize {
    h.wrapping_shr(shift) as usize
}

/// The slot of a key with hash `h` in a bucket with `pilot`, among `n`.
/// The keys of a bucket share their top bits; the product's top bits come
/// from all of them.
#[inline(always)]
fn slot(h: u64, pilot: u64, n: usize) -> usize {
    reduce(h.wrapping_mul(pilot), n)
}

/// Pilot number `p`: an odd multiplier with well-spread bits (the
/// splitmix64 finalizer of `p`'s Weyl step).
fn pilot(p: u16) -> u64 {
    let mut z = (u64::from(p) + 1).wrapping_mul(SEED_STEP);
    z = (z ^ (z >> 30)).wrapping_mul(P2);
    z = (z ^ (z >> 27)).wrapping_mul(P3);
    (z ^ (z >> 31)) | 1
}

/// The 64-bit product of `a` and `b` folded: low word xor high word.
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

/// The 8 bytes at `at`, little endian.
#[inline(always)]
fn word8(b: &[u8], at: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The 4 bytes at `at`, little endian.
#[inline(always)]
fn word4(b: &[u8], at: usize) -> u64 {
    let mut w = [0; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u64::from(u32::from_le_bytes(w))
}

/// Two words that, with the length, determine a key of at most 16 bytes.
#[inline(always)]
pub(crate) fn short_words(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    if n >= 8 {
        (word8(b, 0), word8(b, n - 8))
    } else if n >= 4 {
        (word4(b, 0), word4(b, n - 4))
    } else if n > 0 {
        (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    }
}

/// The hash of a key's bytes under `seed`: not cryptographic, fast on short
/// identifiers (keys of up to 16 bytes are read as two, possibly
/// overlapping, words).
///
/// ```
/// use conduit_format::phash::{hash, SEED};
/// assert_eq!(hash(b"Post", SEED), hash(b"Post", SEED));
/// assert_ne!(hash(b"Post", SEED), hash(b"Posts", SEED));
/// assert_ne!(hash(b"Post", SEED), hash(b"Post", SEED + 1));
/// ```
#[inline]
pub fn hash(key: &[u8], seed: u64) -> u64 {
    let n = key.len();
    if n <= 16 {
        return short_hash(short_words(key), n, seed);
    }
    let mut h = seed;
    let mut i = 0;
    while i + 16 < n {
        h = fold(word8(key, i) ^ P0, word8(key, i + 8) ^ h);
        i += 16;
    }
    short_hash((word8(key, n - 16), word8(key, n - 8)), n, h)
}

/// The hash of a key of `n` bytes read as `words` (see [`short_words`]).
#[inline(always)]
pub(crate) fn short_hash((a, b): (u64, u64), n: usize, seed: u64) -> u64 {
    fold(a ^ P0 ^ seed, b ^ P1 ^ n as u64)
}

/// A table built by [`build`]: `seed` and `pilots` as [`PerfectHash`] holds
/// them, and for each slot the index of its key in the keys given to
/// `build` (`u32::MAX` for an empty slot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The seed of [`hash`].
    pub seed: u64,
    /// [`PerfectHash::shift`].
    pub shift: u32,
    /// One pilot per bucket ([`PerfectHash::pilots`]).
    pub pilots: Vec<u64>,
    /// Per slot, the index of its key (or `u32::MAX`).
    pub slots: Vec<u32>,
}

/// The [`PerfectHash`] parts of a [`Table`] for its keys (see
/// [`Table::index`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts<'k> {
    /// [`PerfectHash::entries`].
    pub entries: Vec<Entry>,
    /// [`PerfectHash::long`].
    pub long: Vec<&'k str>,
}

impl Table {
    /// The entries and long keys of this table, for `keys` (the keys it was
    /// built from), storing each key's index in `keys` as its position.
    pub fn parts<'k>(&self, keys: &[&'k str]) -> Parts<'k> {
        let mut long = Vec::new();
        let entries = self
            .slots
            .iter()
            .map(|&k| match keys.get(k as usize) {
                Some(key) if key.len() <= 16 => {
                    let (a, b) = short_words(key.as_bytes());
                    (a, b, key.len() as u32, k)
                }
                Some(key) => {
                    long.push(*key);
                    let h = hash(key.as_bytes(), self.seed);
                    (h, long.len() as u64 - 1, key.len() as u32, k)
                }
                None => EMPTY_ENTRY,
            })
            .collect();
        Parts { entries, long }
    }

    /// The index of this table over `parts` (of [`parts`](Self::parts)).
    pub fn index<'p>(&'p self, parts: &'p Parts<'_>) -> PerfectHash<'p> {
        PerfectHash {
            seed: self.seed,
            shift: self.shift,
            pilots: &self.pilots,
            entries: &parts.entries,
            long: &parts.long,
        }
    }
}

/// Builds the perfect hash of `keys` (distinct; at most `u32::MAX - 1`):
/// deterministic, and it always succeeds.
///
/// # Panics
///
/// If two keys are equal.
pub fn build(keys: &[&str]) -> Table {
    build_with(keys, u16::MAX)
}

/// [`build`] with pilots of at most `max_pilot`.
fn build_with(keys: &[&str], max_pilot: u16) -> Table {
    let n = keys.len();
    let mut size = n;
    let mut seed = SEED;
    loop {
        for _ in 0..TRIES_PER_SIZE {
            if let Some(table) = try_build(keys, seed, size, max_pilot) {
                return table;
            }
            seed = seed.wrapping_add(SEED_STEP);
        }
        size += size / 32 + 1;
    }
}

/// One attempt: `None` if two keys hash alike under `seed` or a bucket finds
/// no pilot.
fn try_build(keys: &[&str], seed: u64, size: usize, max_pilot: u16) -> Option<Table> {
    let hashes: Vec<u64> = keys.iter().map(|k| hash(k.as_bytes(), seed)).collect();
    let mut sorted = hashes.clone();
    sorted.sort_unstable();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        let same: Vec<&&str> = keys
            .iter()
            .zip(&hashes)
            .filter(|(_, h)| **h == w[0])
            .map(|(k, _)| k)
            .collect();
        assert!(
            same[0] != same[1],
            "perfect hash of duplicate key `{}`",
            same[0]
        );
        return None;
    }
    let buckets = keys.len().div_ceil(LAMBDA).next_power_of_two().max(2);
    let shift = 64 - buckets.trailing_zeros();
    // Keys by bucket, largest buckets first (they are the hardest to place).
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); buckets];
    for (k, &h) in hashes.iter().enumerate() {
        members[bucket(h, shift)].push(k as u32);
    }
    let mut order: Vec<usize> = (0..buckets).collect();
    order.sort_by_key(|&b| (usize::MAX - members[b].len(), b));

    let mut slots = vec![u32::MAX; size];
    let mut pilots = vec![pilot(0); buckets];
    let mut chosen: Vec<usize> = Vec::new();
    for b in order {
        let members = &members[b];
        if members.is_empty() {
            break;
        }
        let found = (0..=max_pilot).map(pilot).find(|&q| {
            chosen.clear();
            members.iter().all(|&k| {
                let s = slot(hashes[k as usize], q, size);
                let free = slots[s] == u32::MAX && !chosen.contains(&s);
                chosen.push(s);
                free
            })
        })?;
        for (&k, &s) in members.iter().zip(&chosen) {
            slots[s] = k;
        }
        pilots[b] = found;
    }
    Some(Table {
        seed,
        shift,
        pilots,
        slots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize, prefix: &str) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    fn check(keys: &[&str]) -> Table {
        let table = build(keys);
        let parts = table.parts(keys);
        let index = table.index(&parts);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(index.get(k), Some(i as u32), "key {k:?}");
        }
        table
    }

    #[test]
    fn every_key_is_found_at_every_size() {
        for n in [1, 2, 3, 4, 5, 7, 16, 50, 63, 500, 1000, 10_000] {
            let keys = names(n, "Resource");
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let table = check(&refs);
            assert!(table.slots.len() >= n);
        }
    }

    #[test]
    fn keys_of_every_length_are_found() {
        let keys: Vec<String> = (0..40)
            .map(|n| "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"[..n].to_owned())
            .collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let table = check(&refs);
        let parts = table.parts(&refs);
        let index = table.index(&parts);
        for key in &keys[1..] {
            for (i, _) in key.char_indices() {
                let mut miss = key.clone().into_bytes();
                miss[i] = b'!';
                assert_eq!(index.get(std::str::from_utf8(&miss).unwrap()), None);
            }
            assert_eq!(index.get(&format!("{key}!")), None);
        }
    }

    #[test]
    fn misses_are_not_found() {
        let mut keys = names(50, "Resource");
        keys.extend(names(20, "AVeryLongResourceName"));
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let table = build(&refs);
        let parts = table.parts(&refs);
        let index = table.index(&parts);
        let mut x = 0x1234_5678_u64;
        for i in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let miss = match i % 4 {
                0 => format!("Resource{}", 50 + (x >> 40) % 100_000),
                1 => format!("resource{}", (x >> 40) % 50),
                2 if i % 8 == 2 => format!("{:x}", x),
                2 => format!("AVeryLongResourceName{}", 20 + (x >> 40) % 1000),
                _ => String::from_utf8_lossy(&x.to_le_bytes()[..(i % 9)]).into_owned(),
            };
            assert_eq!(index.get(&miss), None, "miss {miss:?}");
        }
        assert_eq!(index.get(""), None);
        assert_eq!(PerfectHash::EMPTY.get("Resource1"), None);
        assert_eq!(PerfectHash::EMPTY.get(""), None);
    }

    #[test]
    fn construction_is_deterministic() {
        let keys = names(500, "Model");
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(build(&refs), build(&refs));
        assert_eq!(build(&refs).seed, SEED, "500 keys need no retry");
    }

    #[test]
    fn construction_succeeds_when_seeds_fail() {
        // With a single pilot value most attempts fail: the seed retries and
        // then the growth of the table must still end in a table.
        let keys = names(50, "Resource");
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let table = build_with(&refs, 0);
        assert_ne!(
            table.seed, SEED,
            "the first seed cannot place 50 keys with pilot 0"
        );
        assert!(table.slots.len() > refs.len(), "the table grew");
        let parts = table.parts(&refs);
        let index = table.index(&parts);
        for (i, k) in refs.iter().enumerate() {
            assert_eq!(index.get(k), Some(i as u32));
        }
        assert_eq!(build(&[]).slots, Vec::<u32>::new());
    }

    #[test]
    fn a_grown_table_has_empty_slots_that_match_nothing() {
        // Force empty slots by building at a larger size directly.
        let keys = ["x", "y"];
        let table = (0..)
            .find_map(|i| try_build(&keys, SEED + i, 5, u16::MAX))
            .unwrap();
        let parts = table.parts(&keys);
        assert_eq!(
            parts.entries.iter().filter(|e| **e == EMPTY_ENTRY).count(),
            3
        );
        let index = table.index(&parts);
        assert_eq!(index.get("x"), Some(0));
        assert_eq!(index.get("y"), Some(1));
        assert_eq!(index.get(""), None);
    }

    #[test]
    fn buckets_are_a_power_of_two_picked_by_the_top_bits() {
        for n in [0, 1, 2, 3, 6, 7, 50, 10_000] {
            let keys = names(n, "Resource");
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let table = build(&refs);
            let buckets = table.pilots.len();
            assert!(buckets.is_power_of_two() && buckets >= 2 && buckets * LAMBDA >= n);
            assert_eq!(table.shift, 64 - buckets.trailing_zeros(), "n = {n}");
            assert!(table.pilots.iter().all(|p| p % 2 == 1), "pilots are odd");
            for k in &refs {
                assert!(bucket(hash(k.as_bytes(), table.seed), table.shift) < buckets);
            }
        }
        // A shift of 64 or more is taken modulo 64: no overflow panic, and a
        // bucket out of range is a miss.
        let broken = PerfectHash {
            shift: 64,
            ..PerfectHash::EMPTY
        };
        assert_eq!(broken.get("Resource1"), None);
    }

    #[test]
    fn pilots_are_distinct() {
        let all: std::collections::BTreeSet<u64> = (0..=u16::MAX).map(pilot).collect();
        assert_eq!(all.len(), 1 << 16);
    }

    #[test]
    #[should_panic(expected = "duplicate key `Post`")]
    fn duplicate_keys_are_refused() {
        let _ = build(&["Post", "User", "Post"]);
    }
}
