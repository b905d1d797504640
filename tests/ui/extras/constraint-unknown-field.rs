use conduit::Resource;

#[derive(Resource)]
#[constraint(name = "title_not_blank", condition = "!titel.trim().is_empty()", error = "title must not be blank")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
