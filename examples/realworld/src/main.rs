//! Prints the RealWorld registry: routes, patterns and the dependency graph,
//! all computed at build time.

use realworld::REGISTRY;

fn main() {
    let mut text = String::new();
    if let Err(e) = realworld::summary::write_summary(&mut text, &REGISTRY) {
        eprintln!("could not format the summary: {e}");
        std::process::exit(1);
    }
    print!("{text}");
}
