use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub score: f64,
}

fn main() {}
