//! `#[action(METHOD, name, member|collection, segment = "..", middleware = [..], query(..))]`:
//! a route bound to the resource, beside its REST operations.

use super::values::{self, Seen, key, span};
use crate::ast::{ActionDef, Spanned};
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use conduit_format::{ActionKind, Method};
use syn::ext::IdentExt as _;
use syn::spanned::Spanned as _;

const OPTIONS: &[&str] = &["segment", "middleware", "query"];
const EXAMPLE: &str = "#[action(POST, publish, member)]";

/// The spellings of every HTTP method, for "did you mean".
pub(crate) fn method_names() -> Vec<&'static str> {
    Method::ALL.iter().map(|m| m.as_str()).collect()
}

/// The message for an unknown HTTP method.
pub(crate) fn unknown_method(written: &str) -> String {
    let names = method_names();
    let h = did_you_mean(&written.to_uppercase(), names.iter().copied());
    let h = if h.is_empty() {
        format!("; expected one of {}", values::list(&names))
    } else {
        h
    };
    format!("unknown HTTP method `{written}`{h}")
}

/// Parses one `#[action(...)]`; `None` when it is unusable (reported).
pub fn parse(cx: &Ctxt, attr: &syn::Attribute) -> Option<ActionDef> {
    let (mut method, mut name, mut kind) = (None, None, None);
    let (mut segment, mut middleware, mut query) = (None, Vec::new(), Vec::new());
    let mut positional = 0;
    let mut broken = false;
    let mut seen = Seen::default();
    let read = values::each(cx, attr, |meta| {
        let valued = meta.input.peek(syn::Token![=]) || meta.input.peek(syn::token::Paren);
        let k = key(&meta);
        if !valued {
            // #[action(POST, favorite, member)]: method, name, kind
            positional += 1;
            match positional {
                1 => match k.parse::<Method>() {
                    Ok(m) => method = Some(m),
                    Err(_) => {
                        broken = true;
                        cx.error(span(&meta), unknown_method(&k));
                    }
                },
                2 => match meta.path.get_ident() {
                    Some(ident) => {
                        name = Some(Spanned::new(ident.unraw().to_string(), ident.span()))
                    }
                    None => {
                        broken = true;
                        cx.error(
                            span(&meta),
                            format!("the action's name must be an identifier, e.g. `{EXAMPLE}`"),
                        );
                    }
                },
                3 => match k.parse::<ActionKind>() {
                    Ok(v) => kind = Some(v),
                    Err(_) => {
                        broken = true;
                        let h = did_you_mean(&k, ["member", "collection"]);
                        let h = if h.is_empty() {
                            "; an action is `member` (`/articles/:slug/favorite`) or `collection` (`/articles/feed`)".to_owned()
                        } else {
                            h
                        };
                        cx.error(span(&meta), format!("unknown action kind `{k}`{h}"));
                    }
                },
                _ => {
                    broken = true;
                    cx.error(
                        span(&meta),
                        format!(
                            "unexpected `{k}`: `#[action(...)]` takes a method, a name and `member` or `collection`, then options {}",
                            values::list(OPTIONS)
                        ),
                    );
                }
            }
            return Ok(());
        }
        if OPTIONS.contains(&k.as_str()) && !seen.first(cx, &meta, "action") {
            return values::skip_value(&meta);
        }
        match k.as_str() {
            // #[action(DELETE, unfavorite, member, segment = "favorite")]
            "segment" => {
                segment = values::string(cx, &meta, "segment = \"favorite\"")?;
                if let Some(s) = &segment {
                    if let Err(msg) = check_segment(&s.value) {
                        cx.error(s.span, msg);
                    }
                }
            }
            // #[action(POST, favorite, member, middleware = ["auth"])]
            "middleware" => {
                middleware = values::middleware_list(cx, &meta, "middleware = [\"auth\"]")?
                    .unwrap_or_default()
            }
            // #[action(GET, feed, collection, query(limit: u32 = 20))]
            "query" => query = super::query::parse(cx, &meta, "query(limit: u32 = 20)")?,
            _ => values::unknown(cx, &meta, "action", OPTIONS)?,
        }
        Ok(())
    });
    if !read || broken {
        return None;
    }
    let (Some(method), Some(name), Some(kind)) = (method, name, kind) else {
        let missing = match positional {
            0 => "a method, a name and `member` or `collection`",
            1 => "a name and `member` or `collection` after the method",
            _ => "`member` or `collection` after the name",
        };
        cx.error(
            attr.path().span(),
            format!("`#[action(...)]` needs {missing}, e.g. `{EXAMPLE}`"),
        );
        return None;
    };
    Some(ActionDef {
        method,
        name,
        kind,
        segment,
        middleware,
        query,
        span: attr.span(),
    })
}

/// An action's final segment is one static path segment.
fn check_segment(seg: &str) -> Result<(), String> {
    if seg.contains('/') {
        return Err(format!(
            "`segment` is one path segment, without `/`: write e.g. `segment = \"{}\"`, or declare a longer path with `#[route(...)]`",
            seg.trim_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("favorite")
        ));
    }
    if seg.starts_with([':', '*', '{']) {
        return Err(format!(
            "`segment = \"{seg}\"` is a parameter; an action's segment is static text, e.g. `segment = \"favorite\"`"
        ));
    }
    if seg
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '?' | '#' | '{' | '}'))
    {
        return Err(format!(
            "`segment = \"{seg}\"` must be plain path text (no whitespace, `?`, `#` or braces), e.g. `segment = \"favorite\"`"
        ));
    }
    Ok(())
}
