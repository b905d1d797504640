//! Walking the adjacency arrays without allocating: an inline id buffer, an
//! inline visited set, and the neighbour iterator.

use conduit_format::tables::ArchivedGraph;

/// Up to `N` ids inline, spilling to the heap beyond.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // inline on purpose, see `Visited`
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

    pub(super) fn push(&mut self, id: u32) {
        match self {
            Buf::Inline { len, ids } if *len < N => {
                ids[*len] = id;
                *len += 1;
            }
            Buf::Inline { ids, .. } => {
                let mut v = ids.to_vec();
                v.push(id);
                *self = Buf::Heap(v);
            }
            Buf::Heap(v) => v.push(id),
        }
    }

    pub(super) fn as_slice(&self) -> &[u32] {
        match self {
            Buf::Inline { len, ids } => &ids[..*len],
            Buf::Heap(v) => v,
        }
    }
}

/// Which nodes were reached: inline for graphs up to 4096 nodes.
// The inline variant is large on purpose: it is what keeps walks allocation-free.
#[allow(clippy::large_enum_variant)]
pub(super) enum Visited {
    Inline([u64; 64]),
    Heap(Vec<u64>),
}

impl Visited {
    pub(super) fn new(nodes: usize) -> Self {
        if nodes <= 64 * 64 {
            Visited::Inline([0; 64])
        } else {
            Visited::Heap(vec![0; nodes.div_ceil(64)])
        }
    }

    /// Marks `id`; `true` if it was not marked before.
    pub(super) fn insert(&mut self, id: u32) -> bool {
        let words: &mut [u64] = match self {
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

/// `(edge, other end)` for the edges leaving `node` (or, `reverse`, reaching it).
pub(super) fn neighbours(
    graph: &ArchivedGraph,
    node: u32,
    reverse: bool,
) -> impl Iterator<Item = (u32, u32)> + '_ {
    let n = node as usize;
    let bound =
        |v: &[rkyv::Archived<u32>], i: usize| v.get(i).map_or(0, |x| x.to_native() as usize);
    let (starts, ids): (&[rkyv::Archived<u32>], Option<&[rkyv::Archived<u32>]>) = if reverse {
        (&graph.in_start, Some(&graph.in_edges))
    } else {
        (&graph.out_start, None)
    };
    let (lo, hi) = (bound(starts, n), bound(starts, n + 1));
    // Forward edges of a node are contiguous; reverse ones are listed in `in_edges`.
    let listed = ids
        .and_then(|ids| ids.get(lo..hi))
        .unwrap_or_default()
        .iter()
        .map(|e| e.to_native());
    let range = if reverse {
        0..0
    } else {
        // Clamped to the edge table, so even inconsistent offsets stay cheap.
        lo as u32..hi.min(graph.edges.len()).max(lo) as u32
    };
    listed.chain(range).filter_map(move |e| {
        let edge = graph.edges.get(e as usize)?;
        Some((
            e,
            if reverse {
                edge.from.to_native()
            } else {
                edge.to.to_native()
            },
        ))
    })
}
