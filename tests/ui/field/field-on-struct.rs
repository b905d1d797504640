use conduit::Resource;

#[derive(Resource)]
#[field(primary)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
