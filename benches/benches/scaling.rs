//! How costs grow with the schema: resource lookup, depth-3 dependency
//! query and start-up, at N = 50 and, with `--features scaling`, N = 500,
//! 5,000 and 10,000 (`Scaling/<query>/<implementation>/<N>`).
//!
//! ```console
//! $ cargo bench -p conduit-benches --bench scaling --features scaling
//! ```

use conduit::DepQuery;
use conduit_benches::fixtures;
use conduit_benches::idiomatic::{self, Idiomatic};
use conduit_benches::reference::{DependencyOptions, ReferenceRegistry};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn scaling(c: &mut Criterion) {
    for f in fixtures::scaling() {
        let reg = f.registry;
        let n = reg.len();
        let idio = Idiomatic::from_json(f.json).expect("the JSON parses");
        let refr = ReferenceRegistry::register(f.json).expect("the JSON parses");
        // Lookups cycle through 64 names spread over the schema, so large
        // schemas are not measured on one hot cache line.
        let names: Vec<String> = (0..64).map(|i| format!("Resource{}", i * n / 64)).collect();
        let start = format!("Resource{}", n / 2);
        let start = start.as_str();

        let mut g = c.benchmark_group("Scaling/ResourceLookup");
        let mut i = 0;
        g.bench_function(BenchmarkId::new("conduit", n), |b| {
            b.iter(|| {
                i = (i + 1) & 63;
                black_box(reg.resource(black_box(&names[i])))
            })
        });
        g.bench_function(BenchmarkId::new("idiomatic", n), |b| {
            b.iter(|| {
                i = (i + 1) & 63;
                black_box(idio.resource(black_box(&names[i])))
            })
        });
        g.bench_function(BenchmarkId::new("reference", n), |b| {
            b.iter(|| {
                i = (i + 1) & 63;
                black_box(refr.resource(black_box(&names[i])))
            })
        });
        g.finish();

        let mut g = c.benchmark_group("Scaling/Depth3");
        let cq = DepQuery::new().depth(3);
        let iq = idiomatic::DepQuery {
            depth: 3,
            reverse: false,
            kinds: 0,
        };
        let rq = DependencyOptions {
            depth: 3,
            ..DependencyOptions::default()
        };
        g.bench_function(BenchmarkId::new("conduit", n), |b| {
            b.iter(|| black_box(reg.dependencies(black_box(start), black_box(cq))))
        });
        g.bench_function(BenchmarkId::new("idiomatic", n), |b| {
            b.iter(|| black_box(idio.dependencies(black_box(start), black_box(iq))))
        });
        g.bench_function(BenchmarkId::new("reference-cached", n), |b| {
            b.iter(|| black_box(refr.dependencies(black_box(start), black_box(&rq))))
        });
        g.finish();

        // The reference's cold query rebuilds the whole graph and runs its
        // cycle check (quadratic): few samples.
        let mut g = c.benchmark_group("Scaling/Depth3Cold");
        g.sample_size(10);
        g.bench_function(BenchmarkId::new("reference", n), |b| {
            b.iter_batched(
                || refr.clear_cache(),
                |()| black_box(refr.dependencies(black_box(start), black_box(&rq))),
                BatchSize::PerIteration,
            )
        });
        g.finish();

        let mut g = c.benchmark_group("Scaling/Init");
        g.sample_size(10);
        g.bench_function(BenchmarkId::new("idiomatic", n), |b| {
            b.iter_with_large_drop(|| Idiomatic::from_json(black_box(f.json)).expect("parses"))
        });
        g.bench_function(BenchmarkId::new("reference", n), |b| {
            b.iter_with_large_drop(|| {
                ReferenceRegistry::register(black_box(f.json)).expect("parses")
            })
        });
        g.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = scaling
}
criterion_main!(benches);
