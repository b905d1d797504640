//! Time to first query: conduit, `rich50` (see `conduit_benches::probe`).

fn main() {
    conduit_benches::probe::conduit(&conduit_fixture_rich50::REGISTRY, "Resource25");
}
