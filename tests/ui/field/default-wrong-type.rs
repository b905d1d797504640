use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(default = "x")]
    pub score: i32,
}

fn main() {}
