//! Time to first query of fresh processes: runs each program many times
//! (after a warm-up), interleaved so that load drifts hit all of them
//! alike, and prints the median, mean and minimum wall time of each.
//!
//! ```console
//! $ target/release/ttfq-run 500 target/release/ttfq-empty target/release/ttfq-conduit
//! ```

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

fn run(exe: &str) -> Duration {
    let start = Instant::now();
    let status = Command::new(exe)
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {exe}: {e}"));
    let elapsed = start.elapsed();
    assert!(status.success(), "{exe} failed");
    elapsed
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(runs) = args.first().and_then(|n| n.parse::<usize>().ok()) else {
        eprintln!("usage: ttfq-run <runs> <program>...");
        return ExitCode::FAILURE;
    };
    let exes = &args[1..];
    for exe in exes {
        for _ in 0..10 {
            run(exe);
        }
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); exes.len()];
    for _ in 0..runs {
        for (exe, t) in exes.iter().zip(&mut times) {
            t.push(run(exe));
        }
    }
    println!(
        "{:<40} {:>10} {:>10} {:>10}   ({runs} runs each)",
        "program", "median", "mean", "min"
    );
    for (exe, t) in exes.iter().zip(&mut times) {
        t.sort();
        let mean = t.iter().sum::<Duration>() / t.len() as u32;
        let name = exe.rsplit('/').next().unwrap_or(exe);
        println!(
            "{name:<40} {:>8.0}µs {:>8.0}µs {:>8.0}µs",
            t[t.len() / 2].as_secs_f64() * 1e6,
            mean.as_secs_f64() * 1e6,
            t[0].as_secs_f64() * 1e6
        );
    }
    ExitCode::SUCCESS
}
