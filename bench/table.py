"""Prints bench/run.sh's measurements (bench/out/runs/*.json) as one
Markdown table: every target with charterlint's figure, the reference it is
compared with, the ratio and whether the target is met."""

import json
import os
import sys

runs_dir = sys.argv[1]


def load(run_id):
    path = os.path.join(runs_dir, run_id + ".json")
    if not os.path.exists(path):
        return None
    data = json.load(open(path))
    result = data["results"][0]
    return {"median": result["median"], "rss": data.get("peak_rss_kib", 0) / 1024}


def time(run):
    return "—" if run is None else f"{run['median'] * 1000:.1f} ms"


def mem(run):
    return "—" if run is None else f"{run['rss']:.1f} MiB"


rows = []


def compare(work, mine, mine_label, ref, ref_label, limit, higher=False, fmt=time):
    """A row: `mine` against `ref`. The ratio is mine/ref (or ref/mine when
    `higher`, for "at least N× faster"), met when within `limit`."""
    a, b = load(mine), load(ref)
    if a is None or b is None:
        rows.append((work, f"{mine_label} {fmt(a)}", f"{ref_label} {fmt(b)}", "—", "not measured"))
        return
    key = "rss" if fmt is mem else "median"
    ratio = b[key] / a[key] if higher else a[key] / b[key]
    target = f"≥ {limit}×" if higher else f"≤ {limit}×"
    met = ratio >= limit if higher else ratio <= limit
    rows.append(
        (work, f"{mine_label} {fmt(a)}", f"{ref_label} {fmt(b)}", f"{ratio:.2f}×",
         f"{target}: {'met' if met else 'NOT MET'}")
    )


compare("1 charter, whole process", "one.cl", "check", "one.floor", "floor", 1.5)
compare("", "one.version", "--version (start-up alone)", "one.floor", "floor", 1.5)
compare("", "one.cl", "check", "one.taplo", "taplo", 1, higher=True)
compare("", "one.cl", "check", "one.cjs", "check-jsonschema", 1, higher=True)
compare("10,000 charters, one tree", "tree.cl", "check", "tree.floor2", "floor 2 threads", 1.5)
compare("", "tree.cl", "check", "tree.floor1", "floor 1 thread", 1.5)
compare("", "tree.cl", "check", "tree.taplo", "taplo", 10, higher=True)
compare("", "tree.cl", "check", "tree.cjs", "check-jsonschema", 30, higher=True)
compare("check --staged, 1 charter + 10,000 files", "staged.cl", "--staged", "staged.one",
        "check CHARTER", 2)
compare("", "staged.cl", "--staged", "staged.floor", "floor (libgit2 index + parse)", 1.5)
compare("check --staged FILE, 1 charter + 100,000 files", "staged100k.cl", "--staged FILE",
        "staged100k.git", "git ls-files -s -- FILE", 1.5)
compare("scan 2,000 repositories", "scan2000.cl", "--jobs 2", "scan2000.floor2p",
        "floor 2 processes", 1.3)
compare("", "scan2000.cl", "--jobs 2", "scan2000.find2p",
        "floor finding the charters (every folder listed), 2 processes", 1.3)
compare("", "scan2000.cl", "--jobs 2", "scan2000.floor2t", "floor 2 threads", 1.3)
compare("", "scan2000.cl1", "--jobs 1", "scan2000.floor1", "floor 1 thread", 1.3)
compare("", "scan2000.cl1", "--jobs 1", "scan2000.find1",
        "floor finding the charters, 1 thread", 1.3)
compare("", "scan2000.cl", "--jobs 2", "scan2000.git", "git show loop", 15, higher=True)
compare("linear: 10,000 vs 1,000 repositories", "scan10000.cl", "10,000", "scan1000.cl",
        "1,000", 11)
compare("", "scan10000.cl", "peak 10,000", "scan1000.cl", "1,000", 1.5, fmt=mem)
compare("", "scan10000.none", "peak 10,000, no charter", "scan1000.none", "1,000", 1.5,
        fmt=mem)
tree = load("tree.cl")
if tree is not None:
    rows.append(("peak memory, check of 10,000 charters", f"check {mem(tree)}", "50 MiB",
                 f"{tree['rss'] / 50:.2f}×", f"≤ 1×: {'met' if tree['rss'] <= 50 else 'NOT MET'}"))

print("| work | charterlint | reference | ratio | target |")
print("|---|---|---|---:|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")

print()
print("| measurement | median | min | max | runs | peak RSS |")
print("|---|---:|---:|---:|---:|---:|")
for name in sorted(os.listdir(runs_dir)):
    data = json.load(open(os.path.join(runs_dir, name)))
    r = data["results"][0]
    rss = data.get("peak_rss_kib", 0)
    print(f"| {name[:-5]} | {r['median'] * 1000:.1f} ms | {r['min'] * 1000:.1f} ms | "
          f"{r['max'] * 1000:.1f} ms | {len(r['times'])} | "
          f"{f'{rss / 1024:.1f} MiB' if rss else '—'} |")
