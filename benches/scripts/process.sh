#!/usr/bin/env bash
# Process-level figures: time to first query of fresh processes, peak RSS,
# and binary size per N. Builds the probes in release (`--features scaling`
# adds N = 500 / 5,000 / 10,000, slow to compile the first time).
#
#   benches/scripts/process.sh            # N = 50 only
#   benches/scripts/process.sh scaling    # also the scaling probes
set -euo pipefail
cd "$(dirname "$0")/../.."
features=()
[[ "${1:-}" == scaling ]] && features=(--features scaling)
cargo build --release -p conduit-benches "${features[@]}" --bins
bin=target/release
probes=(ttfq-empty ttfq-conduit ttfq-idiomatic ttfq-reference)
[[ "${1:-}" == scaling ]] && probes+=(ttfq-conduit-500 ttfq-conduit-5000 ttfq-conduit-10000 ttfq-idiomatic-10000 ttfq-reference-10000)

echo "== time to first query (fresh process, median of interleaved runs)"
"$bin/ttfq-run" "${RUNS:-300}" "${probes[@]/#/$bin/}"

echo
echo "== peak RSS (/usr/bin/time -v, max of 5 runs) and binary size"
printf '%-24s %12s %14s %14s\n' program "peak RSS KiB" "binary B" "stripped B"
for p in "${probes[@]}"; do
    rss=0
    for _ in 1 2 3 4 5; do
        r=$( { /usr/bin/time -v "$bin/$p" >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
        (( r > rss )) && rss=$r
    done
    strip -o "/tmp/$p.stripped" "$bin/$p"
    printf '%-24s %12s %14s %14s\n' "$p" "$rss" "$(stat -c %s "$bin/$p")" "$(stat -c %s "/tmp/$p.stripped")"
done
