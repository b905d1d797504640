use conduit::Resource;

#[derive(Resource)]
#[resource(table = "posts", table = "articles")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
