use conduit::Resource;

#[derive(Resource)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub r#type: String,
    #[field(rename = "type")]
    pub kind: String,
}

fn main() {}
