use conduit::Resource;

#[derive(Resource)]
#[resource(path = "/posts?draft=1")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
