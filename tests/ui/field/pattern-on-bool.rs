use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(pattern = "^(yes|no)$")]
    pub published: bool,
}

fn main() {}
