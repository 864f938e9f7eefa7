#!/usr/bin/env bash
# Benchmark of `charterlint scan --cache DIR` on the generated organisation
# of N bare repositories (bench/floor's gen-org, as bench/run.sh makes it):
#
#   1. scan without a cache (for reference);
#   2. the first scan with the cache (an empty cache before each run: it
#      reads every repository and writes every entry);
#   3. a second scan with nothing changed;
#   4. a second scan after a commit to 1% of the repositories (every
#      100th: its charter gets one more comment line), the cache as the
#      first scan left it before each run.
#
# Prints the medians, the ratios 3/2 and 4/2 (targets: <= 0.1 and <= 0.15),
# and the cache's size on disk (du -sh). The committed repositories are put
# back as they were at the end (refs and the objects the commits added).
#
#   bench/cache.sh [N]            default: 10000
#
# Needs hyperfine, git and python3 (`apt-get install -y hyperfine`).
# BENCH_RUNS sets the runs per measurement (default 5, after 1 warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-10000}
runs=${BENCH_RUNS:-5}
today=2026-11-22
out=$root/bench/out
mkdir -p "$out"

cargo build --release --quiet
CARGO_TARGET_DIR="$out/target" cargo build --release --quiet --manifest-path bench/floor/Cargo.toml
cl=${CARGO_TARGET_DIR:-$root/target}/release/charterlint
case $cl in /*) ;; *) cl=$root/$cl ;; esac
org=$out/org-$n
if [ ! -f "$org.complete" ]; then
  rm -rf "$org"
  echo "generating $n repositories in $org" >&2
  "$out/target/release/gen-org" "$org" "$n"
  touch "$org.complete"
fi
cache=$out/cache-$n
base=$out/cache-$n.base
results=$out/cache-$n.md
rm -rf "$cache" "$base"
scan="$cl scan $org --jobs 2 --format json --today $today"

measure() { # ID PREPARE COMMAND
  local id=$1 prepare=$2 cmd=$3
  echo "  $id: $cmd" >&2
  hyperfine --style none --warmup 1 --runs "$runs" -i --prepare "$prepare" \
    --export-json "$out/cache-$id.json" "$cmd" >/dev/null
}

echo "== scan of $n repositories with and without --cache" >&2
measure none "true" "$scan --output /dev/null"
measure first "rm -rf $cache" "$scan --output /dev/null --cache $cache"
cp -a "$cache" "$base"
entries=$(find "$base" -type f ! -name CACHEDIR.TAG | wc -l)
size=$(du -sh "$base" | cut -f1)
measure unchanged "rm -rf $cache && cp -a $base $cache" "$scan --output /dev/null --cache $cache"

# A commit to every 100th repository, through git's plumbing (the
# repositories are bare): the charter with one more line.
changed=$out/cache-$n.changed
: >"$changed"
restore() { # the refs, and the objects the commits added
  while read -r repo head blob tree commit; do
    git --git-dir="$repo" update-ref refs/heads/main "$head"
    for id in $blob $tree $commit; do
      rm -f "$repo/objects/${id:0:2}/${id:2}"
    done
  done <"$changed"
  rm -f "$changed"
}
trap restore EXIT
i=0
for repo in $(find "$org" -mindepth 2 -maxdepth 2 -name '*.git' | sort); do
  i=$((i + 1))
  [ $((i % 100)) -eq 0 ] || continue
  g() { git --git-dir="$repo" "$@"; }
  head=$(g rev-parse HEAD)
  index=$(mktemp)
  blob=$({ g show HEAD:charter.toml; echo "# reviewed $today"; } | g hash-object -w --stdin)
  GIT_INDEX_FILE=$index g read-tree HEAD
  GIT_INDEX_FILE=$index g update-index --cacheinfo "100644,$blob,charter.toml"
  tree=$(GIT_INDEX_FILE=$index g write-tree)
  rm -f "$index"
  commit=$(GIT_AUTHOR_DATE=2026-11-21T00:00:00Z GIT_COMMITTER_DATE=2026-11-21T00:00:00Z \
    g -c user.name=bench -c user.email=bench@example.com commit-tree "$tree" -p "$head" -m "reviewed")
  g update-ref refs/heads/main "$commit"
  echo "$repo $head $blob $tree $commit" >>"$changed"
done
echo "  committed to $(wc -l <"$changed") repositories" >&2
measure changed "rm -rf $cache && cp -a $base $cache" "$scan --output /dev/null --cache $cache"
# The report is the one without the cache.
rm -rf "$cache" && cp -a "$base" "$cache"
SOURCE_DATE_EPOCH=1763798400 $scan --cache "$cache" --output "$out/cache-with.json" 2>/dev/null || true
SOURCE_DATE_EPOCH=1763798400 $scan --output "$out/cache-without.json" 2>/dev/null || true
same=yes
cmp -s "$out/cache-with.json" "$out/cache-without.json" || same=NO
rm -f "$out/cache-with.json" "$out/cache-without.json"

restore
trap - EXIT
rm -rf "$cache" "$base"

python3 - "$out" "$n" "$entries" "$size" "$runs" "$same" >"$results" <<'PY'
import json, sys
out, n, entries, size, runs, identical = sys.argv[1:]
def m(id):
    r = json.load(open(f"{out}/cache-{id}.json"))["results"][0]
    return r["median"], r["min"], r["max"], r["user"] + r["system"]
none, first, same, changed = (m(x) for x in ("none", "first", "unchanged", "changed"))
print(f"scan of {n} repositories, --jobs 2, {runs} runs each (medians):\n")
print("| scan | median | min | max | CPU user+sys | ratio to the first |")
print("|---|---:|---:|---:|---:|---:|")
for label, r in (("without --cache", none), ("first, cache empty", first),
                 ("second, nothing changed", same), ("second, 1% changed", changed)):
    print(f"| {label} | {r[0]*1000:.0f} ms | {r[1]*1000:.0f} ms | {r[2]*1000:.0f} ms "
          f"| {r[3]*1000:.0f} ms | {r[0]/first[0]:.3f}× |")
print(f"\ncache: {entries} files, {size} on disk (du -sh)")
print(f"report with 1% changed identical to the scan without the cache: {identical}")
print(f"nothing changed: {same[0]/first[0]:.3f}× the first (target <= 0.1×): "
      f"{'met' if same[0] <= 0.1 * first[0] else 'NOT MET'}")
print(f"1% changed: {changed[0]/first[0]:.3f}× the first (target <= 0.15×): "
      f"{'met' if changed[0] <= 0.15 * first[0] else 'NOT MET'}")
PY
cat "$results"
