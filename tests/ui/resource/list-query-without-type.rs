use conduit::Resource;

#[derive(Resource)]
#[resource(list_query(tag, limit: u32 = 20))]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
