#!/usr/bin/env bash
# Instructions rustc spends compiling one crate of a project: the crate's
# units (lib, bin) run under `valgrind --tool=callgrind`, everything else
# as usual, with the crate's incremental state removed first. Instruction
# counts do not depend on how loaded the machine is.
#
#   benches/scripts/rustc-callgrind.sh /tmp/rich500-crate fixture_rich500 /tmp/cg
#
# Prints one line per unit (crate type, instructions) and leaves the
# callgrind files in the output folder for `callgrind_annotate`. Build the
# project once first; use `CARGO_TARGET_DIR` to pick its target folder.
set -euo pipefail
if [ -n "${CONDUIT_CG_CRATE:-}" ]; then
    # Invoked by Cargo as RUSTC_WRAPPER: `$1` is rustc, the rest its arguments.
    rustc=$1
    shift
    for arg in "$@"; do
        if [ "$arg" = "$CONDUIT_CG_CRATE" ]; then
            exec valgrind --tool=callgrind --callgrind-out-file="$CONDUIT_CG_DIR/callgrind-%p.out" \
                "$("$rustc" --print sysroot)/bin/rustc" "$@" 2>>"$CONDUIT_CG_DIR/valgrind.log"
        fi
    done
    exec "$rustc" "$@"
fi
dir=$1
crate=$2
out=$3
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
target=${CARGO_TARGET_DIR:-$dir/target}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$dir"
cargo build -q
rm -rf "$target"/debug/incremental/"$crate"-*
find . -path ./target -prune -o -name '*.rs' -print0 | xargs -0 touch
CONDUIT_CG_CRATE=$crate CONDUIT_CG_DIR=$out RUSTC_WRAPPER=$self cargo build -q
for f in "$out"/callgrind-*.out; do
    kind=$(grep -m1 '^cmd:' "$f" | grep -o -- '--crate-type [a-z-]*' | cut -d' ' -f2)
    total=$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {print $1}')
    printf '%-6s %s instructions\n' "${kind:-?}" "$total"
done
