use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[belongs_to(User, through = "user_posts")]
    pub author_id: u64,
}

fn main() {}
