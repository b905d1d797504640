use conduit::Resource;

#[derive(Resource)]
#[route(method = "GET", path = "/posts/:id/revisions/:id", handler = "Post.revision")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
