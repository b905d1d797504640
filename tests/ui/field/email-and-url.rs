use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(email, url)]
    pub contact: String,
}

fn main() {}
