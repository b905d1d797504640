//! The reference's metadata JSON, as read: both spellings (its compiler's
//! and its runtime's) of every record, `null` lists read as empty.

use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// `null` reads as the default (Go writes empty lists as `null`).
pub(super) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A JSON scalar as source text: strings as they are, numbers and booleans
/// as written.
pub(super) fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

#[derive(Deserialize)]
pub(super) struct Doc {
    #[serde(default, deserialize_with = "nullable")]
    pub(super) resources: Vec<JResource>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) routes: Vec<JRoute>,
}

#[derive(Deserialize)]
pub(super) struct JResource {
    pub(super) name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) documentation: String,
    pub(super) table: Option<String>,
    pub(super) path: Option<String>,
    pub(super) rust_path: Option<String>,
    pub(super) operations: Option<Vec<String>>,
    pub(super) nested_under: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) fields: Vec<JField>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) relationships: Vec<JRelationship>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) hooks: Vec<JHook>,
    pub(super) validations: Option<Vec<JValidation>>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) constraints: Vec<JConstraint>,
    pub(super) middleware: Option<JMiddleware>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) scopes: Vec<JScope>,
    #[serde(default, deserialize_with = "nullable", alias = "computed")]
    pub(super) computed_fields: Vec<JComputed>,
}

#[derive(Deserialize)]
pub(super) struct JField {
    pub(super) name: String,
    #[serde(rename = "type")]
    pub(super) ty: String,
    pub(super) nullable: Option<bool>,
    #[serde(default, deserialize_with = "scalar", alias = "default")]
    pub(super) default_value: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) constraints: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) documentation: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) tags: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) rust_type: String,
}

/// The runtime writes `type` = kind and `target_resource`; the compiler
/// writes `kind` and `type` = the target.
#[derive(Deserialize)]
pub(super) struct JRelationship {
    pub(super) name: String,
    #[serde(rename = "type")]
    pub(super) ty: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) target_resource: Option<String>,
    pub(super) foreign_key: Option<String>,
    #[serde(alias = "through")]
    pub(super) through_table: Option<String>,
    pub(super) on_delete: Option<String>,
    pub(super) on_update: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct JHook {
    #[serde(rename = "type")]
    pub(super) ty: Option<String>,
    pub(super) timing: Option<String>,
    pub(super) event: Option<String>,
    pub(super) transaction: Option<bool>,
    pub(super) has_transaction: Option<bool>,
    #[serde(rename = "async")]
    pub(super) is_async: Option<bool>,
    pub(super) has_async: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) function: String,
    pub(super) source_code: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) calls: Vec<String>,
}

/// The runtime's field validations (`field`, `type`); the compiler's
/// `validate` blocks (`name`, `condition`, `error`) become constraints.
#[derive(Deserialize)]
pub(super) struct JValidation {
    pub(super) field: Option<String>,
    #[serde(rename = "type")]
    pub(super) ty: Option<String>,
    #[serde(default, deserialize_with = "scalar")]
    pub(super) value: Option<String>,
    pub(super) message: Option<String>,
    pub(super) name: Option<String>,
    pub(super) condition: Option<String>,
    pub(super) error: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct JConstraint {
    pub(super) name: String,
    #[serde(default, deserialize_with = "nullable", alias = "on")]
    pub(super) operations: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) condition: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) error: String,
}

/// Per operation (the runtime), or one list for every operation (older
/// compiler output).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum JMiddleware {
    PerOperation(BTreeMap<String, Option<Vec<String>>>),
    All(Vec<String>),
}

#[derive(Deserialize)]
pub(super) struct JScope {
    pub(super) name: String,
    #[serde(default, deserialize_with = "nullable", alias = "condition")]
    pub(super) query: String,
}

#[derive(Deserialize)]
pub(super) struct JComputed {
    pub(super) name: String,
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    pub(super) ty: String,
    #[serde(default, deserialize_with = "nullable", alias = "body")]
    pub(super) expression: String,
}

#[derive(Deserialize)]
pub(super) struct JRoute {
    pub(super) method: String,
    pub(super) path: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) handler: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) resource: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) operation: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(super) middleware: Vec<String>,
}
