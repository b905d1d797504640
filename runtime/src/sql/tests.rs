//! Unit tests of the DDL: the testkit sample, and hand-made schemas with
//! cycles, odd names and declarations SQL cannot express.

use super::{DefaultValue, Dialect, Schema};
use crate::tests::{encode, sample};
use crate::{ReferentialAction, Registry};
use conduit_format::RelationKind;
use conduit_format::schema::{self as s, Field, Relationship, Resource, Validation};

fn field(name: &str, ty: &str, rust_type: &str) -> Field {
    Field {
        name: name.into(),
        ty: ty.into(),
        rust_type: rust_type.into(),
        flags: conduit_format::schema::FieldFlags {
            nullable: rust_type.starts_with("Option<"),
            ..Default::default()
        },
        ..Field::default()
    }
}

fn key(name: &str) -> Field {
    Field {
        flags: conduit_format::schema::FieldFlags {
            primary: true,
            auto: true,
            ..Default::default()
        },
        ..field(name, "int", "i64")
    }
}

fn resource(name: &str, table: &str, fields: Vec<Field>) -> Resource {
    Resource {
        name: name.into(),
        table: table.into(),
        path: format!("/{table}"),
        fields,
        ..Resource::default()
    }
}

fn belongs_to(target: &str, column: &str, on_delete: Option<ReferentialAction>) -> Relationship {
    Relationship {
        name: column.trim_end_matches("_id").into(),
        kind: RelationKind::BelongsTo,
        target: target.into(),
        foreign_key: Some(column.into()),
        through: None,
        on_delete,
        on_update: None,
        location: s::Location::default(),
    }
}

/// Both dialects' schemas of `resources` (sorted by name here).
fn plan(mut resources: Vec<Resource>) -> (Schema, Schema) {
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    let blob = encode(&s::Schema {
        version: "1".into(),
        resources,
        ..s::Schema::default()
    });
    let registry = Registry::from_bytes(&blob).expect("loads");
    (
        registry.sql_schema(Dialect::Sqlite),
        registry.sql_schema(Dialect::Postgres),
    )
}

#[test]
fn the_sample_gives_the_same_text_every_time() {
    for d in Dialect::ALL {
        assert_eq!(sample().to_sql(*d), sample().to_sql(*d));
        assert_eq!(sample().to_sql(*d), sample().sql_schema(*d).to_sql());
    }
}

#[test]
fn a_missing_foreign_key_column_is_a_note_not_a_constraint() {
    let schema = sample().sql_schema(Dialect::Postgres);
    assert!(schema.table("posts").unwrap().foreign_keys.is_empty());
    assert!(
        schema
            .notes
            .iter()
            .any(|n| n == "Post.author: table `posts` has no column `author_id`; no foreign key")
    );
    assert!(
        sample()
            .to_sql(Dialect::Postgres)
            .starts_with("-- note: Post.author: ")
    );
}

#[test]
fn tables_follow_the_tables_they_reference() {
    let (lite, pg) = plan(vec![
        Resource {
            relationships: vec![belongs_to("B", "b_id", None)],
            ..resource("A", "a", vec![key("id"), field("b_id", "int", "i64")])
        },
        resource("B", "b", vec![key("id")]),
    ]);
    for schema in [lite, pg] {
        let order: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(order, ["b", "a"]);
    }
}

#[test]
fn a_cycle_gets_its_forward_key_by_alter_table_in_postgres_only() {
    let (lite, pg) = plan(vec![
        Resource {
            relationships: vec![belongs_to("B", "b_id", None)],
            ..resource(
                "A",
                "a",
                vec![key("id"), field("b_id", "int", "Option<i64>")],
            )
        },
        Resource {
            relationships: vec![belongs_to("A", "a_id", Some(ReferentialAction::Cascade))],
            ..resource("B", "b", vec![key("id"), field("a_id", "int", "i64")])
        },
    ]);
    let ddl = pg.to_sql();
    assert!(ddl.contains(
        "ALTER TABLE \"b\" ADD CONSTRAINT \"b_a_id_fkey\" FOREIGN KEY (\"a_id\") REFERENCES \"a\" (\"id\") ON DELETE CASCADE;"
    ), "{ddl}");
    assert!(ddl.find("CREATE TABLE \"b\"") < ddl.find("CREATE TABLE \"a\""));
    let lite_ddl = lite.to_sql();
    assert!(!lite_ddl.contains("ALTER TABLE"), "{lite_ddl}");
    assert!(
        lite_ddl.contains("FOREIGN KEY (\"a_id\") REFERENCES \"a\" (\"id\") ON DELETE CASCADE")
    );
}

#[test]
fn a_self_reference_stays_in_its_table() {
    let (_, pg) = plan(vec![Resource {
        relationships: vec![belongs_to(
            "Node",
            "parent_id",
            Some(ReferentialAction::SetNull),
        )],
        ..resource(
            "Node",
            "nodes",
            vec![key("id"), field("parent_id", "int", "Option<i64>")],
        )
    }]);
    let t = pg.table("nodes").unwrap();
    assert!(!t.foreign_key("parent_id").unwrap().deferred);
    assert!(pg.notes.is_empty(), "{:?}", pg.notes);
}

#[test]
fn identifiers_are_quoted_and_escaped() {
    let (lite, pg) = plan(vec![resource(
        "Odd",
        "odd \"table\"",
        vec![key("id"), field("select", "string", "String")],
    )]);
    for ddl in [lite.to_sql(), pg.to_sql()] {
        assert!(
            ddl.contains("CREATE TABLE \"odd \"\"table\"\"\" ("),
            "{ddl}"
        );
        assert!(ddl.contains("\"select\" "), "{ddl}");
    }
}

#[test]
fn names_no_database_takes_are_skipped_with_a_note() {
    let long = "x".repeat(64);
    let (lite, pg) = plan(vec![
        resource("Empty", "", vec![key("id")]),
        resource(
            "Nul",
            "nul",
            vec![key("id"), field("a\0b", "string", "String")],
        ),
        resource("Long", &long, vec![key("id")]),
        resource("Bare", "bare", vec![]),
    ]);
    assert!(pg.table("").is_none() && lite.table("").is_none());
    assert_eq!(pg.table("nul").unwrap().columns.len(), 1);
    assert!(pg.table(&long).is_none());
    assert!(lite.table(&long).is_some(), "SQLite has no length limit");
    assert!(pg.table("bare").is_none(), "a table needs a column");
    assert_eq!(pg.notes.len(), 4, "{:?}", pg.notes);
    assert!(!pg.to_sql().contains('\0'));
}

#[test]
fn numeric_bounds_become_checks_and_strings_check_their_length() {
    let rule = |field: &str, kind: &str, value: &str| Validation {
        field: field.into(),
        kind: kind.into(),
        value: Some(value.into()),
        ..Validation::default()
    };
    let (lite, pg) = plan(vec![Resource {
        validations: vec![
            rule("age", "min", "0"),
            rule("age", "max", "150"),
            rule("ratio", "max", "0.5"),
            rule("name", "min", "2"),
            rule("name", "max", "many"),
            rule("born", "min", "1900"),
        ],
        ..resource(
            "P",
            "p",
            vec![
                key("id"),
                field("age", "int", "i32"),
                field("ratio", "float", "f64"),
                field("name", "string", "String"),
                field("born", "date", "NaiveDate"),
            ],
        )
    }]);
    let ddl = pg.to_sql();
    assert!(
        ddl.contains("CONSTRAINT \"p_age_check\" CHECK (\"age\" >= 0 AND \"age\" <= 150)"),
        "{ddl}"
    );
    assert!(
        ddl.contains("CONSTRAINT \"p_ratio_check\" CHECK (\"ratio\" <= 0.5)"),
        "{ddl}"
    );
    assert!(
        ddl.contains("CONSTRAINT \"p_name_check\" CHECK (length(\"name\") >= 2)"),
        "{ddl}"
    );
    assert_eq!(pg.notes.len(), 2, "{:?}", pg.notes);
    assert_eq!(lite.table("p").unwrap().checks.len(), 3);
}

#[test]
fn defaults_that_do_not_fit_are_dropped_with_a_note() {
    let with_default = |name: &str, ty: &str, rust: &str, default: &str| Field {
        default_value: Some(default.into()),
        ..field(name, ty, rust)
    };
    let (lite, pg) = plan(vec![resource(
        "D",
        "d",
        vec![
            key("id"),
            with_default("n", "int", "i32", "\"seven\""),
            with_default("s", "string", "String", "\"it's\""),
            with_default("b", "bool", "bool", "true"),
            with_default("u", "uuid", "Uuid", "\"nope\""),
        ],
    )]);
    let t = pg.table("d").unwrap();
    assert_eq!(t.column("n").unwrap().default, None);
    assert_eq!(t.column("u").unwrap().default, None);
    assert_eq!(
        t.column("s").unwrap().default,
        Some(DefaultValue::Text("it's".into()))
    );
    assert!(
        pg.to_sql()
            .contains("\"s\" text NOT NULL DEFAULT E'it\\'s',")
    );
    assert!(
        lite.to_sql()
            .contains("\"s\" TEXT NOT NULL DEFAULT 'it''s',")
    );
    assert!(lite.to_sql().contains("\"b\" INTEGER NOT NULL DEFAULT 1,"));
    assert_eq!(pg.notes.len(), 2, "{:?}", pg.notes);
}

#[test]
fn foreign_keys_need_a_target_key_of_the_same_type() {
    let (_, pg) = plan(vec![
        Resource {
            relationships: vec![
                belongs_to("B", "b_id", None),
                belongs_to("Ghost", "g_id", None),
                belongs_to("C", "c_id", None),
            ],
            ..resource(
                "A",
                "a",
                vec![
                    key("id"),
                    field("b_id", "uuid", "Uuid"),
                    field("g_id", "int", "i64"),
                    field("c_id", "int", "i32"),
                ],
            )
        },
        resource("B", "b", vec![key("id")]),
        resource("C", "c", vec![key("id")]),
    ]);
    let a = pg.table("a").unwrap();
    assert!(a.foreign_key("b_id").is_none());
    assert!(a.foreign_key("g_id").is_none());
    assert!(
        a.foreign_key("c_id").is_some(),
        "integer and bigint are compatible"
    );
    assert_eq!(pg.notes.len(), 2, "{:?}", pg.notes);
}

#[test]
fn a_join_table_declared_from_both_sides_is_created_once() {
    let through = |target: &str| Relationship {
        name: "links".into(),
        kind: RelationKind::HasManyThrough,
        target: target.into(),
        foreign_key: None,
        through: Some("a_b".into()),
        on_delete: None,
        on_update: None,
        location: s::Location::default(),
    };
    let (_, pg) = plan(vec![
        Resource {
            relationships: vec![through("B")],
            ..resource("A", "a", vec![key("id")])
        },
        Resource {
            relationships: vec![through("A")],
            ..resource(
                "B",
                "b",
                vec![Field {
                    rust_type: "i32".into(),
                    ..key("id")
                }],
            )
        },
    ]);
    let join: Vec<_> = pg.tables.iter().filter(|t| t.name == "a_b").collect();
    assert_eq!(join.len(), 1);
    assert_eq!(join[0].primary_key, ["a_id", "b_id"]);
    assert_eq!(join[0].column("b_id").unwrap().sql_type, "integer");
    assert!(pg.notes.is_empty(), "{:?}", pg.notes);
    assert_eq!(pg.tables.last().unwrap().name, "a_b");
}

#[test]
fn integer_keys_are_generated_by_each_database() {
    let (lite, pg) = plan(vec![resource("K", "k", vec![key("id")])]);
    assert!(
        lite.to_sql()
            .contains("\"id\" INTEGER NOT NULL PRIMARY KEY\n")
    );
    assert!(
        pg.to_sql()
            .contains("\"id\" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY\n")
    );
    assert!(lite.table("k").unwrap().columns[0].identity);
}

#[test]
fn composite_keys_are_table_constraints() {
    let (_, pg) = plan(vec![resource(
        "M",
        "m",
        vec![
            Field {
                flags: conduit_format::schema::FieldFlags {
                    primary: true,
                    ..Default::default()
                },
                ..field("a", "int", "i64")
            },
            Field {
                flags: conduit_format::schema::FieldFlags {
                    primary: true,
                    ..Default::default()
                },
                ..field("b", "string", "String")
            },
        ],
    )]);
    assert!(pg.to_sql().contains("PRIMARY KEY (\"a\", \"b\")"));
}
