use conduit::Resource;

#[derive(Resource)]
#[resource(nested_under(Article, parm = "slug"))]
pub struct Comment {
    #[field(primary)]
    pub id: u64,
    pub article_id: u64,
}

fn main() {}
