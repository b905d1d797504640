use conduit::Resource;

#[derive(Resource)]
#[scope(name = "published")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
