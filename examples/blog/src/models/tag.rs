//! Labels for posts.

use super::Post;
use conduit::Resource;

/// A label that groups posts.
#[derive(Resource)]
#[resource(operations(list, show, create), middleware(create = ["auth", "log"]))]
#[has_many(Post, through = "post_tags")]
pub struct Tag {
    #[field(primary, auto)]
    pub id: u64,
    #[field(unique, min = 2, max = 30, pattern = "^[a-z][a-z0-9-]*$")]
    pub name: String,
    #[field(rename = "colour", default = "#888888")]
    pub color: String,
}
