use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(default = now)]
    pub count: i64,
}

fn main() {}
