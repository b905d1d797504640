//! The deterministic regression guard: instructions per call of conduit's
//! key queries on the `rich50` fixture (route matching also on `api_bench`
//! and the RealWorld example, beside `matchit`), counted by callgrind and checked
//! against `benches/callgrind-baseline.txt`.
//!
//! ```console
//! $ cargo build -p conduit-benches --bin callgrind-guard              # CI: the dev profile
//! $ target/debug/callgrind-guard check                                # fails on a regression
//! $ target/debug/callgrind-guard bless                                # rewrites the baseline
//! $ cargo run --release -p conduit-benches --bin callgrind-guard -- report   # all three implementations
//! ```
//!
//! Each query runs `ITERATIONS` times inside its own `#[inline(never)]`
//! function; callgrind runs once per function with `--toggle-collect` on it,
//! so only that loop is counted. Counts depend on the compiler and the
//! profile, not on the machine's load: the baseline file keeps one line per
//! profile and query, and a count more than `TOLERANCE` above its baseline
//! fails the check.

use conduit::{DepQuery, EdgeKind, Method, PatternCategory, Registry};
use conduit_benches::fixtures;
use conduit_benches::idiomatic::{self, Idiomatic};
use conduit_benches::reference::{DependencyOptions, ReferenceRegistry, RouteFilter};
use conduit_benches::router::MatchitRouter;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::LazyLock;

const ITERATIONS: u64 = 1000;
/// A count may grow by this fraction before the check fails.
const TOLERANCE: f64 = 0.10;
const PROFILE: &str = if cfg!(debug_assertions) {
    "debug"
} else {
    "release"
};

static REG: &Registry<'static> = &conduit_fixture_rich50::REGISTRY;
static IDIO: LazyLock<Idiomatic> =
    LazyLock::new(|| Idiomatic::from_json(fixtures::rich50().json).expect("the JSON parses"));
static REFR: LazyLock<ReferenceRegistry> = LazyLock::new(|| {
    ReferenceRegistry::register(fixtures::rich50().json).expect("the JSON parses")
});

static ROUTER: LazyLock<MatchitRouter> =
    LazyLock::new(|| MatchitRouter::new(&IDIO.meta).expect("matchit accepts the routes"));

static API_BENCH: &Registry<'static> = &conduit_fixture_api_bench::REGISTRY;
static API_BENCH_ROUTER: LazyLock<MatchitRouter> =
    LazyLock::new(|| MatchitRouter::from_registry(API_BENCH).expect("matchit accepts the routes"));
static REALWORLD: &Registry<'static> = &realworld::REGISTRY;
static REALWORLD_ROUTER: LazyLock<MatchitRouter> =
    LazyLock::new(|| MatchitRouter::from_registry(REALWORLD).expect("matchit accepts the routes"));
/// The deepest RealWorld route, with a slug as long as real ones.
const REALWORLD_PATH: &str = "/api/articles/how-to-train-your-dragon/comments/7";

const NAMES: [&str; 4] = ["Resource25", "Resource3", "Resource41", "Resource17"];

macro_rules! queries {
    ($($name:ident => |$i:ident| $body:expr;)*) => {
        $(
            #[inline(never)]
            fn $name() {
                for $i in 0..ITERATIONS as usize {
                    let _ = black_box($body);
                }
            }
        )*
        /// (name, function)
        const QUERIES: &[(&str, fn())] = &[$((stringify!($name), $name as fn())),*];
    };
}

queries! {
    harness_loop => |i| black_box(NAMES[i % 4]).len() > 3;
    conduit_resource => |i| REG.resource(black_box(NAMES[i % 4])).is_some();
    conduit_resource_miss => |_i| REG.resource(black_box("Nobody")).is_none();
    conduit_routes_by_method => |_i| REG.routes_by_method(black_box(Method::Get)).len();
    conduit_routes_for => |i| REG.routes_for(black_box(Method::Get), black_box(NAMES[i % 4])).map(|r| r.len());
    conduit_match_route => |_i| REG.match_route(black_box(Method::Get), black_box("/resource25s/42")).is_some();
    conduit_match_route_api_bench => |_i| API_BENCH.match_route(black_box(Method::Get), black_box("/posts/42")).is_some();
    conduit_match_route_realworld => |_i| REALWORLD.match_route(black_box(Method::Delete), black_box(REALWORLD_PATH)).is_some();
    conduit_patterns_by_category => |_i| REG.patterns_by_category(black_box(PatternCategory::Authentication)).len();
    conduit_deps_depth3 => |_i| REG.dependencies(black_box("Resource49"), DepQuery::new().depth(3)).map(|d| d.len());
    conduit_deps_reverse => |_i| REG.dependencies(black_box("Resource0"), DepQuery::new().reverse()).map(|d| d.len());
    conduit_deps_filtered => |_i| REG.dependencies(black_box("Resource49"), DepQuery::new().kinds([EdgeKind::BelongsTo])).map(|d| d.len());
    idiomatic_resource => |i| IDIO.resource(black_box(NAMES[i % 4])).is_some();
    idiomatic_routes_by_method => |_i| IDIO.routes_by_method(black_box(idiomatic::Method::Get)).len();
    idiomatic_routes_for => |i| IDIO.routes_for(black_box(idiomatic::Method::Get), black_box(NAMES[i % 4])).len();
    idiomatic_match_route => |_i| IDIO.match_route(black_box(idiomatic::Method::Get), black_box("/resource25s/42")).is_some();
    matchit_match_route => |_i| ROUTER.at(black_box(idiomatic::Method::Get), black_box("/resource25s/42")).is_some();
    matchit_match_route_api_bench => |_i| API_BENCH_ROUTER.at(black_box(idiomatic::Method::Get), black_box("/posts/42")).is_some();
    matchit_match_route_realworld => |_i| REALWORLD_ROUTER.at(black_box(idiomatic::Method::Delete), black_box(REALWORLD_PATH)).is_some();
    idiomatic_deps_filtered => |_i| IDIO.dependencies(black_box("Resource49"), black_box(idiomatic::DepQuery { depth: 0, reverse: false, kinds: 0 }.kinds(&["belongs_to"]))).map(|d| d.nodes.len());
    idiomatic_deps_depth3 => |_i| IDIO.dependencies(black_box("Resource49"), idiomatic::DepQuery { depth: 3, reverse: false, kinds: 0 }).map(|d| d.nodes.len());
    reference_resource => |i| REFR.resource(black_box(NAMES[i % 4])).is_ok();
    reference_routes_by_method => |_i| REFR.routes(black_box(&RouteFilter { method: "GET".into(), ..RouteFilter::default() })).len();
    reference_deps_depth3_cold => |_i| {
        REFR.clear_cache();
        REFR.dependencies(black_box("Resource49"), &DependencyOptions { depth: 3, ..DependencyOptions::default() }).map(|d| d.nodes.len())
    };
    reference_deps_depth3_cached => |_i| REFR.dependencies(black_box("Resource49"), &DependencyOptions { depth: 3, ..DependencyOptions::default() }).map(|d| d.nodes.len());
}

fn baseline_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("callgrind-baseline.txt")
}

/// `(profile, query) → instructions per call`.
fn read_baseline() -> BTreeMap<(String, String), f64> {
    let text = std::fs::read_to_string(baseline_path()).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((
                (w.next()?.to_owned(), w.next()?.to_owned()),
                w.next()?.parse().ok()?,
            ))
        })
        .collect()
}

/// Runs this binary under callgrind, counting only `query`'s loop.
fn count(query: &str) -> Result<f64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::env::temp_dir().join(format!("callgrind.guard.{}.{query}", std::process::id()));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(format!("--toggle-collect=*{query}*"))
        .arg("--collect-atstart=no")
        .arg(&exe)
        .arg("run")
        .arg(query)
        .output()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    if !status.status.success() {
        return Err(format!(
            "valgrind failed on {query}: {}",
            String::from_utf8_lossy(&status.stderr)
        ));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    let total = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("summary:")
                .or_else(|| l.strip_prefix("totals:"))
        })
        .and_then(|n| n.split_whitespace().next()?.parse::<u64>().ok())
        .ok_or_else(|| format!("no total in callgrind's output for {query}"))?;
    Ok(total as f64 / ITERATIONS as f64)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => {
            // Build the statics outside the counted loops.
            let _ = (
                &*IDIO,
                &*REFR,
                &*ROUTER,
                &*API_BENCH_ROUTER,
                &*REALWORLD_ROUTER,
            );
            for (name, f) in QUERIES {
                if args.get(1).is_none_or(|q| q == name) {
                    f();
                }
            }
            ExitCode::SUCCESS
        }
        Some(mode @ ("check" | "bless" | "report")) => guard(mode),
        _ => {
            eprintln!("usage: callgrind-guard check | bless | report");
            ExitCode::FAILURE
        }
    }
}

fn guard(mode: &str) -> ExitCode {
    let baseline = read_baseline();
    let guarded: Vec<&str> = QUERIES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| mode == "report" || n.starts_with("conduit_"))
        .collect();
    let mut counts = BTreeMap::new();
    let mut failed = false;
    println!("callgrind instructions per call ({PROFILE} profile, rich50):");
    for q in &guarded {
        let n = match count(q) {
            Ok(n) => n,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        counts.insert(q.to_string(), n);
        match baseline.get(&(PROFILE.to_owned(), q.to_string())) {
            Some(&base) => {
                let change = n / base - 1.0;
                let verdict = if change > TOLERANCE && q.starts_with("conduit_") {
                    failed = true;
                    "REGRESSION"
                } else if change < -TOLERANCE {
                    "improved (bless to keep)"
                } else {
                    "ok"
                };
                println!(
                    "  {q:<32} {n:>10.1}  baseline {base:>10.1}  {:+6.1}%  {verdict}",
                    change * 100.0
                );
            }
            None => println!("  {q:<32} {n:>10.1}  (no baseline)"),
        }
    }
    if mode == "bless" {
        let mut all = baseline;
        for (q, n) in &counts {
            all.insert((PROFILE.to_owned(), q.clone()), *n);
        }
        let mut text = String::from(
            "# callgrind instructions per call of conduit's key queries on rich50\n\
             # (`callgrind-guard bless` rewrites this file; `check` fails above +10%).\n\
             # profile query instructions\n",
        );
        for ((p, q), n) in &all {
            text.push_str(&format!("{p} {q} {n:.1}\n"));
        }
        if let Err(e) = std::fs::write(baseline_path(), text) {
            eprintln!("cannot write the baseline: {e}");
            return ExitCode::FAILURE;
        }
        println!("baseline written to {}", baseline_path().display());
        return ExitCode::SUCCESS;
    }
    if failed {
        eprintln!(
            "instruction counts grew more than {:.0}% (bless if intended)",
            TOLERANCE * 100.0
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
