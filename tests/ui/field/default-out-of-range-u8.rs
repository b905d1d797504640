use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(default = 300)]
    pub stars: u8,
}

fn main() {}
