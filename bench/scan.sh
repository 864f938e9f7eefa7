#!/usr/bin/env bash
# Benchmark of `charterlint scan` on generated organisations of N bare
# repositories (one commit each: a realistic charter and 24 other files,
# packed), against a minimal git2 program that opens each repository, reads
# HEAD:charter.toml and parses it (bench/floor).
#
#   bench/scan.sh [N...]          default: 1000 4000
#
# Needs hyperfine and GNU time (`apt-get install -y hyperfine time`).
# Generated organisations and results go to bench/out/ (git-ignored);
# the table is printed and written to bench/out/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 4000)
out=bench/out
mkdir -p "$out"

cargo build --release --quiet
CARGO_TARGET_DIR="$out/target" cargo build --release --quiet --manifest-path bench/floor/Cargo.toml
scan=target/release/charterlint
floor="$out/target/release/floor"
gen="$out/target/release/gen-org"

results="$out/results.md"
{
  echo "| N | program | jobs | wall time (s) | ± (s) | CPU user+sys (s) | repos/s | peak RSS (MiB) |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} >"$results"

measure() { # N label jobs command...
  local n=$1 label=$2 jobs=$3
  shift 3
  hyperfine --style none --warmup 1 --runs 5 --export-json "$out/run.json" "$*" >/dev/null
  local rss
  rss=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1)
  python3 - "$out/run.json" "$n" "$label" "$jobs" "$rss" >>"$results" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
n, label, jobs, rss = int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
print(f"| {n} | {label} | {jobs} | {r['mean']:.3f} | {r['stddev']:.3f} | "
      f"{r['user'] + r['system']:.3f} | {n / r['mean']:.0f} | {rss / 1024:.1f} |")
PY
}

for n in "${sizes[@]}"; do
  org="$out/org-$n"
  if [ ! -f "$org.complete" ]; then
    rm -rf "$org"
    echo "generating $n repositories in $org" >&2
    "$gen" "$org" "$n"
    touch "$org.complete"
  fi
  for jobs in 1 2; do
    measure "$n" "floor (git2 + toml)" "$jobs" "$floor" "$org" "$jobs"
    measure "$n" "charterlint scan" "$jobs" "$scan" scan "$org" --jobs "$jobs" --format json --output /dev/null --today 2026-11-22
  done
  # Every repository opened and its tree read, but no charter matched: what
  # memory a scan holds per repository besides its results.
  measure "$n" "scan, no charter matched" 1 "$scan" scan "$org" --jobs 1 --config bench/no-charter.toml --format json --output /dev/null --today 2026-11-22
done
cat "$results"
