//! `#[constraint(..)]`, `#[scope(..)]`, `#[computed(..)]` and `#[route(..)]`.

use super::resource::operations;
use super::values::{self, Seen, key};
use crate::ast::{ComputedDef, ConstraintDef, RouteDef, ScopeDef, Spanned};
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use conduit_format::{Method, Operation};
use syn::spanned::Spanned as _;

/// Reports a missing option; one given with a bad value was reported already.
fn require<T>(
    cx: &Ctxt,
    attr: &syn::Attribute,
    seen: &Seen,
    name: &str,
    value: Option<T>,
    example: &str,
) -> Option<T> {
    if value.is_none() && !seen.contains(name) {
        let a = values::attr_name(attr);
        cx.error(
            attr.path().span(),
            format!("`#[{a}(...)]` needs `{name}`, e.g. `{example}`"),
        );
    }
    value
}

/// `#[constraint(name = "..", on(create, update), condition = "..", error = "..")]`;
/// without `on(...)`, the write operations among `ops`.
pub fn constraint(cx: &Ctxt, attr: &syn::Attribute, ops: &[Operation]) -> Option<ConstraintDef> {
    const OPTIONS: &[&str] = &["name", "on", "condition", "error"];
    let (mut name, mut on, mut condition, mut error) = (None, None, None, None);
    let mut seen = Seen::default();
    let read = values::each(cx, attr, |meta| {
        if OPTIONS.contains(&key(&meta).as_str()) && !seen.first(cx, &meta, "constraint") {
            return values::skip_value(&meta);
        }
        match key(&meta).as_str() {
            "name" => name = values::string(cx, &meta, "name = \"title_not_blank\"")?,
            "on" => on = Some(operations(cx, &meta, "on(create, update)")?),
            "condition" => {
                condition = values::string(cx, &meta, "condition = \"!title.is_empty()\"")?
            }
            "error" => error = values::string(cx, &meta, "error = \"title must not be blank\"")?,
            _ => values::unknown(cx, &meta, "constraint", OPTIONS)?,
        }
        Ok(())
    });
    if !read {
        return None;
    }
    let name = require(cx, attr, &seen, "name", name, "name = \"title_not_blank\"");
    let condition = require(
        cx,
        attr,
        &seen,
        "condition",
        condition,
        "condition = \"!title.is_empty()\"",
    );
    let error = require(
        cx,
        attr,
        &seen,
        "error",
        error,
        "error = \"title must not be blank\"",
    );
    let (name, condition) = (name?, condition?);
    let on: Vec<Spanned<Operation>> = on.unwrap_or_default();
    let operations = if on.is_empty() && !seen.contains("on") {
        [Operation::Create, Operation::Update]
            .into_iter()
            .filter(|o| ops.contains(o))
            .collect()
    } else {
        on.iter().map(|o| o.value).collect()
    };
    Some(ConstraintDef {
        name_span: name.span,
        name: name.value,
        operations,
        operation_spans: on.iter().map(|o| o.span).collect(),
        condition_span: condition.span,
        condition: condition.value,
        error: error?.value,
        span: attr.span(),
    })
}

/// `#[scope(name = "..", query = "..")]`
pub fn scope(cx: &Ctxt, attr: &syn::Attribute) -> Option<ScopeDef> {
    const OPTIONS: &[&str] = &["name", "query"];
    let (mut name, mut query) = (None, None);
    let mut seen = Seen::default();
    let read = values::each(cx, attr, |meta| {
        if OPTIONS.contains(&key(&meta).as_str()) && !seen.first(cx, &meta, "scope") {
            return values::skip_value(&meta);
        }
        match key(&meta).as_str() {
            "name" => name = values::string(cx, &meta, "name = \"published\"")?,
            "query" => query = values::string(cx, &meta, "query = \"published = true\"")?,
            _ => values::unknown(cx, &meta, "scope", OPTIONS)?,
        }
        Ok(())
    });
    if !read {
        return None;
    }
    let name = require(cx, attr, &seen, "name", name, "name = \"published\"");
    let query = require(
        cx,
        attr,
        &seen,
        "query",
        query,
        "query = \"published = true\"",
    );
    let name = name?;
    Some(ScopeDef {
        name_span: name.span,
        name: name.value,
        query: query?.value,
        span: attr.span(),
    })
}

/// `#[computed(name = "..", ty = "..", expr = "..")]`
pub fn computed(cx: &Ctxt, attr: &syn::Attribute) -> Option<ComputedDef> {
    const OPTIONS: &[&str] = &["name", "ty", "expr"];
    let (mut name, mut ty, mut expr) = (None, None, None);
    let mut seen = Seen::default();
    let read = values::each(cx, attr, |meta| {
        if OPTIONS.contains(&key(&meta).as_str()) && !seen.first(cx, &meta, "computed") {
            return values::skip_value(&meta);
        }
        match key(&meta).as_str() {
            "name" => name = values::string(cx, &meta, "name = \"word_count\"")?,
            "ty" => {
                ty = values::string(cx, &meta, "ty = \"int\"")?;
                if let Some(t) = &ty {
                    if !crate::types::is_valid_override(&t.value) {
                        cx.error(t.span, unknown_type(&t.value));
                    }
                }
            }
            "expr" => expr = values::string(cx, &meta, "expr = \"content.len()\"")?,
            _ => values::unknown(cx, &meta, "computed", OPTIONS)?,
        }
        Ok(())
    });
    if !read {
        return None;
    }
    let name = require(cx, attr, &seen, "name", name, "name = \"word_count\"");
    let ty = require(cx, attr, &seen, "ty", ty, "ty = \"int\"");
    let expr = require(cx, attr, &seen, "expr", expr, "expr = \"content.len()\"");
    let (name, expr) = (name?, expr?);
    Some(ComputedDef {
        name_span: name.span,
        name: name.value,
        ty: ty?.value,
        expr_span: expr.span,
        expr: expr.value,
        span: attr.span(),
    })
}

/// The message for a `ty = "..."` that is not a normalized type.
pub fn unknown_type(ty: &str) -> String {
    let inner = ty
        .strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    // Spellings from other languages that are too far for `did_you_mean`.
    const ALIASES: &[(&str, &str)] = &[
        ("integer", "int"),
        ("boolean", "bool"),
        ("str", "string"),
        ("datetime", "timestamp"),
        ("double", "float"),
    ];
    let hint = match ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(inner)) {
        Some((_, t)) => format!("; did you mean `{t}`?"),
        None => did_you_mean(inner, crate::types::NORMALIZED.iter().copied()),
    };
    let hint = if hint.is_empty() {
        format!(
            "; expected one of {} or `array<...>` of one",
            values::list(crate::types::NORMALIZED)
        )
    } else {
        hint
    };
    format!("unknown type `{ty}` in `ty`{hint}")
}

/// `#[route(method = "POST", path = "/posts/:id/publish", handler = "Post.publish", middleware = [..])]`
pub fn route(cx: &Ctxt, attr: &syn::Attribute) -> Option<RouteDef> {
    const OPTIONS: &[&str] = &["method", "path", "handler", "middleware"];
    let (mut method, mut path, mut handler, mut middleware) = (None, None, None, Vec::new());
    let mut seen = Seen::default();
    let read = values::each(cx, attr, |meta| {
        if OPTIONS.contains(&key(&meta).as_str()) && !seen.first(cx, &meta, "route") {
            return values::skip_value(&meta);
        }
        match key(&meta).as_str() {
            "method" => {
                if let Some(m) = values::string(cx, &meta, "method = \"POST\"")? {
                    match m.value.parse::<Method>() {
                        Ok(v) => method = Some(v),
                        Err(_) => cx.error(m.span, super::action::unknown_method(&m.value)),
                    }
                }
            }
            "path" => {
                path = values::string(cx, &meta, "path = \"/posts/:id/publish\"")?;
                if let Some(p) = &path {
                    if let Err(msg) = crate::check::route_path(&p.value) {
                        cx.error(p.span, msg);
                    }
                }
            }
            "handler" => handler = values::string(cx, &meta, "handler = \"Post.publish\"")?,
            "middleware" => {
                middleware = values::middleware_list(cx, &meta, "middleware = [\"auth\"]")?
                    .unwrap_or_default()
            }
            _ => values::unknown(cx, &meta, "route", OPTIONS)?,
        }
        Ok(())
    });
    if !read {
        return None;
    }
    require::<()>(cx, attr, &seen, "method", None, "method = \"POST\"");
    let path = require(
        cx,
        attr,
        &seen,
        "path",
        path,
        "path = \"/posts/:id/publish\"",
    );
    let handler = require(
        cx,
        attr,
        &seen,
        "handler",
        handler,
        "handler = \"Post.publish\"",
    );
    let (path, handler) = (path?, handler?);
    Some(RouteDef {
        method: method?,
        path_span: path.span,
        path: crate::naming::colon_form(&path.value),
        handler_span: handler.span,
        handler: handler.value,
        middleware,
        span: attr.span(),
    })
}
