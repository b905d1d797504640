use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primry)]
    pub id: u64,
}

fn main() {}
