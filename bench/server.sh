#!/usr/bin/env bash
# The language server's target: a re-check of an open charter in a
# 10,000-file workspace under 5 ms, as the editor waits for it.
#
#   bench/server.sh
#
# Builds charterlint in release and bench/floor's gen-tree, generates a
# workspace of 100 charters and 10,000 other files in bench/out/server, and
# runs bench/server.py against it (python3 only).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/bench/out
cargo build --release --quiet
CARGO_TARGET_DIR="$out/target" cargo build --release --quiet --manifest-path bench/floor/Cargo.toml --bin gen-tree
ws=$out/server
if [ ! -d "$ws" ]; then
  "$out/target/release/gen-tree" "$ws" 100 10000
fi
charter=$(find "$ws/products" -name charter.toml | sort | head -1)
echo "workspace: $(find "$ws" -type f | wc -l) files; charter: ${charter#"$ws"/}"
python3 bench/server.py target/release/charterlint "$ws" "$charter" "${ROUNDS:-300}"
