//! The comparison: what the registry expects against what the database has,
//! in django-extensions' `sqldiff` categories. Pure: two models in, a sorted
//! list of differences out.

use super::model::{DbColumn, DbSchema, DbTable};
use serde_json::json;

/// A kind of difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    TableMissingInDatabase,
    TableMissingInModels,
    ColumnMissingInDatabase,
    ColumnMissingInModels,
    TypeDiffers,
    NullabilityDiffers,
    DefaultDiffers,
    UniqueDiffers,
    ForeignKeyMissingInDatabase,
    ForeignKeyMissingInModels,
    ForeignKeyDiffers,
}

impl Kind {
    /// The name in `--format json` (sqldiff's spelling, with `column`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TableMissingInDatabase => "table-missing-in-db",
            Kind::TableMissingInModels => "table-missing-in-models",
            Kind::ColumnMissingInDatabase => "column-missing-in-db",
            Kind::ColumnMissingInModels => "column-missing-in-models",
            Kind::TypeDiffers => "type-differs",
            Kind::NullabilityDiffers => "nullability-differs",
            Kind::DefaultDiffers => "default-differs",
            Kind::UniqueDiffers => "unique-differs",
            Kind::ForeignKeyMissingInDatabase => "fkey-missing-in-db",
            Kind::ForeignKeyMissingInModels => "fkey-missing-in-models",
            Kind::ForeignKeyDiffers => "fkey-differs",
        }
    }

    /// The words in the text output.
    fn words(self) -> &'static str {
        match self {
            Kind::TableMissingInDatabase => "table missing in database",
            Kind::TableMissingInModels => "table missing in models",
            Kind::ColumnMissingInDatabase => "column missing in database",
            Kind::ColumnMissingInModels => "column missing in models",
            Kind::TypeDiffers => "type differs",
            Kind::NullabilityDiffers => "nullability differs",
            Kind::DefaultDiffers => "default differs",
            Kind::UniqueDiffers => "unique differs",
            Kind::ForeignKeyMissingInDatabase => "foreign key missing in database",
            Kind::ForeignKeyMissingInModels => "foreign key missing in models",
            Kind::ForeignKeyDiffers => "foreign key differs",
        }
    }
}

/// One difference: where, and what each side says.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Drift {
    pub table: String,
    pub column: Option<String>,
    pub kind: Kind,
    /// What the registry says (`None`: nothing).
    pub models: Option<String>,
    /// What the database says.
    pub database: Option<String>,
}

impl Drift {
    /// One line: `posts.title: type differs (models text, database varchar)`.
    pub fn line(&self) -> String {
        let place = match &self.column {
            Some(c) => format!("{}.{c}", self.table),
            None => self.table.clone(),
        };
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
        match (&self.models, &self.database) {
            (None, None) => format!("{place}: {}", self.kind.words()),
            _ => format!(
                "{place}: {} (models {}, database {})",
                self.kind.words(),
                show(&self.models),
                show(&self.database)
            ),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        json!({
            "kind": self.kind.as_str(),
            "table": self.table,
            "column": self.column,
            "models": self.models,
            "database": self.database,
        })
    }
}

fn drift(table: &str, column: Option<&str>, kind: Kind) -> Drift {
    Drift {
        table: table.to_owned(),
        column: column.map(str::to_owned),
        kind,
        models: None,
        database: None,
    }
}

fn with(mut d: Drift, models: Option<String>, database: Option<String>) -> Drift {
    d.models = models;
    d.database = database;
    d
}

fn columns(name: &str, want: &DbColumn, have: &DbColumn, out: &mut Vec<Drift>) {
    let at = |kind| drift(name, Some(&want.name), kind);
    if want.sql_type != have.sql_type {
        let d = at(Kind::TypeDiffers);
        out.push(with(
            d,
            Some(want.sql_type.clone()),
            Some(have.sql_type.clone()),
        ));
    }
    let null = |n: bool| Some(if n { "NULL" } else { "NOT NULL" }.to_owned());
    if want.nullable != have.nullable {
        let d = at(Kind::NullabilityDiffers);
        out.push(with(d, null(want.nullable), null(have.nullable)));
    }
    if want.default != have.default {
        let d = at(Kind::DefaultDiffers);
        out.push(with(d, want.default.clone(), have.default.clone()));
    }
    let unique = |u: bool| Some(if u { "UNIQUE" } else { "not unique" }.to_owned());
    if want.unique != have.unique {
        let d = at(Kind::UniqueDiffers);
        out.push(with(d, unique(want.unique), unique(have.unique)));
    }
}

fn table(name: &str, want: &DbTable, have: &DbTable, out: &mut Vec<Drift>) {
    for w in &want.columns {
        match have.column(&w.name) {
            Some(h) => columns(name, w, h, out),
            None => {
                let d = drift(name, Some(&w.name), Kind::ColumnMissingInDatabase);
                out.push(with(d, Some(w.sql_type.clone()), None));
            }
        }
    }
    for h in have
        .columns
        .iter()
        .filter(|h| want.column(&h.name).is_none())
    {
        let d = drift(name, Some(&h.name), Kind::ColumnMissingInModels);
        out.push(with(d, None, Some(h.sql_type.clone())));
    }
    let show = |f: &super::model::DbForeignKey| {
        format!(
            "{}.{} on delete {} on update {}",
            f.target_table, f.target_column, f.on_delete, f.on_update
        )
    };
    for (column, w) in &want.foreign_keys {
        // A missing column is reported once, as a column.
        if have.column(column).is_none() {
            continue;
        }
        match have.foreign_keys.get(column) {
            Some(h) if h == w => {}
            Some(h) => {
                let d = drift(name, Some(column), Kind::ForeignKeyDiffers);
                out.push(with(d, Some(show(w)), Some(show(h))));
            }
            None => {
                let d = drift(name, Some(column), Kind::ForeignKeyMissingInDatabase);
                out.push(with(d, Some(show(w)), None));
            }
        }
    }
    for (column, h) in &have.foreign_keys {
        if !want.foreign_keys.contains_key(column) && want.column(column).is_some() {
            let d = drift(name, Some(column), Kind::ForeignKeyMissingInModels);
            out.push(with(d, None, Some(show(h))));
        }
    }
}

/// Every difference between what the registry expects and what the
/// database has, sorted by table, column and kind.
pub fn diff(expected: &DbSchema, live: &DbSchema) -> Vec<Drift> {
    let mut out = Vec::new();
    for (name, want) in &expected.tables {
        match live.tables.get(name) {
            Some(have) => table(name, want, have, &mut out),
            None => out.push(drift(name, None, Kind::TableMissingInDatabase)),
        }
    }
    for name in live.tables.keys() {
        if !expected.tables.contains_key(name) {
            out.push(drift(name, None, Kind::TableMissingInModels));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::model::DbForeignKey;

    fn column(name: &str, ty: &str) -> DbColumn {
        DbColumn {
            name: name.into(),
            sql_type: ty.into(),
            ..DbColumn::default()
        }
    }

    fn schema(tables: &[(&str, DbTable)]) -> DbSchema {
        DbSchema {
            tables: tables
                .iter()
                .map(|(n, t)| ((*n).to_owned(), t.clone()))
                .collect(),
        }
    }

    fn posts() -> DbTable {
        let mut t = DbTable {
            columns: vec![column("id", "bigint"), column("author_id", "bigint")],
            ..DbTable::default()
        };
        t.foreign_keys.insert(
            "author_id".into(),
            DbForeignKey {
                target_table: "users".into(),
                target_column: "id".into(),
                on_delete: "restrict".into(),
                on_update: "no_action".into(),
            },
        );
        t
    }

    fn kinds(d: &[Drift]) -> Vec<Kind> {
        d.iter().map(|d| d.kind).collect()
    }

    #[test]
    fn equal_schemas_do_not_drift() {
        let s = schema(&[("posts", posts())]);
        assert!(diff(&s, &s).is_empty());
    }

    #[test]
    fn a_missing_table_is_one_difference_per_side() {
        let want = schema(&[("posts", posts()), ("tags", DbTable::default())]);
        let have = schema(&[("posts", posts()), ("legacy", DbTable::default())]);
        let d = diff(&want, &have);
        assert_eq!(
            kinds(&d),
            [Kind::TableMissingInModels, Kind::TableMissingInDatabase]
        );
        assert_eq!(d[1].line(), "tags: table missing in database");
    }

    #[test]
    fn each_column_property_is_its_own_difference() {
        let mut have = posts();
        let id = have.column_mut("id").unwrap();
        id.sql_type = "integer".into();
        id.nullable = true;
        id.default = Some("0".into());
        id.unique = true;
        have.columns.push(column("extra", "text"));
        let d = diff(&schema(&[("posts", posts())]), &schema(&[("posts", have)]));
        assert_eq!(
            kinds(&d),
            [
                Kind::ColumnMissingInModels,
                Kind::TypeDiffers,
                Kind::NullabilityDiffers,
                Kind::DefaultDiffers,
                Kind::UniqueDiffers
            ]
        );
        assert_eq!(
            d[1].line(),
            "posts.id: type differs (models bigint, database integer)"
        );
    }

    #[test]
    fn foreign_keys_differ_in_target_or_action() {
        let mut have = posts();
        have.foreign_keys.get_mut("author_id").unwrap().on_delete = "cascade".into();
        let d = diff(&schema(&[("posts", posts())]), &schema(&[("posts", have)]));
        assert_eq!(kinds(&d), [Kind::ForeignKeyDiffers]);
        assert_eq!(
            d[0].line(),
            "posts.author_id: foreign key differs (models users.id on delete restrict on update no_action, database users.id on delete cascade on update no_action)"
        );
        let mut bare = posts();
        bare.foreign_keys.clear();
        let d = diff(
            &schema(&[("posts", posts())]),
            &schema(&[("posts", bare.clone())]),
        );
        assert_eq!(kinds(&d), [Kind::ForeignKeyMissingInDatabase]);
        let d = diff(&schema(&[("posts", bare)]), &schema(&[("posts", posts())]));
        assert_eq!(kinds(&d), [Kind::ForeignKeyMissingInModels]);
    }

    #[test]
    fn a_missing_column_hides_its_foreign_key() {
        let mut have = posts();
        have.columns.retain(|c| c.name != "author_id");
        have.foreign_keys.clear();
        let d = diff(&schema(&[("posts", posts())]), &schema(&[("posts", have)]));
        assert_eq!(kinds(&d), [Kind::ColumnMissingInDatabase]);
    }
}
