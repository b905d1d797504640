//! Time to first query: conduit, `rich5000` (see `conduit_benches::probe`).

fn main() {
    conduit_benches::probe::conduit(&conduit_fixture_rich5000::REGISTRY, "Resource2500");
}
