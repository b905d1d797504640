use conduit::Resource;

#[derive(Resource)]
#[resource(path = "/blogs/{blog/posts")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
