//! A resource's fields as JSON Schema: types and formats, nullability in
//! the 3.0 or 3.1 spelling, defaults, bounds and patterns from validations.

use super::OpenApiVersion;
use crate::{FieldRef, Operation, ResourceRef, ValidationKind};
use serde_json::{Map, Number, Value, json};

/// The name of a resource's request-body schema: `PostInput`.
pub(super) fn input_name(resource: &str) -> String {
    format!("{resource}Input")
}

/// Whether the resource takes a request body (it has `create` or `update`).
pub(super) fn has_input(resource: ResourceRef<'_>) -> bool {
    resource
        .operations()
        .any(|op| matches!(op, Operation::Create | Operation::Update))
}

/// A field the server writes: generated on insert or on every update.
fn read_only(field: FieldRef<'_>) -> bool {
    field.auto() || field.auto_update()
}

/// The resource's schema: every field, read-only ones marked `readOnly`,
/// non-nullable ones `required`, relationships in `x-conduit-relationships`.
pub(super) fn resource_schema(resource: ResourceRef<'_>, version: OpenApiVersion) -> Value {
    let mut s = object(resource, version, Purpose::Output);
    let mut relationships = Vec::new();
    for r in resource.relationships() {
        let mut rel = Map::new();
        rel.insert("name".into(), r.name().into());
        rel.insert("kind".into(), r.kind().as_str().into());
        rel.insert("target".into(), r.target().into());
        rel.insert(
            "schema".into(),
            format!("#/components/schemas/{}", r.target()).into(),
        );
        if let Some(fk) = r.foreign_key() {
            rel.insert("foreign_key".into(), fk.into());
        }
        if let Some(through) = r.through() {
            rel.insert("through".into(), through.into());
        }
        if let Some(a) = r.on_delete() {
            rel.insert("on_delete".into(), a.as_str().into());
        }
        if let Some(a) = r.on_update() {
            rel.insert("on_update".into(), a.as_str().into());
        }
        relationships.push(Value::Object(rel));
    }
    if !relationships.is_empty() {
        s.insert("x-conduit-relationships".into(), relationships.into());
    }
    Value::Object(s)
}

/// The request body of `create` and `update`: the fields the client sends
/// (read-only ones left out); required unless nullable or defaulted.
pub(super) fn input_schema(resource: ResourceRef<'_>, version: OpenApiVersion) -> Value {
    Value::Object(object(resource, version, Purpose::Input))
}

/// The schema of a path parameter addressing `field`: its type, format and
/// bounds, never null.
pub(super) fn parameter_schema(
    resource: ResourceRef<'_>,
    field: FieldRef<'_>,
    version: OpenApiVersion,
) -> Value {
    Value::Object(field_schema(resource, field, version, Purpose::Parameter))
}

/// The schema of a query parameter of normalized type `ty` (Rust type
/// `rust_type`) with an optional default's source text.
pub(super) fn query_schema(ty: &str, rust_type: &str, default: Option<&str>) -> Map<String, Value> {
    let shape = shape(ty, rust_leaf(rust_type));
    let mut s = shape_json(&shape);
    if let Some(text) = default {
        match default_json(text, &shape) {
            Some(v) => s.insert("default".into(), v),
            None => s.insert("x-conduit-default".into(), text.into()),
        };
    }
    s
}

/// What a schema is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// A response body: every field.
    Output,
    /// A request body: no read-only field.
    Input,
    /// A path parameter: the value alone.
    Parameter,
}

fn object(
    resource: ResourceRef<'_>,
    version: OpenApiVersion,
    purpose: Purpose,
) -> Map<String, Value> {
    let mut s = Map::new();
    s.insert("type".into(), "object".into());
    if !resource.docs().is_empty() {
        s.insert("description".into(), resource.docs().into());
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in resource.fields() {
        if purpose == Purpose::Input && read_only(f) {
            continue;
        }
        properties.insert(
            f.name().into(),
            Value::Object(field_schema(resource, f, version, purpose)),
        );
        let needed = match purpose {
            Purpose::Input => f.required() && f.default_value().is_none(),
            _ => f.required(),
        };
        if needed {
            required.push(Value::from(f.name()));
        }
    }
    s.insert("properties".into(), properties.into());
    if !required.is_empty() {
        s.insert("required".into(), required.into());
    }
    s
}

/// A JSON Schema type and format.
struct Shape {
    ty: Option<&'static str>,
    format: Option<&'static str>,
    /// The value range of a Rust integer narrower than its format says.
    min: Option<Number>,
    max: Option<Number>,
    items: Option<Box<Shape>>,
}

impl Shape {
    fn of(ty: Option<&'static str>, format: Option<&'static str>) -> Self {
        Shape {
            ty,
            format,
            min: None,
            max: None,
            items: None,
        }
    }

    fn is(&self, ty: &str) -> bool {
        self.ty == Some(ty)
    }
}

/// The innermost type name of a Rust type as written: `Option<u64>` → `u64`,
/// `std::primitive::i32` → `i32`.
fn rust_leaf(rust_type: &str) -> &str {
    let mut t = rust_type.trim();
    while let Some(inner) = t
        .strip_prefix("Option<")
        .or_else(|| t.strip_prefix("core::option::Option<"))
        .or_else(|| t.strip_prefix("std::option::Option<"))
        .and_then(|rest| rest.strip_suffix('>'))
    {
        t = inner.trim();
    }
    t.rsplit("::").next().unwrap_or(t)
}

/// An integer's format and the range of its Rust type where the format is
/// wider.
fn integer(rust: &str) -> Shape {
    let ranged = |format, min: i64, max: i64| Shape {
        min: Some(min.into()),
        max: Some(max.into()),
        ..Shape::of(Some("integer"), Some(format))
    };
    let unsigned = |format| Shape {
        min: Some(0.into()),
        ..Shape::of(Some("integer"), Some(format))
    };
    match rust {
        "i8" => ranged("int32", i8::MIN.into(), i8::MAX.into()),
        "i16" => ranged("int32", i16::MIN.into(), i16::MAX.into()),
        "i32" => Shape::of(Some("integer"), Some("int32")),
        "i64" | "isize" => Shape::of(Some("integer"), Some("int64")),
        "u8" => ranged("int32", 0, u8::MAX.into()),
        "u16" => ranged("int32", 0, u16::MAX.into()),
        // int32 is signed: a u32 needs int64's room.
        "u32" => ranged("int64", 0, u32::MAX.into()),
        // Values above i64::MAX do not fit int64; the schema cannot say so.
        "u64" | "usize" => unsigned("int64"),
        "u128" => Shape {
            min: Some(0.into()),
            ..Shape::of(Some("integer"), None)
        },
        _ => Shape::of(Some("integer"), None),
    }
}

/// The JSON Schema shape of a normalized type (`rust` breaks ties: the
/// width of an `int`, a `float`).
fn shape(ty: &str, rust: &str) -> Shape {
    match ty {
        "string" | "text" => Shape::of(Some("string"), None),
        "int" => integer(rust),
        "float" => match rust {
            "f32" => Shape::of(Some("number"), Some("float")),
            _ => Shape::of(Some("number"), Some("double")),
        },
        "bool" => Shape::of(Some("boolean"), None),
        "uuid" => Shape::of(Some("string"), Some("uuid")),
        "timestamp" => Shape::of(Some("string"), Some("date-time")),
        "date" => Shape::of(Some("string"), Some("date")),
        _ => match ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
            Some(item) => Shape {
                items: Some(Box::new(shape(item, ""))),
                ..Shape::of(Some("array"), None)
            },
            // `json` and Rust paths: any value.
            None => Shape::of(None, None),
        },
    }
}

fn shape_json(shape: &Shape) -> Map<String, Value> {
    let mut s = Map::new();
    if let Some(ty) = shape.ty {
        s.insert("type".into(), ty.into());
    }
    if let Some(format) = shape.format {
        s.insert("format".into(), format.into());
    }
    if let Some(items) = &shape.items {
        s.insert("items".into(), shape_json(items).into());
    }
    s
}

/// A number from validation source text (`5`, `-1.5`, `1_000`).
fn number(text: &str, integer: bool) -> Option<Number> {
    let clean: String = text.trim().chars().filter(|c| *c != '_').collect();
    if let Ok(n) = clean.parse::<i64>() {
        return Some(n.into());
    }
    if let Ok(n) = clean.parse::<u64>() {
        return Some(n.into());
    }
    if integer {
        return None;
    }
    Number::from_f64(clean.parse::<f64>().ok()?)
}

/// The tighter of two bounds (`lower`: the larger one).
fn tighter(a: Option<Number>, b: Option<Number>, lower: bool) -> Option<Number> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            Some(if (x < y) == lower { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

/// A default's source text as a JSON value of the field's type.
fn default_json(text: &str, shape: &Shape) -> Option<Value> {
    match shape.ty {
        Some("boolean") => match text.trim() {
            "true" => Some(true.into()),
            "false" => Some(false.into()),
            _ => None,
        },
        Some("integer") => number(text, true).map(Value::Number),
        Some("number") => number(text, false).map(Value::Number),
        Some("string") => crate::literal::unquote(text).map(Value::String),
        _ => None,
    }
}

/// One field's schema.
fn field_schema(
    resource: ResourceRef<'_>,
    field: FieldRef<'_>,
    version: OpenApiVersion,
    purpose: Purpose,
) -> Map<String, Value> {
    let rust = rust_leaf(field.rust_type());
    let shape = shape(field.ty(), rust);
    let mut s = shape_json(&shape);
    let nullable = field.nullable() && purpose != Purpose::Parameter && shape.ty.is_some();
    if nullable {
        match version {
            OpenApiVersion::V3_1 => {
                if let Some(ty) = s.get_mut("type") {
                    *ty = json!([ty.clone(), "null"]);
                }
            }
            OpenApiVersion::V3_0 => {
                s.insert("nullable".into(), true.into());
            }
        }
    }
    if purpose != Purpose::Parameter {
        if !field.docs().is_empty() {
            s.insert("description".into(), field.docs().into());
        }
        if read_only(field) {
            s.insert("readOnly".into(), true.into());
        }
        if let Some(text) = field.default_value() {
            match default_json(text, &shape) {
                Some(v) => s.insert("default".into(), v),
                None => s.insert("x-conduit-default".into(), text.into()),
            };
        }
    }

    let (mut min, mut max) = (shape.min.clone(), shape.max.clone());
    let mut custom = Vec::new();
    let mut format = None;
    let mut pattern = None;
    let integer = shape.is("integer");
    for v in resource.validations().filter(|v| v.field() == field.name()) {
        let value = v.value().unwrap_or_default();
        match v.kind() {
            ValidationKind::Min => min = tighter(min, number(value, integer), true),
            ValidationKind::Max => max = tighter(max, number(value, integer), false),
            ValidationKind::Pattern => pattern = Some(value),
            ValidationKind::Email => format = Some("email"),
            ValidationKind::Url => format = Some("uri"),
            ValidationKind::Custom(kind) => {
                let mut c = Map::new();
                c.insert("kind".into(), kind.into());
                if let Some(value) = v.value() {
                    c.insert("value".into(), value.into());
                }
                if let Some(message) = v.message() {
                    c.insert("message".into(), message.into());
                }
                custom.push(Value::Object(c));
            }
        }
    }
    if let (Some(f), true) = (format, shape.is("string") && shape.format.is_none()) {
        s.insert("format".into(), f.into());
    }
    let (min_key, max_key) = if shape.is("string") {
        ("minLength", "maxLength")
    } else if shape.is("array") {
        ("minItems", "maxItems")
    } else {
        ("minimum", "maximum")
    };
    // Lengths and counts are non-negative integers; a bound that is not one
    // (or a bound on a type without order) is left out.
    let fits = |n: &Number| min_key == "minimum" || n.as_u64().is_some();
    let ordered =
        shape.is("string") || shape.is("array") || shape.is("integer") || shape.is("number");
    if ordered {
        if let Some(n) = min.filter(fits) {
            s.insert(min_key.into(), n.into());
        }
        if let Some(n) = max.filter(fits) {
            s.insert(max_key.into(), n.into());
        }
    }
    if let (Some(p), true) = (pattern, shape.is("string")) {
        s.insert("pattern".into(), p.into());
    }
    if !custom.is_empty() && purpose != Purpose::Parameter {
        s.insert("x-conduit-validations".into(), custom.into());
    }
    if shape.ty.is_none() && field.ty() != "json" {
        s.insert("x-conduit-rust-type".into(), field.rust_type().into());
    }
    s
}

#[cfg(test)]
pub(super) mod tests_support {
    //! The private shape and default rules, for the unit tests.
    use super::{Value, default_json, rust_leaf, shape, shape_json};

    /// The schema of a type (with the Rust type's range).
    pub fn shape_of(ty: &str, rust: &str) -> Value {
        let s = shape(ty, rust_leaf(rust));
        let mut v = shape_json(&s);
        if let Some(n) = s.min {
            v.insert("minimum".into(), n.into());
        }
        if let Some(n) = s.max {
            v.insert("maximum".into(), n.into());
        }
        v.into()
    }

    /// A default's JSON value for a type, if it has one.
    pub fn default_of(ty: &str, text: &str) -> Option<Value> {
        default_json(text, &shape(ty, ""))
    }
}
