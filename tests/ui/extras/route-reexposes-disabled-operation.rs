use conduit::Resource;

#[derive(Resource)]
#[resource(operations(list, show))]
#[route(method = "DELETE", path = "/posts/:id/remove", handler = "Post.delete")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
