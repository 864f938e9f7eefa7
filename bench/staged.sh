#!/usr/bin/env bash
# How fast the pre-commit hook is: times `charterlint check --staged` (whole
# process, release build) in a repository with one charter and N other
# tracked files, next to `check` of the same charter from the working tree.
#
#   bench/staged.sh            # N = 100 and 10000
#   bench/staged.sh 50000      # any counts
#
# Needs hyperfine (Debian: apt-get install hyperfine). Writes hyperfine's
# JSON to bench/out/ and prints the medians.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "bench/staged.sh needs hyperfine: apt-get install hyperfine" >&2
  exit 2
fi
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 10000)

cargo build --release --quiet
bin="$PWD/target/release/charterlint"
charter="$PWD/examples/products/ledger/charter.toml"
out="$PWD/bench/out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for n in "${counts[@]}"; do
  repo="$work/repo-$n"
  mkdir -p "$repo/products/ledger"
  cp "$charter" "$repo/products/ledger/charter.toml"
  # N files in folders of 100, like a source tree.
  for ((i = 0; i < n; i++)); do
    dir="$repo/src/m$((i / 100))"
    [ $((i % 100)) -eq 0 ] && mkdir -p "$dir"
    printf 'line %d\n' "$i" >"$dir/f$i.rs"
  done
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m bench
  echo "== one charter and $n other tracked files"
  # Findings make charterlint exit 1: -i keeps hyperfine going.
  (cd "$repo" && hyperfine -N -i --warmup 3 --runs 30 \
    --export-json "$out/staged-$n.json" \
    -n "check --staged" "$bin check --staged" \
    -n "check (working tree)" "$bin check" \
    -n "check CHARTER (working tree)" "$bin check products/ledger/charter.toml" \
    >/dev/null)
  python3 - "$out/staged-$n.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"  {r['command']:<30} median {r['median'] * 1000:7.1f} ms")
PY
done
