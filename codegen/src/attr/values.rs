//! Parsers for attribute values shared by every attribute: strings, literals,
//! string lists, paths, flags, and the "unknown option" report.

use crate::ast::Spanned;
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use proc_macro2::Span;
use std::collections::BTreeSet;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Expr, Lit, Token};

/// The option name of a nested meta (`table` in `table = "posts"`).
pub fn key(meta: &ParseNestedMeta) -> String {
    meta.path
        .get_ident()
        .map(|i| i.to_string())
        .unwrap_or_else(|| crate::types::canonical(&meta.path))
}

/// Consumes whatever value follows an option (`= expr` or `(...)`), so that
/// parsing can go on after a reported mistake.
pub fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        // Unparsed tokens left in `content` would make syn fail the whole
        // attribute with "unexpected token".
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// Reports an unknown option with a suggestion, and skips its value.
pub fn unknown(cx: &Ctxt, meta: &ParseNestedMeta, attr: &str, known: &[&str]) -> syn::Result<()> {
    let k = key(meta);
    let hint = did_you_mean(&k, known.iter().copied());
    let hint = if hint.is_empty() {
        format!("; expected one of {}", list(known))
    } else {
        hint
    };
    cx.error(
        meta.path.span(),
        format!("unknown option `{k}` in {}{hint}", group(attr)),
    );
    skip_value(meta)
}

/// How to name an option group in messages: `` `#[field(...)]` `` for an
/// attribute, `` `validate(...)` `` for a group nested inside one.
pub fn group(attr: &str) -> String {
    if super::HELPER_ATTRIBUTES.contains(&attr) {
        format!("`#[{attr}(...)]`")
    } else {
        format!("`{attr}(...)`")
    }
}

/// `` `a`, `b`, `c` ``
pub fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tracks the options already given in one attribute group.
#[derive(Default)]
pub struct Seen(BTreeSet<String>);

impl Seen {
    /// Reports a second occurrence of `meta`'s option; `true` if it is new.
    pub fn first(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, attr: &str) -> bool {
        let k = key(meta);
        if self.0.insert(k.clone()) {
            true
        } else {
            cx.error(
                meta.path.span(),
                format!("duplicate option `{k}` in {}; give it once", group(attr)),
            );
            false
        }
    }

    /// Whether the option was given (with a valid value or not).
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }
}

/// `key = "text"` with some non-blank text: the string, or a reported error
/// (value consumed either way).
pub fn string(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<Spanned<String>>> {
    let s = string_or_empty(cx, meta, example)?;
    if let Some(s) = &s {
        if s.value.trim().is_empty() {
            let k = key(meta);
            cx.error(s.span, format!("`{k}` must not be empty, e.g. `{example}`"));
            return Ok(None);
        }
    }
    Ok(s)
}

/// The expression after `key =`, or a reported "`key` needs <what>" (value
/// skipped) when there is no `=`.
fn value_expr(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    what: &str,
    example: &str,
) -> syn::Result<Option<Expr>> {
    if !meta.input.peek(Token![=]) {
        let k = key(meta);
        cx.error(
            meta.path.span(),
            format!("`{k}` needs {what}, e.g. `{example}`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    Ok(Some(meta.value()?.parse()?))
}

/// `key = "text"`, where the caller reports an empty string itself.
pub fn string_or_empty(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<Spanned<String>>> {
    let k = key(meta);
    let Some(expr) = value_expr(cx, meta, "a string value", example)? else {
        return Ok(None);
    };
    match &expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(Some(Spanned::new(s.value(), s.span()))),
        other => {
            cx.error(
                other.span(),
                format!("`{k}` takes a string literal, e.g. `{example}`"),
            );
            Ok(None)
        }
    }
}

/// A literal, or a negated numeric literal, as `(text, number)`: strings give
/// their quoted Rust spelling when `quoted`, else their content.
pub(crate) fn literal_text(expr: &Expr, quoted: bool) -> Option<(String, Option<f64>)> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) if quoted => Some((format!("{:?}", s.value()), None)),
            Lit::Str(s) => Some((s.value(), None)),
            Lit::Int(i) => Some((i.base10_digits().to_owned(), i.base10_digits().parse().ok())),
            Lit::Float(f) => Some((f.base10_digits().to_owned(), f.base10_digits().parse().ok())),
            Lit::Bool(b) => Some((b.value.to_string(), None)),
            Lit::Char(c) => Some((format!("{:?}", c.value()), None)),
            _ => None,
        },
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => {
            let (text, n) = literal_text(expr, quoted)?;
            let n = n?;
            Some((format!("-{text}"), Some(-n)))
        }
        Expr::Group(g) => literal_text(&g.expr, quoted),
        _ => None,
    }
}

/// `key = <literal>`: its text (strings quoted) for `default`.
pub fn literal(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<Spanned<String>>> {
    let k = key(meta);
    let Some(expr) = value_expr(cx, meta, "a value", example)? else {
        return Ok(None);
    };
    match literal_text(&expr, true) {
        Some((text, _)) => Ok(Some(Spanned::new(text, expr.span()))),
        // default = now: the named default of timestamps and dates
        None if matches!(&expr, Expr::Path(p) if p.path.is_ident("now")) => {
            Ok(Some(Spanned::new("now".to_owned(), expr.span())))
        }
        None => {
            cx.error(
                expr.span(),
                format!("`{k}` takes a literal (string, number or bool), e.g. `{example}`"),
            );
            Ok(None)
        }
    }
}

/// `key = <number>`: its text and value, for `min`/`max`.
pub fn number(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Spanned<(String, f64)>>> {
    let k = key(meta);
    let ex = format!("{k} = 3");
    let Some(expr) = value_expr(cx, meta, "a number", &ex)? else {
        return Ok(None);
    };
    match literal_text(&expr, false) {
        Some((text, Some(n))) => Ok(Some(Spanned::new((text, n), expr.span()))),
        _ => {
            let fix = match &expr {
                Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(s), ..
                }) if s.value().trim().parse::<f64>().is_ok() => {
                    format!("; write `{k} = {}` without quotes", s.value().trim())
                }
                _ => format!(", e.g. `{k} = 3`"),
            };
            cx.error(expr.span(), format!("`{k}` takes a number literal{fix}"));
            Ok(None)
        }
    }
}

/// `key = <literal>` for `validate(value = ...)`: unquoted text.
pub fn plain_literal(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<String>> {
    if !meta.input.peek(Token![=]) {
        cx.error(meta.path.span(), "`value` needs a value, e.g. `value = 3`");
        skip_value(meta)?;
        return Ok(None);
    }
    let expr: Expr = meta.value()?.parse()?;
    match literal_text(&expr, false) {
        Some((text, _)) => Ok(Some(text)),
        None => {
            cx.error(
                expr.span(),
                "`value` takes a literal (string, number or bool), e.g. `value = 3`",
            );
            Ok(None)
        }
    }
}

/// `key = ["a", "b"]`
pub fn string_list(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<Vec<String>>> {
    Ok(spanned_string_list(cx, meta, example)?.map(|v| v.into_iter().map(|s| s.value).collect()))
}

/// `key = ["auth", "cache(300)"]`: a middleware chain, each name a trimmed
/// word on one line (names are matched exactly, in patterns and by users).
pub fn middleware_list(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<Vec<String>>> {
    let Some(list) = spanned_string_list(cx, meta, example)? else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let v = &s.value;
        if v.chars().any(char::is_control) {
            cx.error(
                s.span,
                format!(
                    "middleware name {v:?} contains a line break or control character; write the name on one line, e.g. `\"{}\"`",
                    v.split_whitespace().next().unwrap_or("auth")
                ),
            );
        } else if v.trim() != v {
            cx.error(
                s.span,
                format!(
                    "middleware name {v:?} has leading or trailing whitespace; write `\"{}\"`",
                    v.trim()
                ),
            );
        } else {
            out.push(s.value);
        }
    }
    Ok(Some(out))
}

fn spanned_string_list(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<Vec<Spanned<String>>>> {
    let k = key(meta);
    let Some(expr) = value_expr(cx, meta, "a list of strings", example)? else {
        return Ok(None);
    };
    let Expr::Array(arr) = &expr else {
        cx.error(
            expr.span(),
            format!("`{k}` takes a list of strings, e.g. `{example}`"),
        );
        return Ok(None);
    };
    let mut out = Vec::new();
    for el in &arr.elems {
        match el {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) if !s.value().trim().is_empty() => out.push(Spanned::new(s.value(), s.span())),
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => cx.error(s.span(), format!("empty string in `{k}`; remove it")),
            other => cx.error(
                other.span(),
                format!("`{k}` takes string literals, e.g. `{example}`"),
            ),
        }
    }
    Ok(Some(out))
}

/// `key = some::Path`
pub fn path(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<syn::Path>> {
    let k = key(meta);
    let Some(expr) = value_expr(cx, meta, "a path", example)? else {
        return Ok(None);
    };
    match expr {
        Expr::Path(p) if p.qself.is_none() => Ok(Some(p.path)),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => {
            cx.error(
                s.span(),
                format!(
                    "`{k}` takes a path, not a string: write `{k} = {}`",
                    s.value()
                ),
            );
            Ok(None)
        }
        other => {
            cx.error(
                other.span(),
                format!("`{k}` takes a path, e.g. `{example}`"),
            );
            Ok(None)
        }
    }
}

/// A bare option such as `primary`: reports and skips a value if one is given.
pub fn flag(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        let k = key(meta);
        cx.error(
            meta.path.span(),
            format!("`{k}` takes no value; write just `{k}`"),
        );
        skip_value(meta)?;
        return Ok(false);
    }
    Ok(true)
}

/// Runs `f` over each nested option of `attr`, reporting syntax errors.
/// `false` when the options could not all be read (reported): callers then
/// do not report missing options.
pub fn each(
    cx: &Ctxt,
    attr: &syn::Attribute,
    f: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) -> bool {
    if let syn::Meta::Path(p) = &attr.meta {
        let name = crate::types::canonical(p);
        cx.error(
            p.span(),
            format!("`#[{name}]` needs options in parentheses, e.g. `#[{name}(...)]`"),
        );
        return false;
    }
    match attr.parse_nested_meta(f) {
        Ok(()) => true,
        Err(e) => {
            cx.syn_error(e);
            false
        }
    }
}

/// Runs `f` over each nested option inside `key(...)`. `Ok(false)` when
/// there is no list or it is empty (both reported).
pub fn each_nested(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
    f: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<bool> {
    if !meta.input.peek(syn::token::Paren) {
        let k = key(meta);
        cx.error(
            meta.path.span(),
            format!("`{k}` takes a list in parentheses, e.g. `{example}`"),
        );
        return skip_value(meta).map(|()| false);
    }
    let fork = meta.input.fork();
    let content;
    syn::parenthesized!(content in fork);
    if content.is_empty() {
        let k = key(meta);
        cx.error(
            meta.path.span(),
            format!("`{k}()` is empty; list something in it, e.g. `{example}`"),
        );
        return skip_value(meta).map(|()| false);
    }
    meta.parse_nested_meta(f).map(|()| true)
}

/// The span of a meta's path, for reporting.
pub fn span(meta: &ParseNestedMeta) -> Span {
    meta.path.span()
}

/// The name of an attribute (`route` for `#[route(...)]`).
pub fn attr_name(attr: &syn::Attribute) -> String {
    crate::types::canonical(attr.path())
}
