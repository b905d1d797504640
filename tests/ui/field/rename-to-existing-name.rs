use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
    #[field(rename = "title")]
    pub headline: String,
}

fn main() {}
