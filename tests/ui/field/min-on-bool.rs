use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(min = 1)]
    pub published: bool,
}

fn main() {}
