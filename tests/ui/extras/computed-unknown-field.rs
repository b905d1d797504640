use conduit::Resource;

#[derive(Resource)]
#[computed(name = "word_count", ty = "int", expr = "contnt.split_whitespace().count()")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub content: String,
}

fn main() {}
