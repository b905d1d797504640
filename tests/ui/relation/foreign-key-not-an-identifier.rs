use conduit::Resource;

pub struct User;

#[derive(Resource)]
#[belongs_to(User, foreign_key = "author id")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
