use conduit::Resource;

#[derive(Resource)]
#[action(POTS, favorite, member)]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
