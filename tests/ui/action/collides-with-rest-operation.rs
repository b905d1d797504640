use conduit::Resource;

#[derive(Resource)]
#[action(GET, show, member)]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
