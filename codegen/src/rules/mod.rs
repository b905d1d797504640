//! The meaning of one resource: rules that make a schema self-consistent
//! (defaults that fit their type, a usable primary key, valid names, routes
//! without ambiguous parameters, expressions that name real fields).
//!
//! Each rule reports a spanned error at the user's tokens and goes on; see
//! `runtime/src/attributes.md` for the rules as users read them. Rules that
//! need several resources (foreign keys on the other side, inverse pairs,
//! `nested_under` loops) run in the build script.

mod actions;
mod exprs;
mod fields;
mod keys;
mod names;
mod relations;
mod routes;

use crate::ast::ResourceDef;
use crate::ctxt::Ctxt;

pub use exprs::identifiers;
pub use keys::implicit_key;
pub use names::{is_identifier, is_sql_identifier};
pub use relations::key_field;
pub(crate) use routes::param_segment;
pub use routes::resource_path;

/// Runs every single-resource meaning rule.
pub fn check(cx: &Ctxt, def: &ResourceDef) {
    fields::check(cx, def);
    names::check(cx, def);
    routes::check(cx, def);
    actions::check(cx, def);
    relations::check(cx, def);
    exprs::check(cx, def);
    // Last: a missing key is reported only when nothing else was wrong, so a
    // typo in `#[field(primry)]` gives one error, not two.
    keys::check(cx, def);
}

#[cfg(test)]
mod tests {
    use crate::{Ctxt, parse_resource};

    fn parse(input: syn::DeriveInput) -> (crate::ast::ResourceDef, Vec<String>) {
        let cx = Ctxt::new();
        let def = parse_resource(&cx, &input).unwrap();
        let errors = match cx.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (def, errors)
    }

    #[test]
    fn raw_identifiers_are_recorded_without_r_hash() {
        let (def, errors) = parse(syn::parse_quote! {
            struct Item { id: u64, r#type: String, #[belongs_to(Kind)] r#kind_id: u64 }
        });
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(def.fields[1].name, "type");
        assert_eq!(def.relationships[0].name, "kind");
        assert_eq!(def.relationships[0].foreign_key.as_deref(), Some("kind_id"));
    }

    #[test]
    fn the_id_field_is_the_key_when_no_field_is_primary() {
        let (def, errors) = parse(syn::parse_quote!(
            struct Note {
                id: u64,
                title: String,
            }
        ));
        assert!(errors.is_empty(), "{errors:?}");
        assert!(def.fields[0].has(crate::ast::Flag::Primary));
        assert_eq!(def.fields[0].constraints, ["primary"]);
        let (def, _) = parse(syn::parse_quote!(
            struct Note {
                #[field(primary)]
                slug: String,
                id: u64,
            }
        ));
        assert!(!def.fields[1].has(crate::ast::Flag::Primary));
    }

    #[test]
    fn a_missing_key_is_not_reported_beside_another_mistake() {
        let (_, errors) = parse(syn::parse_quote!(
            struct Note {
                #[field(primry)]
                key: u64,
            }
        ));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("did you mean `primary`"), "{errors:?}");
    }

    #[test]
    fn a_valid_schema_has_no_errors() {
        let (_, errors) = parse(syn::parse_quote! {
            #[resource(path = "/orgs/:org_id/users", operations(list, show, create))]
            #[constraint(name = "named", condition = "!name.is_empty() && tags.iter().all(|t| !t.is_empty())", error = "x")]
            #[computed(name = "label", ty = "string", expr = "format!(\"{}\", name)")]
            #[route(method = "POST", path = "/orgs/:org_id/users/:id/invite", handler = "User.invite")]
            struct User {
                #[field(primary, auto)] id: uuid::Uuid,
                #[field(min = 1, max = 50, pattern = "^[a-z ]+$")] name: String,
                #[field(max = 10)] tags: Vec<String>,
                #[field(default = 18, min = 0, max = 150)] age: u8,
                #[field(default = now, auto_update)] seen_at: std::time::SystemTime,
                #[field(default = "2024-01-01T00:00:00Z")] joined_at: std::time::SystemTime,
                #[field(ty = "text")] bio: Option<String>,
                #[belongs_to(Org, on_delete = "set_null")] org_id: Option<u64>,
            }
        });
        assert!(errors.is_empty(), "{errors:?}");
    }
}
