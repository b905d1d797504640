use conduit::Resource;

#[derive(Resource)]
#[resource(path = "/users/:id/posts")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
