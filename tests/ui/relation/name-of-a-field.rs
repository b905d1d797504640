use conduit::Resource;

pub struct User;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[belongs_to(User)]
    pub author: u64,
}

fn main() {}
