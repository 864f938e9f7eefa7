#!/usr/bin/env bash
# Byte-identical comparison of two builds of charterlint: a base revision and
# this working tree, run on the same corpora with the same commands.
#
#   bench/identical.sh [BASE_REV]     default BASE_REV: 7bc2602 (the last
#                                     commit before issue 22's last pass;
#                                     pass the commit before the change under
#                                     test: a base older than a feature
#                                     differs by that feature's output)
#
# A refactoring or a speed-up must not change what a user sees. This script
# builds BASE_REV (in a git worktree under bench/out/identical/, with its own
# target folder, reused by later runs) and the working tree (release), makes
# the corpora once (deterministic: fixed commit dates, fixed --today and
# SOURCE_DATE_EPOCH), runs every case below with both builds and compares
# stdout, stderr, the exit code and every file a case writes. It prints one
# line per differing case (and the diff's head) and exits 1 if any differs.
#
# The corpora: `ex`, a repository of the bundled examples with a history
# (a relationship changed and changed back, later commits, a base branch,
# staged and unstaged edits, an untracked charter); `org`, an organisation of
# generated bare repositories (bench/floor's gen-org), `ex` and its history,
# a repository without a charter, one with a broken configuration and one
# with no commit; `deep`, generated repositories with long histories
# (bench/floor's gen-deep, when it exists at both revisions' bench/floor).
#
# Needs git and a Rust toolchain. IDENTICAL_KEEP=1 keeps the outputs in
# bench/out/identical/{base,new}/ for inspection (they are always kept; the
# variable only silences the reminder).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
base_rev=${1:-7bc2602}
work=$root/bench/out/identical
mkdir -p "$work"

# --- the two builds ---
base_src=$work/base-src
base_commit=$(git rev-parse --verify "$base_rev^{commit}")
if [ ! -d "$base_src" ]; then
  git worktree add --quiet --detach "$base_src" "$base_commit"
else
  git -C "$base_src" checkout --quiet --detach "$base_commit"
fi
echo "building the base ($base_rev = ${base_commit:0:12}) and the working tree" >&2
CARGO_TARGET_DIR=$work/target-base cargo build --release --quiet --manifest-path "$base_src/Cargo.toml"
cargo build --release --quiet
base_bin=$work/target-base/release/charterlint
new_bin=${CARGO_TARGET_DIR:-$root/target}/release/charterlint

# --- the corpora (made once) ---
corpus=$work/corpus
# The corpora live inside this repository's (ignored) bench/out: keep git's
# discovery from climbing into it.
export GIT_CEILING_DIRECTORIES=$work
today=2026-12-01
export SOURCE_DATE_EPOCH=1764547200 # 2025-12-01T00:00:00Z
git_at() { # DATE git-args...: a commit at a fixed date, by a fixed author
  local when=$1
  shift
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" \
    git -c user.name=charterlint-bench -c user.email=bench@example.com \
    -c commit.gpgsign=false "$@"
}
make_ex() { # DIR: the examples with a history
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -R "$root/examples" "$dir/examples"
  cp "$root/charterlint.toml" "$dir/charterlint.toml"
  printf '# products\n' >"$dir/README.md"
  local ledger=$dir/examples/products/ledger/charter.toml
  git -C "$dir" init --quiet -b main
  # At the base, the ledger's team called its finance users customers...
  sed -i 's/^type = "partner"/type = "customer"/' "$ledger"
  git -C "$dir" add -A
  git_at "2024-01-10T10:00:00Z" -C "$dir" commit --quiet -m "charters"
  git -C "$dir" branch base
  # ...then partners, with the same rationale (rationale-not-updated).
  sed -i 's/^type = "customer"/type = "partner"/' "$ledger"
  git -C "$dir" add -A
  git_at "2024-06-01T10:00:00Z" -C "$dir" commit --quiet -m "ledger: partners"
  printf 'more\n' >>"$dir/README.md"
  git -C "$dir" add -A
  git_at "2025-03-01T10:00:00Z" -C "$dir" commit --quiet -m "readme"
  # A merge: a side branch renames a charter's folder.
  git -C "$dir" checkout --quiet -b side
  git -C "$dir" mv examples/products/people-hub examples/products/people
  git_at "2025-04-01T10:00:00Z" -C "$dir" commit --quiet -m "rename people-hub"
  git -C "$dir" checkout --quiet main
  printf 'again\n' >>"$dir/README.md"
  git_at "2025-04-02T10:00:00Z" -C "$dir" commit --quiet -am "readme again"
  git_at "2025-04-03T10:00:00Z" -C "$dir" merge --quiet --no-edit side
  # Staged, unstaged and untracked changes.
  sed -i 's/^choice = false/choice = true/' "$dir/examples/products/developer-platform/charter.toml"
  git -C "$dir" add examples/products/developer-platform/charter.toml
  printf '\n# edited\n' >>"$dir/examples/products/payments-portal/charter.toml"
  mkdir -p "$dir/examples/products/new"
  sed 's/^id = "ledger"/id = "ledger-two"/' "$ledger" >"$dir/examples/products/new/charter.toml"
}
make_org() { # DIR
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir"
  "$gen_org" "$dir/generated" 40
  git clone --quiet "$corpus/ex" "$dir/teams/ex"
  git clone --quiet --bare "$corpus/ex" "$dir/teams/ex-bare.git"
  mkdir -p "$dir/teams/no-charter"
  git -C "$dir/teams/no-charter" init --quiet -b main
  printf 'x\n' >"$dir/teams/no-charter/README.md"
  git -C "$dir/teams/no-charter" add -A
  git_at "2025-01-01T00:00:00Z" -C "$dir/teams/no-charter" commit --quiet -m x
  git clone --quiet "$corpus/ex" "$dir/teams/bad-config"
  printf 'include = 3\nunknown_key = true\n' >"$dir/teams/bad-config/charterlint.toml"
  git -C "$dir/teams/bad-config" add -A
  git_at "2025-05-01T00:00:00Z" -C "$dir/teams/bad-config" commit --quiet -m "bad config"
  git -C "$dir/teams" init --quiet -b main empty
}
floor_target=$root/bench/out/target
CARGO_TARGET_DIR=$floor_target cargo build --release --quiet --manifest-path bench/floor/Cargo.toml
gen_org=$floor_target/release/gen-org
gen_deep=$floor_target/release/gen-deep
if [ ! -f "$corpus/.complete" ]; then
  echo "making the corpora in $corpus" >&2
  rm -rf "$corpus"
  mkdir -p "$corpus"
  make_ex "$corpus/ex"
  make_org "$corpus/org"
  if [ -x "$gen_deep" ]; then
    "$gen_deep" "$corpus/deep" 6 3000
  fi
  touch "$corpus/.complete"
fi

# --- the cases ---
# case NAME DIR ARGS...: runs `charterlint ARGS...` in DIR with each build.
# An argument @OUT@ stands for a file the case writes; it is compared too.
# A case runs on a fresh copy of DIR when its name starts with `fix-`.
scratch=$work/scratch
differ=0
ran=0
run_one() { # BUILD-NAME BIN NAME DIR ARGS...
  local which=$1 bin=$2 name=$3 dir=$4
  shift 4
  local dest=$work/$which/$name
  mkdir -p "$(dirname "$dest")"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  if [[ $name == fix-* ]]; then
    cp -R "$dir" "$scratch/repo"
    dir=$scratch/repo
  fi
  local args=()
  for a in "$@"; do args+=("${a//@OUT@/$scratch/out}"); done
  set +e
  (cd "$dir" && "$bin" --color never "${args[@]}") >"$dest.stdout" 2>"$dest.stderr" </dev/null
  echo $? >"$dest.code"
  set -e
  if [ -e "$scratch/out" ]; then cp "$scratch/out" "$dest.out"; else rm -f "$dest.out"; fi
  if [[ $name == fix-* ]]; then
    git -C "$dir" diff >"$dest.diff"
  fi
}
case_() { # NAME DIR ARGS...
  local name=$1 bad=0 f
  ran=$((ran + 1))
  run_one base "$base_bin" "$@"
  run_one new "$new_bin" "$@"
  for f in $({ (cd "$work/base" && ls "$name".*) && (cd "$work/new" && ls "$name".*); } 2>/dev/null | sort -u); do
    if ! cmp -s "$work/base/$f" "$work/new/$f"; then
      [ "$bad" = 1 ] || echo "DIFFERS: $name (${*:3})"
      bad=1
      diff -u "$work/base/$f" "$work/new/$f" 2>&1 | head -20 || true
    fi
  done
  differ=$((differ + bad))
}
rm -rf "$work/base" "$work/new"
ex=$corpus/ex
org=$corpus/org
formats=(human json sarif github gitlab markdown)
t=(--today "$today")

for f in "${formats[@]}"; do
  case_ "check-$f" "$ex" check "${t[@]}" --format "$f"
  case_ "check-staged-$f" "$ex" check "${t[@]}" --staged --format "$f"
  case_ "check-rev-$f" "$ex" check "${t[@]}" --rev HEAD~2 --format "$f"
  case_ "check-changed-$f" "$ex" check "${t[@]}" --changed-since base --format "$f"
  case_ "check-new-only-$f" "$ex" check "${t[@]}" --changed-since base --new-only --format "$f"
  case_ "scan-$f" "$org" scan . "${t[@]}" --format "$f"
done
case_ check-output "$ex" check "${t[@]}" --format json --output @OUT@
case_ check-paths "$ex" check "${t[@]}" examples/products/ledger/charter.toml examples/products/new
case_ check-staged-path "$ex" check "${t[@]}" --staged examples/products/developer-platform/charter.toml
case_ check-rev-head "$ex" check "${t[@]}" --rev HEAD --format json
case_ check-rev-merge "$ex" check "${t[@]}" --rev side --changed-since main~1 --format json
case_ check-deny "$ex" check "${t[@]}" --deny warnings --quiet
case_ check-later "$ex" check --today 2030-01-01 --format json
case_ check-diff "$ex" check "${t[@]}" --diff
case_ check-diff-unsafe "$ex" check "${t[@]}" --diff --unsafe-fixes
case_ fix-safe "$ex" fix "${t[@]}"
case_ fix-unsafe "$ex" fix "${t[@]}" --unsafe-fixes
case_ check-stdin-missing "$ex" check "${t[@]}" --stdin-filename examples/products/ledger/charter.toml
case_ check-bad-rev "$ex" check "${t[@]}" --rev no-such-rev
case_ check-bad-changed "$ex" check "${t[@]}" --changed-since no-such-rev
case_ check-bad-config "$ex" check "${t[@]}" --config examples/okrs.toml
case_ check-missing-config "$ex" check "${t[@]}" --config nowhere.toml
case_ check-bad-registry "$ex" check "${t[@]}" --registry examples/products/ledger/charter.toml
case_ check-outside "$ex" check "${t[@]}" ../elsewhere.toml
case_ check-not-repo "$corpus" check "${t[@]}"
case_ check-plain-files "$corpus" check "${t[@]}" ex/examples/products/ledger/charter.toml
case_ config-show "$ex" config --show
case_ scan-html "$org" scan . "${t[@]}" --format json --html @OUT@
case_ scan-jobs1 "$org" scan . "${t[@]}" --jobs 1 --format json
case_ scan-jobs2 "$org" scan . "${t[@]}" --jobs 2 --format json
case_ scan-require "$org" scan . "${t[@]}" --require-charter --format json
case_ scan-rev "$org" scan . "${t[@]}" --rev HEAD~1 --format json
case_ scan-link "$org" scan . "${t[@]}" --format json --html @OUT@ --link-template 'https://git.example.com/{repo}/blob/{rev}/{path}#L{line}'
case_ scan-shard1 "$org" scan . "${t[@]}" --shard 1/2 --format json --output @OUT@
case_ scan-shard2 "$org" scan . "${t[@]}" --shard 2/2 --format json --output @OUT@
mkdir -p "$work/shards"
"$base_bin" scan "$org" "${t[@]}" --shard 1/2 --format json --output "$work/shards/1.json" 2>/dev/null || true
"$base_bin" scan "$org" "${t[@]}" --shard 2/2 --format json --output "$work/shards/2.json" 2>/dev/null || true
"$base_bin" scan "$org" --today 2026-06-01 --format json --output "$work/shards/previous.json" 2>/dev/null || true
for f in "${formats[@]}"; do
  case_ "merge-$f" "$work/shards" merge 1.json 2.json "${t[@]}" --format "$f"
done
case_ merge-html "$work/shards" merge 1.json 2.json "${t[@]}" --html @OUT@
case_ scan-baseline "$org" scan . "${t[@]}" --baseline "$work/shards/previous.json" --format json --html @OUT@
case_ scan-baseline-new "$org" scan . "${t[@]}" --baseline "$work/shards/previous.json" --new-only
case_ scan-missing "$org" scan nowhere "${t[@]}"
if [ -d "$corpus/deep" ]; then
  for f in json human; do
    case_ "deep-scan-$f" "$corpus/deep" scan . "${t[@]}" --format "$f"
  done
  for r in "$corpus"/deep/*/; do
    n=$(basename "$r")
    case_ "deep-$n-check" "$r" check "${t[@]}" --format json
    case_ "deep-$n-rev" "$r" check "${t[@]}" --rev HEAD --format json
    case_ "deep-$n-changed" "$r" check "${t[@]}" --changed-since HEAD~50 --format json
    case_ "deep-$n-new-only" "$r" check "${t[@]}" --changed-since HEAD~50 --new-only --format json
  done
fi
case_ rules . rules
case_ rules-markdown . rules --markdown
case_ rules-reference . rules --reference
for which in charter okrs config; do case_ "schema-$which" . schema "$which"; done
while read -r rule _; do
  case_ "explain-$rule" . explain "$rule"
done < <("$base_bin" rules)
case_ explain-unknown . explain no-such-rule
case_ version . --version
case_ help-check . check --help
case_ help-scan . scan --help

echo "$ran cases, $differ differ (outputs in $work/base and $work/new)"
[ "$differ" -eq 0 ]
