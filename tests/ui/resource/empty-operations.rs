use conduit::Resource;

#[derive(Resource)]
#[resource(operations())]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
