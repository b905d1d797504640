use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(tags = "searchable")]
    pub title: String,
}

fn main() {}
