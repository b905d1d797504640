use conduit::Resource;

pub struct Comment;

#[derive(Resource)]
#[has_many(Comment)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
