use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(skip)]
    pub id: u64,
}

fn main() {}
