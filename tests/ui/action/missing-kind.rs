use conduit::Resource;

#[derive(Resource)]
#[action(POST, favorite)]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
