use conduit::Resource;

fn notify(_: &Post) {}

#[derive(Resource)]
#[resource(operations(list, show, delete), hooks(after_save = notify))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
