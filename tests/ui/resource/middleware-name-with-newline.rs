use conduit::Resource;

#[derive(Resource)]
#[resource(middleware(list = ["cache(300)\n"]))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
