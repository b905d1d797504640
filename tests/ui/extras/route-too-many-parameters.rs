use conduit::Resource;

#[derive(Resource)]
#[route(
    method = "GET",
    path = "/:a/:b/:c/:d/:e/:f/:g/:h/:i/:j/:k/:l/:m/:n/:o/:p/:q",
    handler = "Post.deep"
)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
