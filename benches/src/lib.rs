//! conduit's performance proof.
//!
//! Two baselines answer the same queries as conduit, from the same data
//! serialized to the reference system's metadata JSON:
//!
//! - [`reference`](mod@reference): the reference's Go registry ported to Rust (start-up
//!   parse and `HashMap` indexes, locks, defensive copies, dependency graph
//!   built on each cold query, LRU cache);
//! - [`idiomatic`]: what a good Rust developer writes instead (parse once
//!   behind a `LazyLock`, `HashMap`/`Vec` indexes, queries return
//!   references, BFS over precomputed adjacency lists).
//!
//! [`fixtures`] lists the generated schemas (see `conduit-bench-gen`). The
//! criterion benchmarks are in `benches/`, the process-level tools in
//! `src/bin/`; `README.md` says how to run each.

pub mod fixtures;
pub mod idiomatic;
pub mod probe;
pub mod reference;
pub mod router;
