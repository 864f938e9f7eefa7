//! Scan workers: `scan --jobs N` runs N processes of charterlint itself (the
//! hidden `scan-worker` subcommand), each reading an interleaved slice of the
//! repositories. The parent sends a `Request` as JSON on the worker's stdin;
//! the worker answers with one JSON line per repository, its checked tree,
//! which the parent finishes with the others exactly as in one process.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};

use crate::engine::CheckedTree;
use crate::source::discover::Found;

use super::cache::{Cache, Prior, Problem};
use super::error::{ScanError, WorkerError};
use super::plan::{Settings, bytes_of, path_of};
use super::repo::{scan_repo, scan_repo_cached};

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
    /// With a cache: what the parent knows of its entry.
    #[serde(default)]
    prior: Prior,
}

#[derive(Serialize, Deserialize)]
struct Answer {
    index: usize,
    tree: CheckedTree,
    /// What went wrong with the cache while scanning it.
    #[serde(default)]
    cache: Vec<Problem>,
}

/// `charterlint scan-worker`: scans the repositories of the request read
/// from `input`, one after the other, answering on `output` as each is done.
pub fn serve(input: impl Read, output: impl Write) -> Result<(), ScanError> {
    let request: Request = serde_json::from_reader(input).map_err(WorkerError::InvalidRequest)?;
    let loaded = request.settings.load()?;
    let plan = request.settings.plan(&loaded)?;
    let cache = request.settings.cache();
    let mut out = BufWriter::new(output);
    for item in request.repos {
        let found = Found {
            name: item.name,
            path: path_of(&item.path),
            problem: item.problem,
        };
        let tree = match &cache {
            Some(cache) => scan_repo_cached(&found, &plan, cache, item.prior),
            None => scan_repo(&found, &plan),
        };
        let answer = Answer {
            index: item.index,
            tree,
            cache: cache.as_ref().map(Cache::take_problems).unwrap_or_default(),
        };
        serde_json::to_writer(&mut out, &answer).map_err(WorkerError::from)?;
        out.write_all(b"\n").map_err(WorkerError::from)?;
        out.flush().map_err(WorkerError::from)?;
    }
    Ok(())
}

/// Scans `repos` (each with what the cache knows of it) in `workers`
/// processes of `exe`; the trees in the order of `repos`. The problems the
/// workers met with the cache go to `cache`.
pub(super) fn scan_in_workers(
    exe: &Path,
    repos: &[(&Found, Prior)],
    settings: &Settings,
    workers: usize,
    progress: &ProgressBar,
    cache: Option<&Cache>,
) -> Result<Vec<CheckedTree>, WorkerError> {
    let mut trees: Vec<Option<CheckedTree>> = repos.iter().map(|_| None).collect();
    let answers: Vec<Result<Vec<Answer>, WorkerError>> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..workers)
            .map(|k| {
                let request = Request {
                    settings: settings.clone(),
                    repos: repos
                        .iter()
                        .enumerate()
                        .skip(k)
                        .step_by(workers)
                        .map(|(index, (r, prior))| Item {
                            index,
                            name: r.name.clone(),
                            path: bytes_of(&r.path),
                            problem: r.problem.clone(),
                            prior: *prior,
                        })
                        .collect(),
                };
                scope.spawn(move || run_worker(exe, &request, progress))
            })
            .collect();
        running
            .into_iter()
            .map(|w| w.join().unwrap_or(Err(WorkerError::Panicked)))
            .collect()
    });
    for answer in answers {
        for a in answer? {
            let slot = trees
                .get_mut(a.index)
                .ok_or(WorkerError::Unasked(a.index))?;
            *slot = Some(a.tree);
            if let Some(cache) = cache {
                cache.add_problems(a.cache);
            }
        }
    }
    trees
        .into_iter()
        .map(|t| t.ok_or(WorkerError::LeftOut))
        .collect()
}

/// Runs one worker to the end: its answers, or why it failed.
fn run_worker(
    exe: &Path,
    request: &Request,
    progress: &ProgressBar,
) -> Result<Vec<Answer>, WorkerError> {
    let expected = request.repos.len();
    let mut child = Command::new(exe)
        .arg("scan-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|source| WorkerError::Start {
            exe: exe.display().to_string(),
            source,
        })?;
    // The worker reads its whole request before it answers: no deadlock.
    let written = child.stdin.take().map(|stdin| {
        let mut stdin = BufWriter::new(stdin);
        serde_json::to_writer(&mut stdin, request)?;
        stdin.flush().map_err(serde_json::Error::io)
    });
    let mut answers = Vec::with_capacity(expected);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(WorkerError::Read)?;
            let answer: Answer = serde_json::from_str(&line).map_err(WorkerError::InvalidAnswer)?;
            answers.push(answer);
            progress.inc(1);
        }
    }
    let status = child.wait().map_err(WorkerError::Wait)?;
    if let Some(Err(e)) = written {
        return Err(WorkerError::Send(e));
    }
    if !status.success() || answers.len() != expected {
        return Err(WorkerError::Stopped {
            status,
            answered: answers.len(),
            expected,
        });
    }
    Ok(answers)
}
