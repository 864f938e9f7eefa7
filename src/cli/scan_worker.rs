//! Scan workers: `scan --jobs N` runs N processes of charterlint itself (the
//! hidden `scan-worker` subcommand), each reading an interleaved slice of the
//! repositories. The parent sends a `Request` as JSON on the worker's stdin;
//! the worker answers with one JSON line per repository, its checked tree,
//! which the parent finishes with the others exactly as in one process.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};

use crate::engine::CheckedTree;
use crate::source::discover::Found;

use super::Fatal;
use super::scan::{Settings, bytes_of, path_of, scan_repo};

#[derive(Serialize, Deserialize)]
struct Request {
    settings: Settings,
    repos: Vec<Item>,
}

/// A repository to scan, and its place in the parent's list.
#[derive(Serialize, Deserialize)]
struct Item {
    index: usize,
    name: String,
    /// Path bytes: a path need not be UTF-8.
    path: Vec<u8>,
    problem: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Answer {
    index: usize,
    tree: CheckedTree,
}

/// `charterlint scan-worker`: scans the repositories of the request on
/// stdin, one after the other, answering as each is done.
pub fn run() -> Result<u8, Fatal> {
    let request: Request = serde_json::from_reader(std::io::stdin().lock())
        .map_err(|e| Fatal(format!("scan-worker: invalid request: {e}")))?;
    let loaded = request.settings.load()?;
    let plan = request.settings.plan(&loaded)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for item in request.repos {
        let found = Found {
            name: item.name,
            path: path_of(&item.path),
            problem: item.problem,
        };
        let answer = Answer {
            index: item.index,
            tree: scan_repo(&found, &plan),
        };
        serde_json::to_writer(&mut out, &answer)?;
        out.write_all(b"\n")?;
        out.flush()?;
    }
    Ok(0)
}

/// Scans `repos` in `workers` processes of `exe`; the trees in the order of
/// `repos`.
pub fn scan_in_workers(
    exe: &Path,
    repos: &[Found],
    settings: &Settings,
    workers: usize,
    progress: &ProgressBar,
) -> Result<Vec<CheckedTree>, Fatal> {
    let mut trees: Vec<Option<CheckedTree>> = repos.iter().map(|_| None).collect();
    let answers: Vec<Result<Vec<Answer>, String>> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..workers)
            .map(|k| {
                let request = Request {
                    settings: settings.clone(),
                    repos: repos
                        .iter()
                        .enumerate()
                        .skip(k)
                        .step_by(workers)
                        .map(|(index, r)| Item {
                            index,
                            name: r.name.clone(),
                            path: bytes_of(&r.path),
                            problem: r.problem.clone(),
                        })
                        .collect(),
                };
                scope.spawn(move || run_worker(exe, &request, progress))
            })
            .collect();
        running
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err("a scan worker thread panicked".into()))
            })
            .collect()
    });
    for answer in answers {
        for a in answer.map_err(Fatal)? {
            let slot = trees.get_mut(a.index).ok_or_else(|| {
                Fatal(format!(
                    "a scan worker answered for repository #{}, which it was not given",
                    a.index
                ))
            })?;
            *slot = Some(a.tree);
        }
    }
    trees
        .into_iter()
        .map(|t| t.ok_or_else(|| Fatal("a scan worker left a repository out".into())))
        .collect()
}

/// Runs one worker to the end: its answers, or why it failed.
fn run_worker(
    exe: &Path,
    request: &Request,
    progress: &ProgressBar,
) -> Result<Vec<Answer>, String> {
    let expected = request.repos.len();
    let mut child = Command::new(exe)
        .arg("scan-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start a scan worker ({}): {e}", exe.display()))?;
    // The worker reads its whole request before it answers: no deadlock.
    let written = child.stdin.take().map(|stdin| {
        let mut stdin = BufWriter::new(stdin);
        serde_json::to_writer(&mut stdin, request)?;
        stdin.flush().map_err(serde_json::Error::io)
    });
    let mut answers = Vec::with_capacity(expected);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("cannot read a scan worker's answer: {e}"))?;
            let answer: Answer = serde_json::from_str(&line)
                .map_err(|e| format!("a scan worker's answer is not valid: {e}"))?;
            answers.push(answer);
            progress.inc(1);
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for a scan worker: {e}"))?;
    if let Some(Err(e)) = written {
        return Err(format!("cannot send a scan worker its request: {e}"));
    }
    if !status.success() || answers.len() != expected {
        return Err(format!(
            "a scan worker stopped ({status}) after {} of {expected} repositories",
            answers.len()
        ));
    }
    Ok(answers)
}
