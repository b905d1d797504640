use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(before_create = tidy))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn tidy(_: &mut Post, _: u32) {}

fn main() {}
