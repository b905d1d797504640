//! Time to first query: reference, `rich50` (see `conduit_benches::probe`).

fn main() {
    conduit_benches::probe::reference(conduit_fixture_rich50::REFERENCE_JSON, "Resource25");
}
