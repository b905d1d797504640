//! Accounts.

use crate::hooks;
use conduit::Resource;
use std::time::SystemTime;

/// Someone who writes posts and comments.
// clippy's `duplicated_attributes` mistakes the two `foreign_key = "author_id"`
// options of different relationships for one attribute given twice.
#[allow(clippy::duplicated_attributes)]
#[derive(Resource)]
#[resource(
    operations(list, show, create, update),
    middleware(create = ["rate_limit(10/hour)", "log"], update = ["auth", "log"], show = ["cache(60)"]),
    hooks(before_save = hooks::normalize_email, after_create(hooks::send_welcome, async)),
)]
#[has_many(crate::models::Post, foreign_key = "author_id")]
#[has_many(super::Comment, foreign_key = "author_id")]
#[scope(name = "active", query = "last_seen_at > now() - interval '30 days'")]
pub struct User {
    #[field(primary, auto)]
    pub id: u64,
    /// Login and contact address.
    #[field(unique, email, tags = ["pii"])]
    pub email: String,
    #[field(min = 2, max = 50)]
    pub display_name: String,
    #[field(ty = "text")]
    pub bio: Option<String>,
    #[field(auto)]
    pub created_at: SystemTime,
    pub last_seen_at: Option<SystemTime>,
    #[field(skip)]
    pub password_hash: String,
}
