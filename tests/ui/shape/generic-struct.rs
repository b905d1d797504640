use conduit::Resource;

#[derive(Resource)]
pub struct Post<T> {
    #[field(primary)]
    pub id: u64,
    pub body: T,
}

fn main() {}
