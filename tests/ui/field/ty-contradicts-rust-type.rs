use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(ty = "bool")]
    pub count: i32,
}

fn main() {}
