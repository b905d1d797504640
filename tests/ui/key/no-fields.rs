use conduit::Resource;

#[derive(Resource)]
pub struct Post {}

fn main() {}
