use conduit::Resource;

#[derive(Resource)]
#[action(DELETE, unfavorite, member, segment = "favorite")]
#[action(DELETE, remove_favorite, member, segment = "favorite")]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
