//! Prints the blog's registry: everything below was computed at build time.

use blog::REGISTRY;
use blog::models::Post;
use conduit::Resource;

fn main() {
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
