//! Time to first query: conduit, `rich10000` (see `conduit_benches::probe`).

fn main() {
    conduit_benches::probe::conduit(&conduit_fixture_rich10000::REGISTRY, "Resource5000");
}
