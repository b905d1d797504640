use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(after_update(async)))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
