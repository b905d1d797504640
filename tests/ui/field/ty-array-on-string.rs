use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(ty = "array<int>")]
    pub title: String,
}

fn main() {}
