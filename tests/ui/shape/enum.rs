use conduit::Resource;

#[derive(Resource)]
pub enum Status {
    Draft,
    Published,
}

fn main() {}
