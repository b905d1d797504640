use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(max = 1000)]
    pub stars: u8,
}

fn main() {}
