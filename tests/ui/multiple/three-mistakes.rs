use conduit::Resource;

#[derive(Resource)]
#[resource(tabel = "posts")]
#[has_many(Comment, on_delete = "cascde")]
pub struct Post {
    #[field(primry)]
    pub id: u64,
}

fn main() {}
