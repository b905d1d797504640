//! Walking the adjacency arrays without allocating for small answers: small
//! inline id buffers, a visited set sized to the graph, and the level-by-level
//! breadth-first walk itself.

use super::DepQuery;
use crate::EdgeKind;
use conduit_format::tables::{ArchivedEdge, ArchivedGraph};

/// Up to `N` ids inline, spilling to the heap beyond.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // inline on purpose: small walks allocate nothing
pub(super) enum Buf<const N: usize> {
    Inline { len: usize, ids: [u32; N] },
    Heap(Vec<u32>),
}

impl<const N: usize> Buf<N> {
    pub(super) const fn new() -> Self {
        Buf::Inline {
            len: 0,
            ids: [0; N],
        }
    }

    #[inline]
    pub(super) fn push(&mut self, id: u32) {
        match self {
            Buf::Inline { len, ids } if *len < N => {
                ids[*len] = id;
                *len += 1;
            }
            Buf::Inline { ids, .. } => {
                let mut v = Vec::with_capacity(4 * N);
                v.extend_from_slice(ids);
                v.push(id);
                *self = Buf::Heap(v);
            }
            Buf::Heap(v) => v.push(id),
        }
    }

    #[inline]
    pub(super) fn as_slice(&self) -> &[u32] {
        match self {
            Buf::Inline { len, ids } => ids.get(..*len).unwrap_or_default(),
            Buf::Heap(v) => v,
        }
    }
}

/// Which nodes were reached: a bit per node, inline (and only as many words
/// as the graph needs zeroed) up to 4096 nodes.
// Only the variant in use is written: a 63-node graph zeroes 16 bytes.
#[allow(clippy::large_enum_variant)]
pub(super) enum Visited {
    /// Up to 128 nodes.
    Tiny([u64; 2]),
    /// Up to 1024 nodes.
    Small([u64; 16]),
    /// Up to 4096 nodes.
    Inline([u64; 64]),
    Heap(Vec<u64>),
}

impl Visited {
    #[inline]
    pub(super) fn new(nodes: usize) -> Self {
        match nodes {
            0..=128 => Visited::Tiny([0; 2]),
            129..=1024 => Visited::Small([0; 16]),
            1025..=4096 => Visited::Inline([0; 64]),
            _ => Visited::Heap(vec![0; nodes.div_ceil(64)]),
        }
    }

    /// Marks `id`; `true` if it was not marked before (and is in range).
    #[inline]
    pub(super) fn insert(&mut self, id: u32) -> bool {
        let words: &mut [u64] = match self {
            Visited::Tiny(w) => w,
            Visited::Small(w) => w,
            Visited::Inline(w) => w,
            Visited::Heap(w) => w,
        };
        let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
        match words.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
    }
}

/// The nodes and edges a walk found: nodes in BFS order, edges in traversal
/// order.
pub(super) struct Found {
    pub(super) nodes: Buf<32>,
    pub(super) edges: Buf<64>,
}

/// Breadth-first walk from `start` of the edges `query` follows, level by
/// level (the start is level 0; `query.max_depth()` levels of edges at most).
pub(super) fn walk(graph: &ArchivedGraph, start: u32, query: DepQuery) -> Found {
    let all: &[ArchivedEdge] = &graph.edges;
    let mask = query.kind_mask();
    let limit = query.max_depth();
    let mut visited = Visited::new(graph.nodes.len());
    let mut found = Found {
        nodes: Buf::new(),
        edges: Buf::new(),
    };
    visited.insert(start);
    found.nodes.push(start);
    // Follows edge `e`; `other` is the end away from the node being expanded.
    let mut follow = |found: &mut Found, e: u32, edge: &ArchivedEdge, other: u32| {
        if EdgeKind::from(&edge.kind).bit() & mask != 0 {
            found.edges.push(e);
            if visited.insert(other) {
                found.nodes.push(other);
            }
        }
    };
    let (mut i, mut depth, mut level_end) = (0, 0, 1);
    while let Some(&n) = found.nodes.as_slice().get(i) {
        if i == level_end {
            depth += 1;
            level_end = found.nodes.as_slice().len();
        }
        if limit != 0 && depth >= limit {
            break;
        }
        let n = n as usize;
        if query.is_reverse() {
            let (lo, hi) = bounds(&graph.in_start, n);
            for id in graph.in_edges.get(lo..hi).unwrap_or_default() {
                let e = id.to_native();
                if let Some(edge) = all.get(e as usize) {
                    follow(&mut found, e, edge, edge.from.to_native());
                }
            }
        } else {
            // Forward edges of a node are contiguous.
            let (lo, hi) = bounds(&graph.out_start, n);
            for (e, edge) in (lo as u32..).zip(all.get(lo..hi).unwrap_or_default()) {
                follow(&mut found, e, edge, edge.to.to_native());
            }
        }
        i += 1;
    }
    found
}

/// `starts[n]..starts[n + 1]` (empty when out of range).
#[inline(always)]
fn bounds(starts: &[rkyv::Archived<u32>], n: usize) -> (usize, usize) {
    match (starts.get(n), starts.get(n + 1)) {
        (Some(lo), Some(hi)) => (lo.to_native() as usize, hi.to_native() as usize),
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visited_set_holds_every_node_of_graphs_of_every_tier() {
        for nodes in [1, 128, 129, 1024, 1025, 4096, 4097, 10_000] {
            let mut v = Visited::new(nodes);
            for id in 0..nodes as u32 {
                assert!(v.insert(id), "{id} of {nodes}: first insert");
                assert!(!v.insert(id), "{id} of {nodes}: second insert");
            }
            assert!(!v.insert(nodes.next_multiple_of(64) as u32 + 64 * 64 * 64));
        }
    }

    #[test]
    fn a_buffer_spills_to_the_heap_keeping_its_order() {
        let mut b = Buf::<4>::new();
        for id in 0..10 {
            b.push(id);
        }
        assert!(matches!(b, Buf::Heap(_)));
        assert_eq!(b.as_slice(), (0..10).collect::<Vec<_>>());
    }
}
