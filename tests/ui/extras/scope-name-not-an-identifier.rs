use conduit::Resource;

#[derive(Resource)]
#[scope(name = "is published", query = "published = true")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
