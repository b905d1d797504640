//! Time to first query: conduit, `rich500` (see `conduit_benches::probe`).

fn main() {
    conduit_benches::probe::conduit(&conduit_fixture_rich500::REGISTRY, "Resource250");
}
