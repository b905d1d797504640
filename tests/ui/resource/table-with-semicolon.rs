use conduit::Resource;

#[derive(Resource)]
#[resource(table = "posts; drop table users")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
