//! From a registry to a [`Schema`]: tables and columns, keys, foreign keys
//! from relationships, join tables, checks, indexes and the creation order.
//! Whatever SQL cannot express is skipped with a note, never guessed.

use super::types::{self, Kind};
use super::{Check, Column, DefaultValue, Dialect, ForeignKey, Index, Schema, Table};
use crate::{ReferentialAction, Registry, RelationKind, ResourceRef, ValidationKind};
use std::collections::{BTreeMap, BTreeSet};

/// PostgreSQL cuts identifiers at 63 bytes.
const PG_MAX_IDENT: usize = 63;

/// A resource's single-column primary key: where foreign keys point.
#[derive(Clone)]
struct Key {
    table: String,
    column: String,
    sql_type: String,
    kind: Kind,
}

struct Planner<'r> {
    dialect: Dialect,
    tables: Vec<Table>,
    /// Per table: the kind of each column (for checks and key types).
    kinds: BTreeMap<String, BTreeMap<String, Kind>>,
    keys: BTreeMap<&'r str, Key>,
    notes: Vec<String>,
}

/// Why a name cannot be an identifier, if it cannot.
fn bad_identifier(dialect: Dialect, name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name.contains('\0') {
        Some("holds a NUL character")
    } else if dialect == Dialect::Postgres && name.len() > PG_MAX_IDENT {
        Some("is longer than PostgreSQL's 63 bytes")
    } else {
        None
    }
}

/// `{table}_{column}_{suffix}`, shortened with a stable hash to fit 63 bytes.
pub(super) fn constraint_name(table: &str, column: &str, suffix: &str) -> String {
    let name = format!("{table}_{column}_{suffix}");
    if name.len() <= PG_MAX_IDENT {
        return name;
    }
    // FNV-1a: fixed, so the output is the same on every run.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut cut = PG_MAX_IDENT - 18;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash:016x}_{}", &name[..cut], &suffix[..1])
}

fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl<'r> Planner<'r> {
    fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| t.name == name)
    }

    /// The table of one resource, with its columns, key, checks and indexes.
    fn resource(&mut self, r: ResourceRef<'r>) {
        let (who, table) = (r.name(), r.table());
        if let Some(why) = bad_identifier(self.dialect, table) {
            return self.note(format!("{who}: table name `{table}` {why}; table skipped"));
        }
        if let Some(other) = self.tables.iter().find(|t| t.name == table) {
            let other = other.resource.clone().unwrap_or_default();
            return self.note(format!(
                "{who}: table `{table}` is also {other}'s; table skipped"
            ));
        }
        let mut t = Table {
            name: table.to_owned(),
            resource: Some(who.to_owned()),
            columns: Vec::new(),
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
        };
        let mut kinds = BTreeMap::new();
        let primaries = r.fields().filter(|f| f.primary()).count();
        for f in r.fields() {
            let name = f.name();
            if let Some(why) = bad_identifier(self.dialect, name) {
                self.note(format!("{who}.{name}: column name {why}; column skipped"));
                continue;
            }
            if kinds.contains_key(name) {
                self.note(format!(
                    "{who}.{name}: a second column of that name; skipped"
                ));
                continue;
            }
            let ty = types::column_type(self.dialect, f.ty(), f.rust_type());
            if ty.unknown {
                self.note(format!(
                    "{who}.{name}: type `{}` has no SQL equivalent; stored as {}",
                    f.ty(),
                    ty.sql
                ));
            }
            let sole_key = f.primary() && primaries == 1;
            let identity = sole_key && f.auto() && ty.kind.is_integer() && ty.kind != Kind::Wide;
            let default = match f.default_value() {
                Some(text) => match types::default_value(self.dialect, text, ty) {
                    Ok(d) => Some(d),
                    Err(why) => {
                        self.note(format!("{who}.{name}: {why}; no DEFAULT"));
                        None
                    }
                },
                None if f.auto() && !identity => self.auto_default(who, name, ty.kind),
                None => None,
            };
            if f.primary() {
                t.primary_key.push(name.to_owned());
            }
            if f.index() && !sole_key && !f.unique() {
                t.indexes.push(Index {
                    name: constraint_name(table, name, "idx"),
                    column: name.to_owned(),
                });
            }
            t.columns.push(Column {
                name: name.to_owned(),
                sql_type: ty.sql.to_owned(),
                nullable: f.nullable() && !f.primary(),
                unique: f.unique() && !sole_key,
                identity,
                default,
            });
            kinds.insert(name.to_owned(), ty.kind);
        }
        if t.columns.is_empty() {
            return self.note(format!("{who}: no column to store; table skipped"));
        }
        if t.primary_key.is_empty() {
            self.note(format!("{who}: no primary key; nothing can reference it"));
        }
        self.checks(r, &mut t, &kinds);
        if let [column] = t.primary_key.as_slice() {
            if let (Some(c), Some(kind)) = (t.column(column), kinds.get(column)) {
                let key = Key {
                    table: table.to_owned(),
                    column: column.clone(),
                    sql_type: c.sql_type.clone(),
                    kind: *kind,
                };
                self.keys.insert(who, key);
            }
        } else if t.primary_key.len() > 1 {
            self.note(format!(
                "{who}: a composite primary key; nothing can reference it"
            ));
        }
        self.kinds.insert(table.to_owned(), kinds);
        self.tables.push(t);
    }

    /// `#[field(auto)]` without a default: what the database can generate.
    fn auto_default(&mut self, who: &str, name: &str, kind: Kind) -> Option<DefaultValue> {
        match (kind, self.dialect) {
            (Kind::Timestamp, _) => Some(DefaultValue::CurrentTimestamp),
            (Kind::Date, _) => Some(DefaultValue::CurrentDate),
            (Kind::Uuid, Dialect::Postgres) => Some(DefaultValue::RandomUuid),
            _ => {
                self.note(format!(
                    "{who}.{name}: `auto` has no database default here; the application sets it"
                ));
                None
            }
        }
    }

    /// `min` / `max` validations as `CHECK`s: values of numbers, lengths of
    /// strings.
    fn checks(&mut self, r: ResourceRef<'_>, t: &mut Table, kinds: &BTreeMap<String, Kind>) {
        let mut bounds: BTreeMap<&str, (Option<String>, Option<String>)> = BTreeMap::new();
        for v in r.validations() {
            let is_min = match v.kind() {
                ValidationKind::Min => true,
                ValidationKind::Max => false,
                _ => continue,
            };
            let field = v.field();
            let Some(kind) = kinds.get(field) else {
                continue;
            };
            if !kind.is_number() && *kind != Kind::Text {
                self.note(format!(
                    "{}.{field}: `{}` on a {kind:?} column is not a CHECK",
                    r.name(),
                    v.kind()
                ));
                continue;
            }
            let Some(n) = v.value().and_then(types::number) else {
                let value = v.value().unwrap_or_default();
                self.note(format!(
                    "{}.{field}: `{}` of `{value}` is not a number; no CHECK",
                    r.name(),
                    v.kind()
                ));
                continue;
            };
            let slot = bounds.entry(field).or_default();
            let slot = if is_min { &mut slot.0 } else { &mut slot.1 };
            *slot = Some(n.to_owned());
        }
        for column in t.columns.iter().map(|c| c.name.as_str()) {
            let (Some((min, max)), Some(kind)) = (bounds.remove(column), kinds.get(column)) else {
                continue;
            };
            t.checks.push(Check {
                name: constraint_name(&t.name, column, "check"),
                column: column.to_owned(),
                length: *kind == Kind::Text,
                min,
                max,
            });
        }
    }

    /// Adds the foreign key `table.column → key`, unless it cannot be.
    fn foreign_key(&mut self, table: &str, column: &str, target: &str, rel: Rel) -> bool {
        let Some(key) = self.keys.get(target) else {
            let why = if self
                .tables
                .iter()
                .any(|t| t.resource.as_deref() == Some(target))
            {
                "has no single-column primary key"
            } else {
                "has no table"
            };
            self.note(format!("{}: {target} {why}; no foreign key", rel.what));
            return false;
        };
        let Some(kind) = self.kinds.get(table).and_then(|k| k.get(column)).copied() else {
            self.note(format!(
                "{}: table `{table}` has no column `{column}`; no foreign key",
                rel.what
            ));
            return false;
        };
        let compatible = kind == key.kind || (kind.is_integer() && key.kind.is_integer());
        if !compatible {
            self.note(format!(
                "{}: `{table}.{column}` does not have the type of `{}.{}` ({}); no foreign key",
                rel.what, key.table, key.column, key.sql_type
            ));
            return false;
        }
        let fk = ForeignKey {
            name: constraint_name(table, column, "fkey"),
            column: column.to_owned(),
            target_table: key.table.clone(),
            target_column: key.column.clone(),
            on_delete: rel.on_delete,
            on_update: rel.on_update,
            deferred: false,
        };
        let nullable = self
            .tables
            .iter()
            .find(|t| t.name == table)
            .and_then(|t| t.column(column))
            .is_some_and(|c| c.nullable);
        let set_null = |a: Option<ReferentialAction>| a == Some(ReferentialAction::SetNull);
        if !nullable && (set_null(fk.on_delete) || set_null(fk.on_update)) {
            self.note(format!(
                "{}: `set_null` on the NOT NULL column `{table}.{column}` fails when used",
                rel.what
            ));
        }
        let Some(t) = self.table_mut(table) else {
            return false;
        };
        match t.foreign_key(column) {
            None => {
                t.foreign_keys.push(fk);
                true
            }
            Some(old) if old.target_table == fk.target_table => {
                let differs = (rel.on_delete.is_some() && old.on_delete != fk.on_delete)
                    || (rel.on_update.is_some() && old.on_update != fk.on_update);
                if differs && !rel.inverse {
                    self.note(format!("{}: actions differ from its inverse's", rel.what));
                }
                true
            }
            Some(old) => {
                let other = old.target_table.clone();
                self.note(format!(
                    "{}: `{table}.{column}` already references `{other}`; no second foreign key",
                    rel.what
                ));
                false
            }
        }
    }

    /// `has_many … through`: a join table with both keys as its primary key.
    fn join_table(&mut self, source: &'r str, target: &str, through: &str, what: &str) {
        if let Some(t) = self.tables.iter().find(|t| t.name == through) {
            if t.resource.is_some() {
                // A resource's own table: its belongs_to make the keys.
                return;
            }
            let targets: BTreeSet<&str> = t
                .foreign_keys
                .iter()
                .map(|f| f.target_table.as_str())
                .collect();
            let wanted: BTreeSet<&str> = [source, target]
                .iter()
                .filter_map(|r| self.keys.get(r).map(|k| k.table.as_str()))
                .collect();
            if targets != wanted {
                self.note(format!(
                    "{what}: join table `{through}` is declared with other tables; kept the first"
                ));
            }
            return;
        }
        if let Some(why) = bad_identifier(self.dialect, through) {
            return self.note(format!("{what}: join table name {why}; skipped"));
        }
        let sides = (self.keys.get(source), self.keys.get(target));
        let (Some(left), Some(right)) = sides else {
            return self.note(format!(
                "{what}: both sides need a single-column primary key; no join table"
            ));
        };
        let (left, right) = (left.clone(), right.clone());
        let left_name = format!("{}_{}", snake(source), left.column);
        let mut right_name = format!("{}_{}", snake(target), right.column);
        if right_name == left_name {
            right_name = format!("related_{right_name}");
        }
        let mut t = Table {
            name: through.to_owned(),
            resource: None,
            columns: Vec::new(),
            primary_key: vec![left_name.clone(), right_name.clone()],
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
        };
        let mut kinds = BTreeMap::new();
        for (name, key) in [(&left_name, &left), (&right_name, &right)] {
            if let Some(why) = bad_identifier(self.dialect, name) {
                return self.note(format!("{what}: join column `{name}` {why}; no join table"));
            }
            t.columns.push(Column {
                name: name.clone(),
                sql_type: key.sql_type.clone(),
                nullable: false,
                unique: false,
                identity: false,
                default: None,
            });
            t.foreign_keys.push(ForeignKey {
                name: constraint_name(through, name, "fkey"),
                column: name.clone(),
                target_table: key.table.clone(),
                target_column: key.column.clone(),
                on_delete: Some(ReferentialAction::Cascade),
                on_update: None,
                deferred: false,
            });
            kinds.insert(name.clone(), key.kind);
        }
        self.kinds.insert(through.to_owned(), kinds);
        self.tables.push(t);
    }
}

/// What a relationship asks of a foreign key.
#[derive(Clone, Copy)]
struct Rel<'s> {
    what: &'s str,
    on_delete: Option<ReferentialAction>,
    on_update: Option<ReferentialAction>,
    /// Declared on the referenced side (`has_many`, `has_one`).
    inverse: bool,
}

/// The schema of `registry` in `dialect`.
pub(super) fn plan(registry: &Registry<'_>, dialect: Dialect) -> Schema {
    let mut p = Planner {
        dialect,
        tables: Vec::new(),
        kinds: BTreeMap::new(),
        keys: BTreeMap::new(),
        notes: Vec::new(),
    };
    for r in registry.resources() {
        p.resource(r);
    }
    let stored: Vec<ResourceRef<'_>> = registry
        .resources()
        .filter(|r| {
            p.tables
                .iter()
                .any(|t| t.resource.as_deref() == Some(r.name()))
        })
        .collect();
    // The owning side first: `belongs_to` decides a key's actions.
    for &r in &stored {
        for rel in r
            .relationships()
            .filter(|x| x.kind() == RelationKind::BelongsTo)
        {
            let what = format!("{}.{}", r.name(), rel.name());
            let Some(column) = rel.foreign_key() else {
                p.note(format!("{what}: no foreign key column; no foreign key"));
                continue;
            };
            let spec = Rel {
                what: &what,
                on_delete: rel.on_delete(),
                on_update: rel.on_update(),
                inverse: false,
            };
            p.foreign_key(r.table(), column, rel.target(), spec);
        }
    }
    for &r in &stored {
        for rel in r.relationships() {
            let what = format!("{}.{}", r.name(), rel.name());
            match (rel.kind(), rel.through()) {
                (RelationKind::HasManyThrough, Some(through))
                | (RelationKind::HasMany, Some(through)) => {
                    p.join_table(r.name(), rel.target(), through, &what);
                }
                (RelationKind::HasMany | RelationKind::HasOne, None) => {
                    let target_table = p
                        .tables
                        .iter()
                        .find(|t| t.resource.as_deref() == Some(rel.target()))
                        .map(|t| t.name.clone());
                    let Some(target_table) = target_table else {
                        p.note(format!(
                            "{what}: {} has no table; no foreign key",
                            rel.target()
                        ));
                        continue;
                    };
                    let Some(column) = rel.foreign_key() else {
                        let known = p.keys.get(r.name()).is_some_and(|k| {
                            p.tables.iter().any(|t| {
                                t.name == target_table
                                    && t.foreign_keys.iter().any(|f| f.target_table == k.table)
                            })
                        });
                        if !known {
                            p.note(format!("{what}: no foreign key column; no foreign key"));
                        }
                        continue;
                    };
                    let spec = Rel {
                        what: &what,
                        on_delete: rel.on_delete(),
                        on_update: rel.on_update(),
                        inverse: true,
                    };
                    p.foreign_key(&target_table, column, r.name(), spec);
                }
                (RelationKind::HasManyThrough, None) => {
                    p.note(format!("{what}: no join table named; nothing to create"));
                }
                _ => {}
            }
        }
    }
    if dialect == Dialect::Postgres {
        fk_indexes(&mut p.tables);
    }
    let tables = order(p.tables, dialect);
    Schema {
        dialect,
        tables,
        notes: p.notes,
    }
}

/// PostgreSQL does not index foreign-key columns by itself: index those that
/// no primary key, `UNIQUE` or index leads with.
fn fk_indexes(tables: &mut [Table]) {
    for t in tables {
        for fk in &t.foreign_keys {
            let covered = t.primary_key.first() == Some(&fk.column)
                || t.column(&fk.column).is_some_and(|c| c.unique)
                || t.indexes.iter().any(|i| i.column == fk.column);
            if !covered {
                t.indexes.push(Index {
                    name: constraint_name(&t.name, &fk.column, "idx"),
                    column: fk.column.clone(),
                });
            }
        }
    }
}

/// Tables after the tables they reference (depth first, resources by name
/// then join tables); a reference back into the current path is a cycle:
/// PostgreSQL adds that key after every table exists.
fn order(tables: Vec<Table>, dialect: Dialect) -> Vec<Table> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(i: usize, tables: &mut [Table], marks: &mut [Mark], out: &mut Vec<usize>) {
        marks[i] = Mark::Open;
        for k in 0..tables[i].foreign_keys.len() {
            let target = &tables[i].foreign_keys[k].target_table;
            let Some(j) = tables.iter().position(|t| &t.name == target) else {
                continue;
            };
            match marks[j] {
                Mark::New => visit(j, tables, marks, out),
                Mark::Open if j != i => tables[i].foreign_keys[k].deferred = true,
                _ => {}
            }
        }
        marks[i] = Mark::Done;
        out.push(i);
    }
    let mut tables = tables;
    let mut marks = vec![Mark::New; tables.len()];
    let mut out = Vec::with_capacity(tables.len());
    for i in 0..tables.len() {
        if marks[i] == Mark::New {
            visit(i, &mut tables, &mut marks, &mut out);
        }
    }
    if dialect == Dialect::Sqlite {
        // SQLite takes forward references: every key stays in its table.
        for t in &mut tables {
            t.foreign_keys.iter_mut().for_each(|f| f.deferred = false);
        }
    }
    let mut slots: Vec<Option<Table>> = tables.into_iter().map(Some).collect();
    out.iter().filter_map(|i| slots[*i].take()).collect()
}
