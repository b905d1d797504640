use conduit::Resource;

pub struct User;

#[derive(Resource)]
#[belongs_to(User)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub author_id: u64,
}

fn main() {}
