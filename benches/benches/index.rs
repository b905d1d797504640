//! The resource index alone, beside the `HashMap` a Rust user would build at
//! start-up: `conduit_format::phash` built at run time from
//! `Resource0..N` (so, unlike an embedded registry's `static` index, its
//! tables cannot be constant-folded) against `HashMap<String, usize>::get`,
//! at N = 4, 50 and 10,000, hits cycling through 64 names spread over the
//! keys (`Index/hit/<implementation>/<N>`), misses on names of the same shape.
//!
//! ```console
//! $ cargo bench -p conduit-benches --bench index
//! ```

use conduit_format::phash;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

fn index(c: &mut Criterion) {
    for n in [4usize, 50, 10_000] {
        let keys: Vec<String> = (0..n).map(|i| format!("Resource{i}")).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let table = phash::build(&refs);
        let parts = table.parts(&refs);
        let phash = table.index(&parts);
        let map: HashMap<String, usize> = keys.iter().cloned().zip(0..).collect();
        let hits: Vec<String> = (0..64).map(|i| format!("Resource{}", i * n / 64)).collect();
        let misses: Vec<String> = (0..64).map(|i| format!("Resource{}", n + i)).collect();
        for (group, names) in [("Index/hit", &hits), ("Index/miss", &misses)] {
            let mut g = c.benchmark_group(group);
            let mut i = 0;
            g.bench_function(BenchmarkId::new("phash", n), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    black_box(phash.get(black_box(&names[i])))
                })
            });
            g.bench_function(BenchmarkId::new("hashmap", n), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    black_box(map.get(black_box(names[i].as_str())))
                })
            });
            g.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = index
}
criterion_main!(benches);
