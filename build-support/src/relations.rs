//! Relationship rules that span two resources: the foreign key is on the
//! side that holds it with the type of the other side's primary key,
//! `set_null` keys are nullable, inverse pairs agree, join tables are not
//! either end's own table, and `nested_under` follows a real relationship
//! without loops. Resources the derive rejects are skipped (their error is
//! the derive's to give), as are imported ones (no field spans to point at).

use crate::error::Diagnostic;
use crate::{Entry, Locator};
use conduit_codegen::ast::{FieldDef, Flag, RelationshipDef, ResourceDef};
use conduit_codegen::naming::snake_case;
use conduit_codegen::plain::Plain;
use conduit_codegen::rules::key_field;
use conduit_codegen::suggest::did_you_mean;
use conduit_format::{ReferentialAction, RelationKind};
use std::collections::BTreeMap;

type ByName<'e, 'a> = BTreeMap<&'e str, &'e Entry<'a>>;

/// Runs every relationship rule.
pub fn check(entries: &[Entry], loc: &Locator, out: &mut Vec<Diagnostic>) {
    let by_name: ByName = entries
        .iter()
        .filter(|e| !e.broken)
        .map(|e| (e.def.name.value.as_str(), e))
        .collect();
    for e in entries.iter().filter(|e| !e.broken) {
        for (i, r) in e.def.relationships.iter().enumerate() {
            let Some(t) = e
                .resolved
                .targets
                .get(i)
                .and_then(|t| by_name.get(t.as_str()))
            else {
                continue;
            };
            through_is_not_an_end(e, r, t, loc, out);
            if foreign_key(e, r, t, loc, out) {
                inverse_agrees(e, r, t, loc, out);
            }
        }
        nested_under_relationship(e, &by_name, loc, out);
    }
    nested_loops(entries, &by_name, loc, out);
}

fn primary(def: &ResourceDef<Plain>) -> Option<&FieldDef<Plain>> {
    def.kept_fields().find(|f| f.has(Flag::Primary))
}

fn what(r: &RelationshipDef<Plain>, target: &str) -> String {
    let kind = match r.kind {
        RelationKind::HasManyThrough => "has_many",
        k => k.as_str(),
    };
    format!("`{kind}({target})`")
}

/// The foreign key exists where it lives, with the key's type, and is
/// nullable under `set_null`. `false` when it is missing (reported).
fn foreign_key(
    e: &Entry,
    r: &RelationshipDef<Plain>,
    t: &Entry,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some(fk) = r.foreign_key.as_deref() else {
        return true; // `through`: the keys live in the join table
    };
    let tname = &t.def.name.value;
    // (resource holding the key, resource whose primary key it references)
    let (holder, keyed) = match r.kind {
        RelationKind::BelongsTo => (e, t),
        RelationKind::HasOne | RelationKind::HasMany => (t, e),
        RelationKind::HasManyThrough => return true,
    };
    let Some(field) = key_field(&holder.def, fk) else {
        if r.kind == RelationKind::BelongsTo {
            return false; // the derive reports it
        }
        let hint = did_you_mean(fk, holder.def.kept_fields().map(|f| f.name.as_str()));
        let label = match hint.strip_prefix("; ") {
            Some(h) => h.to_owned(),
            None => format!("`{tname}` has no field `{fk}`"),
        };
        out.push(
            Diagnostic::new(format!(
                "{} on `{}` needs the foreign key `{fk}` on `{tname}`, but `{tname}` has no such field",
                what(r, tname),
                e.def.name.value
            ))
            .at(loc.span(e.file, r.span_of("foreign_key")), label)
            .related(format!("`{tname}` is defined here"), loc.span(t.file, t.def.ident.span()))
            .help(format!(
                "add `pub {fk}: {}` to `{tname}` (with `#[belongs_to({})]`), or name its key field with `foreign_key = \"...\"`",
                primary(&e.def).map_or("u64", |p| p.value_type.as_str()),
                e.def.ident
            )),
        );
        return false;
    };
    if let Some(pk) = primary(&keyed.def) {
        if pk.ty != field.ty {
            out.push(
                Diagnostic::new(format!(
                    "foreign key `{}.{fk}` is `{}` but the primary key `{}.{}` it references is `{}`",
                    holder.def.name.value, field.rust_type, keyed.def.name.value, pk.name, pk.value_type
                ))
                .at(loc.span(holder.file, field.ident.span()), format!("`{}`", field.ty))
                .related(format!("`{}` is `{}` here", pk.name, pk.ty), loc.span(keyed.file, pk.ident.span()))
                .help(format!("give `{fk}` the key's type, e.g. `{}`", opt(field, &pk.value_type))),
            );
        }
    }
    if r.kind != RelationKind::BelongsTo {
        for (key, action) in [("on_delete", r.on_delete), ("on_update", r.on_update)] {
            if action == Some(ReferentialAction::SetNull) && !field.nullable {
                out.push(
                    Diagnostic::new(format!(
                        "`{key} = \"set_null\"` writes NULL into `{tname}.{fk}`, but it is `{}`, which cannot be NULL",
                        field.rust_type
                    ))
                    .at(loc.span(e.file, r.span_of(key)), "needs a nullable foreign key")
                    .related(format!("`{fk}` is declared here"), loc.span(t.file, field.ident.span()))
                    .help(format!("make it `Option<{}>`, or use `cascade` or `restrict`", field.rust_type)),
                );
            }
        }
    }
    true
}

fn opt(field: &FieldDef<Plain>, ty: &str) -> String {
    if field.nullable {
        format!("Option<{ty}>")
    } else {
        ty.to_owned()
    }
}

/// `Post has_many Comment` and `Comment belongs_to Post` describe one
/// foreign key: they must not say different things about it. A side that
/// declares no `on_delete`/`on_update` inherits the other side's.
fn inverse_agrees(
    e: &Entry,
    r: &RelationshipDef<Plain>,
    t: &Entry,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    if !matches!(r.kind, RelationKind::HasMany | RelationKind::HasOne) {
        return;
    }
    let fk = r.foreign_key.as_deref().unwrap_or_default();
    let name = &e.def.name.value;
    let inverse = t.def.relationships.iter().enumerate().find(|(i, b)| {
        b.kind == RelationKind::BelongsTo
            && b.foreign_key.as_deref() == Some(fk)
            && t.resolved.targets.get(*i).is_some_and(|n| n == name)
    });
    let Some((_, b)) = inverse else { return };
    for (key, mine, theirs) in [
        ("on_delete", r.on_delete, b.on_delete),
        ("on_update", r.on_update, b.on_update),
    ] {
        if let (Some(m), Some(o)) = (mine, theirs) {
            if m != o {
                out.push(
                    Diagnostic::new(format!(
                        "`{name}` and `{}` disagree on `{key}` of the foreign key `{fk}`: `{}` here, `{}` on the `belongs_to` side",
                        t.def.name.value,
                        m.as_str(),
                        o.as_str()
                    ))
                    .at(loc.span(e.file, r.span_of(key)), format!("`{}`", m.as_str()))
                    .related(format!("`{}` declared here", o.as_str()), loc.span(t.file, b.span_of(key)))
                    .help(format!(
                        "one foreign key has one `{key}`: remove it from one side (the other inherits it) or make them equal"
                    )),
                );
            }
        }
    }
}

/// A join table is a third table, not one of the ends.
fn through_is_not_an_end(
    e: &Entry,
    r: &RelationshipDef<Plain>,
    t: &Entry,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let Some(through) = r.through.as_deref() else {
        return;
    };
    let end = [&e.def, &t.def].into_iter().find(|d| d.table() == through);
    if let Some(end) = end {
        out.push(
            Diagnostic::new(format!(
                "join table `{through}` of `{}` is the table of `{}`, an end of the relationship",
                e.def.name.value, end.name.value
            ))
            .at(loc.span(e.file, r.span_of("through")), "not a join table")
            .help(format!(
                "name a table of its own, e.g. `through = \"{}_{}\"`, or use `has_many({})` with a foreign key",
                snake_case(&e.def.name.value),
                conduit_codegen::naming::plural(&snake_case(&t.def.name.value)),
                t.def.ident
            )),
        );
    }
}

/// `nested_under = User` puts routes below `/users/:user_id`: the resource
/// must say which user, by a relationship to it or a `user_id` field.
fn nested_under_relationship(
    e: &Entry,
    by_name: &ByName,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(path), Some(parent)) = (&e.def.nested_under, &e.resolved.nested_under) else {
        return;
    };
    let Some(p) = by_name.get(parent.as_str()) else {
        return;
    };
    if p.def.name.value == e.def.name.value {
        return; // a loop of one, reported by `nested_loops`
    }
    nested_parameters(e, p, loc, out);
    let related = e.def.relationships.iter().enumerate().any(|(i, r)| {
        r.kind == RelationKind::BelongsTo && e.resolved.targets.get(i).is_some_and(|t| t == parent)
    });
    let fk = format!("{}_id", snake_case(parent));
    if related || key_field(&e.def, &fk).is_some() {
        return;
    }
    out.push(
        Diagnostic::new(format!(
            "`{}` is nested under `{parent}` but has no relationship to it",
            e.def.name.value
        ))
        .at(
            loc.span(e.file, path.span),
            "no `belongs_to` or foreign key for this parent",
        )
        .help(format!(
            "add `#[belongs_to({})] pub {fk}: {}` so each `{}` knows its `{parent}`",
            p.def.ident,
            primary(&p.def).map_or("u64", |k| k.value_type.as_str()),
            e.def.name.value
        )),
    );
}

/// The nested routes are `{parent path}/:{parent param}{path}/:{param}`: a
/// parameter of the parent's path, or the parent's parameter, may not come
/// again in the child's path or member parameter.
fn nested_parameters(e: &Entry, p: &Entry, loc: &Locator, out: &mut Vec<Diagnostic>) {
    use conduit_codegen::analyze::routes::params;
    let given = e.def.nested_param.as_ref().map(|n| n.value.as_str());
    let parent_param = if p.def.singular.is_some() {
        None
    } else {
        Some(conduit_codegen::naming::nested_param(
            &p.def.name.value,
            p.def.param(),
            given,
        ))
    };
    let mut seen = params(&p.def.path());
    seen.extend(parent_param.clone());
    let at = match &parent_param {
        Some(pp) => format!("{}/:{pp}", p.def.path().trim_end_matches('/')),
        None => p.def.path().trim_end_matches('/').to_owned(),
    };
    let own = e.def.path.as_ref().map(|o| (params(&e.def.path()), o.span));
    if let Some((own_params, span)) = &own {
        for name in own_params {
            if seen.contains(name) {
                out.push(
                    Diagnostic::new(format!(
                        "the nested routes of `{}` would have `:{name}` twice: `{at}{}`",
                        e.def.name.value,
                        e.def.path()
                    ))
                    .at(loc.span(e.file, *span), format!("`:{name}` comes from the parent already"))
                    .help("remove the parent's part from `path`: `nested_under` puts the parent's path in front"),
                );
            }
        }
    }
    let member = e.def.singular.is_none() && e.def.operations().iter().any(|o| o.has_id());
    if member && parent_param.as_deref() == Some(e.def.param()) {
        let span = e
            .def
            .nested_param
            .as_ref()
            .map(|n| n.span)
            .or(e.def.param.as_ref().map(|n| n.span))
            .unwrap_or(e.def.name.span);
        out.push(
            Diagnostic::new(format!(
                "the nested member routes of `{}` would have `:{}` twice: `{at}{}/:{}`",
                e.def.name.value,
                e.def.param(),
                e.def.path(),
                e.def.param()
            ))
            .at(loc.span(e.file, span), "the parent's parameter and the member parameter share a name")
            .help(format!(
                "name the parent's parameter after the parent, e.g. `nested_under({}, param = \"{}_{}\")`",
                p.def.ident,
                conduit_codegen::naming::snake_case(&p.def.name.value),
                p.def.param()
            )),
        );
    }
}

/// `A nested_under B nested_under A` has no first route to hang the others on.
fn nested_loops(entries: &[Entry], by_name: &ByName, loc: &Locator, out: &mut Vec<Diagnostic>) {
    for e in entries.iter().filter(|e| !e.broken) {
        let start = e.def.name.value.as_str();
        let mut chain = vec![start];
        let mut cur = e;
        while let Some(parent) = cur
            .resolved
            .nested_under
            .as_deref()
            .and_then(|p| by_name.get(p))
        {
            let name = parent.def.name.value.as_str();
            if name == start {
                // Report each loop once, on its first member by name.
                if chain.iter().all(|n| *n >= start) {
                    chain.push(start);
                    let span = e
                        .def
                        .nested_under
                        .as_ref()
                        .map_or(e.def.name.span, |p| p.span);
                    out.push(
                        Diagnostic::new(format!("`nested_under` loops: {}", chain.join(" under ")))
                            .at(loc.span(e.file, span), "starts the loop")
                            .help("nesting follows parents up to a top-level resource; remove `nested_under` from one of them"),
                    );
                }
                break;
            }
            if chain.contains(&name) {
                break; // a loop that does not pass through `start`
            }
            chain.push(name);
            cur = parent;
        }
    }
}
