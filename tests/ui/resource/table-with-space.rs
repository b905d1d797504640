use conduit::Resource;

#[derive(Resource)]
#[resource(table = "blog posts")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
