#!/usr/bin/env bash
# Runs a fuzz target for a given time (see src/fuzzing.rs and src/fuzzing/):
#   check   arbitrary bytes as a charter, an OKR registry and a configuration,
#           through parsing, every rule and every reporter;
#   fix     arbitrary bytes as a charter through `fix`, safe and unsafe: the
#           result parses whenever the input did, a second fix changes
#           nothing, no more errors are left than there were;
#   server  arbitrary bytes as the language server's input (framing and
#           message loop): no panic, every request answered once.
#
#   fuzz/run.sh [SECONDS] [TARGET]     # default 60 check
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer's instrumentation
# wants nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain build it.
# The sanitizer is off by default (charterlint has no unsafe code; set
# SANITIZER=address to turn it on). Any crash is left in
# fuzz/artifacts/TARGET/: copy it into fuzz/regressions/, where
# tests/it/fuzz_regressions.rs runs it on every `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
target=${2:-check}
corpus=fuzz/corpus/$target
mkdir -p "$corpus"

if [ "$target" = server ]; then
  # Seed with framed messages an editor sends, and a few broken frames.
  frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
  uri=file:///nonexistent-charterlint-fuzz-root/charter.toml
  frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'$uri'","languageId":"toml","version":1,"text":"charter = 1\n[product]\nid = \"x\"\n"}}}' >"$corpus/open"
  frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"'$uri'"},"position":{"line":1,"character":2}}}' >"$corpus/hover"
  frame '{"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"textDocument":{"uri":"'$uri'"},"position":{"line":2,"character":6}}}' >"$corpus/completion"
  frame '{"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'$uri'"},"range":{"start":{"line":0,"character":0},"end":{"line":3,"character":0}},"context":{"diagnostics":[]}}}' >"$corpus/action"
  frame '{"jsonrpc":"2.0","id":5,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"'$uri'"}}}' >"$corpus/diagnostic"
  printf 'Content-Length: 12\r\n\r\n{"jsonrpc":' >"$corpus/short"
  cat "$corpus"/open "$corpus"/hover "$corpus"/completion "$corpus"/action >"$corpus/session"
  echo "corpus: $(ls "$corpus" | wc -l) inputs"
  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer "${SANITIZER:-none}" server "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
  exit
fi

# Seed the corpus from the examples, past findings and the TOML test suite.
find examples fuzz/regressions -type f -name '*.toml' -exec cp {} "$corpus/" \; 2>/dev/null || true
for f in fuzz/regressions/*; do cp "$f" "$corpus/"; done
# tests/data holds a copy of the suite (equal to ../shared's, tests/it/vendored.rs).
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$corpus/toml-test-$i.toml"
  i=$((i + 1))
done < <(find tests/data/toml-test/tests -type f -name '*.toml' -print0)
echo "corpus: $(ls "$corpus" | wc -l) inputs"

RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer "${SANITIZER:-none}" "$target" "$corpus" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=131072 -print_final_stats=1
