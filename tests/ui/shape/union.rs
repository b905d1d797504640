use conduit::Resource;

#[derive(Resource)]
pub union Bits {
    pub int: u64,
    pub float: f64,
}

fn main() {}
