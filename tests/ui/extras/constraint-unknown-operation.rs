use conduit::Resource;

#[derive(Resource)]
#[constraint(
    name = "title_not_blank",
    on(create, updte),
    condition = "!title.is_empty()",
    error = "title must not be blank"
)]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
