#!/usr/bin/env bash
# Build-time figures for the generated `rich` fixtures laid out like an
# application (one model a file, `build.rs` scanning `src`), dev profile:
# full build of the fixture crate (dependencies already built), no-op
# rebuild, and rebuild after touching one model file. Also the build step's
# own wall time at full optimization (`build-fixture`).
#
#   benches/scripts/build-times.sh 50 500 5000 10000
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${WORK:-/tmp/conduit-build-times}
export CARGO_TARGET_DIR=$work/target
mkdir -p "$work"
cargo build --release -q -p conduit-benches --bin gen-fixture-crate
cargo build --release -q -p conduit-bench-gen --bin build-fixture
now() { date +%s.%N; }
printf '%-10s %12s %10s %10s %12s %14s\n' fixture "builder (s)" "build (s)" "no-op (s)" "touch (s)" "models (B)"
for n in "${@:-50}"; do
    dir=$work/rich$n
    rm -rf "$dir"
    "$CARGO_TARGET_DIR/release/gen-fixture-crate" "rich$n" "$dir"
    builder=$("$CARGO_TARGET_DIR/release/build-fixture" "rich$n" "$work/out$n" | sed 's/.*"builder_micros":\([0-9]*\).*/\1/')
    # Dependencies first, so the timings below are the fixture's own.
    (cd "$dir" && cargo build -q 2>/dev/null || true)
    (cd "$dir" && cargo clean -q -p "fixture-rich$n")
    t0=$(now); (cd "$dir" && cargo build -q); t1=$(now)
    (cd "$dir" && cargo build -q); t2=$(now)
    touch "$dir/src/models/resource$((n / 2)).rs"
    t3=$(now); (cd "$dir" && cargo build -q); t4=$(now)
    models=$(cat "$dir"/src/models/*.rs "$dir"/src/hooks.rs | wc -c)
    printf '%-10s %12.2f %10.2f %10.2f %12.2f %14s\n' "rich$n" "$(echo "$builder / 1000000" | bc -l)" \
        "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t4 - $t3" | bc)" "$models"
done
