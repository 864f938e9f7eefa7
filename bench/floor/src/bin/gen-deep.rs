//! `gen-deep DIR N COMMITS`: N bare repositories with deep histories, for the
//! history benchmarks (charter-stale, --changed-since, --rev in real-sized
//! repositories). Deterministic: the same arguments give the same commits.
//!
//! Repository `i` has COMMITS commits on `main` (one a day or so from
//! 2019-01-01 to 2026-11-15) over a tree of 500 small files in 25 folders
//! and a `charter.toml` at the root; each commit changes 1 to 8 files, and
//! every 20th commit merges a feature branch of 3 commits that forked 6
//! commits earlier. The charter changes every 1,000 commits up to the
//! commit given by its age class, then never again:
//!
//! | i % 6 | the charter's last change |
//! |---|---|
//! | 0 | the first commit (never changed since) |
//! | 1 | half-way through the history |
//! | 2 | at 90 % |
//! | 3 | at 99.9 % |
//! | 4 | the last commit (HEAD) |
//! | 5 | on a feature branch merged at 95 % |
//!
//! Repositories with an even `i` get a commit-graph file (as `git gc` writes
//! one); the others have none. The history is written by `git fast-import`,
//! which packs as it goes (far faster than one object at a time).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const FILES: usize = 500;
const FOLDERS: usize = 25;
const START: i64 = 1_546_300_800; // 2019-01-01T00:00:00Z
const END: i64 = 1_794_700_800; // 2026-11-15T00:00:00Z
const MERGE_EVERY: usize = 20;
const FEATURE_LEN: usize = 3;
const FORK_BACK: usize = 6;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, n, commits] = &args[..] else {
        eprintln!("usage: gen-deep DIR N COMMITS");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");
    let commits: usize = commits.parse().expect("COMMITS is a number");
    assert!(commits >= 2 * MERGE_EVERY, "COMMITS must be at least 40");
    for i in 0..n {
        let path = Path::new(dir).join(format!("repo-{i:03}.git"));
        generate(&path, i, commits);
    }
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn file_path(j: usize) -> String {
    format!("src/d{:02}/f{:03}.txt", j % FOLDERS, j)
}

fn file_text(j: usize, version: usize) -> String {
    let mut s = String::with_capacity(400);
    for line in 0..8 {
        s.push_str(&format!(
            "file {j} line {line}: revision {version} of the module's notes\n"
        ));
    }
    s
}

fn charter_text(i: usize, version: usize) -> String {
    format!(
        "{}\n# revision {version}\n",
        charterlint_bench::charter(i).trim_end()
    )
}

struct Stream<W: Write> {
    out: W,
    mark: usize,
}

impl<W: Write> Stream<W> {
    /// Writes a commit on `branch` and returns its mark.
    fn commit(
        &mut self,
        branch: &str,
        at: i64,
        message: &str,
        from: Option<usize>,
        merge: Option<usize>,
        files: &[(String, String)],
    ) -> usize {
        self.mark += 1;
        let w = &mut self.out;
        writeln!(w, "commit refs/heads/{branch}").unwrap();
        writeln!(w, "mark :{}", self.mark).unwrap();
        writeln!(w, "author Bench <bench@example.com> {at} +0000").unwrap();
        writeln!(w, "committer Bench <bench@example.com> {at} +0000").unwrap();
        writeln!(w, "data {}\n{message}", message.len()).unwrap();
        if let Some(from) = from {
            writeln!(w, "from :{from}").unwrap();
        }
        if let Some(merge) = merge {
            writeln!(w, "merge :{merge}").unwrap();
        }
        for (path, text) in files {
            writeln!(w, "M 100644 inline {path}\ndata {}\n{text}", text.len()).unwrap();
        }
        writeln!(w).unwrap();
        self.mark
    }
}

fn generate(path: &Path, i: usize, commits: usize) {
    if path.exists() {
        std::fs::remove_dir_all(path).unwrap();
    }
    let git = |args: &[&str]| {
        let status = Command::new("git").args(args).status().expect("git runs");
        assert!(status.success(), "git {args:?} failed");
    };
    let p = path.to_str().expect("a UTF-8 path");
    git(&["init", "--quiet", "--bare", "-b", "main", p]);
    let mut child = Command::new("git")
        .args(["-C", p, "fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    let stdin = child.stdin.take().unwrap();
    let mut s = Stream {
        out: BufWriter::with_capacity(1 << 20, stdin),
        mark: 0,
    };
    let mut rng = Rng(0xC0FF_EE00 + i as u64);
    let when = |k: usize| START + (END - START) * k as i64 / commits as i64;
    let last_charter_change = match i % 6 {
        0 => 0,
        1 => commits / 2,
        2 => commits * 9 / 10,
        3 => commits * 999 / 1000,
        4 => commits - 1,
        _ => usize::MAX, // on a feature branch merged at 95 %
    };
    let feature_charter_merge = commits * 95 / 100 / MERGE_EVERY * MERGE_EVERY;
    let mut versions = vec![0usize; FILES];
    let mut charter_version = 0;

    // The first commit: every file and the charter.
    let mut first: Vec<(String, String)> = (0..FILES)
        .map(|j| (file_path(j), file_text(j, 0)))
        .collect();
    first.push(("charter.toml".into(), charter_text(i, 0)));
    let mut marks = vec![s.commit("main", when(0), "initial commit", None, None, &first)];

    for k in 1..commits {
        let parent = *marks.last().unwrap();
        let mut files = Vec::new();
        let mut merge = None;
        let mut message = format!("change {k}");
        if k % MERGE_EVERY == 0 && k >= FORK_BACK {
            // A feature branch forked FORK_BACK commits ago, merged now. Its
            // files are ones main leaves alone (j % 10 == 0), so the merge
            // needs no resolution: it takes the feature's versions.
            let fork = marks[k - FORK_BACK];
            let mut tip = fork;
            let mut changed: Vec<usize> = Vec::new();
            let charter_here = last_charter_change == usize::MAX && k == feature_charter_merge;
            for step in 0..FEATURE_LEN {
                let j = rng.below(FILES / 10) * 10;
                versions[j] += 1;
                changed.push(j);
                let mut feature_files = vec![(file_path(j), file_text(j, versions[j]))];
                if charter_here && step == 1 {
                    charter_version += 1;
                    feature_files.push(("charter.toml".into(), charter_text(i, charter_version)));
                }
                let at = when(k - FORK_BACK) + step as i64 * 60;
                tip = s.commit(
                    "feature",
                    at,
                    &format!("feature {k}.{step}"),
                    Some(tip),
                    None,
                    &feature_files,
                );
            }
            changed.sort_unstable();
            changed.dedup();
            files.extend(
                changed
                    .iter()
                    .map(|&j| (file_path(j), file_text(j, versions[j]))),
            );
            if charter_here {
                files.push(("charter.toml".into(), charter_text(i, charter_version)));
            }
            merge = Some(tip);
            message = format!("merge feature {k}");
        } else {
            for _ in 0..1 + rng.below(8) {
                let j = 1 + rng.below(FILES - 1);
                if j % 10 == 0 {
                    continue; // features' files
                }
                versions[j] += 1;
                files.push((file_path(j), file_text(j, versions[j])));
            }
        }
        let charter_due = last_charter_change != usize::MAX
            && k <= last_charter_change
            && (k == last_charter_change || k % 1000 == 0);
        if charter_due {
            charter_version += 1;
            files.push(("charter.toml".into(), charter_text(i, charter_version)));
        }
        marks.push(s.commit("main", when(k), &message, Some(parent), merge, &files));
    }
    writeln!(s.out, "done").unwrap();
    s.out.flush().unwrap();
    drop(s);
    assert!(child.wait().unwrap().success(), "git fast-import failed");
    git(&["-C", p, "update-ref", "-d", "refs/heads/feature"]);
    if i % 2 == 0 {
        git(&["-C", p, "commit-graph", "write", "--reachable"]);
    }
}
