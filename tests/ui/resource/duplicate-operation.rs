use conduit::Resource;

#[derive(Resource)]
#[resource(operations(list, show, list))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
