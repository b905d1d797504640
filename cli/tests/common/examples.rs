//! The workspace's example apps, built once per test binary into the nested
//! target folder every nested build of the tests shares
//! (`CARGO_TARGET_TMPDIR/nested-target`: the outer `cargo test` holds the
//! lock on the main one).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The nested target folder.
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("nested-target")
}

/// `cargo build -p NAME` (debug) into [`target_dir`], once; the binary.
pub fn example(name: &str) -> PathBuf {
    build(name, false)
}

/// `cargo build -p NAME`, `--release` if `release`, into [`target_dir`],
/// once per test binary; the binary. Panics with cargo's output on failure.
pub fn build(name: &str, release: bool) -> PathBuf {
    static BUILT: Mutex<Option<HashMap<(String, bool), PathBuf>>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    let built = built.get_or_insert_with(HashMap::new);
    if let Some(bin) = built.get(&(name.to_owned(), release)) {
        return bin.clone();
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["build", "-p", name, "--quiet", "--manifest-path"])
        .arg(workspace.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir())
        .args(release.then_some("--release"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo build -p {name} (release: {release}) failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = target_dir()
        .join(if release { "release" } else { "debug" })
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    built.insert((name.to_owned(), release), bin.clone());
    bin
}

/// The registry blob the blog's build script wrote for [`example`]`("blog")`:
/// the newest below a `blog-*` build folder (the folder is shared with other
/// crates' builds and keeps older builds of the blog).
pub fn blog_blob_file() -> PathBuf {
    example("blog");
    std::fs::read_dir(target_dir().join("debug").join("build"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("blog-"))
        .map(|e| e.path().join("out/conduit/registry.bin"))
        .filter(|p| p.is_file())
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("the blog's OUT_DIR has registry.bin")
}

/// `dot` rendered to SVG by Graphviz; `None` (after saying so) when `dot` is
/// not installed, which fails under `CONDUIT_CI=1` (`.ci/run` installs it).
pub fn dot_to_svg(dot: &str) -> Option<String> {
    use std::io::Write;
    let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        assert!(
            std::env::var("CONDUIT_CI").as_deref() != Ok("1"),
            "CONDUIT_CI=1 and Graphviz `dot` is not installed (.ci/run installs it)"
        );
        eprintln!("skipped: Graphviz `dot` is not installed");
        return None;
    };
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(dot.as_bytes())
        .expect("dot reads its input");
    let out = child.wait_with_output().expect("dot runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("SVG is UTF-8"))
}
