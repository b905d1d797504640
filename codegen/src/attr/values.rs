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
        .unwrap_or_else(|| crate::types::canonical_path(&meta.path))
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
    let input = meta.value()?;
    if let Some(expr) = plain_value(input) {
        return Ok(Some(expr));
    }
    Ok(Some(input.parse()?))
}

/// The common option values without syn's expression parser: a literal, a
/// path without generic arguments (`crate::hooks::audit`) or an array of
/// literals, each followed by `,` or the end. Anything else (and anything
/// after them) is left to `Expr`'s parser; what this returns is the `Expr`
/// that parser returns for the same tokens.
fn plain_value(input: syn::parse::ParseStream) -> Option<Expr> {
    use syn::parse::discouraged::Speculative;
    let fork = input.fork();
    let expr = if fork.peek(syn::token::Bracket) {
        plain_array(&fork).ok()??
    } else if fork.cursor().literal().is_some() {
        lone_literal(&fork)?
    } else {
        Expr::Path(syn::ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: fork.call(syn::Path::parse_mod_style).ok()?,
        })
    };
    if !(fork.is_empty() || fork.peek(Token![,])) {
        return None;
    }
    input.advance_to(&fork);
    Some(expr)
}

/// `[lit, lit, ...]` as `Expr::Array`; `Ok(None)` when an element is not a
/// plain literal.
fn plain_array(input: syn::parse::ParseStream) -> syn::Result<Option<Expr>> {
    let content;
    let bracket_token = syn::bracketed!(content in input);
    let mut elems = syn::punctuated::Punctuated::new();
    while !content.is_empty() {
        let Some(lit) = lone_literal(&content) else {
            return Ok(None);
        };
        elems.push_value(lit);
        if content.is_empty() {
            break;
        }
        elems.push_punct(content.parse::<Token![,]>()?);
    }
    Ok(Some(Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token,
        elems,
    })))
}

/// A literal token as `Expr::Lit`, when it is not the start of a longer
/// expression.
fn lone_literal(input: syn::parse::ParseStream) -> Option<Expr> {
    input.cursor().literal()?;
    let lit: Lit = input.parse().ok()?;
    (input.is_empty() || input.peek(Token![,])).then(|| {
        Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit,
        })
    })
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
        let name = crate::types::canonical_path(p);
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
    // A one-identifier key's span is its identifier's, without printing
    // the path to tokens to join their spans.
    match meta.path.get_ident() {
        Some(ident) => ident.span(),
        None => meta.path.span(),
    }
}

/// The name of an attribute (`route` for `#[route(...)]`).
pub fn attr_name(attr: &syn::Attribute) -> String {
    crate::types::canonical_path(attr.path())
}

#[cfg(test)]
mod tests {
    use super::plain_value;
    use syn::Expr;
    use syn::parse::Parser;

    /// The values of `text` (separated by commas) as `plain_value` and then
    /// syn's parser read them, and as syn's parser alone reads them.
    fn both(text: &str) -> (Vec<Expr>, Vec<Expr>) {
        let values = |fast: bool| {
            move |input: syn::parse::ParseStream| {
                let mut out = Vec::new();
                while !input.is_empty() {
                    out.push(match fast.then(|| plain_value(input)).flatten() {
                        Some(e) => e,
                        None => input.parse::<Expr>()?,
                    });
                    if !input.is_empty() {
                        input.parse::<syn::Token![,]>()?;
                    }
                }
                Ok(out)
            }
        };
        (
            values(true).parse_str(text).unwrap(),
            values(false).parse_str(text).unwrap(),
        )
    }

    #[test]
    fn plain_values_parse_as_syn_parses_them() {
        for text in [
            r#""posts""#,
            "5, 5u8, 1.5, -1, 'c', b\"x\"",
            "true, false, crate::hooks::audit, self::f, ::std::f, Self",
            r#"["cors", "auth", "cache(300)"], ["a",], [], [1, 2]"#,
            r#"["a", x], [-1], "a" + "b", f(x), a.b, Vec::<u8>::new, x as u8"#,
            "a::b, c",
        ] {
            let (fast, syn) = both(text);
            assert_eq!(fast, syn, "{text}");
        }
    }

    #[test]
    fn other_values_are_left_untouched_for_syn() {
        let taken = |text: &str| {
            let parser = |input: syn::parse::ParseStream| {
                let fast = plain_value(input).is_some();
                // Declined values are left whole for syn's parser.
                input.parse::<Expr>()?;
                Ok(fast)
            };
            parser.parse_str(text).unwrap_or(true)
        };
        for plain in [r#""posts""#, "crate::hooks::audit", r#"["a", "b",]"#, "7"] {
            assert!(taken(plain), "{plain}");
        }
        for other in [
            "-1",
            r#""a" + "b""#,
            r#"["a", x]"#,
            "f(x)",
            "true",
            "Vec::<u8>::new",
        ] {
            assert!(!taken(other), "{other}");
        }
    }
}
