use conduit::Resource;

#[derive(Resource)]
#[route(method = "PSOT", path = "/posts/:id/publish", handler = "Post.publish")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
