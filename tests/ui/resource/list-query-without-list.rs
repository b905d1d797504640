use conduit::Resource;

#[derive(Resource)]
#[resource(operations(show), list_query(tag: String))]
pub struct Article {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
