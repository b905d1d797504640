use conduit::Resource;

#[derive(Resource)]
#[resource(singular, path = "/user", operations(list, show))]
pub struct User {
    #[field(primary)]
    pub id: u64,
}

fn main() {}
