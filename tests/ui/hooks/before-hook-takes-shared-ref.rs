use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(before_create = slugify))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn slugify(_: &Post) {}

fn main() {}
