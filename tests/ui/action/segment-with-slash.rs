use conduit::Resource;

#[derive(Resource)]
#[action(POST, favorite, member, segment = "likes/add")]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
