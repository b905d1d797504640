//! Tags: `GET /tags` lists them.

use conduit::Resource;

/// A tag articles carry in their `tag_list`.
#[derive(Resource)]
#[resource(operations(list))]
pub struct Tag {
    #[field(primary, auto)]
    pub id: u64,
    #[field(unique, min = 1, max = 64)]
    pub name: String,
}
