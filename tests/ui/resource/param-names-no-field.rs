use conduit::Resource;

#[derive(Resource)]
#[resource(param = "slg")]
pub struct Article {
    #[field(primary)]
    pub id: u64,
    #[field(unique)]
    pub slug: String,
}

fn main() {}
