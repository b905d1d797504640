use conduit::Resource;

#[derive(Resource)]
#[resource(operations(list), operations(show))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
