//! Comments, which exist only below their article.

use super::{Article, User};
use conduit::Resource;
use std::time::SystemTime;

/// A comment on an article: `/articles/{slug}/comments`, and no top-level
/// `/comments` routes.
#[derive(Resource)]
#[resource(
    nested_under(Article, param = "slug", only),
    operations(list, create, delete),
    middleware(list = ["auth(optional)"], create = ["auth"], delete = ["auth"]),
)]
pub struct Comment {
    #[field(primary, auto)]
    pub id: u64,
    #[field(min = 1, max = 5000)]
    pub body: String,
    #[belongs_to(Article, on_delete = "cascade")]
    pub article_id: u64,
    #[belongs_to(
        User,
        name = "author",
        foreign_key = "author_id",
        on_delete = "cascade"
    )]
    pub author_id: u64,
    #[field(auto)]
    pub created_at: SystemTime,
}
