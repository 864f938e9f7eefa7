#!/usr/bin/env bash
# Runs the fuzz target for a given time: arbitrary bytes as a charter, an OKR
# registry and a configuration, through parsing, every rule and every
# reporter (see src/fuzzing.rs).
#
#   fuzz/run.sh [SECONDS]        # default 60
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer's instrumentation
# wants nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain build it.
# The sanitizer is off by default (charterlint has no unsafe code; set
# SANITIZER=address to turn it on). Any crash is left in
# fuzz/artifacts/check/: copy it into fuzz/regressions/, where
# tests/fuzz_regressions.rs runs it on every `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
corpus=fuzz/corpus/check
mkdir -p "$corpus"

# Seed the corpus from the examples, past findings and the TOML test suite.
find examples fuzz/regressions -type f -name '*.toml' -exec cp {} "$corpus/" \; 2>/dev/null || true
for f in fuzz/regressions/*; do cp "$f" "$corpus/"; done
# tests/data holds a copy of the suite (equal to ../shared's, tests/vendored.rs).
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$corpus/toml-test-$i.toml"
  i=$((i + 1))
done < <(find tests/data/toml-test/tests -type f -name '*.toml' -print0)
echo "corpus: $(ls "$corpus" | wc -l) inputs"

RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer "${SANITIZER:-none}" check "$corpus" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=131072 -print_final_stats=1
