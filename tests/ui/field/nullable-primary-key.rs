use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: Option<u64>,
}

fn main() {}
