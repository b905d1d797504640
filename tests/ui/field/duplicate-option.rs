use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(max = 200, max = 300)]
    pub title: String,
}

fn main() {}
