//! The breadth-first plans, flattened: every plan of a schema in one table
//! of `u32` words, so that an unfiltered dependency answer is one range
//! check and three reads.
//!
//! The build step keeps `Vec<Plan>` ([`crate::tables::Graph::plans`]); the
//! [`FlatPlans`] wrapper lays them out while rkyv serializes the schema.
//! Plan `i` is `words[start[i]..start[i + 1]]`:
//!
//! | words | holds |
//! |---|---|
//! | `0` | `steps << 1 \| complete` |
//! | `1 ..= 2 * steps + 1` | `node_levels[0], edge_levels[0], node_levels[1], …, node_levels[steps]` |
//! | `2 * steps + 2 ..` | the nodes, in BFS order |
//!
//! so the answer for depth `d` (`1 ≤ d ≤ steps`) is the three words
//! `2d − 1, 2d, 2d + 1`: the sources (`node_levels[d − 1]`), the edges
//! leaving them (`edge_levels[d − 1]`) and the nodes (`node_levels[d]`).
//!
//! ```
//! use conduit_format::tables::{Graph, Plan};
//! let plan = Plan { nodes: vec![0, 3, 4], node_levels: vec![1, 3, 3], edge_levels: vec![2, 2], complete: true };
//! let graph = Graph { plans: vec![plan], ..Graph::default() };
//! let bytes = rkyv::to_bytes::<rkyv::rancor::Error>(&graph).unwrap();
//! let archived = rkyv::access::<conduit_format::tables::ArchivedGraph, rkyv::rancor::Error>(&bytes).unwrap();
//! let depth1 = archived.plans.answer(0, 1).unwrap();
//! assert_eq!((depth1.nodes.len(), depth1.sources, depth1.edges), (3, 1, 2));
//! let all = archived.plans.answer(0, 0).unwrap(); // unlimited: the plan is complete
//! assert_eq!(all.nodes, depth1.nodes);
//! ```

use crate::tables::Plan;
use rkyv::rancor::Fallible;
use rkyv::ser::{Allocator, Writer};
use rkyv::with::{ArchiveWith, SerializeWith};
use rkyv::{Archive, Archived, Place, Serialize};

/// Every plan, flattened (see the [module](self) for the layout).
#[derive(Archive, Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanTable {
    /// `words[start[i]..start[i + 1]]` is plan `i`: one entry more than
    /// there are plans (none when there are no plans).
    pub start: Vec<u32>,
    /// The plans' words.
    pub words: Vec<u32>,
}

/// Flattens `plans` into a [`PlanTable`].
pub fn flatten(plans: &[Plan]) -> PlanTable {
    let mut table = PlanTable::default();
    if plans.is_empty() {
        return table;
    }
    table.start.push(0);
    for p in plans {
        let steps = p.edge_levels.len() as u32;
        table.words.push(steps << 1 | u32::from(p.complete));
        for (k, &n) in p.node_levels.iter().enumerate() {
            table.words.push(n);
            if let Some(&e) = p.edge_levels.get(k) {
                table.words.push(e);
            }
        }
        table.words.extend_from_slice(&p.nodes);
        table.start.push(table.words.len() as u32);
    }
    table
}

/// A prefix of a plan: what an unfiltered query with a depth limit reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanAnswer<'a> {
    /// The nodes reached, in BFS order, the start first.
    pub nodes: &'a [Archived<u32>],
    /// How many of `nodes` the answer's edges leave (arrive at, in a
    /// reverse plan): the nodes above the last level.
    pub sources: u32,
    /// How many edges the answer has.
    pub edges: u32,
}

/// One archived plan's words, decoded for validation and tools.
#[derive(Clone, Copy, Debug)]
pub struct PlanWords<'a> {
    words: &'a [Archived<u32>],
}

impl<'a> PlanWords<'a> {
    /// The number of committed steps (edge levels).
    pub fn steps(&self) -> usize {
        self.words
            .first()
            .map_or(0, |w| (w.to_native() >> 1) as usize)
    }

    /// Whether the plan holds the whole traversal.
    pub fn complete(&self) -> bool {
        self.words.first().is_some_and(|w| w.to_native() & 1 == 1)
    }

    /// `node_levels[k]` for `k` in `0..=steps`, or `None` past the words.
    pub fn node_level(&self, k: usize) -> Option<u32> {
        self.words.get(1 + 2 * k).map(|w| w.to_native())
    }

    /// `edge_levels[k]` for `k` in `0..steps`, or `None` past the words.
    pub fn edge_level(&self, k: usize) -> Option<u32> {
        self.words.get(2 + 2 * k).map(|w| w.to_native())
    }

    /// The nodes, or `None` when the words are too few for the levels.
    pub fn nodes(&self) -> Option<&'a [Archived<u32>]> {
        self.words
            .get(self.steps().checked_mul(2)?.checked_add(2)?..)
    }
}

impl ArchivedPlanTable {
    /// The number of plans.
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    /// Whether there are no plans.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Plan `i`'s words, or `None` out of range (or for offsets that
    /// `Registry::from_bytes` would refuse).
    pub fn plan(&self, i: usize) -> Option<PlanWords<'_>> {
        let (a, b) = (self.start.get(i)?, self.start.get(i + 1)?);
        let words = self
            .words
            .get(a.to_native() as usize..b.to_native() as usize)?;
        Some(PlanWords { words })
    }

    /// The answer of plan `i` for depth limit `depth` (0: unlimited), or
    /// `None` when the plan does not hold it (a deeper query than a
    /// truncated plan covers) or the words are inconsistent.
    #[inline(always)]
    pub fn answer(&self, i: usize, depth: u32) -> Option<PlanAnswer<'_>> {
        let words = self.plan(i)?.words;
        let head = words.first()?.to_native();
        let steps = head >> 1;
        let d = if depth == 0 || depth > steps {
            if head & 1 == 0 {
                return None;
            }
            steps
        } else {
            depth
        };
        // Checked: on a 32-bit target, words of a damaged blob could wrap.
        let at = (2 * d as usize).checked_sub(1)?;
        let &[sources, edges, nodes] = words.get(at..at.checked_add(3)?)? else {
            return None;
        };
        let first = (2 * steps as usize).checked_add(2)?;
        Some(PlanAnswer {
            nodes: words.get(first..first.checked_add(nodes.to_native() as usize)?)?,
            sources: sources.to_native(),
            edges: edges.to_native(),
        })
    }
}

/// Archives `Vec<Plan>` as a [`PlanTable`].
pub struct FlatPlans;

/// The flattened plans between serialization and resolution: flattened once.
pub struct FlatPlansResolver {
    table: PlanTable,
    inner: PlanTableResolver,
}

impl ArchiveWith<Vec<Plan>> for FlatPlans {
    type Archived = ArchivedPlanTable;
    type Resolver = FlatPlansResolver;

    fn resolve_with(_: &Vec<Plan>, resolver: FlatPlansResolver, out: Place<ArchivedPlanTable>) {
        resolver.table.resolve(resolver.inner, out);
    }
}

impl<S: Fallible + Allocator + Writer + ?Sized> SerializeWith<Vec<Plan>, S> for FlatPlans {
    fn serialize_with(field: &Vec<Plan>, s: &mut S) -> Result<FlatPlansResolver, S::Error> {
        let table = flatten(field);
        let inner = table.serialize(s)?;
        Ok(FlatPlansResolver { table, inner })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{ArchivedGraph, Graph};

    fn archived(plans: Vec<Plan>) -> rkyv::util::AlignedVec {
        let graph = Graph {
            plans,
            ..Graph::default()
        };
        rkyv::to_bytes::<rkyv::rancor::Error>(&graph).unwrap()
    }

    fn access(bytes: &[u8]) -> &ArchivedGraph {
        rkyv::access::<ArchivedGraph, rkyv::rancor::Error>(bytes).unwrap()
    }

    #[test]
    fn every_depth_reads_its_prefix() {
        // 0 -> {1, 2} -> {3}: three steps, the last discovers nothing.
        let plan = Plan {
            nodes: vec![0, 1, 2, 3],
            node_levels: vec![1, 3, 4, 4],
            edge_levels: vec![2, 4, 5],
            complete: true,
        };
        let bytes = archived(vec![Plan::default(), plan.clone()]);
        let table = &access(&bytes).plans;
        assert_eq!(table.len(), 2);
        for d in 1..=3u32 {
            let a = table.answer(1, d).unwrap();
            let d = d as usize;
            assert_eq!(a.nodes.len() as u32, plan.node_levels[d]);
            assert_eq!(a.sources, plan.node_levels[d - 1]);
            assert_eq!(a.edges, plan.edge_levels[d - 1]);
        }
        let deep = table.answer(1, 9).unwrap();
        assert_eq!((deep.nodes.len(), deep.sources, deep.edges), (4, 4, 5));
        assert_eq!(table.answer(1, 0), Some(deep));
        let ids: Vec<u32> = deep.nodes.iter().map(|n| n.to_native()).collect();
        assert_eq!(ids, plan.nodes);
        // An empty (zero-step, incomplete) plan answers nothing.
        assert_eq!(table.answer(0, 1), None);
        assert_eq!(table.answer(2, 1), None);
    }

    #[test]
    fn a_truncated_plan_answers_its_depths_only() {
        let plan = Plan {
            nodes: vec![5, 6],
            node_levels: vec![1, 2],
            edge_levels: vec![1],
            complete: false,
        };
        let bytes = archived(vec![plan]);
        let table = &access(&bytes).plans;
        let words = table.plan(0).unwrap();
        assert_eq!((words.steps(), words.complete()), (1, false));
        assert_eq!(
            (words.node_level(1), words.edge_level(0)),
            (Some(2), Some(1))
        );
        assert_eq!(words.nodes().map(<[_]>::len), Some(2));
        assert!(table.answer(0, 1).is_some());
        assert_eq!(table.answer(0, 2), None);
        assert_eq!(table.answer(0, 0), None);
    }

    #[test]
    fn no_plans_is_an_empty_table() {
        assert_eq!(flatten(&[]), PlanTable::default());
        let bytes = archived(Vec::new());
        assert!(access(&bytes).plans.is_empty());
    }
}
