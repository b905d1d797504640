use conduit::Resource;

pub struct Uuid(u128);

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(default = "not-a-uuid")]
    pub token: Uuid,
}

fn main() {}
