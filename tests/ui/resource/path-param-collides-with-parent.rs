use conduit::Resource;

pub struct User;

#[derive(Resource)]
#[resource(nested_under = User, path = "/users/:user_id/posts")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    #[belongs_to(User)]
    pub user_id: u64,
}

fn main() {}
