use conduit::Resource;

#[derive(Resource)]
#[has_many(Comment, on_delete = "cascde")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
