#!/usr/bin/env bash
# History benchmarks (issue 12): charterlint against git answering the same
# question, whole processes, side by side in one run.
#
#   bench/history.sh                       the generated deep corpus only
#   bench/history.sh REPO... [-- REPO...]  and these real repositories too
#   bench/history.sh --corpora-only ...    make the corpora, and stop
#
# Repositories after `--` are measured one by one but left out of the
# `scan --jobs 1` of the real ones (the issue's five are scanned together;
# astral-sh/ruff is measured beside them for `check --rev`).
#
# The deep corpus: DEEP_N (default 24) bare repositories of DEEP_COMMITS
# (default 20,000) commits each, from bench/floor's gen-deep (merges, 1 to 8
# files changed per commit, charters last changed at six ages, half with a
# commit-graph file), made once in bench/out/deep-N-C/.
#
# A real repository (any git repository, e.g. a `git clone --bare` of
# rust-lang/cargo) is copied to bench/out/real/NAME.git and given a charter
# the way issue 12 did: added on a branch from the commit two years before
# HEAD, committed then, and merged into HEAD (the deep corpus has charters
# whose history must be walked commit by commit).
#
# For each repository: `charterlint check --rev HEAD` (charter-stale reads
# the history) against `git log -1 --format=%H -- charter.toml` followed by
# `git show HEAD:charter.toml` (hyperfine medians, both as whole processes),
# and `check --rev HEAD --changed-since HEAD~50` against the same floor plus
# `git diff --name-only HEAD~50...HEAD` (the merge base, as --changed-since).
# The default globs find charters anywhere, so `check --rev` lists every
# folder of the commit: it is also set beside git listing every path
# (`git ls-tree -r --name-only HEAD`) and the same floor, and timed with a
# configuration that names the charter's place (`include =
# ["charter.toml"]`, only the root folder is listed). For each corpus:
# `scan --jobs 1` against the git floor summed over its repositories (one
# shell loop), with peak RSS.
# Needs hyperfine, GNU time, git and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
for tool in hyperfine /usr/bin/time git python3; do
  command -v "$tool" >/dev/null || {
    echo "bench/history.sh needs $tool (apt-get install -y hyperfine time git python3)" >&2
    exit 2
  }
done
out=$root/bench/out
mkdir -p "$out/runs"
cargo build --release --quiet
CARGO_TARGET_DIR="$out/target" cargo build --release --quiet --manifest-path bench/floor/Cargo.toml
cl=$root/target/release/charterlint
today=2026-12-01
runs=${BENCH_RUNS:-10}
corpora_only=
if [ "${1:-}" = --corpora-only ]; then
  corpora_only=1
  shift
fi
export GIT_CEILING_DIRECTORIES=$out

# --- corpora ---
n=${DEEP_N:-24} commits=${DEEP_COMMITS:-20000}
deep=$out/deep-$n-$commits
if [ ! -f "$deep.complete" ]; then
  echo "generating $deep (takes about 10 s a repository)" >&2
  rm -rf "$deep"
  "$out/target/release/gen-deep" "$deep" "$n" "$commits"
  touch "$deep.complete"
fi
git_at() { # DATE(unix) git-args...
  local when="$1 +0000"
  shift
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" \
    git -c user.name=bench -c user.email=bench@example.com "$@"
}
# with_charter GIT_DIR COMMIT: a tree id, COMMIT's tree plus charter.toml.
with_charter() {
  local blob
  blob=$(git -C "$1" hash-object -w --stdin <"$root/examples/products/ledger/charter.toml")
  { git -C "$1" ls-tree "$2^{tree}" | grep -v $'\tcharter.toml$' || true
    printf '100644 blob %s\tcharter.toml\n' "$blob"; } | git -C "$1" mktree
}
prepare_real() { # SRC NAME
  local dest=$out/real/$2.git
  [ -f "$dest.complete" ] && return
  rm -rf "$dest"
  mkdir -p "$out/real"
  git clone --quiet --bare --no-local "$1" "$dest"
  local head head_time old old_time side merged
  head=$(git -C "$dest" rev-parse HEAD)
  head_time=$(git -C "$dest" log -1 --format=%ct HEAD)
  old=$(git -C "$dest" rev-list -1 --first-parent --before="$((head_time - 730 * 86400))" HEAD)
  old_time=$(git -C "$dest" log -1 --format=%ct "$old")
  side=$(git_at "$((old_time + 3600))" -C "$dest" commit-tree "$(with_charter "$dest" "$old")" -p "$old" -m "add the charter")
  merged=$(git_at "$((head_time + 3600))" -C "$dest" commit-tree "$(with_charter "$dest" "$head")" -p "$head" -p "$side" -m "merge the charter")
  git -C "$dest" update-ref HEAD "$merged"
  touch "$dest.complete"
}
real=() scanned=() together=1
for src in "$@"; do
  if [ "$src" = -- ]; then
    together=
    continue
  fi
  # A mirror kept as a folder per repository, holding `repo`, is named by that folder.
  name=$(basename "${src%/}" .git)
  [ "$name" = repo ] && name=$(basename "$(dirname "${src%/}")")
  name=${name//+/-}
  prepare_real "$src" "$name"
  real+=("$out/real/$name.git")
  [ -n "$together" ] && scanned+=("$out/real/$name.git")
done
[ -n "$corpora_only" ] && exit 0

# --- measurements ---
results=$out/history.md
{
  echo "| repository | commits | work | charterlint (ms) | git floor (ms) | ratio | goal | peak RSS (MiB) |"
  echo "|---|---:|---|---:|---:|---:|---|---:|"
} >"$results"
median() { # NAME COMMAND...: hyperfine median in ms
  local name=$1
  shift
  hyperfine --style none --warmup 2 --runs "$runs" -N --export-json "$out/runs/$name.json" "$@" >/dev/null 2>&1 ||
    hyperfine --style none --warmup 2 --runs "$runs" -i --export-json "$out/runs/$name.json" "$@" >/dev/null
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$out/runs/$name.json"
}
peak() { # COMMAND...: peak RSS in MiB of the whole process tree
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'
}
# row NAME COMMITS WORK CHARTERLINT FLOOR "RATIO | GOAL" PEAK
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@" | tee -a "$results"; }
# ratio CHARTERLINT FLOOR [GOAL]: "R× | ≤ G×: met" (two cells of a row)
ratio() {
  python3 -c 'import sys; a, f = map(float, sys.argv[1:3]); r = a / f
if len(sys.argv) < 4:
    print("%.2f× | (held to the fair floor below)" % r)
else:
    g = float(sys.argv[3])
    print("%.2f× | ≤ %g×: %s" % (r, g, "met" if r <= g else "NOT MET"))' "$@"
}
# mib_goal PEAK GOAL: "P (≤ G: met)"
mib_goal() {
  python3 -c 'import sys; p, g = map(float, sys.argv[1:])
print("%.1f (≤ %g: %s)" % (p, g, "met" if p <= g else "NOT MET"))' "$@"
}
floor_one() { # GIT_DIR: what git does for the same question
  echo "git -C $1 log -1 --format=%H -- charter.toml >/dev/null && git -C $1 show HEAD:charter.toml >/dev/null"
}
# The fair floor of `check --rev HEAD` with the default globs: git doing the
# same work, finding the charters too — list the commit's tree, select the
# paths the default globs match, and `log -1` and `show` each.
floor_found_script=$out/floor-found.sh
cat >"$floor_found_script" <<'SH'
git -C "$1" ls-tree -r --name-only HEAD | grep -E '(^|/)charter\.toml$|\.charter\.toml$' |
  while read -r p; do
    git -C "$1" log -1 --format=%H -- "$p" >/dev/null && git -C "$1" show "HEAD:$p" >/dev/null
  done
SH
floor_found() { # GIT_DIR
  echo "sh $floor_found_script $1"
}
root_only=$out/root-only.toml
printf 'include = ["charter.toml"]\n' >"$root_only"
for repo in "$deep"/*.git "${real[@]}"; do
  name=$(basename "$repo" .git)
  count=$(git -C "$repo" rev-list --count HEAD)
  cd "$repo"
  a=$(median "$name-rev" "sh -c '$cl check --rev HEAD --today $today --format json --quiet >/dev/null; true'")
  f=$(median "$name-floor" "sh -c '$(floor_one "$repo")'")
  row "$name" "$count" "check --rev HEAD, against the one-path floor" "$a" "$f" "$(ratio "$a" "$f")" \
    "$(peak sh -c "$cl check --rev HEAD --today $today --format json --quiet; true")"
  l=$(median "$name-listed-floor" "sh -c '$(floor_found "$repo")'")
  row "$name" "$count" "the same, against git finding the charters too (ls-tree, select, log -1 and show each)" "$a" "$l" "$(ratio "$a" "$l" 1.5)" ""
  a=$(median "$name-root-only" "sh -c '$cl check --rev HEAD --config $root_only --today $today --format json --quiet >/dev/null; true'")
  row "$name" "$count" "check --rev HEAD, include = [\"charter.toml\"], against the one-path floor" "$a" "$f" "$(ratio "$a" "$f" 2)" ""
  a=$(median "$name-changed" "sh -c '$cl check --rev HEAD --changed-since HEAD~50 --today $today --format json --quiet >/dev/null; true'")
  f=$(median "$name-changed-floor" "sh -c '$(floor_one "$repo") && git -C $repo diff --name-only HEAD~50...HEAD >/dev/null'")
  row "$name" "$count" "--changed-since HEAD~50" "$a" "$f" "$(ratio "$a" "$f" 2)" ""
  cd "$root"
done
scan_corpus() { # LABEL DIR... -- REPOS...
  local label=$1 dirs=()
  shift
  while [ "$1" != -- ]; do
    dirs+=("$1")
    shift
  done
  shift
  local loop=""
  for r in "$@"; do loop+="$(floor_one "$r"); "; done
  local a f
  a=$(median "scan-$label" "sh -c '$cl scan ${dirs[*]} --jobs 1 --today $today --format json --quiet >/dev/null; true'")
  f=$(median "scan-$label-floor" "sh -c '$loop'")
  row "$label ($# repositories)" "" "scan --jobs 1, against the one-path floor in each" "$a" "$f" "$(ratio "$a" "$f" 2)" \
    "$(mib_goal "$(peak sh -c "$cl scan ${dirs[*]} --jobs 1 --today $today --format json --quiet; true")" 32)"
}
scan_corpus deep "$deep" -- "$deep"/*.git
if [ ${#scanned[@]} -gt 0 ]; then
  scan_corpus real "${scanned[@]}" -- "${scanned[@]}"
fi
echo
echo "written to $results"
