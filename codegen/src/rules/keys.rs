//! Primary keys: exactly one field identifies a row, of a type that can.
//! A resource without `primary` uses its `id` field, as web frameworks do.

use crate::ast::{FieldDef, Flag, ResourceDef, Spanned};
use crate::ctxt::Ctxt;

/// Why `f` cannot be a primary key, if it cannot.
fn unfit_key(f: &FieldDef) -> Option<&'static str> {
    if f.nullable {
        return Some("nullable");
    }
    match f.ty.as_str() {
        "bool" => Some("a `bool` (two values cannot tell many rows apart)"),
        "float" => Some("a float (floats compare inexactly)"),
        "json" => Some("`json`"),
        t if t.starts_with("array<") => Some("an array"),
        _ => None,
    }
}

/// Marks the `id` field `primary` when no field is: the convention of Rails,
/// Django and Ecto, so `struct Note { id: u64, .. }` has a key without ceremony.
/// Only a field that can be a key is chosen.
pub fn implicit_key(def: &mut ResourceDef) {
    let kept = || def.fields.iter().filter(|f| f.skip.is_none());
    if kept().any(|f| f.has(Flag::Primary)) {
        return;
    }
    let Some(id) = def
        .fields
        .iter_mut()
        .find(|f| f.skip.is_none() && f.name == "id")
    else {
        return;
    };
    if unfit_key(id).is_none() {
        id.flags.push(Spanned::new(Flag::Primary, id.span));
        id.constraints.insert(0, "primary".to_owned());
    }
}

pub fn check(cx: &Ctxt, def: &ResourceDef) {
    let kept: Vec<&FieldDef> = def.kept_fields().collect();
    if kept.is_empty() {
        let msg = if def.fields.is_empty() {
            format!(
                "`{}` has no fields, so its metadata would describe nothing; add its key, e.g. `pub id: u64`",
                def.ident
            )
        } else {
            format!(
                "every field of `{}` is `skip`ped, so its metadata would describe nothing; keep at least its key (remove `skip` from it)",
                def.ident
            )
        };
        return cx.error(def.ident.span(), msg);
    }
    let keys: Vec<(&FieldDef, &Spanned<Flag>)> = kept
        .iter()
        .filter_map(|f| Some((*f, f.flags.iter().find(|fl| fl.value == Flag::Primary)?)))
        .collect();
    for (f, flag) in &keys {
        // Nullable keys are reported by `check::check_primary_not_nullable`.
        if let Some(why) = unfit_key(f).filter(|_| !f.nullable) {
            cx.error(
                flag.span,
                format!(
                    "primary key `{}` cannot be {why}; make the key an integer or a uuid (`u64`, `Uuid`) and move `primary` to it",
                    f.ident
                ),
            );
        }
    }
    if let [(first, _), rest @ ..] = keys.as_slice() {
        for (f, flag) in rest {
            cx.error(
                flag.span,
                format!(
                    "`{}` has a second primary key `{}` (the first is `{}`); composite keys are not supported: keep `primary` on one field and mark this one `unique`",
                    def.ident, f.ident, first.ident
                ),
            );
        }
    }
    if keys.is_empty() && !cx.has_errors() {
        let msg = match kept.iter().find(|f| f.name == "id") {
            Some(id) => format!(
                "`{}` has no primary key: its `id` field is `{}`, which cannot be a key ({}); make it `id: u64` (or `Uuid`), or mark another field `#[field(primary)]`",
                def.ident,
                id.rust_type,
                unfit_key(id).unwrap_or("unfit")
            ),
            None => format!(
                "`{}` has no primary key; mark the field that identifies a row `#[field(primary)]`, or add `pub id: u64` (an `id` field is the key by default)",
                def.ident
            ),
        };
        cx.error(def.ident.span(), msg);
    }
}
