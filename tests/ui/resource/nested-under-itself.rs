use conduit::Resource;

#[derive(Resource)]
#[resource(nested_under = Self)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
