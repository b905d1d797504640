use conduit::Resource;

#[derive(Resource)]
#[route(method = "GET", path = "/posts/{*rest}/edit", handler = "Post.files")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
