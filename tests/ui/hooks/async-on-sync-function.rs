use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(after_update(notify, async)))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn notify(_: &Post) {}

fn main() {}
