#!/usr/bin/env bash
# The rustc time of a generated fixture crate's own compilation (the derive
# runs inside it), dev profile, dependencies and build script already built:
# each run forgets only the crate's lib unit (its fingerprint, output and
# incremental state) and rebuilds it with `cargo build --timings` under
# `/usr/bin/time -v`.
#
#   benches/scripts/derive-cost.sh /tmp/rich5000-crate [runs]
#
# Prints one line a run: the unit's time from the timings report (frontend
# and codegen sections), wall time, user+sys CPU seconds of the whole
# `cargo build` (cargo itself adds ~0.1 s) and peak memory. Write the crate
# with `gen-fixture-crate`; use `CARGO_TARGET_DIR` to share dependencies
# between crates.
set -euo pipefail
dir=$1
runs=${2:-2}
cd "$dir"
target=${CARGO_TARGET_DIR:-$dir/target}
name=$(sed -n 's/^name = "\(.*\)"/\1/p' Cargo.toml | head -1)
crate=${name//-/_}
cargo build -q
printf '%-22s %4s %9s %9s %9s %8s %8s %8s %9s\n' crate run "unit (s)" "front (s)" "cgen (s)" "wall (s)" "user (s)" "sys (s)" "RSS (MB)"
for run in $(seq 1 "$runs"); do
    # The lib unit is the fingerprint whose hash names the newest rlib (a
    # target folder shared between versions keeps older ones).
    lib=$(ls -t "$target"/debug/deps/lib"$crate"-*.rlib | head -1)
    hash=${lib##*-}
    hash=${hash%.rlib}
    rm -rf "$target/debug/.fingerprint/$name-$hash" "$target"/debug/incremental/"$crate"-* \
        "$target"/debug/deps/lib"$crate"-"$hash".* "$target"/debug/deps/"$crate"-"$hash".d
    log=$(mktemp)
    /usr/bin/time -v cargo build -q --timings 2>"$log"
    report=$(ls -t "$target"/cargo-timings/cargo-timing-2*.html | head -1)
    python3 - "$report" "$log" "$name" "$run" <<'EOF'
import json, re, sys
report, log, name, run = sys.argv[1:]
html = open(report).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\n\]);", html, re.S).group(1))
unit = next(u for u in units if u["name"] == name and u["target"].strip() == "")
sections = dict((k, v["end"] - v["start"]) for k, v in unit["sections"] or [])
text = open(log).read()
def field(label):
    return re.search(re.escape(label) + r":\s*(\S+)", text).group(1)
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
print(f"{name:<22} {run:>4} {unit['duration']:9.2f} {sections.get('frontend', 0):9.2f} "
      f"{sections.get('codegen', 0):9.2f} {wall:8.2f} {float(field('User time (seconds)')):8.2f} "
      f"{float(field('System time (seconds)')):8.2f} {int(field('Maximum resident set size (kbytes)')) / 1024:9.0f}")
EOF
    rm -f "$log"
done
