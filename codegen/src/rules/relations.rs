//! What one resource can tell about its `belongs_to` relationships: the
//! foreign key is one of its fields, and `set_null` needs it nullable. The
//! other side (`has_many`, key types, inverse pairs) is the build script's.

use crate::ast::{FieldDef, RelationshipDef, ResourceDef, Syntax};
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use conduit_format::{ReferentialAction, RelationKind};
use syn::ext::IdentExt as _;

/// The field a foreign key names, by column name or Rust identifier
/// (`r#type` is named `type`).
pub fn key_field<'a, X: Syntax>(def: &'a ResourceDef<X>, fk: &str) -> Option<&'a FieldDef<X>> {
    def.kept_fields().find(|f| {
        let ident = f.ident.to_string();
        f.name == fk || ident.strip_prefix("r#").unwrap_or(&ident) == fk
    })
}

pub fn check(cx: &Ctxt, def: &ResourceDef) {
    for r in def
        .relationships
        .iter()
        .filter(|r| r.kind == RelationKind::BelongsTo)
    {
        let Some(fk) = r.foreign_key.as_deref() else {
            continue;
        };
        if !crate::rules::is_identifier(fk) {
            continue; // reported as an invalid column name
        }
        if def
            .fields
            .iter()
            .any(|f| f.skip.is_some() && (f.name == fk || f.ident.unraw() == fk))
        {
            continue; // `check_skip` says why the key is not in the metadata
        }
        match key_field(def, fk) {
            Some(f) => check_set_null(cx, r, f),
            None => {
                let target = crate::naming::last_segment(&r.target);
                let hint = did_you_mean(fk, def.kept_fields().map(|f| f.name.as_str()));
                let fix = if hint.is_empty() {
                    format!(
                        "; add the field (`pub {fk}: u64`), or name the one that holds the key with `foreign_key = \"...\"`"
                    )
                } else {
                    hint
                };
                cx.error(
                    r.span_of("foreign_key"),
                    format!(
                        "`belongs_to({target})` needs its foreign key `{fk}` on `{}`, but it has no such field{fix}",
                        def.name.value
                    ),
                );
            }
        }
    }
}

/// `set_null` writes NULL into the foreign key: it must be an `Option`.
pub fn check_set_null(cx: &Ctxt, r: &RelationshipDef, f: &FieldDef) {
    for (key, action) in [("on_delete", r.on_delete), ("on_update", r.on_update)] {
        if action == Some(ReferentialAction::SetNull) && !f.nullable {
            cx.error(
                r.span_of(key),
                format!(
                    "`{key} = \"set_null\"` writes NULL into `{}`, but it is `{}`, which cannot be NULL; make it `Option<{}>`, or use `cascade` or `restrict`",
                    f.name, f.rust_type, f.rust_type
                ),
            );
        }
    }
}
