//! Compile-time introspection of web resources.
//!
//! Describe your domain as *resources* with `#[derive(Resource)]`; a build
//! script (`conduit-build`) compiles their metadata into an rkyv archive and
//! perfect-hash indexes embedded in your binary. At run time, every query —
//! a resource's fields, relationships, hooks, validations, middleware… —
//! reads that static memory in place: no parsing, no allocation, no lock, no
//! panic.
//!
//! # Setup
//!
//! ```toml
//! [dependencies]
//! conduit = { package = "conduit-registry", version = "0.2" }
//!
//! [build-dependencies]
//! conduit-build = "0.2"
//! ```
//!
//! ```rust,ignore
//! // build.rs
//! fn main() {
//!     conduit_build::Builder::new().scan("src").build().unwrap_or_else(|e| e.exit());
//! }
//! ```
//!
//! ```rust,ignore
//! // src/main.rs (or src/lib.rs): at the crate root
//! conduit::include_registry!(); // defines `pub static REGISTRY: conduit::Registry<'static>`
//! ```
//!
//! # Querying
//!
//! ```
//! use conduit::{DepQuery, Method, Operation, PatternCategory, ReferentialAction};
//! # use conduit_testkit::REGISTRY;
//! let post = REGISTRY.resource("Post").expect("known resource");
//! for field in post.fields() {
//!     println!("{}: {}", field.name(), field.ty());
//! }
//! // Questions about one resource hang off its view: the name is hashed once.
//! assert!(post.middleware(Operation::Create).eq(["auth", "rate_limit(5/hour)"]));
//! assert_eq!(post.routes_by_method(Method::Get).len(), 4);
//! let deps = post.dependencies(DepQuery::new().depth(2));
//! assert_eq!(deps.nodes().next().unwrap().name(), "Post");
//! // Closed vocabularies are enums.
//! let author = post.relationship("author").unwrap();
//! assert_eq!(author.on_delete(), Some(ReferentialAction::Restrict));
//! assert!(REGISTRY.patterns_by_category(PatternCategory::Authentication).len() > 0);
//! // An unknown name is `None`, everywhere.
//! assert!(REGISTRY.resource("Pots").is_none());
//! assert!(REGISTRY.dependencies("Pots", DepQuery::new()).is_none());
//! assert!(REGISTRY.routes_for_resource("Pots").is_none());
//! ```
//!
//! Queries return small `Copy` views ([`ResourceRef`], [`FieldRef`],
//! [`RelationshipRef`], …, at most 16 bytes each) borrowing the registry's
//! data, whose accessors return `&str`, numbers, enums, other views or
//! iterators of them ([`iter`]).
//!
//! The conventions, everywhere:
//!
//! - a lookup by a name that is not there (a resource, field, relationship,
//!   pattern, or a method given as text) is `None`; a filter that matches
//!   nothing (routes of a path, fields of a type) is an empty iterator;
//! - a closed vocabulary is an enum with `as_str()`, `FromStr` and `Display`
//!   ([`Method`], [`Operation`], [`RelationKind`], [`ReferentialAction`],
//!   [`HookKind`], [`PatternCategory`], [`EdgeKind`], [`NodeKind`]);
//!   [`ValidationKind`] is the one open vocabulary (custom kinds);
//! - a question about one resource is a method of its [`ResourceRef`];
//!   [`Registry`] has one by-name entry point for each;
//! - iterators and the [`DepQuery`] builder are `#[must_use]`.
//!
//! # Allocation
//!
//! No query allocates, with one exception:
//! [`ResourceRef::dependencies`] (and [`Registry::dependencies`]) when the
//! answer has to be walked rather than read from the precomputed plan — a
//! [`DepQuery::kinds`] filter, or a depth beyond the plan the build step
//! stored — *and* its nodes and edges together exceed
//! [`Deps::INLINE`] ids: then the answer is one boxed slice. Walks over
//! graphs of more than 4,096 nodes also allocate their visited set. Cloning
//! such a [`Deps`] allocates too. [`AlignedBytes`] and
//! `Registry::to_json` (feature `json`) allocate by nature.
//!
#![doc = include_str!("attributes.md")]
//!
//! # Features
//!
//! - `derive` (default): `#[derive(Resource)]`, re-exported from
//!   `conduit-macros`.
//! - `json`: `Registry::to_json`, the schema in the reference system's
//!   metadata JSON format (what `conduit-build`'s `schema_file` imports).
//! - `openapi`: `Registry::to_openapi`, an OpenAPI 3.1 or 3.0.3 document of
//!   the routes and the resources' schemas; `er`: `Registry::to_mermaid` and
//!   `Registry::to_er_dot`, an entity-relationship diagram.
//! - `sql`: `Registry::to_sql`, the schema as SQLite or PostgreSQL DDL, and
//!   `Registry::sql_schema`, the same tables as data (module `sql`).
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(missing_docs)]

mod aligned;
#[allow(unsafe_code)]
mod archive;
mod consistency;
mod deps;
#[cfg(feature = "er")]
mod er;
mod error;
pub mod iter;
#[cfg(feature = "json")]
mod json;
#[cfg(any(feature = "openapi", feature = "sql"))]
mod literal;
mod matching;
#[cfg(feature = "openapi")]
mod openapi;
mod queries;
mod registry;
mod resource_trait;
#[cfg(feature = "sql")]
pub mod sql;
#[cfg(test)]
mod tests;
mod views;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use aligned::AlignedBytes;
pub use conduit_format::{
    EdgeKind, HeaderError, HookKind, Method, NodeKind, Operation, ParseKindError, PatternCategory,
    ReferentialAction, RelationKind, RouteKind, ValidationKind,
};
#[cfg(feature = "derive")]
pub use conduit_macros::Resource;
pub use deps::{Cycle, Cycles, DepQuery, Deps, EdgeRef, Edges, NodeRef, Nodes};
pub use error::Error;
pub use matching::{MAX_PARAMS, Params, RouteMatch};
#[cfg(feature = "openapi")]
pub use openapi::{OpenApiOptions, OpenApiVersion, ParseOpenApiVersionError};

pub use registry::Registry;
pub use resource_trait::Resource;
#[cfg(feature = "sql")]
pub use sql::Dialect;
pub use views::{
    ComputedRef, ConstraintRef, FieldRef, HookRef, Location, PatternRef, QueryParamRef,
    RelationshipRef, ResourceRef, RouteRef, ScopeRef, ValidationRef,
};

/// Includes the registry that `conduit-build` generated for this crate.
///
/// Call it once, at the crate root (`src/main.rs` or `src/lib.rs`): the
/// code generated by `#[derive(Resource)]` refers to `crate::REGISTRY` and
/// `crate::__conduit_registry`. It expands to
/// `include!(concat!(env!("OUT_DIR"), "/conduit/registry.rs"))`, which
/// defines:
///
/// - `pub static REGISTRY: conduit::Registry<'static>`, the registry itself;
/// - `#[doc(hidden)] pub mod __conduit_registry`, the embedded blob and
///   indexes behind it.
///
/// The crate needs a build script that runs `conduit_build::Builder`;
/// without it, `OUT_DIR` is not set and the macro does not compile. If the
/// blob was written by an incompatible `conduit-build`, `REGISTRY` does not
/// compile either, with a message saying so.
///
/// ```rust,ignore
/// // src/main.rs
/// conduit::include_registry!();
///
/// fn main() {
///     for resource in REGISTRY.resources() {
///         println!("{} at {}", resource.name(), resource.path());
///     }
/// }
/// ```
#[macro_export]
macro_rules! include_registry {
    () => {
        ::core::include!(::core::concat!(
            ::core::env!("OUT_DIR"),
            "/conduit/registry.rs"
        ));
    };
}
