use conduit::Resource;

#[derive(Resource)]
#[computed(name = "title_length", ty = "integer", expr = "title.len()")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
