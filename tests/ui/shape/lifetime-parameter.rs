use conduit::Resource;

#[derive(Resource)]
pub struct Post<'a> {
    #[field(primary)]
    pub id: u64,
    pub title: &'a str,
}

fn main() {}
