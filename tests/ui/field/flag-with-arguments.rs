use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary(auto))]
    pub id: u64,
}

fn main() {}
