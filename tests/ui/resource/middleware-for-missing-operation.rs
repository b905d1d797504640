use conduit::Resource;

#[derive(Resource)]
#[resource(operations(list, show), middleware(delete = ["auth"]))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
