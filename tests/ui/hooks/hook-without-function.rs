use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(before_create))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
