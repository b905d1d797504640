use conduit::Resource;

#[derive(Resource)]
#[scope(name = "recent", query = "created_at > now() - 7")]
#[scope(name = "recent", query = "created_at > now() - 30")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
