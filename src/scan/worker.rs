//! Scan workers: `scan --jobs N` runs N processes of charterlint itself (the
//! hidden `scan-worker` subcommand), each reading an interleaved slice of the
//! repositories. The parent sends a `Request` as JSON on the worker's stdin;
//! the worker answers with one JSON line per repository, its checked tree,
//! which the parent finishes with the others exactly as in one process.
//! With `--cache`, a worker is also given what an earlier scan learnt of a
//! repository (when it may still serve) and answers with what there is to
//! keep of it; only the parent reads and writes the cache.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};

use crate::engine::CheckedTree;
use crate::source::discover::Found;

use super::cache::{Learnt, Prior};
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
    /// With a cache: what an earlier scan learnt of it, when that may
    /// still serve.
    #[serde(default)]
    prior: Prior,
}

#[derive(Serialize, Deserialize)]
struct Answer {
    index: usize,
    tree: CheckedTree,
    /// With a cache: what there is to keep of it.
    #[serde(default)]
    learnt: Option<Learnt>,
}

/// `charterlint scan-worker`: scans the repositories of the request read
/// from `input`, one after the other, answering on `output` as each is done.
pub fn serve(input: impl Read, output: impl Write) -> Result<(), ScanError> {
    let request: Request = serde_json::from_reader(input).map_err(WorkerError::InvalidRequest)?;
    let loaded = request.settings.load()?;
    let plan = request.settings.plan(&loaded)?;
    let mut out = BufWriter::new(output);
    for item in request.repos {
        let found = Found {
            name: item.name,
            path: path_of(&item.path),
            problem: item.problem,
        };
        let (tree, learnt) = match request.settings.learn {
            true => scan_repo_cached(&found, &plan, item.prior),
            false => (scan_repo(&found, &plan), None),
        };
        let answer = Answer {
            index: item.index,
            tree,
            learnt,
        };
        serde_json::to_writer(&mut out, &answer).map_err(WorkerError::from)?;
        out.write_all(b"\n").map_err(WorkerError::from)?;
        out.flush().map_err(WorkerError::from)?;
    }
    Ok(())
}

/// Scans `repos` (each with what the cache knows of it) in `workers`
/// processes of `exe`; the trees, and what there is to keep of each, in
/// the order of `repos`.
pub(super) fn scan_in_workers(
    exe: &Path,
    repos: Vec<(&Found, Prior)>,
    settings: &Settings,
    workers: usize,
    progress: &ProgressBar,
) -> Result<Vec<(CheckedTree, Option<Learnt>)>, WorkerError> {
    let mut trees: Vec<Option<(CheckedTree, Option<Learnt>)>> =
        repos.iter().map(|_| None).collect();
    let mut slices: Vec<Vec<Item>> = (0..workers).map(|_| Vec::new()).collect();
    for (index, (r, prior)) in repos.into_iter().enumerate() {
        slices[index % workers].push(Item {
            index,
            name: r.name.clone(),
            path: bytes_of(&r.path),
            problem: r.problem.clone(),
            prior,
        });
    }
    let answers: Vec<Result<Vec<Answer>, WorkerError>> = std::thread::scope(|scope| {
        let running: Vec<_> = slices
            .into_iter()
            .map(|items| {
                let request = Request {
                    settings: settings.clone(),
                    repos: items,
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
            *slot = Some((a.tree, a.learnt));
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
