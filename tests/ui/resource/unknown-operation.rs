use conduit::Resource;

#[derive(Resource)]
#[resource(operations(list, shwo))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
