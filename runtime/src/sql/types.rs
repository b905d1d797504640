//! The type map (normalized type and Rust type → column type, per dialect)
//! and the reading of `default = <literal>` source text into SQL values.

use super::{DefaultValue, Dialect};

/// What a column holds, as far as defaults, checks and keys care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// An integer that fits 32 bits (`integer`).
    Int32,
    /// A 64-bit integer (`bigint`).
    Int64,
    /// A wider integer (`numeric`).
    Wide,
    Float,
    Bool,
    Text,
    Uuid,
    Timestamp,
    Date,
    Json,
}

impl Kind {
    pub(super) fn is_integer(self) -> bool {
        matches!(self, Kind::Int32 | Kind::Int64 | Kind::Wide)
    }

    pub(super) fn is_number(self) -> bool {
        self.is_integer() || self == Kind::Float
    }
}

/// A column type: its kind and its spelling in the dialect's catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ColumnType {
    pub kind: Kind,
    pub sql: &'static str,
    /// The normalized type is a Rust path with no SQL equivalent.
    pub unknown: bool,
}

/// The Rust type without `Option<…>`, references and its path: `u64` for
/// `Option<std::primitive::u64>`.
fn base_rust_type(rust_type: &str) -> &str {
    let mut t = rust_type.trim();
    loop {
        let inner = t
            .strip_prefix("Option<")
            .or_else(|| t.strip_prefix("std::option::Option<"))
            .or_else(|| t.strip_prefix("core::option::Option<"))
            .or_else(|| t.strip_prefix("::std::option::Option<"))
            .or_else(|| t.strip_prefix("::core::option::Option<"))
            .and_then(|rest| rest.strip_suffix('>'));
        match inner {
            Some(inner) => t = inner.trim(),
            None => break,
        }
    }
    t.rsplit("::").next().unwrap_or(t).trim()
}

/// The column type of a field (see the table in the module docs).
pub(super) fn column_type(dialect: Dialect, ty: &str, rust_type: &str) -> ColumnType {
    let pg = dialect == Dialect::Postgres;
    let pick = |kind, sqlite, postgres| ColumnType {
        kind,
        sql: if pg { postgres } else { sqlite },
        unknown: false,
    };
    match ty {
        "int" => match base_rust_type(rust_type) {
            "i8" | "i16" | "i32" | "u8" | "u16" => pick(Kind::Int32, "INTEGER", "integer"),
            "i128" | "u128" => pick(Kind::Wide, "NUMERIC", "numeric"),
            _ => pick(Kind::Int64, "INTEGER", "bigint"),
        },
        "float" => match base_rust_type(rust_type) {
            "f32" => pick(Kind::Float, "REAL", "real"),
            _ => pick(Kind::Float, "REAL", "double precision"),
        },
        "bool" => pick(Kind::Bool, "INTEGER", "boolean"),
        "string" | "text" => pick(Kind::Text, "TEXT", "text"),
        "uuid" => pick(Kind::Uuid, "TEXT", "uuid"),
        "timestamp" => pick(Kind::Timestamp, "TEXT", "timestamp with time zone"),
        "date" => pick(Kind::Date, "TEXT", "date"),
        "json" => pick(Kind::Json, "TEXT", "jsonb"),
        t if t.starts_with("array<") => pick(Kind::Json, "TEXT", "jsonb"),
        _ => ColumnType {
            unknown: true,
            ..pick(Kind::Text, "TEXT", "text")
        },
    }
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A decimal number as SQL can take it (finite, no `_`, no suffix).
pub(super) fn number(text: &str) -> Option<&str> {
    let t = text.trim();
    let ok = t.parse::<i64>().is_ok() || t.parse::<f64>().is_ok_and(f64::is_finite);
    let plain = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
    (ok && plain).then_some(t)
}

/// The `DEFAULT` for `default = <text>` on a column of `ty`, or why there is
/// none.
pub(super) fn default_value(
    dialect: Dialect,
    text: &str,
    ty: ColumnType,
) -> Result<DefaultValue, String> {
    let text = text.trim();
    let kind = ty.kind;
    let refuse = |what: &str| {
        Err(format!(
            "{what} default `{text}` does not fit a {} column",
            ty.sql
        ))
    };
    if let Some(b) = match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    } {
        return match (kind, dialect) {
            (Kind::Bool, Dialect::Postgres) => Ok(DefaultValue::Bool(b)),
            (Kind::Bool, Dialect::Sqlite) => Ok(DefaultValue::Int(i64::from(b))),
            _ => refuse("a boolean"),
        };
    }
    let quoted =
        if text.starts_with(['"', '\'']) || text.starts_with("r\"") || text.starts_with("r#") {
            Some(crate::literal::unquote(text))
        } else {
            None
        };
    let string = match quoted {
        Some(Some(s)) => s,
        Some(None) => return Err(format!("default `{text}` is not a literal SQL can hold")),
        None if kind.is_number() => {
            let n = number(text).ok_or_else(|| format!("default `{text}` is not a number"))?;
            if let Ok(i) = n.parse::<i64>() {
                if kind == Kind::Int32 && i32::try_from(i).is_err() {
                    return refuse("an out-of-range");
                }
                return Ok(DefaultValue::Int(i));
            }
            return match (kind, n.parse::<f64>()) {
                (Kind::Float | Kind::Wide, Ok(f)) if kind == Kind::Float || f.fract() == 0.0 => {
                    Ok(DefaultValue::Float(f))
                }
                _ => refuse("a fractional"),
            };
        }
        // Imported schemas may give a string default unquoted.
        None if kind == Kind::Text => text.to_owned(),
        None => return refuse("an unquoted"),
    };
    if string.contains('\0') {
        return Err(format!("default `{text}` holds a NUL character"));
    }
    match kind {
        Kind::Text => Ok(DefaultValue::Text(string)),
        Kind::Uuid if is_uuid(&string) => Ok(DefaultValue::Text(string)),
        Kind::Date if is_date(&string) => Ok(DefaultValue::Text(string)),
        _ => refuse("a string"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_sized_by_their_rust_width() {
        let pg = |rust| column_type(Dialect::Postgres, "int", rust).sql;
        assert_eq!(pg("i32"), "integer");
        assert_eq!(pg("Option<u16>"), "integer");
        assert_eq!(pg("u32"), "bigint");
        assert_eq!(pg("std::primitive::u64"), "bigint");
        assert_eq!(pg("i128"), "numeric");
        assert_eq!(pg("UserId"), "bigint");
        assert_eq!(column_type(Dialect::Sqlite, "int", "i32").sql, "INTEGER");
        assert_eq!(column_type(Dialect::Postgres, "float", "f32").sql, "real");
        assert_eq!(
            column_type(Dialect::Postgres, "float", "f64").sql,
            "double precision"
        );
    }

    #[test]
    fn rust_paths_are_stored_as_text_and_flagged() {
        let t = column_type(Dialect::Postgres, "crate::Status", "Status");
        assert_eq!((t.sql, t.unknown), ("text", true));
        let t = column_type(Dialect::Sqlite, "array<string>", "Vec<String>");
        assert_eq!((t.sql, t.unknown), ("TEXT", false));
    }

    #[test]
    fn defaults_are_read_as_rust_literals() {
        let text = column_type(Dialect::Postgres, "string", "String");
        let d = |t| default_value(Dialect::Postgres, t, text);
        assert_eq!(
            d(r#""it's \"x\"\n""#),
            Ok(DefaultValue::Text("it's \"x\"\n".into()))
        );
        assert_eq!(d(r#""\u{e9}""#), Ok(DefaultValue::Text("é".into())));
        assert_eq!(d("'c'"), Ok(DefaultValue::Text("c".into())));
        assert_eq!(d("plain"), Ok(DefaultValue::Text("plain".into())));
        assert!(d(r#""\0""#).is_err());
        assert!(d(r#""\q""#).is_err());
        assert!(d("true").is_err());
    }

    #[test]
    fn numeric_defaults_must_fit_the_column() {
        let int32 = column_type(Dialect::Postgres, "int", "i32");
        let float = column_type(Dialect::Postgres, "float", "f64");
        let d = |t, ty| default_value(Dialect::Postgres, t, ty);
        assert_eq!(d("-7", int32), Ok(DefaultValue::Int(-7)));
        assert!(d("4294967296", int32).is_err());
        assert!(d("1.5", int32).is_err());
        assert!(d("\"1\"", int32).is_err());
        assert!(d("1e400", float).is_err());
        assert!(d("NaN", float).is_err());
        assert_eq!(d("1.5", float), Ok(DefaultValue::Float(1.5)));
    }

    #[test]
    fn booleans_are_integers_in_sqlite() {
        let pg = column_type(Dialect::Postgres, "bool", "bool");
        let lite = column_type(Dialect::Sqlite, "bool", "bool");
        assert_eq!(
            default_value(Dialect::Postgres, "true", pg),
            Ok(DefaultValue::Bool(true))
        );
        assert_eq!(
            default_value(Dialect::Sqlite, "false", lite),
            Ok(DefaultValue::Int(0))
        );
    }

    #[test]
    fn string_defaults_of_typed_columns_must_parse() {
        let uuid = column_type(Dialect::Postgres, "uuid", "Uuid");
        let date = column_type(Dialect::Postgres, "date", "NaiveDate");
        let stamp = column_type(Dialect::Postgres, "timestamp", "SystemTime");
        let d = |t, ty| default_value(Dialect::Postgres, t, ty);
        assert!(d(r#""00000000-0000-0000-0000-000000000000""#, uuid).is_ok());
        assert!(d(r#""not-a-uuid""#, uuid).is_err());
        assert!(d(r#""2024-01-31""#, date).is_ok());
        assert!(d(r#""yesterday""#, date).is_err());
        assert!(d(r#""now""#, stamp).is_err());
    }
}
