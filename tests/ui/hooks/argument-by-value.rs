use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(after_create = notify))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn notify(_: u32) {}

fn main() {}
