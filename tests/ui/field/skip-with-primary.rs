use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(skip, primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
