//! Names: every name a resource gives is a valid identifier for its use
//! (Rust-style for resources, unquoted SQL for tables and columns), and
//! relationships and computed fields do not take a field's name or each
//! other's.

use crate::ast::ResourceDef;
use crate::ctxt::Ctxt;
use conduit_format::RelationKind;
use proc_macro2::Span;
use std::collections::BTreeMap;
use syn::ext::IdentExt as _;

/// An identifier: an ASCII letter or `_`, then letters, digits or `_`.
///
/// ```
/// use conduit_codegen::rules::is_identifier;
/// assert!(is_identifier("BlogPost") && is_identifier("_x1"));
/// assert!(!is_identifier("blog post") && !is_identifier("1st") && !is_identifier(""));
/// ```
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A table name SQL databases accept unquoted: an identifier, optionally
/// qualified by a schema (`audit.events`).
///
/// ```
/// use conduit_codegen::rules::is_sql_identifier;
/// assert!(is_sql_identifier("posts") && is_sql_identifier("audit.events"));
/// assert!(!is_sql_identifier("posts; drop table users") && !is_sql_identifier("a.b.c"));
/// ```
pub fn is_sql_identifier(s: &str) -> bool {
    match s.split_once('.') {
        Some((schema, table)) => is_identifier(schema) && is_identifier(table),
        None => is_identifier(s),
    }
}

fn bad_name(cx: &Ctxt, span: Span, option: &str, value: &str, what: &str, example: &str) {
    cx.error(
        span,
        format!(
            "`{option} = {value:?}` is not a valid {what}: use ASCII letters, digits and `_`, not starting with a digit (no spaces, `-` or `;`), e.g. `{option} = \"{example}\"`"
        ),
    );
}

pub fn check(cx: &Ctxt, def: &ResourceDef) {
    if def.ident.unraw() != def.name.value && !is_identifier(&def.name.value) {
        bad_name(
            cx,
            def.name.span,
            "name",
            &def.name.value,
            "resource name (a Rust-style identifier)",
            "BlogPost",
        );
    }
    if let Some(t) = &def.table {
        if !is_sql_identifier(&t.value) {
            bad_name(
                cx,
                t.span,
                "table",
                &t.value,
                "table name (one a database accepts without quoting)",
                "blog_posts",
            );
        }
    }
    for r in &def.relationships {
        let given = |k: &str| r.option_spans.iter().any(|(o, _)| *o == k);
        if given("name") && !is_identifier(&r.name) {
            bad_name(
                cx,
                r.span_of("name"),
                "name",
                &r.name,
                "relationship name",
                "author",
            );
        }
        if let Some(fk) = r.foreign_key.as_deref().filter(|_| given("foreign_key")) {
            if !is_identifier(fk) {
                let span = r.span_of("foreign_key");
                bad_name(cx, span, "foreign_key", fk, "column name", "author_id");
            }
        }
        if let Some(t) = r.through.as_deref() {
            if !is_sql_identifier(t) {
                let span = r.span_of("through");
                bad_name(cx, span, "through", t, "join table name", "post_tags");
            }
        }
    }
    for (name, span) in def
        .constraints
        .iter()
        .map(|c| (&c.name, c.name_span))
        .chain(def.scopes.iter().map(|s| (&s.name, s.name_span)))
        .chain(def.computed.iter().map(|c| (&c.name, c.name_span)))
    {
        if !is_identifier(name) {
            bad_name(cx, span, "name", name, "name", "title_not_blank");
        }
    }
    check_collisions(cx, def);
}

/// One name, one thing: `post.author` is a field or a relationship, not both.
fn check_collisions(cx: &Ctxt, def: &ResourceDef) {
    // Fields and computed fields clash already (`check::check_unique_names`).
    let taken: BTreeMap<&str, &'static str> = def
        .kept_fields()
        .map(|f| (f.name.as_str(), "field"))
        .chain(
            def.computed
                .iter()
                .map(|c| (c.name.as_str(), "computed field")),
        )
        .collect();
    for r in &def.relationships {
        // Two relationships of one name: `check::check_unique_names`.
        if let Some(what) = taken.get(r.name.as_str()) {
            let fix = if r.kind == RelationKind::BelongsTo && r.field.is_some() && *what == "field"
            {
                format!(
                    "name the foreign-key field `{}_id`, or give the relationship `name = \"...\"`",
                    r.name
                )
            } else {
                "give the relationship another `name = \"...\"`".to_owned()
            };
            cx.error(
                    r.span_of("name"),
                    format!(
                        "relationship `{}` has the name of a {what}, so `{}` would mean two things; {fix}",
                        r.name, r.name
                    ),
                );
        }
    }
    // Scopes are queries over the collection (`Post::published()`), not
    // members of a row: the SPEC's own `published` scope over the
    // `published` field is fine.
}
