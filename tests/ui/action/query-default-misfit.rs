use conduit::Resource;

#[derive(Resource)]
#[action(GET, feed, collection, query(limit: u32 = "twenty"))]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
