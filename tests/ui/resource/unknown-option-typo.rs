use conduit::Resource;

#[derive(Resource)]
#[resource(tabel = "posts")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
