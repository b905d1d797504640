//! Reading a live database's schema from its catalog: SQLite's `PRAGMA`
//! table functions, PostgreSQL's `pg_catalog` (the current schema only).
//! Nothing is written; identifiers travel as bound parameters.

use super::model::{self, DbColumn, DbForeignKey, DbSchema, DbTable};
use crate::Failure;
use std::collections::BTreeMap;
use std::time::Duration;

/// A database the URL names.
pub enum Url<'a> {
    /// `sqlite://PATH` (`sqlite:///abs/path` for an absolute one).
    Sqlite(&'a str),
    /// `postgres://…` or `postgresql://…`, as libpq takes it.
    Postgres(&'a str),
}

impl<'a> Url<'a> {
    pub fn parse(url: &'a str) -> Result<Self, Failure> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(Failure::new("`sqlite://` needs a path: sqlite://PATH"));
            }
            return Ok(Url::Sqlite(path));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Url::Postgres(url));
        }
        Err(Failure::new(format!(
            "unsupported database URL `{}`: use sqlite://PATH or postgres://USER@HOST/DB",
            redact(url)
        )))
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{name}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// The error and its causes, on one line.
fn one_line(e: impl std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = c.source();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The schema of the SQLite database at `path` (which must exist).
pub fn sqlite(path: &str) -> Result<DbSchema, Failure> {
    use rusqlite::{Connection, OpenFlags};
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = Connection::open_with_flags(path, flags).map_err(|e| {
        Failure::new(format!(
            "cannot open SQLite database `{path}`: {}",
            one_line(e)
        ))
    })?;
    read_sqlite(&db).map_err(|e| Failure::new(format!("cannot read `{path}`: {}", one_line(e))))
}

/// The schema of an open SQLite connection.
pub fn read_sqlite(db: &rusqlite::Connection) -> rusqlite::Result<DbSchema> {
    let mut out = DbSchema::default();
    let names: Vec<String> = db
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for name in names {
        let mut table = DbTable::default();
        let mut info = db.prepare(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
        )?;
        let rows = info.query_map([&name], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
        let keys = rows.iter().filter(|r| r.4 > 0).count();
        for (column, ty, notnull, default, pk) in rows {
            // The rowid alias is never NULL, declared so or not.
            let rowid = pk > 0 && keys == 1 && ty.eq_ignore_ascii_case("INTEGER");
            table.columns.push(DbColumn {
                name: column,
                sql_type: model::sql_type(&ty),
                nullable: !notnull && !rowid,
                default: default.as_deref().map(model::default),
                unique: false,
            });
        }
        let indexes: Vec<(String, bool, String)> = db
            .prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1)")?
            .query_map([&name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (index, unique, origin) in indexes {
            if !unique || origin == "pk" {
                continue;
            }
            let cols: Vec<String> = db
                .prepare("SELECT name FROM pragma_index_info(?1)")?
                .query_map([&index], |r| r.get::<_, Option<String>>(0))?
                .filter_map(|c| c.transpose())
                .collect::<Result<_, _>>()?;
            if let [only] = cols.as_slice()
                && let Some(c) = table.column_mut(only)
            {
                c.unique = true;
            }
        }
        type FkRow = (i64, String, String, Option<String>, String, String);
        let fks: Vec<FkRow> = db
            .prepare(
                "SELECT id, \"table\", \"from\", \"to\", on_delete, on_update FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
            )?
            .query_map([&name], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut width: BTreeMap<i64, usize> = BTreeMap::new();
        fks.iter().for_each(|f| *width.entry(f.0).or_default() += 1);
        for (id, target, from, to, on_delete, on_update) in fks {
            if width.get(&id) != Some(&1) {
                continue; // composite keys are not the registry's
            }
            // `REFERENCES t` without a column means t's primary key.
            let to = match to {
                Some(to) => to,
                None => db
                    .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk = 1")?
                    .query_row([&target], |r| r.get(0))
                    .unwrap_or_default(),
            };
            let fk = DbForeignKey {
                target_table: target,
                target_column: to,
                on_delete: model::action(&on_delete),
                on_update: model::action(&on_update),
            };
            table.foreign_keys.insert(from, fk);
        }
        out.tables.insert(name, table);
    }
    Ok(out)
}

/// Connects to PostgreSQL (5 s timeout unless the URL sets one).
pub fn postgres_client(url: &str) -> Result<postgres::Client, Failure> {
    let mut config: postgres::Config = url.parse().map_err(|e| {
        Failure::new(format!(
            "bad PostgreSQL URL `{}`: {}",
            redact(url),
            one_line(e)
        ))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(5));
    }
    config.connect(postgres::NoTls).map_err(|e| {
        Failure::new(format!(
            "cannot connect to `{}`: {}",
            redact(url),
            one_line(e)
        ))
    })
}

/// The schema of the PostgreSQL database at `url`.
pub fn postgres(url: &str) -> Result<DbSchema, Failure> {
    let mut client = postgres_client(url)?;
    read_postgres(&mut client)
        .map_err(|e| Failure::new(format!("cannot read `{}`: {}", redact(url), one_line(e))))
}

const PG_TABLES: &str = "
SELECT c.relname::text FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')";

const PG_COLUMNS: &str = "
SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
       a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum";

const PG_UNIQUE: &str = "
SELECT t.relname::text, a.attname::text
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
WHERE n.nspname = current_schema() AND i.indisunique AND NOT i.indisprimary
  AND i.indnatts = 1 AND i.indpred IS NULL AND i.indexprs IS NULL";

const PG_FOREIGN_KEYS: &str = "
SELECT t.relname::text, a.attname::text, ft.relname::text, fa.attname::text,
       con.confdeltype::text, con.confupdtype::text
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class ft ON ft.oid = con.confrelid
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[1]
WHERE n.nspname = current_schema() AND con.contype = 'f'
  AND array_length(con.conkey, 1) = 1
ORDER BY t.relname, con.conname";

/// The schema of an open PostgreSQL connection (its current schema).
pub fn read_postgres(client: &mut postgres::Client) -> Result<DbSchema, postgres::Error> {
    let mut out = DbSchema::default();
    for row in client.query(PG_TABLES, &[])? {
        out.tables.insert(row.try_get(0)?, DbTable::default());
    }
    for row in client.query(PG_COLUMNS, &[])? {
        let table: String = row.try_get(0)?;
        let identity: String = row.try_get(5)?;
        let default = match identity.as_str() {
            "d" => Some(model::IDENTITY.to_owned()),
            "a" => Some("generated always as identity".to_owned()),
            _ => row
                .try_get::<_, Option<String>>(4)?
                .as_deref()
                .map(model::default),
        };
        let column = DbColumn {
            name: row.try_get(1)?,
            sql_type: model::sql_type(&row.try_get::<_, String>(2)?),
            nullable: !row.try_get::<_, bool>(3)?,
            default,
            unique: false,
        };
        out.tables.entry(table).or_default().columns.push(column);
    }
    for row in client.query(PG_UNIQUE, &[])? {
        let (table, column): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        if let Some(c) = out
            .tables
            .get_mut(&table)
            .and_then(|t| t.column_mut(&column))
        {
            c.unique = true;
        }
    }
    for row in client.query(PG_FOREIGN_KEYS, &[])? {
        let (table, column): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        let fk = DbForeignKey {
            target_table: row.try_get(2)?,
            target_column: row.try_get(3)?,
            on_delete: model::action(&row.try_get::<_, String>(4)?),
            on_update: model::action(&row.try_get::<_, String>(5)?),
        };
        if let Some(t) = out.tables.get_mut(&table) {
            t.foreign_keys.entry(column).or_insert(fk);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_database_kind() {
        assert!(matches!(
            Url::parse("sqlite:///tmp/a.db"),
            Ok(Url::Sqlite("/tmp/a.db"))
        ));
        assert!(matches!(
            Url::parse("sqlite://a.db"),
            Ok(Url::Sqlite("a.db"))
        ));
        assert!(matches!(
            Url::parse("postgresql://h/db"),
            Ok(Url::Postgres(_))
        ));
        assert!(Url::parse("sqlite://").is_err());
        let Err(e) = Url::parse("mysql://root:pw@h/db") else {
            panic!("mysql accepted");
        };
        assert!(e.0.contains("mysql://root:***@h/db"), "{}", e.0);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:s3cret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("not a url"), "not a url");
    }
}
