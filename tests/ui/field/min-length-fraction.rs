use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(min = 2.5)]
    pub title: String,
}

fn main() {}
