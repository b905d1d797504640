//! The README's tutorial is a test: its `Cargo.toml` lines, `build.rs` and
//! Rust code are put together into a fresh crate (with path dependencies on
//! this workspace, as they are not published yet), which must build and run
//! with no warning.
//!
//! Every ` ```rust ` block of the README takes part: the one whose first line
//! is `// build.rs` becomes the build script, the others, in order, the
//! crate's `src/main.rs`.

use std::path::Path;
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The README's fenced blocks: `(info string, body)`.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_owned(), String::new())),
            (Some(_), Some("")) => out.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

#[test]
fn the_readme_tutorial_builds_and_runs_in_a_fresh_crate_without_warnings() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let toml = blocks
        .iter()
        .find(|(info, body)| info == "toml" && body.contains("[dependencies]"))
        .map(|(_, body)| body.clone())
        .expect("the README shows the dependency lines");
    assert!(
        toml.contains(r#"conduit = { package = "conduit-registry", version = "0.2" }"#),
        "the dependency line names the published package: {toml}"
    );
    assert!(toml.contains(r#"conduit-build = "0.2""#), "{toml}");
    let rust: Vec<&String> = blocks
        .iter()
        .filter(|(info, _)| info == "rust")
        .map(|(_, body)| body)
        .collect();
    let (build, main): (Vec<&String>, Vec<&String>) =
        rust.iter().partition(|b| b.starts_with("// build.rs"));
    assert_eq!(build.len(), 1, "one `// build.rs` block");
    assert!(main.len() >= 2, "the models and the queries");

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-crate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let ws = workspace().display();
    let manifest = toml
        .replace(
            r#"conduit = { package = "conduit-registry", version = "0.2" }"#,
            &format!(r#"conduit = {{ package = "conduit-registry", path = "{ws}/runtime" }}"#),
        )
        .replace(
            r#"conduit-build = "0.2""#,
            &format!(r#"conduit-build = {{ path = "{ws}/build-support" }}"#),
        );
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"readme-tutorial\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n{manifest}"
        ),
    )
    .unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("build.rs"), build[0]).unwrap();
    let main: String = main
        .iter()
        .map(|b| b.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("src/main.rs"), main).unwrap();

    let out = Command::new(env!("CARGO"))
        .args(["run", "--offline", "--target-dir"])
        .arg(Path::new(env!("CARGO_TARGET_TMPDIR")).join("nested-target"))
        .current_dir(&dir)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the tutorial must build and run:\n{stderr}"
    );
    assert!(
        !stderr.contains("warning"),
        "the tutorial must build without warnings:\n{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("title: string"), "{stdout}");
}
