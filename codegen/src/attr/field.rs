//! `#[field(...)]` on a struct field.

use super::extras::unknown_type;
use super::values::{self, Seen, key, span};
use crate::ast::{FieldDef, Flag, Spanned, ValidationDef};
use crate::ctxt::Ctxt;

const OPTIONS: &[&str] = &[
    "primary",
    "auto",
    "auto_update",
    "unique",
    "index",
    "default",
    "min",
    "max",
    "pattern",
    "email",
    "url",
    "ty",
    "skip",
    "rename",
    "tags",
    "validate",
];

/// Parses one `#[field(...)]` attribute into `field`.
pub fn parse(cx: &Ctxt, attr: &syn::Attribute, field: &mut FieldDef, seen: &mut Seen) {
    values::each(cx, attr, |meta| {
        let k = key(&meta);
        // validate(...) may repeat; every other option is given once.
        if k != "validate" && OPTIONS.contains(&k.as_str()) && !seen.first(cx, &meta, "field") {
            return values::skip_value(&meta);
        }
        if let Some((name, flag)) = Flag::ALL.iter().find(|(n, _)| *n == k) {
            // #[field(primary)], #[field(unique)], ...
            if values::flag(cx, &meta)? {
                field.flags.push(Spanned::new(*flag, span(&meta)));
                field.constraints.push((*name).to_owned());
            }
            return Ok(());
        }
        match k.as_str() {
            // #[field(default = false)]
            "default" => {
                field.default = values::literal(cx, &meta, "default = false")?;
                if let Some(d) = &field.default {
                    field.constraints.push(format!("default({})", d.value));
                }
            }
            // #[field(min = 5)], #[field(max = 200)]
            "min" | "max" => {
                if let Some(n) = values::number(cx, &meta)? {
                    field.constraints.push(format!("{k}({})", n.value.0));
                    field.validations.push(ValidationDef {
                        kind: k.clone(),
                        value: Some(n.value.0),
                        message: None,
                        span: n.span,
                    });
                }
            }
            // #[field(pattern = "^[a-z]+$")]
            "pattern" => {
                if let Some(p) = values::string(cx, &meta, "pattern = \"^[a-z0-9-]+$\"")? {
                    field.constraints.push(format!("pattern({:?})", p.value));
                    field.validations.push(ValidationDef {
                        kind: k.clone(),
                        value: Some(p.value),
                        message: None,
                        span: p.span,
                    });
                }
            }
            // #[field(email)], #[field(url)]
            "email" | "url" => {
                if values::flag(cx, &meta)? {
                    field.constraints.push(k.clone());
                    field.validations.push(ValidationDef {
                        kind: k.clone(),
                        value: None,
                        message: None,
                        span: span(&meta),
                    });
                }
            }
            // #[field(ty = "text")]
            "ty" => {
                if let Some(t) = values::string(cx, &meta, "ty = \"text\"")? {
                    if crate::types::is_valid_override(&t.value) {
                        field.ty = t.value.clone();
                        field.ty_override = Some(t);
                    } else {
                        cx.error(t.span, unknown_type(&t.value));
                    }
                }
            }
            // #[field(skip)]
            "skip" => {
                if values::flag(cx, &meta)? {
                    field.skip = Some(span(&meta));
                }
            }
            // #[field(rename = "postTitle")]
            "rename" => {
                if let Some(r) = values::string_or_empty(cx, &meta, "rename = \"post_title\"")? {
                    if r.value.trim().is_empty() {
                        cx.error(r.span, "`rename` must not be empty");
                    } else if !crate::rules::is_identifier(&r.value) {
                        cx.error(
                            r.span,
                            format!(
                                "`rename = {:?}` is not a column name a database accepts without quoting: use ASCII letters, digits and `_`, not starting with a digit, e.g. `rename = \"post_title\"`",
                                r.value
                            ),
                        );
                    } else {
                        field.name = r.value;
                    }
                }
            }
            // #[field(tags = ["searchable"])]
            "tags" => {
                field.tags =
                    values::string_list(cx, &meta, "tags = [\"searchable\"]")?.unwrap_or_default()
            }
            // #[field(validate(length, value = 3, message = "too short"))]
            "validate" if !meta.input.peek(syn::token::Paren) => {
                cx.error(
                    span(&meta),
                    "`validate` takes the kind and options in parentheses, e.g. `validate(range, value = 3, message = \"...\")`",
                );
                values::skip_value(&meta)?;
            }
            "validate" => validate(cx, &meta, field)?,
            _ => values::unknown(cx, &meta, "field", OPTIONS)?,
        }
        Ok(())
    });
}

fn validate(cx: &Ctxt, meta: &syn::meta::ParseNestedMeta, field: &mut FieldDef) -> syn::Result<()> {
    let mut kind = None;
    let (mut value, mut message) = (None, None);
    let mut seen = Seen::default();
    let mut first = true;
    let listed = values::each_nested(
        cx,
        meta,
        "validate(range, value = 3, message = \"...\")",
        |m| {
            let is_first = std::mem::replace(&mut first, false);
            let k = key(&m);
            let bare = !m.input.peek(syn::Token![=]) && !m.input.peek(syn::token::Paren);
            if is_first && bare {
                kind = Some(k);
                return Ok(());
            }
            if is_first && k != "value" && k != "message" {
                // validate(range = 3)
                cx.error(
                    span(&m),
                    format!(
                        "the validation kind takes no value; write `validate({k}, value = ...)`"
                    ),
                );
                kind = Some(k);
                return values::skip_value(&m);
            }
            if !seen.first(cx, &m, "validate") {
                return values::skip_value(&m);
            }
            match k.as_str() {
                "value" => value = values::plain_literal(cx, &m)?,
                "message" => {
                    message =
                        values::string(cx, &m, "message = \"must be positive\"")?.map(|s| s.value)
                }
                _ => values::unknown(cx, &m, "validate", &["value", "message"])?,
            }
            Ok(())
        },
    )?;
    match kind {
        Some(kind) => {
            field.constraints.push(match &value {
                Some(v) => format!("{kind}({v})"),
                None => kind.clone(),
            });
            field.validations.push(ValidationDef {
                kind,
                value,
                message,
                span: span(meta),
            });
        }
        None if !listed => {}
        None => cx.error(
            span(meta),
            "`validate(...)` needs the validation kind first, e.g. `validate(range, value = 3)`",
        ),
    }
    Ok(())
}
