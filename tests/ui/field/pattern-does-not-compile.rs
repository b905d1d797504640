use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(pattern = "^[a-z")]
    pub slug: String,
}

fn main() {}
