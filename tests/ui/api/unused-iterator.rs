// Query iterators are lazy: dropping one unused is `#[must_use]` (an error
// here).
#![deny(unused_must_use)]

fn main() {
    let registry = conduit::Registry::from_bytes(&[]).unwrap();
    registry.resources();
    registry.routes_by_method(conduit::Method::Get);
}
