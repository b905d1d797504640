//! The RealWorld API (the Medium clone of gothinkster/realworld,
//! `api/openapi.yml`: 19 operations below `/api`) described with conduit:
//! users and authentication, profiles with follow/unfollow, articles by
//! slug with favorites and a feed, comments nested only under articles,
//! tags. `cargo run -p realworld` prints what the registry knows.

pub mod hooks;
pub mod models;
pub mod summary;

conduit::include_registry!();
