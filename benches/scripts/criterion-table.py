#!/usr/bin/env python3
"""Markdown tables of criterion medians: one row per query and fixture,
one column per implementation, and the ratios to conduit.

    python3 benches/scripts/criterion-table.py [target/criterion]
"""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
rows = {}
for est in root.glob("**/new/estimates.json"):
    bench = json.loads((est.parent / "benchmark.json").read_text())
    full = bench["full_id"]  # Group/Query/impl/fixture
    parts = full.split("/")
    impl, fixture = parts[-2], parts[-1]
    query = "/".join(parts[:-2])
    median = json.loads(est.read_text())["median"]["point_estimate"]
    rows.setdefault((query, fixture), {})[impl] = median


def fmt(ns):
    if ns is None:
        return "–"
    if ns < 1e3:
        return f"{ns:.2f} ns" if ns < 10 else f"{ns:.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    if ns < 1e9:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e9:.2f} s"


impls = ["conduit", "idiomatic", "reference", "reference-cached", "matchit"]
print("| query | fixture | conduit | idiomatic | reference | idiomatic ÷ conduit | reference ÷ conduit |")
print("|---|---|---:|---:|---:|---:|---:|")
for (query, fixture), r in sorted(rows.items(), key=lambda kv: (kv[0][0], len(kv[0][1]), kv[0][1])):
    c = r.get("conduit")
    ref = r.get("reference", r.get("reference-cached"))
    idio = r.get("idiomatic")
    ratio = lambda x: f"{x / c:.1f}×" if (x and c) else "–"
    extra = f" (matchit {fmt(r['matchit'])}, {ratio(r['matchit'])})" if "matchit" in r else ""
    print(f"| {query} | {fixture} | {fmt(c)} | {fmt(idio)}{extra} | {fmt(ref)} | {ratio(idio)} | {ratio(ref)} |")
