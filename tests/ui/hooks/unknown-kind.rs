use conduit::Resource;

#[derive(Resource)]
#[resource(hooks(before_craete = slugify))]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
