//! `conduit introspect … sql` and `conduit db diff` against real databases:
//! SQLite (bundled) always, PostgreSQL through a throwaway cluster
//! (`db/pg.rs`; skipped with a reason where it is not installed, a failure
//! under `CONDUIT_CI=1`). The drift categories are in `db_drift.rs`.
//!
//! The examples are built into the same nested target folder as `cli.rs`
//! (`CARGO_TARGET_TMPDIR/cli-blog`), with the same options: whichever test
//! file runs first builds them, the others find them built.
#![cfg(feature = "db")]

#[path = "db/common.rs"]
mod common;
#[path = "common/examples.rs"]
#[allow(dead_code)] // each test file uses its own part
mod examples;
#[path = "db/pg.rs"]
mod pg;

use common::*;
use serde_json::Value;

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
        ("date", _) => "date",
        ("json", _) => "jsonb",
        (t, _) if t.starts_with("array<") => "jsonb",
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
