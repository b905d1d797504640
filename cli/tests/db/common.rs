//! Helpers shared by the database tests (`db.rs`, `db_drift.rs`): building
//! the examples, running `conduit`, fresh SQLite and PostgreSQL databases
//! with an example's DDL applied.
#![allow(dead_code)] // each test file uses its own part

use crate::pg;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

/// The example apps whose DDL must apply cleanly and show no drift: one
/// line per example.
pub const EXAMPLES: &[&str] = &["blog", "realworld"];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

pub use crate::examples::example;

pub fn blog() -> PathBuf {
    example("blog")
}

pub fn conduit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conduit"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .expect("conduit runs")
}

pub fn ddl(bin: &Path, dialect: &str) -> String {
    let out = conduit(&[
        "introspect",
        bin.to_str().unwrap(),
        "sql",
        "--dialect",
        dialect,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The registry as the reference's JSON: the expectations below read it,
/// not the SQL module.
pub fn export(bin: &Path) -> Value {
    let out = conduit(&["introspect", bin.to_str().unwrap(), "export"]);
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `db diff --format json`: exit status and document.
pub fn diff(bin: &Path, url: &str) -> (Option<i32>, Value) {
    let out = conduit(&[
        "db",
        "diff",
        bin.to_str().unwrap(),
        "--url",
        url,
        "--format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).expect("JSON"),
    )
}

/// `db diff` on a database that must drift by exactly `kind` at `place`
/// (`table` or `table.column`).
pub fn assert_drift(url: &str, kind: &str, place: &str) {
    let (code, doc) = diff(&blog(), url);
    let found: Vec<String> = doc["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| match d["column"].as_str() {
            Some(c) => format!(
                "{} {}.{c}",
                d["kind"].as_str().unwrap(),
                d["table"].as_str().unwrap()
            ),
            None => format!(
                "{} {}",
                d["kind"].as_str().unwrap(),
                d["table"].as_str().unwrap()
            ),
        })
        .collect();
    assert_eq!(found, [format!("{kind} {place}")], "{url}");
    assert_eq!(code, Some(2), "{url}");
    let text = conduit(&["db", "diff", blog().to_str().unwrap(), "--url", url]);
    assert_eq!(text.status.code(), Some(2));
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(
        stdout.ends_with("1 difference between the registry and the database\n"),
        "{stdout}"
    );
}

/// A fresh SQLite file for `test`, with the blog's DDL edited by `edit`
/// applied, then `after`; its URL.
pub fn sqlite_db(bin: &Path, test: &str, edit: impl Fn(String) -> String, after: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("db-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{test}.db"));
    let _ = std::fs::remove_file(&path);
    let db = rusqlite::Connection::open(&path).unwrap();
    let sql = edit(ddl(bin, "sqlite"));
    db.execute_batch(&sql)
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
    db.execute_batch(after)
        .unwrap_or_else(|e| panic!("{e}\n{after}"));
    format!("sqlite://{}", path.display())
}

/// A fresh PostgreSQL database for `test` with the DDL of `bin` and then
/// `after` applied; `None` where PostgreSQL is not installed (outside CI).
pub fn pg_db(bin: &Path, test: &str, after: &str) -> Option<(Arc<pg::Cluster>, String)> {
    let cluster = pg::cluster()?;
    let url = cluster.fresh_database(test);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let sql = ddl(bin, "postgres");
    client
        .batch_execute(&sql)
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
    client
        .batch_execute(after)
        .unwrap_or_else(|e| panic!("{e}\n{after}"));
    Some((cluster, url))
}

/// Runs a command that must fail with exit status 1 and one line on stderr.
pub fn fails_with_1(args: &[&str]) -> String {
    let out = conduit(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && !stderr.contains("panicked"),
        "{stderr}"
    );
    stderr
}
