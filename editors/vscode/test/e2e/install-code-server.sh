#!/usr/bin/env bash
# Installs code-server 4 (VS Code 1.100) from the npm registry into PREFIX
# without GitHub: Debian's ripgrep is put where @vscode/ripgrep's postinstall
# looks for its cached download. Idempotent: a second run with code-server
# already installed does nothing. Prints the code-server binary's path last.
# Needs (Debian, as root): libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep.
set -euo pipefail
prefix=${1:?usage: install-code-server.sh PREFIX}
bin="$prefix/node_modules/.bin/code-server"
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi
rg=$(command -v rg) || { echo "ripgrep (Debian's rg) is needed" >&2; exit 1; }
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$archive" ]; then
  mkdir -p "$cache"
  stage=$(mktemp -d)
  cp "$rg" "$stage/rg"
  tar -C "$stage" -czf "$archive" rg
  rm -rf "$stage"
fi
mkdir -p "$prefix"
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error --prefix "$prefix" code-server@4.100.3 >&2
"$bin" --version >&2
echo "$bin"
