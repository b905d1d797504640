use conduit::Resource;

#[derive(Resource)]
#[route(method = "POST", path = "/posts/:id/publish")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
