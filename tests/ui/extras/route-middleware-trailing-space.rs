use conduit::Resource;

#[derive(Resource)]
#[route(method = "POST", path = "/posts/:id/publish", handler = "Post.publish", middleware = ["auth "])]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
