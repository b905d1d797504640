use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(url)]
    pub links: Vec<String>,
}

fn main() {}
