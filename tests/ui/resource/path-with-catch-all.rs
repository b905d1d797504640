use conduit::Resource;

#[derive(Resource)]
#[resource(path = "/files/*rest")]
pub struct File {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
