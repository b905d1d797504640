use conduit::Resource;

pub struct Tag;

#[derive(Resource)]
#[has_many(Tag, through = "post tags")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
