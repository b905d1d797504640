use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    pub id: Option<u64>,
    pub title: String,
}

fn main() {}
