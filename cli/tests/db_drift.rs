//! `conduit db diff` finds each drift category on real databases: every
//! test alters a freshly applied SQLite and PostgreSQL database in one way
//! and expects exactly that difference, with exit status 2.
#![cfg(feature = "db")]

#[path = "db/common.rs"]
mod common;
#[path = "common/examples.rs"]
#[allow(dead_code)] // each test file uses its own part
mod examples;
#[path = "db/pg.rs"]
mod pg;

use common::*;

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
