use conduit::Resource;

#[derive(Resource)]
#[action(POST, favorite, memberr)]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
