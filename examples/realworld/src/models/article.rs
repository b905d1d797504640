//! Articles, addressed by slug, with favorites and the feed.

use super::{Comment, User};
use crate::hooks;
use conduit::Resource;
use std::time::SystemTime;

/// An article. Readers list and read without a token (listing with one
/// marks favorites); writing, the feed and favorites need one.
#[derive(Resource)]
#[resource(
    param = "slug",
    list_query(tag: String, author: String, favorited: String, limit: u32 = 20, offset: u32 = 0),
    middleware(list = ["auth(optional)"], create = ["auth"], update = ["auth"], delete = ["auth"]),
    hooks(before_create = hooks::set_slug),
)]
#[action(GET, feed, collection, middleware = ["auth"], query(limit: u32 = 20, offset: u32 = 0))]
#[action(POST, favorite, member, middleware = ["auth"])]
#[action(DELETE, unfavorite, member, segment = "favorite", middleware = ["auth"])]
#[has_many(Comment, foreign_key = "article_id")]
pub struct Article {
    #[field(primary, auto)]
    pub id: u64,
    /// Derived from the title when the article is created.
    #[field(unique)]
    pub slug: String,
    #[field(min = 1, max = 200)]
    pub title: String,
    #[field(max = 500)]
    pub description: String,
    #[field(ty = "text")]
    pub body: String,
    pub tag_list: Vec<String>,
    #[field(auto)]
    pub created_at: SystemTime,
    #[field(auto_update)]
    pub updated_at: SystemTime,
    #[field(default = 0)]
    pub favorites_count: u32,
    #[belongs_to(
        User,
        name = "author",
        foreign_key = "author_id",
        on_delete = "cascade"
    )]
    pub author_id: u64,
}
