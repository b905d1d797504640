use conduit::Resource;

#[derive(Resource)]
#[resource(path = "/posts/")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
