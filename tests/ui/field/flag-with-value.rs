use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary = true)]
    pub id: u64,
}

fn main() {}
