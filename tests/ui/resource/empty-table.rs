use conduit::Resource;

#[derive(Resource)]
#[resource(table = "")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
