//! `conduit introspect … sql` and `conduit db diff` against real databases:
//! SQLite (bundled) always, PostgreSQL through a throwaway cluster
//! (`db/pg.rs`; skipped with a reason where it is not installed, a failure
//! under `CONDUIT_CI=1`).
//!
//! The examples are built into the same nested target folder as `cli.rs`
//! (`CARGO_TARGET_TMPDIR/cli-blog`), with the same options: whichever test
//! file runs first builds them, the other finds them built.
#![cfg(feature = "db")]

#[path = "db/pg.rs"]
mod pg;

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

/// The example apps whose DDL must apply cleanly and show no drift: one
/// line per example.
const EXAMPLES: &[&str] = &["blog"];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// `cargo build -p NAME` as `cli.rs` builds the blog; the binary.
fn example(name: &str) -> PathBuf {
    static BUILT: Mutex<Option<HashMap<String, PathBuf>>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    let built = built.get_or_insert_with(HashMap::new);
    if let Some(bin) = built.get(name) {
        return bin.clone();
    }
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-blog");
    let out = Command::new(env!("CARGO"))
        .args(["build", "-p", name, "--quiet", "--manifest-path"])
        .arg(workspace().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .args(["--config", "profile.dev.build-override.opt-level=0"])
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo build -p {name} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = target
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    built.insert(name.to_owned(), bin.clone());
    bin
}

fn blog() -> PathBuf {
    example("blog")
}

fn conduit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conduit"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .expect("conduit runs")
}

fn ddl(bin: &Path, dialect: &str) -> String {
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
fn export(bin: &Path) -> Value {
    let out = conduit(&["introspect", bin.to_str().unwrap(), "export"]);
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `db diff --format json`: exit status and document.
fn diff(bin: &Path, url: &str) -> (Option<i32>, Value) {
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
fn assert_drift(url: &str, kind: &str, place: &str) {
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
fn sqlite_db(bin: &Path, test: &str, edit: impl Fn(String) -> String, after: &str) -> String {
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
fn pg_db(bin: &Path, test: &str, after: &str) -> Option<(Arc<pg::Cluster>, String)> {
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

fn fields(resource: &Value) -> &Vec<Value> {
    resource["fields"].as_array().unwrap()
}

fn has(field: &Value, constraint: &str) -> bool {
    field["constraints"]
        .as_array()
        .is_some_and(|c| c.iter().any(|x| x == constraint))
}

/// The PostgreSQL type the map gives a Rust type.
fn pg_type(field: &Value) -> &'static str {
    let rust = field["rust_type"].as_str().unwrap();
    let base = rust.trim_start_matches("Option<").trim_end_matches('>');
    match (
        field["type"].as_str().unwrap().trim_end_matches(['!', '?']),
        base,
    ) {
        ("int", "i32" | "i16" | "i8" | "u16" | "u8") => "integer",
        ("int", _) => "bigint",
        ("string" | "text", _) => "text",
        ("bool", _) => "boolean",
        ("timestamp", _) => "timestamp with time zone",
        ("uuid", _) => "uuid",
        ("float", "f32") => "real",
        ("float", _) => "double precision",
        (other, _) => panic!("no expectation for {other}"),
    }
}

#[test]
fn sqlite_catalog_matches_the_registry_column_by_column() {
    for name in EXAMPLES {
        let bin = example(name);
        let url = sqlite_db(&bin, &format!("catalog-{name}"), |s| s, "");
        let db = rusqlite::Connection::open(url.trim_start_matches("sqlite://")).unwrap();
        for r in export(&bin)["resources"].as_array().unwrap() {
            let table = r["table"].as_str().unwrap();
            let mut info = db
                .prepare(
                    "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid",
                )
                .unwrap();
            let columns: Vec<(String, String, bool, i64)> = info
                .query_map([table], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let names: Vec<&str> = fields(r)
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            let got: Vec<&str> = columns.iter().map(|c| c.0.as_str()).collect();
            assert_eq!(got, names, "{name}: {table}");
            for (f, (column, ty, notnull, pk)) in fields(r).iter().zip(&columns) {
                let nullable = f["nullable"].as_bool().unwrap();
                assert_eq!(*notnull, !nullable, "{table}.{column}");
                assert_eq!(*pk > 0, has(f, "primary"), "{table}.{column}");
                let want = match pg_type(f) {
                    "integer" | "bigint" | "boolean" => "INTEGER",
                    _ => "TEXT",
                };
                assert_eq!(ty, want, "{table}.{column}");
            }
        }
        let (code, doc) = diff(&bin, &url);
        assert_eq!(
            (code, &doc["drift"]),
            (Some(0), &Value::Bool(false)),
            "{doc}"
        );
    }
}

#[test]
fn postgres_catalog_matches_the_registry_column_by_column() {
    for name in EXAMPLES {
        let bin = example(name);
        let Some((_cluster, url)) = pg_db(&bin, &format!("catalog_{name}"), "") else {
            return;
        };
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let registry = export(&bin);
        for r in registry["resources"].as_array().unwrap() {
            let table = r["table"].as_str().unwrap();
            let rows = client
                .query(
                    "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                    &[&table],
                )
                .unwrap();
            let names: Vec<&str> = fields(r)
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            let got: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
            assert_eq!(got, names, "{name}: {table}");
            for (f, row) in fields(r).iter().zip(&rows) {
                let column: String = row.get(0);
                assert_eq!(row.get::<_, String>(1), pg_type(f), "{table}.{column}");
                let nullable = f["nullable"].as_bool().unwrap();
                assert_eq!(
                    row.get::<_, String>(2) == "YES",
                    nullable,
                    "{table}.{column}"
                );
            }
            let uniques: Vec<String> = client
                .query(
                    "SELECT k.column_name::text FROM information_schema.table_constraints c
                     JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
                     WHERE c.table_schema = current_schema() AND c.table_name = $1 AND c.constraint_type = 'UNIQUE'
                     ORDER BY 1",
                    &[&table],
                )
                .unwrap()
                .iter()
                .map(|row| row.get(0))
                .collect();
            let want: Vec<&str> = fields(r)
                .iter()
                .filter(|f| has(f, "unique"))
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            let mut want = want;
            want.sort();
            assert_eq!(uniques, want, "{table}");
            for rel in r["relationships"].as_array().unwrap() {
                if rel["type"] != "belongs_to" {
                    continue;
                }
                let fk = rel["foreign_key"].as_str().unwrap();
                let rule: String = client
                    .query_one(
                        "SELECT r.delete_rule::text FROM information_schema.referential_constraints r
                         JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
                         WHERE k.table_name = $1 AND k.column_name = $2",
                        &[&table, &fk],
                    )
                    .unwrap()
                    .get(0);
                let want = rel["on_delete"].as_str().unwrap_or("no_action");
                assert_eq!(rule, want.to_uppercase().replace('_', " "), "{table}.{fk}");
            }
        }
        let (code, doc) = diff(&bin, &url);
        assert_eq!(
            (code, &doc["drift"]),
            (Some(0), &Value::Bool(false)),
            "{doc}"
        );
    }
}

#[test]
fn no_drift_right_after_applying_prints_so_and_exits_0() {
    let url = sqlite_db(&blog(), "no-drift", |s| s, "");
    let out = conduit(&["db", "diff", blog().to_str().unwrap(), "--url", &url]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "no drift: the database has the registry's 5 tables as declared\n"
    );
    if let Some((_c, url)) = pg_db(&blog(), "no_drift", "") {
        assert_eq!(diff(&blog(), &url).0, Some(0));
    }
}

/// One drift test: the SQLite edit and statements, the PostgreSQL
/// statements, and the one difference both must show.
fn drift_case(
    test: &str,
    edit: fn(String) -> String,
    sqlite: &str,
    postgres: &str,
    kind: &str,
    place: &str,
) {
    let url = sqlite_db(&blog(), test, edit, sqlite);
    assert_drift(&url, kind, place);
    if let Some((_c, url)) = pg_db(&blog(), &test.replace('-', "_"), postgres) {
        assert_drift(&url, kind, place);
    }
}

fn same(s: String) -> String {
    s
}

#[test]
fn drift_table_missing_in_database() {
    let drop = "DROP TABLE post_tags;";
    drift_case("t-db", same, drop, drop, "table-missing-in-db", "post_tags");
}

#[test]
fn drift_table_missing_in_models() {
    let add = "CREATE TABLE audit_log (id integer);";
    drift_case(
        "t-models",
        same,
        add,
        add,
        "table-missing-in-models",
        "audit_log",
    );
}

#[test]
fn drift_column_missing_in_database() {
    let drop = "ALTER TABLE users DROP COLUMN bio;";
    drift_case(
        "c-db",
        same,
        drop,
        drop,
        "column-missing-in-db",
        "users.bio",
    );
}

#[test]
fn drift_column_missing_in_models() {
    let add = "ALTER TABLE posts ADD COLUMN legacy text;";
    drift_case(
        "c-models",
        same,
        add,
        add,
        "column-missing-in-models",
        "posts.legacy",
    );
}

#[test]
fn drift_type_differs() {
    // SQLite cannot alter a column's type: the table is created so.
    let edit = |s: String| s.replace("\"colour\" TEXT", "\"colour\" VARCHAR(7)");
    let alter = "ALTER TABLE tags ALTER COLUMN colour TYPE varchar(7);";
    drift_case("type", edit, "", alter, "type-differs", "tags.colour");
}

#[test]
fn drift_nullability_differs() {
    let edit = |s: String| s.replace("\"subtitle\" TEXT,", "\"subtitle\" TEXT NOT NULL,");
    let alter = "ALTER TABLE posts ALTER COLUMN subtitle SET NOT NULL;";
    drift_case(
        "null",
        edit,
        "",
        alter,
        "nullability-differs",
        "posts.subtitle",
    );
}

#[test]
fn drift_default_differs() {
    let edit = |s: String| s.replace("DEFAULT '#888888'", "DEFAULT 'red'");
    let alter = "ALTER TABLE tags ALTER COLUMN colour SET DEFAULT 'red';";
    drift_case("default", edit, "", alter, "default-differs", "tags.colour");
}

#[test]
fn drift_unique_differs() {
    let index = "CREATE UNIQUE INDEX users_display_name_key ON users (display_name);";
    drift_case(
        "unique",
        same,
        index,
        index,
        "unique-differs",
        "users.display_name",
    );
    let edit = |s: String| s.replace("\"email\" TEXT NOT NULL UNIQUE", "\"email\" TEXT NOT NULL");
    let drop = "ALTER TABLE users DROP CONSTRAINT users_email_key;";
    drift_case(
        "not-unique",
        edit,
        "",
        drop,
        "unique-differs",
        "users.email",
    );
}

#[test]
fn drift_foreign_key_missing_in_database() {
    let edit = |s: String| {
        s.replace(
            ",\n  FOREIGN KEY (\"author_id\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL",
            "",
        )
    };
    let drop = "ALTER TABLE comments DROP CONSTRAINT comments_author_id_fkey;";
    drift_case(
        "fk-db",
        edit,
        "",
        drop,
        "fkey-missing-in-db",
        "comments.author_id",
    );
}

#[test]
fn drift_foreign_key_missing_in_models() {
    let edit = |s: String| {
        s.replace(
            "\"score\" INTEGER NOT NULL DEFAULT 0,",
            "\"score\" INTEGER NOT NULL DEFAULT 0 REFERENCES \"users\" (\"id\"),",
        )
    };
    let add = "ALTER TABLE comments ADD FOREIGN KEY (score) REFERENCES users (id);";
    drift_case(
        "fk-models",
        edit,
        "",
        add,
        "fkey-missing-in-models",
        "comments.score",
    );
}

#[test]
fn drift_foreign_key_differs_in_action() {
    let edit = |s: String| {
        s.replace(
            "REFERENCES \"users\" (\"id\") ON DELETE SET NULL",
            "REFERENCES \"users\" (\"id\") ON DELETE CASCADE",
        )
    };
    let alter = "ALTER TABLE comments DROP CONSTRAINT comments_author_id_fkey;
                 ALTER TABLE comments ADD FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE;";
    drift_case(
        "fk-action",
        edit,
        "",
        alter,
        "fkey-differs",
        "comments.author_id",
    );
}

#[test]
fn drift_foreign_key_differs_in_target() {
    let edit = |s: String| {
        s.replace(
            "REFERENCES \"users\" (\"id\") ON DELETE SET NULL",
            "REFERENCES \"posts\" (\"id\") ON DELETE SET NULL",
        )
    };
    let alter = "ALTER TABLE comments DROP CONSTRAINT comments_author_id_fkey;
                 ALTER TABLE comments ADD FOREIGN KEY (author_id) REFERENCES posts (id) ON DELETE SET NULL;";
    drift_case(
        "fk-target",
        edit,
        "",
        alter,
        "fkey-differs",
        "comments.author_id",
    );
}

/// Runs a command that must fail with exit status 1 and one line on stderr.
fn fails_with_1(args: &[&str]) -> String {
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

#[test]
fn a_wrong_url_is_one_line_and_exit_1() {
    let bin = blog();
    let bin = bin.to_str().unwrap();
    let e = fails_with_1(&["db", "diff", bin, "--url", "mysql://root@localhost/app"]);
    assert!(e.contains("use sqlite://PATH or postgres://"), "{e}");
    let e = fails_with_1(&["db", "diff", bin, "--url", "sqlite:///nonexistent/blog.db"]);
    assert!(e.contains("cannot open SQLite database"), "{e}");
    let e = fails_with_1(&[
        "db",
        "diff",
        bin,
        "--url",
        "postgres://u:secret@127.0.0.1:1/app",
    ]);
    assert!(
        e.contains("cannot connect to `postgres://u:***@127.0.0.1:1/app`"),
        "{e}"
    );
    assert!(!e.contains("secret"), "{e}");
    let e = fails_with_1(&["db", "diff", "/nonexistent/app", "--url", "sqlite://x.db"]);
    assert!(e.contains("/nonexistent/app"), "{e}");
}

#[test]
fn an_unknown_postgres_database_is_one_line_and_exit_1() {
    let Some(cluster) = pg::cluster() else {
        return;
    };
    let bin = blog();
    let url = cluster.url("no_such_database");
    let e = fails_with_1(&["db", "diff", bin.to_str().unwrap(), "--url", &url]);
    assert!(e.contains("no_such_database"), "{e}");
}

/// Rows that break NOT NULL, UNIQUE, a foreign key and a CHECK, each after
/// a row that is fine.
const GOOD: &str = "INSERT INTO users (email, display_name) VALUES ('a@example.com', 'Ann')";
const BAD: [(&str, &str); 4] = [
    (
        "not null",
        "INSERT INTO users (email) VALUES ('b@example.com')",
    ),
    (
        "unique",
        "INSERT INTO users (email, display_name) VALUES ('a@example.com', 'Bob')",
    ),
    (
        "foreign key",
        "INSERT INTO posts (title, slug, content, author_id) VALUES ('A title', 'a-title', repeat('x', 100), 999)",
    ),
    (
        "check",
        "INSERT INTO users (email, display_name) VALUES ('c@example.com', 'C')",
    ),
];

#[test]
fn sqlite_refuses_rows_that_break_a_declared_constraint() {
    let url = sqlite_db(&blog(), "refuses", |s| s, "");
    let db = rusqlite::Connection::open(url.trim_start_matches("sqlite://")).unwrap();
    db.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    db.execute_batch(GOOD).unwrap();
    let sqlite_repeat =
        |sql: &str| sql.replace("repeat('x', 100)", &format!("'{}'", "x".repeat(100)));
    for (what, sql) in BAD {
        assert!(
            db.execute_batch(&sqlite_repeat(sql)).is_err(),
            "SQLite took a row breaking {what}"
        );
    }
    let fine = "INSERT INTO posts (title, slug, content, author_id) VALUES ('A title', 'a-title', repeat('x', 100), 1)";
    db.execute_batch(&sqlite_repeat(fine)).expect("a good post");
}

#[test]
fn postgres_refuses_rows_that_break_a_declared_constraint() {
    let Some((_c, url)) = pg_db(&blog(), "refuses", "") else {
        return;
    };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(GOOD).unwrap();
    for (what, sql) in BAD {
        assert!(
            client.batch_execute(sql).is_err(),
            "PostgreSQL took a row breaking {what}"
        );
    }
    let fine = "INSERT INTO posts (title, slug, content, author_id) VALUES ('A title', 'a-title', repeat('x', 100), 1)";
    client.batch_execute(fine).expect("a good post");
}

#[test]
fn sql_is_the_same_every_run_and_refuses_json() {
    assert_eq!(ddl(&blog(), "postgres"), ddl(&blog(), "postgres"));
    let out = conduit(&[
        "introspect",
        blog().to_str().unwrap(),
        "sql",
        "--dialect",
        "sqlite",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = conduit(&[
        "introspect",
        blog().to_str().unwrap(),
        "sql",
        "--dialect",
        "mysql",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
