use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(rename = "post title")]
    pub title: String,
}

fn main() {}
