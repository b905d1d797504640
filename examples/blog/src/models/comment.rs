//! Reader comments.

use super::{Post, User};
use crate::hooks;
use conduit::Resource;

/// A reader's comment on a post.
#[derive(Resource)]
#[resource(
    nested_under = Post,
    middleware(create = ["auth", "rate_limit(5/hour)", "log"], delete = ["auth", "log"]),
    hooks(before_create = hooks::strip_markup, after_delete = hooks::audit_removal),
)]
pub struct Comment {
    #[field(primary, auto)]
    pub id: u64,
    #[belongs_to(Post, on_delete = "cascade")]
    pub post_id: u64,
    #[belongs_to(
        User,
        name = "author",
        foreign_key = "author_id",
        on_delete = "set_null"
    )]
    pub author_id: Option<u64>,
    /// Markdown; markup is stripped before saving.
    #[field(
        min = 1,
        max = 5000,
        validate(profanity_free, message = "please keep it civil")
    )]
    pub body: String,
    #[field(default = 0, validate(range, value = 0))]
    pub score: i32,
}
