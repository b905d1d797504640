use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(default = "yesterday")]
    pub seen_at: std::time::SystemTime,
}

fn main() {}
