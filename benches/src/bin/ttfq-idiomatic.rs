//! Time to first query: idiomatic, `rich50` (see `conduit_benches::probe`).

fn main() {
    conduit_benches::probe::idiomatic(conduit_fixture_rich50::REFERENCE_JSON, "Resource25");
}
