use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    pub title: String,
}

fn main() {}
