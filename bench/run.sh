#!/usr/bin/env bash
# The benchmark suite: every target of BENCHMARKS.md, measured side by side
# in one run, printed as one table with ratios.
#
#   bench/run.sh
#
# Builds charterlint and bench/floor (the corpus generators and the floor
# programs) in release, generates the corpora in bench/out/ (git-ignored,
# reused by later runs), and times whole processes with hyperfine (medians)
# and peak memory with GNU time. taplo and check-jsonschema are measured when
# installed (`npm install -g @taplo/cli`, `pip install check-jsonschema`),
# skipped otherwise. Needs hyperfine, GNU time, git and python3
# (`apt-get install -y hyperfine time`).
#
# BENCH_QUICK=1 runs fewer repetitions (for trying the script, not for figures).
# `bench/run.sh --corpora-only` builds and generates the corpora, and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

for tool in hyperfine /usr/bin/time git python3; do
  command -v "$tool" >/dev/null || {
    echo "bench/run.sh needs $tool (apt-get install -y hyperfine time git python3)" >&2
    exit 2
  }
done

out=$root/bench/out
mkdir -p "$out/runs"
cargo build --release --quiet
CARGO_TARGET_DIR="$out/target" cargo build --release --quiet --manifest-path bench/floor/Cargo.toml
cl=$root/target/release/charterlint
tools=$out/target/release
today=2026-11-22
schema=$root/schemas/charter.schema.json
runs=30 slow_runs=3
[ "${BENCH_QUICK:-}" = 1 ] && runs=3 slow_runs=1
has() { command -v "$1" >/dev/null; }

# --- corpora (deterministic; generated once) ---
corpus() { # NAME generator-command...
  local dir=$out/$1
  shift
  if [ ! -f "$dir.complete" ]; then
    rm -rf "$dir"
    echo "generating $dir" >&2
    "$@" "$dir"
    touch "$dir.complete"
  fi
}
commit_all() {
  git -C "$1" init -q -b main
  git -C "$1" add -A
  git -C "$1" -c user.name=bench -c user.email=bench@example.com commit -q -m bench
}
# A tree of its own repository: bench/out is ignored by charterlint's.
gen_tree() { "$tools/gen-tree" "$3" "$1" "$2" && commit_all "$3"; }
gen_org() { "$tools/gen-org" "$2" "$1"; }
gen_staged() { # a repository with one charter and N other tracked files
  "$tools/gen-tree" "$2" 1 "$1" && commit_all "$2"
}
corpus tree-1 gen_tree 1 0
corpus tree-10000 gen_tree 10000 0
corpus staged-10000 gen_staged 10000
corpus staged-100000 gen_staged 100000
corpus org-1000 gen_org 1000
corpus org-2000 gen_org 2000
corpus org-10000 gen_org 10000
one=products/g000/product-00000/charter.toml
[ "${1:-}" = --corpora-only ] && exit 0
# Let the generators' writes settle before timing anything.
sync
sleep 2

# --- measurements ---
# Each measurement is saved as bench/out/runs/ID.json (hyperfine's export,
# plus the peak RSS from GNU time for the commands marked `mem`).
measure() { # ID DIR RUNS mem|- SHELL|- COMMAND
  local id=$1 dir=$2 n=$3 mem=$4 shell=$5 cmd=$6
  local opts=(--style none --runs "$n" --export-json "$out/runs/$id.json" -i)
  if [ "$n" -gt 1 ]; then opts+=(--warmup 2); fi
  if [ "$shell" = - ]; then opts+=(-N); fi
  echo "  $id: $cmd" >&2
  (cd "$dir" && hyperfine "${opts[@]}" "$cmd" >/dev/null)
  local rss=0
  if [ "$mem" = mem ]; then
    # shellcheck disable=SC2086 # the command is split like hyperfine -N does
    rss=$(cd "$dir" && /usr/bin/time -f "%M" $cmd 2>&1 >/dev/null | tail -1 || true)
  fi
  python3 - "$out/runs/$id.json" "$rss" <<'PY'
import json, sys
path, rss = sys.argv[1], int(sys.argv[2])
data = json.load(open(path))
data["peak_rss_kib"] = rss
json.dump(data, open(path, "w"))
PY
}

rm -f "$out"/runs/*.json
echo "== one charter, whole process" >&2
measure one.cl "$out/tree-1" "$runs" mem - "$cl check --format json --today $today $one"
measure one.floor "$out/tree-1" "$runs" mem - "$tools/floor-check $one"
# Start-up alone: what any run of this binary costs before it does anything.
measure one.version "$out/tree-1" "$runs" - - "$cl --version"
has taplo && measure one.taplo "$out/tree-1" "$slow_runs" - - "taplo check --schema file://$schema $one"
has check-jsonschema && measure one.cjs "$out/tree-1" "$slow_runs" - - "check-jsonschema --schemafile $schema $one"

echo "== 10,000 charters in one working tree" >&2
measure tree.cl "$out/tree-10000" "$runs" mem - "$cl check --format json --today $today"
measure tree.floor1 "$out/tree-10000" "$runs" mem - "$tools/floor-check . 1"
measure tree.floor2 "$out/tree-10000" "$runs" mem - "$tools/floor-check . 2"
has taplo && measure tree.taplo "$out/tree-10000" 1 - bash "taplo check --schema file://$schema 'products/**/charter.toml'"
has check-jsonschema && measure tree.cjs "$out/tree-10000" "$slow_runs" - bash \
  "find products -name charter.toml -print0 | xargs -0 check-jsonschema --schemafile $schema"

echo "== check --staged: one charter and 10,000 other tracked files" >&2
measure staged.cl "$out/staged-10000" "$runs" mem - "$cl check --staged --format json --today $today"
measure staged.one "$out/staged-10000" "$runs" - - "$cl check --format json --today $today $one"
measure staged.floor "$out/staged-10000" "$runs" - - "$tools/floor-index $one"

echo "== check --staged FILE: one charter and 100,000 other tracked files" >&2
# What the pre-commit hook runs, against git reading the same index.
measure staged100k.cl "$out/staged-100000" "$runs" mem - "$cl check --staged --format json --today $today $one"
measure staged100k.git "$out/staged-100000" "$runs" - - "git ls-files -s -- $one"

echo "== scan of 2,000 bare repositories" >&2
measure scan2000.cl "$out" "$runs" mem - "$cl scan org-2000 --jobs 2 --format json --today $today"
measure scan2000.cl1 "$out" "$runs" - - "$cl scan org-2000 --jobs 1 --format json --today $today"
measure scan2000.floor1 "$out" "$runs" - - "$tools/floor org-2000 1"
measure scan2000.floor2t "$out" "$runs" - - "$tools/floor org-2000 2"
measure scan2000.floor2p "$out" "$runs" - bash "$tools/floor org-2000 1 0/2 & $tools/floor org-2000 1 1/2; wait"
# The fair floor: the charters found as the default globs find them.
measure scan2000.find1 "$out" "$runs" - - "$tools/floor --find org-2000 1"
measure scan2000.find2p "$out" "$runs" - bash \
  "$tools/floor --find org-2000 1 0/2 & $tools/floor --find org-2000 1 1/2; wait"
measure scan2000.git "$out" "$slow_runs" - bash \
  "for r in org-2000/*/*.git; do git --git-dir=\$r show HEAD:charter.toml >/dev/null; done"

echo "== linear: 1,000 and 10,000 repositories" >&2
for n in 1000 10000; do
  r=$runs
  [ $n = 10000 ] && r=$slow_runs
  measure "scan$n.cl" "$out" "$r" mem - "$cl scan org-$n --jobs 2 --format json --today $today"
  measure "scan$n.none" "$out" "$r" mem - \
    "$cl scan org-$n --jobs 2 --config $root/bench/no-charter.toml --format json --today $today"
done

python3 "$root/bench/table.py" "$out/runs" | tee "$out/results.md"
