use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(min = -5)]
    pub stock: u32,
}

fn main() {}
