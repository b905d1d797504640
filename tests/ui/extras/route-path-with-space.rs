use conduit::Resource;

#[derive(Resource)]
#[route(method = "POST", path = "/posts/:id/publish now", handler = "Post.publish")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
