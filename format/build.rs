//! Computes the digest of the archived types' definitions once, when this
//! crate is built (see `src/definitions.rs`): `OUT_DIR/definitions_digest.rs`
//! holds it as a literal for `header::format_fingerprint`.

#[allow(dead_code)]
#[path = "src/fnv.rs"]
mod fnv;

#[allow(dead_code)]
#[path = "src/definitions.rs"]
mod definitions;

use std::path::PathBuf;

fn main() {
    let src =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo")).join("src");
    let sources: Vec<String> = definitions::FILES
        .iter()
        .map(|file| {
            let path = src.join(file);
            println!("cargo:rerun-if-changed={}", path.display());
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        })
        .collect();
    for shared in ["fnv.rs", "definitions.rs"] {
        println!("cargo:rerun-if-changed={}", src.join(shared).display());
    }
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    let digest = definitions::digest(&sources);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by Cargo"))
        .join("definitions_digest.rs");
    let text = format!("{digest:#018x}\n");
    // Rewritten only when it changes, so that nothing downstream rebuilds for nothing.
    if std::fs::read_to_string(&out).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&out, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}
