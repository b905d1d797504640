//! The dependency cycles, prefix-coded: the enumeration finds them depth
//! first, so most cycles share a long prefix (hundreds of nodes) with one
//! found before. A few cycles, the keys, are stored whole; every other one
//! is a prefix of a key followed by its own nodes. Reading node `i` of any
//! cycle is one or two array reads.
//!
//! The build step keeps `Vec<Vec<u32>>` ([`crate::tables::Graph::cycles`]);
//! the [`PrefixCoded`] wrapper codes them while rkyv serializes the schema.
//!
//! ```
//! use conduit_format::tables::Graph;
//! let long: Vec<u32> = (0..16).collect();
//! let other: Vec<u32> = (0..15).chain([99]).collect();
//! let graph = Graph { cycles: vec![long, other.clone()], ..Graph::default() };
//! let bytes = rkyv::to_bytes::<rkyv::rancor::Error>(&graph).unwrap();
//! let archived = rkyv::access::<conduit_format::tables::ArchivedGraph, rkyv::rancor::Error>(&bytes).unwrap();
//! let second = &archived.cycles.cycles[1];
//! let nodes: Vec<u32> = (0..second.len.to_native()).map(|i| archived.cycles.node(second, i).unwrap()).collect();
//! assert_eq!(nodes, other);
//! assert_eq!(archived.cycles.ids.len(), 17); // `0..15` stored once
//! ```

use crate::tables::NONE;
use rkyv::rancor::Fallible;
use rkyv::ser::{Allocator, Writer};
use rkyv::with::{ArchiveWith, SerializeWith};
use rkyv::{Archive, Place, Serialize};
use std::cmp::{Ordering, Reverse};
use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Included, Unbounded};

/// A cycle's nodes: `base`'s first `shared` nodes, then
/// `CodedCycles::ids[start..start + len - shared]`.
#[derive(Archive, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodedCycle {
    /// The key cycle whose prefix this one shares, or [`NONE`] (`shared` is
    /// then 0). A key's own `base` is [`NONE`].
    pub base: u32,
    /// How many nodes come from `base`.
    pub shared: u32,
    /// Where the cycle's own nodes start in `ids`.
    pub start: u32,
    /// The number of nodes.
    pub len: u32,
}

/// Every cycle, coded.
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct CodedCycles {
    /// One entry per cycle, in enumeration order.
    pub cycles: Vec<CodedCycle>,
    /// The nodes the cycles do not share.
    pub ids: Vec<u32>,
}

/// A cycle becomes a key when it would store more than `1 / KEY_SHARE` of
/// its nodes as a prefix of the best key.
const KEY_SHARE: usize = 8;

/// Codes `cycles`: each against a key it shares the longest prefix with.
///
/// The keys are kept in lexicographic order: the key sharing the longest
/// prefix with a cycle is one of its two neighbours in that order (the one
/// found first when both share as much), so a cycle costs two prefix
/// comparisons, not one per key. Keys compare as `Nodes`: a run of
/// sixteen equal nodes at a time.
pub fn code(cycles: &[Vec<u32>]) -> CodedCycles {
    code_by(cycles, Nodes)
}

/// [`code`], the keys ordered by `key` (any order that sorts the node
/// lists lexicographically gives the same coding).
fn code_by<'a, K: Ord>(cycles: &'a [Vec<u32>], key: impl Fn(&'a [u32]) -> K) -> CodedCycles {
    let mut out = CodedCycles::default();
    let mut keys: BTreeMap<K, u32> = BTreeMap::new();
    for (k, c) in cycles.iter().enumerate() {
        let shared_with = |(_, &at): (&K, &u32)| (shared_prefix(c, &cycles[at as usize]), at);
        let before = keys
            .range((Unbounded, Excluded(key(c))))
            .next_back()
            .map(shared_with);
        let after = keys
            .range((Included(key(c)), Unbounded))
            .next()
            .map(shared_with);
        let best = match (before, after) {
            (Some(a), Some(b)) => Some(if (b.0, Reverse(b.1)) > (a.0, Reverse(a.1)) {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        };
        let (shared, base) = match best {
            Some((shared, key)) if (c.len() - shared) * KEY_SHARE <= c.len() => (shared, key),
            _ => {
                keys.insert(key(c), k as u32);
                (0, NONE)
            }
        };
        out.cycles.push(CodedCycle {
            base,
            shared: shared as u32,
            start: out.ids.len() as u32,
            len: c.len() as u32,
        });
        out.ids.extend_from_slice(&c[shared..]);
    }
    out
}

/// A cycle's nodes in lexicographic order, as `[u32]` orders them, compared
/// from the first node where they differ ([`shared_prefix`]): `[u32]`'s own
/// comparison goes node by node (in an unoptimised build step, through
/// iterator adapters: most of the cost of coding long cycles).
#[derive(PartialEq, Eq)]
struct Nodes<'a>(&'a [u32]);

impl Ord for Nodes<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        let i = shared_prefix(self.0, other.0);
        match (self.0.get(i), other.0.get(i)) {
            (Some(a), Some(b)) => a.cmp(b),
            _ => self.0.len().cmp(&other.0.len()),
        }
    }
}

impl PartialOrd for Nodes<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How many leading nodes `a` and `b` share: whole runs compared at once
/// (slices of integers compare with `memcmp`), the last run node by node.
fn shared_prefix(a: &[u32], b: &[u32]) -> usize {
    const RUN: usize = 16;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + RUN <= n && a[i..i + RUN] == b[i..i + RUN] {
        i += RUN;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

impl ArchivedCodedCycles {
    /// Node `i` of `cycle`; `None` past its end (or for a coding that
    /// `Registry::from_bytes` would refuse).
    #[inline]
    pub fn node(&self, cycle: &ArchivedCodedCycle, i: u32) -> Option<u32> {
        let shared = cycle.shared.to_native();
        if i >= cycle.len.to_native() {
            return None;
        }
        let at = if i < shared {
            self.cycles
                .get(cycle.base.to_native() as usize)?
                .start
                .to_native() as usize
                + i as usize
        } else {
            cycle.start.to_native() as usize + (i - shared) as usize
        };
        self.ids.get(at).map(|id| id.to_native())
    }
}

/// Archives `Vec<Vec<u32>>` cycles as [`CodedCycles`].
pub struct PrefixCoded;

/// The coded cycles between serialization and resolution: coded once.
pub struct PrefixCodedResolver {
    coded: CodedCycles,
    inner: CodedCyclesResolver,
}

impl ArchiveWith<Vec<Vec<u32>>> for PrefixCoded {
    type Archived = ArchivedCodedCycles;
    type Resolver = PrefixCodedResolver;

    fn resolve_with(
        _: &Vec<Vec<u32>>,
        resolver: PrefixCodedResolver,
        out: Place<ArchivedCodedCycles>,
    ) {
        resolver.coded.resolve(resolver.inner, out);
    }
}

impl<S: Fallible + Allocator + Writer + ?Sized> SerializeWith<Vec<Vec<u32>>, S> for PrefixCoded {
    fn serialize_with(field: &Vec<Vec<u32>>, s: &mut S) -> Result<PrefixCodedResolver, S::Error> {
        let coded = code(field);
        let inner = coded.serialize(s)?;
        Ok(PrefixCodedResolver { coded, inner })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keys_code_as_slices_do() {
        // Node ids across byte boundaries (255 / 256, 65,535 / 65,536, …)
        // and prefixes longer than one compared run.
        let ids = [
            0,
            1,
            255,
            256,
            65_535,
            65_536,
            0x00ff_ffff,
            0x0100_0000,
            u32::MAX - 1,
            u32::MAX,
        ];
        let cycles = depth_first_like(11, 400, 50, |i, x| ids[((i * 7 + x) % 10) as usize]);
        assert_eq!(code(&cycles), code_by(&cycles, |c: &[u32]| c));
        assert!(code(&cycles).cycles.iter().any(|c| c.shared as usize > 16));
    }

    /// Depth-first-like cycles (many share long prefixes, in several
    /// orders): up to `count` cycles, each a cut of an earlier one extended
    /// by at most `most_new` nodes `node(i, x)` (`x` pseudo-random).
    fn depth_first_like(
        seed: u32,
        count: usize,
        most_new: u32,
        node: impl Fn(u32, u32) -> u32,
    ) -> Vec<Vec<u32>> {
        let mut cycles: Vec<Vec<u32>> = Vec::new();
        let mut x = seed;
        for _ in 0..count {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let base = cycles.get((x >> 8) as usize % cycles.len().max(1)).cloned();
            let mut c = base.unwrap_or_default();
            c.truncate(c.len() * ((x >> 4) as usize % 8 + 1) / 8);
            c.extend((0..(x >> 20) % most_new + 1).map(|i| node(i, x)));
            if !cycles.contains(&c) {
                cycles.push(c);
            }
        }
        cycles
    }

    #[test]
    fn nodes_order_as_slices_do() {
        let long: Vec<u32> = (0..40).collect();
        let mut lists: Vec<Vec<u32>> = vec![vec![], vec![0], vec![1], vec![u32::MAX]];
        for cut in [0, 1, 15, 16, 17, 31, 32, 33, 40] {
            lists.push(long[..cut].to_vec());
            for bump in [0, 1, u32::MAX - 40] {
                let mut l = long[..cut].to_vec();
                l.push(cut as u32 + bump);
                lists.push(l);
            }
        }
        for a in &lists {
            for b in &lists {
                assert_eq!(
                    Nodes(a).cmp(&Nodes(b)),
                    a.as_slice().cmp(b.as_slice()),
                    "{a:?} {b:?}"
                );
                let naive = a.iter().zip(b).take_while(|(x, y)| x == y).count();
                assert_eq!(shared_prefix(a, b), naive, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn each_cycle_shares_the_longest_prefix_any_key_offers() {
        let cycles = depth_first_like(7, 300, 40, |i, x| (i * 31 + x) % 97);
        let coded = code(&cycles);
        let keys: Vec<usize> = (0..cycles.len())
            .filter(|&k| coded.cycles[k].base == NONE)
            .collect();
        for (k, c) in cycles.iter().enumerate() {
            let cc = &coded.cycles[k];
            // Decodes to the cycle.
            let mut nodes = Vec::new();
            if cc.base != NONE {
                let b = &coded.cycles[cc.base as usize];
                nodes.extend_from_slice(&coded.ids[b.start as usize..][..cc.shared as usize]);
            }
            nodes
                .extend_from_slice(&coded.ids[cc.start as usize..][..c.len() - cc.shared as usize]);
            assert_eq!(&nodes, c, "cycle {k}");
            if cc.base == NONE {
                continue;
            }
            // No key found before it shares more.
            let best = keys
                .iter()
                .filter(|&&key| key < k)
                .map(|&key| {
                    c.iter()
                        .zip(&cycles[key])
                        .take_while(|(a, b)| a == b)
                        .count()
                })
                .max()
                .unwrap();
            assert_eq!(cc.shared as usize, best, "cycle {k}");
        }
    }

    #[test]
    fn cycles_sharing_a_prefix_store_it_once() {
        let long: Vec<u32> = (0..100).collect();
        let mut other = long[..95].to_vec();
        other.extend([200, 201]);
        let coded = code(&[long.clone(), other.clone(), vec![7, 8]]);
        assert_eq!(coded.cycles[0].base, NONE);
        assert_eq!((coded.cycles[1].base, coded.cycles[1].shared), (0, 95));
        assert_eq!(coded.cycles[2].base, NONE, "nothing shared: a key");
        assert_eq!(coded.ids.len(), 100 + 2 + 2);
    }
}
