//! Time to first query: reference, `rich10000` (see `conduit_benches::probe`).

fn main() {
    conduit_benches::probe::reference(conduit_fixture_rich10000::REFERENCE_JSON, "Resource5000");
}
