use conduit::Resource;

pub struct User;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[belongs_to(User, on_delete = "set_null")]
    pub author_id: u64,
}

fn main() {}
