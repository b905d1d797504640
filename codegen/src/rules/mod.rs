//! The meaning of one resource: rules that make a schema self-consistent
//! (defaults that fit their type, a usable primary key, valid names, routes
//! without ambiguous parameters, expressions that name real fields).
//!
//! Each rule reports a spanned error at the user's tokens and goes on; see
//! `runtime/src/attributes.md` for the rules as users read them. Rules that
//! need several resources (foreign keys on the other side, inverse pairs,
//! `nested_under` loops) run in the build script.

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
pub(crate) use routes::brace_or_star;
pub use routes::resource_path;

/// Runs every single-resource meaning rule.
pub fn check(cx: &Ctxt, def: &ResourceDef) {
    fields::check(cx, def);
    names::check(cx, def);
    routes::check(cx, def);
    relations::check(cx, def);
    exprs::check(cx, def);
    // Last: a missing key is reported only when nothing else was wrong, so a
    // typo in `#[field(primry)]` gives one error, not two.
    keys::check(cx, def);
}
