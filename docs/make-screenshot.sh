#!/usr/bin/env bash
# Regenerates docs/report.png: the HTML report of the fixture organisation in
# tests/it/html.rs (twelve products in ten repositories, an OKR registry with one
# objective no product serves), rendered by headless Chromium at 1400x2000.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --test it -- --ignored --exact html::screenshot
echo "wrote docs/report.png (the whole page: target/report.html)"
cargo test --test it -- --ignored --exact html::trend_and_teams_screenshots
echo "wrote docs/trend.png and docs/teams.png (the pages: target/trend.html, target/teams.html)"
