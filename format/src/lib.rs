//! The one definition of everything conduit's build step and runtime must agree on.
//!
//! `conduit-build` (through `conduit-codegen`) fills the plain types in
//! [`schema`] at build time and serializes them with rkyv; the `conduit`
//! runtime reads the archived form of the *same* types out of static memory.
//! The blob [`header`] carries a [`format_fingerprint`] so that a blob written
//! with a different layout is rejected instead of misread, and [`hash`] is the
//! stable hash both sides use for fingerprints.
//!
//! Applications never depend on this crate directly: `conduit` re-exports
//! what they need. It exists as its own crate because the runtime re-exports
//! the derive macro, whose implementation (`conduit-codegen`) also needs these
//! types — Cargo forbids that cycle, so the shared part lives here, as
//! `phf_shared` does for rust-phf.
//!
//! # Features
//!
//! - `archive` (default): the archived types ([`schema`], [`tables`]), the
//!   blob [`header`] and [`envelope`] — everything that needs rkyv. The derive
//!   macro needs none of it and turns it off.
//!
//! ```
//! use conduit_format::{HookKind, Method};
//! assert_eq!(Method::Get.as_str(), "GET");
//! assert_eq!("before_create".parse::<HookKind>(), Ok(HookKind::BeforeCreate));
//! ```
#![forbid(unsafe_code)]

#[cfg(feature = "archive")]
pub mod cycles;
#[cfg(feature = "archive")]
pub mod definitions;
#[cfg(feature = "archive")]
pub mod envelope;
mod fnv;
pub mod generated;
pub mod hash;
#[cfg(feature = "archive")]
pub mod header;
mod kinds;
#[cfg(feature = "archive")]
pub mod matcher;
pub mod phash;
#[cfg(feature = "archive")]
pub mod plans;
#[cfg(feature = "archive")]
pub mod schema;
#[cfg(feature = "archive")]
pub mod strings;
pub mod suggest;
#[cfg(feature = "archive")]
pub mod tables;
pub mod threads;

#[cfg(feature = "archive")]
pub use header::{Header, HeaderError, format_fingerprint};
pub use kinds::{
    ActionKind, EdgeKind, HookKind, Method, NodeKind, Operation, ParseKindError, PatternCategory,
    ReferentialAction, RelationKind, RouteKind, ValidationKind,
};
