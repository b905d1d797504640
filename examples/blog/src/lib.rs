//! A small blog described with conduit: users write posts, readers comment,
//! posts carry tags. `cargo run -p blog` prints what the registry knows.

pub mod hooks;
pub mod models;
pub mod summary;

conduit::include_registry!();
