use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub parts: Vec<u32>,
}

fn main() {}
