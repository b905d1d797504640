use conduit::Resource;

#[derive(Resource)]
#[has_one(Cover, through = "post_covers")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
