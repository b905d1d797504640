//! Runs the build step on a generated fixture outside Cargo, to time it at
//! full optimization: `cargo run --release -p conduit-bench-gen --bin
//! build-fixture -- rich10000 /tmp/out` prints the build statistics as JSON
//! (`builder_micros` is the wall time of `conduit_build::Builder::build`).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(shape), Some(out)) = (
        args.first()
            .and_then(|s| conduit_bench_gen::Shape::parse(s)),
        args.get(1),
    ) else {
        eprintln!("usage: build-fixture <shape, e.g. rich10000> <output folder>");
        std::process::exit(2);
    };
    let stats = conduit_bench_gen::build_into(shape, std::path::Path::new(out));
    println!("{}", stats.to_json());
}
