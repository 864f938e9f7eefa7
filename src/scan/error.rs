//! Why a scan could not be done, and why its worker processes failed.

use crate::load::LoadError;
use crate::source::SourceError;

/// Why a scan (or a merge, which finishes its report alike) could not be done.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Today(#[from] crate::date::NotADate),
    #[error(transparent)]
    Discover(#[from] SourceError),
    #[error("cannot start {jobs} worker threads: {source}")]
    Threads {
        jobs: usize,
        source: rayon::ThreadPoolBuildError,
    },
    #[error(transparent)]
    Worker(#[from] WorkerError),
    #[error(transparent)]
    Baseline(#[from] crate::baseline::BaselineError),
    #[error(transparent)]
    History(#[from] crate::trend::HistoryError),
}

/// Why a scan worker, or the parent's dealings with one, failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("scan-worker: invalid request: {0}")]
    InvalidRequest(serde_json::Error),
    #[error("{0}")]
    Answer(#[from] serde_json::Error),
    #[error("{0}")]
    Write(#[from] std::io::Error),
    #[error("cannot start a scan worker ({exe}): {source}")]
    Start { exe: String, source: std::io::Error },
    #[error("cannot read a scan worker's answer: {0}")]
    Read(std::io::Error),
    #[error("a scan worker's answer is not valid: {0}")]
    InvalidAnswer(serde_json::Error),
    #[error("cannot wait for a scan worker: {0}")]
    Wait(std::io::Error),
    #[error("cannot send a scan worker its request: {0}")]
    Send(serde_json::Error),
    #[error("a scan worker stopped ({status}) after {answered} of {expected} repositories")]
    Stopped {
        status: std::process::ExitStatus,
        answered: usize,
        expected: usize,
    },
    #[error("a scan worker thread panicked")]
    Panicked,
    #[error("a scan worker answered for repository #{0}, which it was not given")]
    Unasked(usize),
    #[error("a scan worker left a repository out")]
    LeftOut,
}
