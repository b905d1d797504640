use conduit::Resource;

#[derive(Resource)]
#[resource(colour = "red")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
