use conduit::Resource;

#[derive(Resource)]
#[resource(middleware(craete = ["auth"]))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
