//! Prints the blog's registry: everything below was computed at build time.

use blog::REGISTRY;
use blog::models::Post;
use conduit::Resource;

mod serve;

fn main() {
    // `cargo run -p blog -- serve [ADDR]`: the explorer and JSON endpoints.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve") {
        if let Err(e) = serve::run(args.get(1).map(String::as_str)) {
            eprintln!("blog serve: {e}");
            std::process::exit(1);
        }
        return;
    }
    let mut text = String::new();
    if let Err(e) = blog::summary::write_summary(&mut text, &REGISTRY) {
        eprintln!("could not format the summary: {e}");
        std::process::exit(1);
    }
    print!("{text}");

    // Typed access reads the same static record as the lookup by name.
    let post = Post::meta();
    println!(
        "\n<Post as Resource>::meta() → {} fields, {} hooks",
        post.fields().len(),
        post.hooks().len()
    );
}
