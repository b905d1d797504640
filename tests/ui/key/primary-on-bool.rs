use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub active: bool,
}

fn main() {}
