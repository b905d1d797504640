//! conduit's generator, shared by `#[derive(Resource)]` and the build script.
//!
//! One module per stage, as in serde_derive: [`attr`] parses a struct into the
//! [`ast`] model (collecting every mistake in a [`Ctxt`]), [`check`] applies the
//! rules that span several attributes, [`expand`] writes the derive's tokens,
//! [`lower`] turns the model into the stored [`conduit_format::schema`], and
//! [`emit`] writes the blob and the Rust source of the registry.
//!
//! This is a plain library (no proc-macro dependency): the derive is one call
//! into [`derive_resource`], and `conduit-build` uses the same parser.
//!
//! # Features
//!
//! - `build` (default): the build step's stages ([`lower`], [`analyze`],
//!   [`emit`]), which need rkyv. `conduit-macros` turns it off:
//!   the derive only parses, checks and expands.
//!
//! ```
//! use conduit_codegen::{Ctxt, parse_resource};
//! let input: syn::DeriveInput = syn::parse_quote! {
//!     #[resource(table = "people")]
//!     struct Person { #[field(primary)] id: u64, #[field(email)] email: String }
//! };
//! let cx = Ctxt::new();
//! let def = parse_resource(&cx, &input).unwrap();
//! assert!(cx.finish().is_ok());
//! assert_eq!(def.path(), "/people");
//! assert_eq!(def.fields[1].validations[0].kind, "email");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "build")]
pub mod analyze;
pub mod ast;
pub mod attr;
pub mod calls;
pub mod check;
mod ctxt;
#[cfg(feature = "build")]
pub mod emit;
pub mod expand;
pub mod fingerprint;
#[cfg(feature = "build")]
pub mod lower;
pub mod naming;
pub mod plain;
pub mod rules;
pub mod types;

pub use attr::{HELPER_ATTRIBUTES, parse_resource};
pub use conduit_format::suggest;
pub use ctxt::Ctxt;
pub use expand::{BuildStep, derive_resource};
