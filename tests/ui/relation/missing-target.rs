use conduit::Resource;

#[derive(Resource)]
#[has_many(foreign_key = "post_id")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
