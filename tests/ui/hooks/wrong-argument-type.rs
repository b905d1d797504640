use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(after_create = notify))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

pub struct User;

fn notify(_: &User) {}

fn main() {}
