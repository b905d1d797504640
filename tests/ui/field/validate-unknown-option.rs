use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[field(validate(range, valu = 3))]
    pub score: i32,
}

fn main() {}
