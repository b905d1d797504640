use conduit::Resource;

fn tidy(_: &mut Post) {}

#[derive(Resource)]
#[resource(operations(list, show), hooks(before_create = tidy))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
