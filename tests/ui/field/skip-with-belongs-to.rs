use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(skip)]
    #[belongs_to(User)]
    pub author_id: u64,
}

fn main() {}
