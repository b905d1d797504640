//! The relational schema a registry describes, for one dialect: the model
//! that [`Schema::to_sql`] renders and that schema-drift tools compare with
//! a live database.

use super::Dialect;
use crate::ReferentialAction;

/// The tables a registry describes, for one [`Dialect`], in the order they
/// are created.
///
/// Made by [`Registry::sql_schema`](crate::Registry::sql_schema); what the
/// registry says that SQL cannot express is listed in [`notes`](Self::notes)
/// (and, as comments, at the top of [`to_sql`](Self::to_sql)).
///
/// ```
/// use conduit::sql::Dialect;
/// # use conduit_testkit::REGISTRY;
/// let schema = REGISTRY.sql_schema(Dialect::Postgres);
/// let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
/// assert_eq!(names, ["posts", "comments", "users", "post_likes"]);
/// assert_eq!(schema.table("posts").unwrap().column("id").unwrap().sql_type, "uuid");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Schema {
    /// The dialect the types and defaults are spelled in.
    pub dialect: Dialect,
    /// The tables, in creation order (a table comes after the tables its
    /// foreign keys reference, except in cycles).
    pub tables: Vec<Table>,
    /// What could not be expressed, one sentence each (`Post.status: …`).
    pub notes: Vec<String>,
}

impl Schema {
    /// The table called `name`, if any.
    ///
    /// ```
    /// use conduit::sql::Dialect;
    /// # use conduit_testkit::REGISTRY;
    /// let schema = REGISTRY.sql_schema(Dialect::Sqlite);
    /// assert_eq!(schema.table("comments").unwrap().resource.as_deref(), Some("Comment"));
    /// assert!(schema.table("nope").is_none());
    /// ```
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The DDL: `CREATE TABLE` statements, then (PostgreSQL) the foreign
    /// keys of cycles, then `CREATE INDEX` statements, each ending in `;`.
    ///
    /// ```
    /// use conduit::sql::Dialect;
    /// # use conduit_testkit::REGISTRY;
    /// let ddl = REGISTRY.sql_schema(Dialect::Sqlite).to_sql();
    /// assert!(ddl.contains("CREATE TABLE \"users\" (\n"));
    /// ```
    pub fn to_sql(&self) -> String {
        super::render::schema(self)
    }
}

/// One table: a resource's, or the join table of a `has_many … through`.
///
/// ```
/// use conduit::sql::Dialect;
/// # use conduit_testkit::REGISTRY;
/// let schema = REGISTRY.sql_schema(Dialect::Postgres);
/// let likes = schema.table("post_likes").unwrap();
/// assert_eq!(likes.resource, None);
/// assert_eq!(likes.primary_key, ["post_id", "user_id"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Table {
    /// The table name.
    pub name: String,
    /// The resource whose table it is; `None` for a join table.
    pub resource: Option<String>,
    /// The columns, in field order.
    pub columns: Vec<Column>,
    /// The primary key's columns (empty if the resource declares none).
    pub primary_key: Vec<String>,
    /// The foreign keys, by column.
    pub foreign_keys: Vec<ForeignKey>,
    /// `CHECK` constraints from numeric and length `min` / `max`.
    pub checks: Vec<Check>,
    /// Indexes (`#[field(index)]`; in PostgreSQL also foreign-key columns).
    pub indexes: Vec<Index>,
}

impl Table {
    /// The column called `name`, if any.
    ///
    /// ```
    /// use conduit::sql::Dialect;
    /// # use conduit_testkit::REGISTRY;
    /// let posts = REGISTRY.sql_schema(Dialect::Sqlite);
    /// let title = posts.table("posts").unwrap().column("title").unwrap();
    /// assert_eq!(title.sql_type, "TEXT");
    /// assert!(!title.nullable);
    /// ```
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The foreign key on column `name`, if any.
    ///
    /// ```
    /// use conduit::{ReferentialAction, sql::Dialect};
    /// # use conduit_testkit::REGISTRY;
    /// let schema = REGISTRY.sql_schema(Dialect::Postgres);
    /// let fk = schema.table("comments").unwrap().foreign_key("post_id").unwrap();
    /// assert_eq!((fk.target_table.as_str(), fk.target_column.as_str()), ("posts", "id"));
    /// assert_eq!(fk.on_delete, Some(ReferentialAction::Cascade));
    /// ```
    pub fn foreign_key(&self, column: &str) -> Option<&ForeignKey> {
        self.foreign_keys.iter().find(|f| f.column == column)
    }
}

/// One column.
///
/// ```
/// use conduit::sql::{DefaultValue, Dialect};
/// # use conduit_testkit::REGISTRY;
/// let schema = REGISTRY.sql_schema(Dialect::Postgres);
/// let published = schema.table("posts").unwrap().column("published").unwrap();
/// assert_eq!(published.sql_type, "boolean");
/// assert_eq!(published.default, Some(DefaultValue::Bool(false)));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Column {
    /// The column name.
    pub name: String,
    /// The type as the database's catalog spells it: `bigint`, `text`,
    /// `timestamp with time zone` (PostgreSQL's `format_type`), `INTEGER`,
    /// `TEXT` (SQLite's declared type).
    pub sql_type: String,
    /// Whether `NULL` is allowed.
    pub nullable: bool,
    /// Whether the column has a `UNIQUE` constraint of its own.
    pub unique: bool,
    /// Whether the database generates the value: PostgreSQL's `GENERATED BY
    /// DEFAULT AS IDENTITY`, SQLite's `INTEGER PRIMARY KEY` (the rowid).
    pub identity: bool,
    /// The `DEFAULT`, if any.
    pub default: Option<DefaultValue>,
}

/// A column's `DEFAULT`.
///
/// ```
/// use conduit::sql::{DefaultValue, Dialect};
/// assert_eq!(DefaultValue::Text("it's".into()).to_sql(Dialect::Sqlite), "'it''s'");
/// assert_eq!(DefaultValue::Bool(true).to_sql(Dialect::Postgres), "TRUE");
/// assert_eq!(DefaultValue::RandomUuid.to_sql(Dialect::Postgres), "gen_random_uuid()");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DefaultValue {
    /// `TRUE` / `FALSE` (SQLite stores booleans as integers: [`Int`](Self::Int)).
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A floating-point literal.
    Float(f64),
    /// A string literal, quoted and escaped for the dialect.
    Text(String),
    /// `CURRENT_TIMESTAMP` (`#[field(auto)]` on a timestamp).
    CurrentTimestamp,
    /// `CURRENT_DATE` (`#[field(auto)]` on a date).
    CurrentDate,
    /// PostgreSQL's `gen_random_uuid()` (`#[field(auto)]` on a uuid).
    RandomUuid,
}

impl DefaultValue {
    /// The SQL expression, as `DEFAULT` takes it.
    ///
    /// ```
    /// use conduit::sql::{DefaultValue, Dialect};
    /// assert_eq!(DefaultValue::Int(-3).to_sql(Dialect::Postgres), "-3");
    /// assert_eq!(DefaultValue::CurrentTimestamp.to_sql(Dialect::Sqlite), "CURRENT_TIMESTAMP");
    /// ```
    pub fn to_sql(&self, dialect: Dialect) -> String {
        super::render::default_value(self, dialect)
    }
}

/// A foreign key: `column` references `target_table (target_column)`.
///
/// ```
/// use conduit::{ReferentialAction, sql::Dialect};
/// # use conduit_testkit::REGISTRY;
/// let schema = REGISTRY.sql_schema(Dialect::Sqlite);
/// let fk = schema.table("post_likes").unwrap().foreign_key("user_id").unwrap();
/// assert_eq!(fk.target_table, "users");
/// assert_eq!(fk.on_delete, Some(ReferentialAction::Cascade));
/// assert!(!fk.deferred);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ForeignKey {
    /// The constraint name, `{table}_{column}_fkey` as PostgreSQL would
    /// choose it.
    pub name: String,
    /// The referencing column.
    pub column: String,
    /// The referenced table.
    pub target_table: String,
    /// The referenced column: the target's primary key.
    pub target_column: String,
    /// `ON DELETE`, if declared (the database's default is `NO ACTION`).
    pub on_delete: Option<ReferentialAction>,
    /// `ON UPDATE`, if declared.
    pub on_update: Option<ReferentialAction>,
    /// Added by `ALTER TABLE` once every table exists (PostgreSQL, when the
    /// target is created later: a cycle).
    pub deferred: bool,
}

/// A `CHECK` constraint from `min` and `max`: on the value of a number, on
/// the length in characters of a string.
///
/// ```
/// use conduit::sql::Dialect;
/// # use conduit_testkit::REGISTRY;
/// let schema = REGISTRY.sql_schema(Dialect::Postgres);
/// let check = &schema.table("posts").unwrap().checks[0];
/// assert_eq!((check.column.as_str(), check.length), ("title", true));
/// assert_eq!((check.min.as_deref(), check.max.as_deref()), (Some("5"), Some("200")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Check {
    /// The constraint name, `{table}_{column}_check`.
    pub name: String,
    /// The checked column.
    pub column: String,
    /// Whether the bounds apply to the length (strings) rather than the value.
    pub length: bool,
    /// The lower bound, inclusive, as a decimal number.
    pub min: Option<String>,
    /// The upper bound, inclusive, as a decimal number.
    pub max: Option<String>,
}

/// A (non-unique) index on one column.
///
/// ```
/// use conduit::sql::Dialect;
/// # use conduit_testkit::REGISTRY;
/// let schema = REGISTRY.sql_schema(Dialect::Sqlite);
/// let index = &schema.table("comments").unwrap().indexes[0];
/// assert_eq!((index.name.as_str(), index.column.as_str()), ("comments_post_id_idx", "post_id"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Index {
    /// The index name, `{table}_{column}_idx`.
    pub name: String,
    /// The indexed column.
    pub column: String,
}
