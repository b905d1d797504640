//! Prints what the build step cost and produced for every fixture built into
//! this binary (with `--features scaling`, also N = 500 / 5,000 / 10,000).

use conduit_benches::fixtures;

fn main() {
    let mut list = fixtures::all();
    list.extend(fixtures::scaling().into_iter().skip(1));
    println!(
        "{:<12} {:>9} {:>12} {:>12} {:>14} {:>12} {:>10}",
        "fixture", "resources", "models (B)", "builder ms", "registry.rs B", "blob (B)", "JSON (B)"
    );
    for f in list {
        let stats: serde_json::Value = serde_json::from_str(f.build_stats).expect("stats parse");
        let n = |k: &str| stats[k].as_u64().unwrap_or(0);
        println!(
            "{:<12} {:>9} {:>12} {:>12.1} {:>14} {:>12} {:>10}",
            f.name,
            n("resources"),
            n("model_source_bytes"),
            n("builder_micros") as f64 / 1000.0,
            n("registry_source_bytes"),
            n("blob_bytes"),
            f.json.len()
        );
    }
}
