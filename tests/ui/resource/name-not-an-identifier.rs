use conduit::Resource;

#[derive(Resource)]
#[resource(name = "Blog Post")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
