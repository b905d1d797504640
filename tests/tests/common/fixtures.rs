//! Fixture crates under `tests/fixtures/`: the build step run in-process on
//! one, and real `cargo` builds of a scratch copy.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

pub fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the build step on a fixture's `src`.
pub fn build(name: &str) -> Result<conduit_build::Summary, conduit_build::Error> {
    conduit_build::Builder::new()
        .manifest_dir(fixture(name))
        .out_dir(tmp(&format!("out-{name}")))
        .quiet()
        .scan("src")
        .build()
}

/// The rendered error and diagnostics of a fixture that must fail.
pub fn build_error(name: &str) -> (String, Vec<conduit_build::Diagnostic>) {
    match build(name) {
        Ok(summary) => panic!("`{name}` built without errors: {summary:?}"),
        Err(e) => (e.to_string(), e.diagnostics().to_vec()),
    }
}

/// Copies a fixture crate to a scratch folder, with its path dependencies
/// made absolute and the workspace's lock file.
pub fn scratch_crate(name: &str) -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dest = tmp(&format!("crate-{name}"));
    copy_dir(&fixture(name), &dest);
    let manifest = dest.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text.replace(
        "path = \"../../../",
        &format!("path = \"{}/", workspace.display()),
    );
    std::fs::write(&manifest, text).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dest.join("Cargo.lock")).unwrap();
    dest
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else if entry.file_name() != "Cargo.lock" {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `cargo <args>` in `dir`, sharing one target folder with every nested
/// build of the workspace's tests (`nested-target`, also the CLI tests'):
/// success, stdout and stderr.
pub fn cargo(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("nested-target");
    let out = Command::new(env!("CARGO"))
        .args(args)
        .arg("--offline")
        .arg("--target-dir")
        .arg(target)
        .current_dir(dir)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `cargo build` of a scratch copy of fixture `name`: success and stderr.
pub fn cargo_build(name: &str) -> (bool, String) {
    let (ok, _, stderr) = cargo(&scratch_crate(name), &["build"]);
    (ok, stderr)
}
