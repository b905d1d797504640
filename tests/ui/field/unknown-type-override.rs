use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(ty = "txt")]
    pub content: String,
}

fn main() {}
