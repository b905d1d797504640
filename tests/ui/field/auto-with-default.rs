use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary, auto, default = 1)]
    pub id: u64,
}

fn main() {}
