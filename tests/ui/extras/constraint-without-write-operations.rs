use conduit::Resource;

#[derive(Resource)]
#[resource(operations(list, show))]
#[constraint(name = "title_not_blank", condition = "!title.is_empty()", error = "title must not be blank")]
pub struct Post {
    #[field(primary)]
    pub id: u64,
    pub title: String,
}

fn main() {}
