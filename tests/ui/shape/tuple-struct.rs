use conduit::Resource;

#[derive(Resource)]
pub struct Post(pub u64, pub String);

fn main() {}
