use conduit::Resource;

#[derive(Resource)]
#[resource(middleware(create = [" auth"]))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
