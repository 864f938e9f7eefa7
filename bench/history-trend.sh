#!/usr/bin/env bash
# Peak memory of `scan`/`merge --history DIR` (issue 21): a year of weekly
# results (52) of an organisation of N repositories (default 10,000), read
# into a trend. Each result is reduced to its point and dropped before the
# next is read, so peak RSS should be that of one result, not of 52.
#
#   bench/history-trend.sh [N] [WEEKS]      default: 10000 52
#
# Makes one real scan result of a generated organisation (bench/floor's
# gen-org), then WEEKS copies of it a week apart, each with a share of the
# findings removed and some added (bench/out/history-N/), and measures with
# GNU time (`apt-get install -y time`):
#   1. `merge` of the one result, no history (the floor: one result in memory);
#   2. `merge --history` of the same result over the WEEKS results.
# Needs python3. CHARTERLINT=path uses that binary instead of building one;
# BASE_FROM=small.json makes the base result from a real scan of a small
# organisation, copied up to N repositories, instead of scanning gen-org's.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-10000}
weeks=${2:-52}
out=bench/out
mkdir -p "$out"

if [ -z "${CHARTERLINT:-}" ]; then
  cargo build --release --quiet
  CHARTERLINT=${CARGO_TARGET_DIR:-target}/release/charterlint
fi
base="$out/history-base-$n.json"
if [ ! -f "$base" ] && [ -n "${BASE_FROM:-}" ]; then
  # Without gen-org: a real scan result of a small organisation, its
  # repositories, charters and findings copied (renamed) up to N.
  python3 - "$BASE_FROM" "$base" "$n" <<'PY'
import json, sys
small, base, n = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
repos = small["repositories"]
out = dict(small)
out["repositories"], out["charters"], out["findings"] = [], [], []
k = 0
while len(out["repositories"]) < n:
    rename = {r: f"copy-{k:05}/{r}" for r in repos}
    for r in repos:
        if len(out["repositories"]) < n:
            out["repositories"].append(rename[r])
    kept = set(out["repositories"][-len(repos):])
    for c in small["charters"]:
        if rename.get(c["repo"]) in kept:
            out["charters"].append(dict(c, repo=rename[c["repo"]], product_id=f'{c["product_id"]}-{k}'))
    for f in small["findings"]:
        if rename.get(f["repo"]) in kept:
            out["findings"].append(dict(f, repo=rename[f["repo"]], fingerprint=f'{f.get("fingerprint")}-{k}'))
    k += 1
out["summary"] = dict(small["summary"], repos=len(out["repositories"]), charters=len(out["charters"]))
for sev, key in (("error", "errors"), ("warning", "warnings"), ("note", "notes")):
    out["summary"][key] = sum(1 for f in out["findings"] if f["severity"] == sev)
json.dump(out, open(base, "w"), indent=2)
PY
fi
if [ ! -f "$base" ]; then
  CARGO_TARGET_DIR="$out/target" cargo build --release --quiet --manifest-path bench/floor/Cargo.toml --bin gen-org
  org="$out/org-$n"
  if [ ! -f "$org.complete" ]; then
    rm -rf "$org"
    echo "generating $n repositories in $org" >&2
    "$out/target/release/gen-org" "$org" "$n"
    touch "$org.complete"
  fi
  echo "scanning $org" >&2
  SOURCE_DATE_EPOCH=1763798400 "$CHARTERLINT" scan "$org" --format json --today 2026-11-22 \
    --require-charter --output "$base" || [ $? -eq 1 ]
fi

hist="$out/history-$n-$weeks"
if [ ! -f "$hist.complete" ]; then
  rm -rf "$hist"
  mkdir -p "$hist"
  python3 - "$base" "$hist" "$weeks" <<'PY'
import copy, datetime, json, random, sys
base, hist, weeks = sys.argv[1], sys.argv[2], int(sys.argv[3])
report = json.load(open(base))
findings = report["findings"]
rng = random.Random(21)
start = datetime.date(2026, 11, 22) - datetime.timedelta(weeks=weeks)
for w in range(weeks):
    day = start + datetime.timedelta(weeks=w)
    r = dict(report)
    # Older weeks had more findings: keep a growing share of today's, and
    # add copies of some (another rule's id) that were fixed since.
    keep = 0.5 + 0.5 * w / max(weeks - 1, 1)
    kept = [f for f in findings if rng.random() < keep]
    extra = []
    for f in findings[: int(len(findings) * (1 - keep) * 0.5)]:
        g = dict(f)
        g["rule"] = "golden-thread-unmeasured"
        g["severity"] = "warning"
        extra.append(g)
    r["findings"] = kept + extra
    r["summary"] = dict(report["summary"])
    for sev, key in (("error", "errors"), ("warning", "warnings"), ("note", "notes")):
        r["summary"][key] = sum(1 for f in r["findings"] if f["severity"] == sev)
    r["scan"] = dict(report.get("scan") or {})
    r["scan"]["scanned_at"] = f"{day.isoformat()}T06:00:00Z"
    r["scan"]["today"] = day.isoformat()
    with open(f"{hist}/scan-{day.isoformat()}.json", "w") as out:
        json.dump(r, out, indent=2)
PY
  touch "$hist.complete"
fi

size=$(du -sh "$hist" | cut -f1)
one=$(du -h "$base" | cut -f1)
rss() { /usr/bin/time -f '%M %e' "$@" 2>&1 >/dev/null | tail -1; }
read -r floor_kb floor_s < <(rss "$CHARTERLINT" merge "$base" --format json --output /dev/null --today 2026-11-22)
read -r trend_kb trend_s < <(rss "$CHARTERLINT" merge "$base" --history "$hist" --format json --output /dev/null --today 2026-11-22)
echo "| N | results | history on disk | one result | merge alone: peak RSS, time | merge --history: peak RSS, time |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '| %s | %s | %s | %s | %.1f MiB, %.1f s | %.1f MiB, %.1f s |\n' \
  "$n" "$weeks" "$size" "$one" "$(echo "$floor_kb / 1024" | bc -l)" "$floor_s" \
  "$(echo "$trend_kb / 1024" | bc -l)" "$trend_s"
