//! Rules that span several attributes of one resource, one `check_*` each.
//! Rules that need several resources live in the build step's `cross` checks.

use crate::ast::{Flag, ResourceDef};
use crate::ctxt::Ctxt;
use std::collections::BTreeMap;
use syn::ext::IdentExt as _;

/// Runs every single-resource rule.
pub fn check(cx: &Ctxt, def: &ResourceDef) {
    check_skip(cx, def);
    check_min_max(cx, def);
    check_text_validations(cx, def);
    check_primary_not_nullable(cx, def);
    check_unique_names(cx, def);
    check_middleware_operations(cx, def);
    crate::rules::check(cx, def);
}

/// A skipped field is not in the metadata, so any other option on it is a
/// contradiction the user should resolve.
fn check_skip(cx: &Ctxt, def: &ResourceDef) {
    for f in &def.fields {
        let Some(skip) = f.skip else { continue };
        let mut others: Vec<&str> = f.flags.iter().map(|fl| fl.value.as_str()).collect();
        if f.default.is_some() {
            others.push("default");
        }
        others.extend(f.validations.iter().map(|v| v.kind.as_str()));
        if f.ty_override.is_some() {
            others.push("ty");
        }
        if !f.tags.is_empty() {
            others.push("tags");
        }
        if f.ident.unraw() != f.name {
            others.push("rename");
        }
        if def
            .relationships
            .iter()
            .any(|r| r.field.as_ref() == Some(&f.ident))
        {
            others.push("belongs_to");
        }
        if let Some(first) = others.first() {
            cx.error(
                skip,
                format!(
                    "`skip` leaves `{}` out of the metadata, so `{first}` would have no effect; remove `skip` or `{first}`",
                    f.ident
                ),
            );
        }
    }
}

/// `min` above `max` can never be satisfied.
fn check_min_max(cx: &Ctxt, def: &ResourceDef) {
    for f in &def.fields {
        let bound = |kind: &str| {
            f.validations
                .iter()
                .find(|v| v.kind == kind)
                .and_then(|v| Some((v.value.as_deref()?.parse::<f64>().ok()?, v.span)))
        };
        if let (Some((min, _)), Some((max, span))) = (bound("min"), bound("max")) {
            if min > max {
                cx.error(
                    span,
                    format!(
                        "`min = {min}` is greater than `max = {max}` on `{}`, so no value can pass; lower `min` or raise `max`",
                        f.ident
                    ),
                );
            }
        }
    }
}

/// `pattern` validates text (`email` and `url`: see `rules::fields`).
fn check_text_validations(cx: &Ctxt, def: &ResourceDef) {
    for f in def.kept_fields() {
        for v in &f.validations {
            if v.kind == "pattern" && !crate::types::is_text(&f.ty) {
                cx.error(
                    v.span,
                    format!(
                        "`{}` validates text, but `{}` is `{}`; use it on a `String` field (or set `ty = \"string\"`)",
                        v.kind, f.ident, f.ty
                    ),
                );
            }
        }
    }
}

/// A primary key cannot be NULL.
fn check_primary_not_nullable(cx: &Ctxt, def: &ResourceDef) {
    for f in def.kept_fields() {
        if let Some(p) = f.flags.iter().find(|fl| fl.value == Flag::Primary) {
            if f.nullable {
                // `Option<u64>` -> `u64`
                let inner = f
                    .rust_type
                    .split_once('<')
                    .and_then(|(_, rest)| rest.strip_suffix('>'))
                    .unwrap_or(&f.rust_type);
                cx.error(
                    p.span,
                    format!(
                        "primary key `{}` cannot be nullable; write `{}: {inner}` instead of `{}`",
                        f.ident, f.ident, f.rust_type
                    ),
                );
            }
        }
    }
}

/// Reports every item whose name was seen before, with `msg(name)`.
fn report_duplicates<'a>(
    cx: &Ctxt,
    items: impl Iterator<Item = (&'a str, proc_macro2::Span)>,
    msg: impl Fn(&str) -> String,
) {
    let mut seen = BTreeMap::new();
    for (name, span) in items {
        if seen.insert(name, span).is_some() {
            cx.error(span, msg(name));
        }
    }
}

fn unique_names(what: &'static str) -> impl Fn(&str) -> String {
    move |name| format!("duplicate {what} `{name}`; names must be unique within a resource")
}

/// Names are keys of lookups (`field(name)`) and of the database schema.
fn check_unique_names(cx: &Ctxt, def: &ResourceDef) {
    let mut names = BTreeMap::new();
    for (name, ident, span) in def
        .kept_fields()
        .map(|f| (f.name.as_str(), Some(&f.ident), f.span))
        .chain(def.computed.iter().map(|c| (c.name.as_str(), None, c.span)))
    {
        if names.insert(name, span).is_none() {
            continue;
        }
        let msg = match ident {
            Some(ident) if ident.unraw() != name => format!(
                "`{ident}` is renamed to `{name}`, but another field is already named `{name}`; pick another `rename`"
            ),
            Some(_) => unique_names("field name")(name),
            None => format!(
                "computed field `{name}` has the name of another field; pick another `name`"
            ),
        };
        cx.error(span, msg);
    }
    report_duplicates(
        cx,
        def.relationships.iter().map(|r| (r.name.as_str(), r.span)),
        |name| format!("duplicate relationship name `{name}`; give one of them `name = \"...\"`"),
    );
    report_duplicates(
        cx,
        def.constraints.iter().map(|c| (c.name.as_str(), c.span)),
        unique_names("constraint"),
    );
    report_duplicates(
        cx,
        def.scopes.iter().map(|s| (s.name.as_str(), s.span)),
        unique_names("scope"),
    );
    let hooks: Vec<(String, proc_macro2::Span)> = def
        .hooks
        .iter()
        .map(|h| {
            (
                format!(
                    "{} = {}",
                    h.kind.as_str(),
                    crate::types::canonical_path(&h.function)
                ),
                h.span,
            )
        })
        .collect();
    report_duplicates(cx, hooks.iter().map(|(n, s)| (n.as_str(), *s)), |hook| {
        format!("hook `{hook}` is declared twice; remove one")
    });
}

/// Middleware for an operation the resource does not expose would never run.
fn check_middleware_operations(cx: &Ctxt, def: &ResourceDef) {
    let ops = def.operations();
    for mw in &def.middleware {
        if !ops.contains(&mw.operation) {
            cx.error(
                mw.span,
                format!(
                    "middleware for `{}`, but `{}` does not expose that operation; add it to `operations(...)` or remove the chain",
                    mw.operation, def.name.value
                ),
            );
        }
    }
}

/// Checks a route path pattern: `/` first, no empty segments, parameters
/// (`:param` or `{param}`) with identifier names, each once, and at most one
/// catch-all (`*rest` or `{*rest}`), as the last segment.
///
/// ```
/// use conduit_codegen::check::route_path;
/// assert!(route_path("/posts/:id/publish").is_ok());
/// assert!(route_path("/posts/{slug}/files/{*rest}").is_ok());
/// assert!(route_path("posts").is_err());
/// assert!(route_path("/a/:id/:id").is_err());
/// assert!(route_path("/a/*rest/b").is_err());
/// ```
pub fn route_path(path: &str) -> Result<(), String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!("route path must start with `/`: write `/{path}`"));
    };
    if rest.is_empty() {
        return Ok(());
    }
    let mut params: Vec<&str> = Vec::new();
    let segs: Vec<&str> = rest.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        let seg = *seg;
        if seg.is_empty() {
            return Err(format!(
                "route path `{path}` has an empty segment (`//` or a trailing `/`)"
            ));
        }
        if let Some(i) = seg.find(['?', '#']) {
            return Err(format!(
                "route path `{path}` contains `{}`: a query string or fragment is not part of a route; remove `{}`",
                &seg[i..=i],
                &seg[i..]
            ));
        }
        if seg.chars().any(char::is_whitespace) {
            return Err(format!(
                "route path segment `{seg}` contains whitespace; write words with `-` or `_`, e.g. `/{}`",
                seg.split_whitespace().collect::<Vec<_>>().join("-")
            ));
        }
        let Some((name, catch_all)) = crate::rules::param_segment(seg)? else {
            continue;
        };
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "route parameter `{seg}` needs an identifier name, e.g. `{}`",
                if catch_all { "*rest" } else { ":id" }
            ));
        }
        if catch_all && i + 1 != segs.len() {
            return Err(format!(
                "catch-all `{seg}` in `{path}` takes the rest of the path, so it must be the last segment; move it to the end or write `:{name}` for one segment"
            ));
        }
        if params.contains(&name) {
            let sigil = if catch_all { '*' } else { ':' };
            return Err(format!(
                "route parameter `{sigil}{name}` appears twice in `{path}`; rename one of them"
            ));
        }
        params.push(name);
    }
    if params.len() > conduit_format::generated::MAX_ROUTE_PARAMS {
        return Err(format!(
            "route path `{path}` has {} parameters; at most {} are supported",
            params.len(),
            conduit_format::generated::MAX_ROUTE_PARAMS
        ));
    }
    Ok(())
}
