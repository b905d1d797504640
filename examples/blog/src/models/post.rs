//! Articles.

use super::{Comment, Tag, User};
use crate::hooks::{notify_followers, slugify_title};
use conduit::Resource;
use std::time::SystemTime;

/// A blog post.
#[derive(Resource)]
#[resource(
    nested_under = User,
    middleware(
        create = ["auth", "rate_limit(5/hour)", "log"],
        update = ["auth", "log"],
        delete = ["auth", "log"],
        list = ["cache(300)"],
    ),
    hooks(before_create = slugify_title, after_update(notify_followers, async, transaction)),
)]
#[has_many(Comment, foreign_key = "post_id", on_delete = "cascade")]
#[has_many(Tag, through = "post_tags")]
#[constraint(
    name = "title_not_blank",
    on(create, update),
    condition = "!title.trim().is_empty()",
    error = "title must not be blank"
)]
#[scope(name = "published", query = "published = true")]
#[computed(
    name = "word_count",
    ty = "int",
    expr = "content.split_whitespace().count()"
)]
#[route(method = "POST", path = "/posts/:id/publish", handler = "Post.publish", middleware = ["auth"])]
pub struct Post {
    #[field(primary, auto)]
    pub id: u64,
    /// Shown in listings.
    #[field(min = 5, max = 200)]
    pub title: String,
    #[field(unique, pattern = "^[a-z0-9-]+$")]
    pub slug: String,
    #[field(ty = "text", min = 100)]
    pub content: String,
    #[field(default = false, index)]
    pub published: bool,
    #[belongs_to(User, foreign_key = "author_id", on_delete = "restrict")]
    pub author_id: u64,
    pub subtitle: Option<String>,
    #[field(auto, auto_update)]
    pub updated_at: SystemTime,
    #[field(skip)]
    pub cached_html: String,
}
