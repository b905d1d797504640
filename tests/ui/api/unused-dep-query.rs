// A `DepQuery` builder call whose result is dropped does nothing: it is
// `#[must_use]`, so the mistake is a warning (an error here).
#![deny(unused_must_use)]

fn main() {
    let q = conduit::DepQuery::new();
    q.depth(2);
}
