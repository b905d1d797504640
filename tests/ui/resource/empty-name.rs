use conduit::Resource;

#[derive(Resource)]
#[resource(name = "")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
