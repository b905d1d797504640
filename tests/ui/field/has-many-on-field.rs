use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[has_many(Comment)]
    pub comments: Vec<u64>,
}

fn main() {}
