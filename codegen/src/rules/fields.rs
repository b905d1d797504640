//! Field rules: a `default` fits the Rust type, `min`/`max` bound what they
//! can bound, `pattern` compiles, `email`/`url` are on text, `ty` refines
//! the Rust type without contradicting it, `auto` is on a generated kind.

use crate::ast::{FieldDef, Flag, ResourceDef, ValidationDef};
use crate::ctxt::Ctxt;
use crate::types::{int_range, is_known};

pub fn check(cx: &Ctxt, def: &ResourceDef) {
    for f in def.kept_fields() {
        check_ty_override(cx, f);
        check_default(cx, f);
        check_auto(cx, f);
        for v in &f.validations {
            match v.kind.as_str() {
                "min" | "max" => check_bound(cx, f, v),
                "pattern" => check_pattern(cx, f, v),
                "email" | "url" => check_text_only(cx, f, v),
                _ => {}
            }
        }
        check_email_and_url(cx, f);
    }
}

/// A query parameter's default fits its type, like a field's.
pub(crate) fn check_query_default(cx: &Ctxt, q: &crate::ast::QueryParamDef) {
    let field = FieldDef {
        ident: syn::Ident::new(&q.name, q.span),
        name: q.name.clone(),
        rust_type: q.rust_type.clone(),
        ty: q.ty.clone(),
        value_type: q.value_type.clone(),
        base_ty: q.ty.clone(),
        nullable: q.rust_type != q.value_type,
        skip: None,
        flags: Vec::new(),
        default: q.default.clone(),
        validations: Vec::new(),
        tags: Vec::new(),
        constraints: Vec::new(),
        docs: String::new(),
        ty_override: None,
        span: q.span,
    };
    check_default(cx, &field);
}

/// The type the rules judge values by: the Rust type's, unless it is a
/// type conduit does not know (an enum, a newtype), where `ty` says more.
fn kind(f: &FieldDef) -> &str {
    if is_known(&f.base_ty) {
        &f.base_ty
    } else {
        &f.ty
    }
}

/// What a Rust type's normalized type may be refined to with `ty = "..."`.
fn refinements(base: &str) -> Option<&'static [&'static str]> {
    Some(match base {
        "string" => &["string", "text", "uuid", "timestamp", "date", "json"],
        "int" => &["int", "timestamp", "json"],
        "float" => &["float", "json"],
        "bool" => &["bool", "json"],
        "uuid" => &["uuid", "json"],
        "timestamp" => &["timestamp", "json"],
        "date" => &["date", "json"],
        _ => return None,
    })
}

fn refines(base: &str, ty: &str) -> bool {
    if base == ty || ty == "json" {
        return true;
    }
    let inner = |t: &str| {
        t.strip_prefix("array<")
            .and_then(|t| t.strip_suffix('>'))
            .map(str::to_owned)
    };
    match (inner(base), inner(ty)) {
        (Some(b), Some(t)) => refines(&b, &t),
        (Some(_), None) | (None, Some(_)) => !is_known(base),
        // A type conduit does not know (an enum, a newtype) may be anything.
        (None, None) => refinements(base).is_none_or(|ok| ok.contains(&ty)),
    }
}

/// `ty = "..."` says more about a value than its Rust type (`text` for a
/// long `String`), never something else (`bool` for an `i32`).
fn check_ty_override(cx: &Ctxt, f: &FieldDef) {
    let Some(t) = &f.ty_override else { return };
    if refines(&f.base_ty, &t.value) {
        return;
    }
    let fits = refinements(&f.base_ty)
        .map(|r| {
            r.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| format!("`{}`, `json`", f.base_ty));
    cx.error(
        t.span,
        format!(
            "`ty = \"{}\"` contradicts the Rust type `{}` of `{}` (normalized `{}`); `ty` may refine it to {fits}: change `ty` or the field's type",
            t.value, f.value_type, f.ident, f.base_ty
        ),
    );
}

/// A default is a value of the field's type, within its range.
fn check_default(cx: &Ctxt, f: &FieldDef) {
    let Some(d) = &f.default else { return };
    let v = d.value.as_str();
    let ty = kind(f);
    let unquoted = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|_| v.len() >= 2);
    let (ok, example) = match ty {
        _ if v == "now" => (
            matches!(ty, "timestamp" | "date"),
            "`default = now` is for timestamps and dates only",
        ),
        "int" => {
            let Ok(n) = v.parse::<i128>() else {
                return misfit(cx, f, v, d.span, "default = 0");
            };
            if let Some((lo, hi)) = int_range(&f.value_type) {
                if n < lo || n > hi {
                    return cx.error(
                        d.span,
                        format!(
                            "`default = {v}` is out of range for `{}`, the type of `{}` ({lo} to {hi}); give a value in that range",
                            f.value_type, f.ident
                        ),
                    );
                }
            }
            (true, "")
        }
        "float" => (v.parse::<f64>().is_ok(), "default = 0.0"),
        "bool" => (v == "true" || v == "false", "default = false"),
        "string" | "text" => (unquoted.is_some(), "default = \"...\""),
        "uuid" => (
            unquoted.is_some_and(is_uuid),
            "default = \"00000000-0000-0000-0000-000000000000\"",
        ),
        "timestamp" => (
            unquoted.is_some_and(is_timestamp),
            "default = \"2024-01-01T00:00:00Z\"` or `default = now",
        ),
        "date" => (
            unquoted.is_some_and(is_date),
            "default = \"2024-01-01\"` or `default = now",
        ),
        _ => (true, ""),
    };
    if !ok {
        if v == "now" {
            return cx.error(
                d.span,
                format!(
                    "`default = now` does not fit `{}` (type `{ty}`); {example}",
                    f.ident
                ),
            );
        }
        misfit(cx, f, v, d.span, example);
    }
}

fn misfit(cx: &Ctxt, f: &FieldDef, v: &str, span: proc_macro2::Span, example: &str) {
    cx.error(
        span,
        format!(
            "`default = {v}` does not fit `{}` (type `{}`); give a value of that type, e.g. `{example}`",
            f.ident,
            kind(f)
        ),
    );
}

fn is_uuid(s: &str) -> bool {
    let hex = |p: &str, n: usize| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [a] => hex(a, 32),
        [a, b, c, d, e] => hex(a, 8) && hex(b, 4) && hex(c, 4) && hex(d, 4) && hex(e, 12),
        _ => false,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`
fn is_date(s: &str) -> bool {
    let mut p = s.split('-');
    let (Some(y), Some(m), Some(d), None) = (p.next(), p.next(), p.next(), p.next()) else {
        return false;
    };
    digits(y, 4).is_some()
        && digits(m, 2).is_some_and(|m| (1..=12).contains(&m))
        && digits(d, 2).is_some_and(|d| (1..=31).contains(&d))
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` or a space.
fn is_timestamp(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't', ' ']) else {
        return false;
    };
    let (clock, zone_ok) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, true)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let zone: Vec<&str> = time[i + 1..].split(':').collect();
        let ok =
            matches!(zone.as_slice(), [h, m] if digits(h, 2).is_some() && digits(m, 2).is_some());
        (&time[..i], ok)
    } else {
        (time, false)
    };
    let clock = clock.split_once('.').map_or(clock, |(c, frac)| {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            ""
        } else {
            c
        }
    });
    let hms: Vec<&str> = clock.split(':').collect();
    let clock_ok = matches!(hms.as_slice(), [h, m, sec]
        if digits(h, 2).is_some_and(|h| h < 24)
            && digits(m, 2).is_some_and(|m| m < 60)
            && digits(sec, 2).is_some_and(|s| s <= 60));
    is_date(date) && clock_ok && zone_ok
}

/// `auto` means the database generates the value: a sequence, a uuid, or
/// the current time. A `default` would never be used.
fn check_auto(cx: &Ctxt, f: &FieldDef) {
    let Some(auto) = f.flags.iter().find(|fl| fl.value == Flag::Auto) else {
        return;
    };
    let ty = kind(f);
    if !matches!(ty, "int" | "uuid" | "timestamp") {
        cx.error(
            auto.span,
            format!(
                "`auto` generates integers (a sequence), uuids or timestamps, but `{}` is `{ty}`; remove `auto`, or give the value with `default = ...`",
                f.ident
            ),
        );
    } else if let Some(d) = &f.default {
        cx.error(
            d.span,
            format!(
                "`{}` is `auto`, so the database sets it and `default = {}` would never apply; remove `default` or `auto`",
                f.ident, d.value
            ),
        );
    }
}

/// `min`/`max` bound a number's value or a string's or array's length.
fn check_bound(cx: &Ctxt, f: &FieldDef, v: &ValidationDef) {
    let k = &v.kind;
    let Some(text) = v.value.as_deref() else {
        return;
    };
    let ty = kind(f);
    let is_array = ty.starts_with("array<");
    match ty {
        "int" | "float" => {
            let Some((lo, hi)) = int_range(&f.value_type).filter(|_| ty == "int") else {
                return;
            };
            let n: f64 = text.parse().unwrap_or(0.0);
            if n < lo as f64 || n > hi as f64 {
                cx.error(
                    v.span,
                    format!(
                        "`{k} = {text}` is outside the range of `{}` ({lo} to {hi}), the type of `{}`, so it {}; give a bound in that range or change the type",
                        f.value_type,
                        f.ident,
                        if (k == "min") == (n < lo as f64) { "always holds" } else { "can never hold" }
                    ),
                );
            }
        }
        "string" | "text" => length_bound(cx, f, v, "characters"),
        _ if is_array => length_bound(cx, f, v, "elements"),
        _ => cx.error(
            v.span,
            format!(
                "`{k}` means nothing for `{}` (type `{ty}`): it bounds a number's value or a string's or array's length; remove it, or write the rule with `validate(...)`",
                f.ident
            ),
        ),
    }
}

fn length_bound(cx: &Ctxt, f: &FieldDef, v: &ValidationDef, unit: &str) {
    let text = v.value.as_deref().unwrap_or_default();
    if text.parse::<u64>().is_err() {
        cx.error(
            v.span,
            format!(
                "`{} = {text}` bounds the length of `{}` (in {unit}), which is a whole number of at least 0; write e.g. `{} = 3`",
                v.kind, f.ident, v.kind
            ),
        );
    }
}

/// Patterns are Rust `regex` syntax, checked here so a bad one never reaches
/// a validator at run time.
fn check_pattern(cx: &Ctxt, f: &FieldDef, v: &ValidationDef) {
    let Some(p) = v.value.as_deref() else { return };
    if !crate::types::is_text(&f.ty) {
        return; // reported by `check_text_validations`
    }
    if let Err(detail) = parse_pattern(p) {
        cx.error(
            v.span,
            format!(
                "`pattern` of `{}` is not a valid regular expression: {detail}; patterns use the Rust `regex` syntax (fix the pattern, e.g. `pattern = \"^[a-z0-9-]+$\"`)",
                f.ident
            ),
        );
    }
}

/// Parses `pattern` as a regular expression, or says what is wrong with it.
/// The patterns that parsed are
/// remembered on this thread: models repeat a few patterns many times (a
/// build step reads thousands of models on each thread), and each parse
/// costs more than the rest of the field's checks.
fn parse_pattern(pattern: &str) -> Result<(), String> {
    use std::cell::RefCell;
    use std::collections::HashSet;
    thread_local! {
        static VALID: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    }
    if VALID.with_borrow(|v| v.contains(pattern)) {
        return Ok(());
    }
    if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
        return Err(match &e {
            regex_syntax::Error::Parse(e) => e.kind().to_string(),
            regex_syntax::Error::Translate(e) => e.kind().to_string(),
            other => other.to_string(),
        });
    }
    VALID.with_borrow_mut(|v| v.insert(pattern.to_owned()));
    Ok(())
}

/// `email` and `url` describe strings.
fn check_text_only(cx: &Ctxt, f: &FieldDef, v: &ValidationDef) {
    if !matches!(f.ty.as_str(), "string" | "text") {
        cx.error(
            v.span,
            format!(
                "`{}` validates text, but `{}` is `{}`; use it on a `String` field (or set `ty = \"string\"`)",
                v.kind, f.ident, f.ty
            ),
        );
    }
}

/// No value is both an email address and a URL.
fn check_email_and_url(cx: &Ctxt, f: &FieldDef) {
    let email = f.validations.iter().find(|v| v.kind == "email");
    let url = f.validations.iter().find(|v| v.kind == "url");
    if let (Some(_), Some(url)) = (email, url) {
        cx.error(
            url.span,
            format!(
                "`{}` has both `email` and `url`, but no value is both; keep the one that describes it",
                f.ident
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::parse_pattern;

    #[test]
    fn a_pattern_is_judged_the_same_each_time_it_is_met() {
        for _ in 0..3 {
            assert!(parse_pattern("^[a-z0-9-]+$").is_ok());
            assert!(parse_pattern("^[a-z").is_err());
        }
    }
}
