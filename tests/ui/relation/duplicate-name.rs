use conduit::Resource;

#[derive(Resource)]
#[has_many(Comment)]
#[has_many(Comment, foreign_key = "reply_to_id")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
