//! Scanning an organisation: every git repository under some folders, each
//! read at HEAD (or a revision) straight from its object database, checked
//! in parallel (in worker processes, or threads), and finished together so
//! that the cross-repository rules see every charter.
//!
//! [`plan`] holds what every repository is checked with, [`repo`] checks
//! one repository, [`worker`] runs the worker processes.

mod config_invalid;
pub mod confine;
mod error;
pub mod plan;
pub mod repo;
pub mod worker;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::config::Config;
use crate::date::Date;
use crate::engine::{self, CheckedTree, Results};
use crate::finding::sort_findings;
use crate::record::{RegistryInfo, ScanInfo};
use crate::registry::Registry;
use crate::source::discover::{self, Found};

pub use error::{ScanError, WorkerError};
use plan::{Plan, Settings};
use repo::scan_repo;

/// `--shard K/N`: the K-th of N shards, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

/// Why a text is not `K/N`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    #[error("`{0}` is not K/N (shard K of N, e.g. 2/8)")]
    Syntax(String),
    #[error("shard {index}/{count}: K must be between 1 and N")]
    OutOfRange { index: u64, count: u64 },
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let usage = || ShardError::Syntax(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u64 = k.trim().parse().map_err(|_| usage())?;
        let count: u64 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(ShardError::OutOfRange { index, count });
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    pub fn includes(&self, repo: &str) -> bool {
        discover::shard_of(repo, self.count) == self.index - 1
    }
}

/// What the report of a scan or merge says beyond its findings: the link
/// template, and the comparison with a previous scan.
#[derive(Debug, Clone, Default)]
pub struct Portfolio {
    /// A previous scan's JSON (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// With a baseline: keep only the findings it did not have.
    pub new_only: bool,
    /// `--link-template`.
    pub link_template: Option<String>,
    /// Earlier results, for the trend (`--history`).
    pub history: Option<PathBuf>,
    /// Only this team's products and their findings (`--owner`).
    pub owner: Option<String>,
}

impl Portfolio {
    /// Adds the report's own description; keeps one team's products
    /// (`--owner`); adds the baseline comparison and the trend.
    pub fn finish(
        &self,
        report: &mut Results,
        mut info: ScanInfo,
        config: Option<&Config>,
    ) -> Result<(), ScanError> {
        info.link_template = self
            .link_template
            .clone()
            .or_else(|| config.and_then(|c| c.link_template.clone()))
            .or(info.link_template);
        report.scan = Some(info);
        if let Some(owner) = &self.owner {
            crate::teams::keep_owner(report, owner);
            if let Some(info) = &mut report.scan {
                info.owner = Some(owner.clone());
            }
        }
        if let Some(path) = &self.baseline {
            let mut previous = crate::baseline::read(path)?;
            if let Some(owner) = &self.owner {
                crate::teams::keep_owner_in(&mut previous, owner);
            }
            crate::baseline::apply(report, &shown(path), previous, self.new_only);
        }
        if let Some(dir) = &self.history {
            let owner = self.owner.as_deref().map(crate::teams::key);
            crate::trend::apply(report, dir, owner.as_deref())?;
        }
        Ok(())
    }
}

/// What a scan is asked to do.
#[derive(Debug, Clone)]
pub struct ScanRequest {
    /// Folders holding the repositories.
    pub dirs: Vec<PathBuf>,
    /// The revision to read in each repository [default: HEAD].
    pub rev: Option<String>,
    /// Repositories read in parallel [default: the number of cores].
    pub jobs: Option<usize>,
    /// A repository with no charter is a finding.
    pub require_charter: bool,
    pub shard: Option<Shard>,
    /// The configuration for every repository, instead of each one's own.
    pub config: Option<PathBuf>,
    /// The OKR registry for every repository.
    pub registry: Option<PathBuf>,
    pub today: Date,
    /// Keep the charters' texts (for source snippets in human output).
    pub keep_text: bool,
    pub portfolio: Portfolio,
    /// The charterlint executable to run as scan workers (`scan-worker`);
    /// the scan runs in this process, on threads, without one.
    pub worker_exe: Option<PathBuf>,
}

/// A finished scan.
pub struct ScanOutcome {
    pub results: Results,
    /// The `--registry` loaded, for the HTML report's golden thread.
    pub registry: Option<Registry>,
}

/// Finds the repositories, checks each, and finishes them together.
/// `progress` learns how many repositories there are and advances by one
/// as each is done.
pub fn run(request: &ScanRequest, progress: &ProgressBar) -> Result<ScanOutcome, ScanError> {
    let settings = Settings::new(
        request.rev.as_deref(),
        request.config.as_deref(),
        request.registry.as_deref(),
        request.require_charter,
        request.today,
        request.keep_text,
    );
    let mut loaded = settings.load()?;
    let plan = settings.plan(&loaded)?;
    let (repos, mut notices) = find_repositories(&request.dirs, request.shard)?;
    let jobs = match request.jobs {
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    progress.set_length(repos.len() as u64);
    // Worker processes, not threads: libgit2's process-wide pack lock and
    // the kernel's per-process memory map serialise threads that open many
    // repositories (bench/scan.sh: 2 threads 1.2x, 2 processes 1.8x).
    let workers = jobs.min(repos.len());
    let trees = match &request.worker_exe {
        Some(exe) if workers > 1 => {
            worker::scan_in_workers(exe, &repos, &settings, workers, progress)?
        }
        _ => scan_in_process(&repos, &plan, jobs, progress)?,
    };
    progress.finish_and_clear();

    let mut report = engine::finish(trees, true);
    let levels = loaded
        .config
        .as_ref()
        .map(|c| c.levels(plan.today))
        .unwrap_or_default();
    let registry_findings = std::mem::take(&mut loaded.registry_findings);
    report
        .findings
        .extend(engine::settle(registry_findings, &[], &levels, None));
    sort_findings(&mut report.findings);
    notices.append(&mut report.notices);
    report.notices = notices;
    let registry = request.registry.as_deref().and_then(|p| {
        std::fs::read(p)
            .ok()
            .map(|bytes| RegistryInfo::of(&shown(p), &bytes))
    });
    let info = ScanInfo::now(settings.today.clone(), settings.rev.clone(), registry);
    request
        .portfolio
        .finish(&mut report, info, loaded.config.as_ref())?;
    Ok(ScanOutcome {
        results: report,
        registry: loaded.registry,
    })
}

/// Scans the repositories in this process, on `jobs` threads.
fn scan_in_process(
    repos: &[Found],
    plan: &Plan<'_>,
    jobs: usize,
    progress: &ProgressBar,
) -> Result<Vec<CheckedTree>, ScanError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|source| ScanError::Threads { jobs, source })?;
    Ok(pool.install(|| {
        repos
            .par_iter()
            .map(|found| {
                let tree = scan_repo(found, plan);
                progress.inc(1);
                tree
            })
            .collect()
    }))
}

/// The repositories under the folders (in `shard` only, if given), sorted,
/// and what the walk passed over.
fn find_repositories(
    dirs: &[PathBuf],
    shard: Option<Shard>,
) -> Result<(Vec<Found>, Vec<String>), ScanError> {
    let mut repos: Vec<Found> = Vec::new();
    let mut notices = Vec::new();
    for dir in dirs {
        let found = discover::discover(dir)?;
        if found.repos.is_empty() && found.notices.is_empty() {
            notices.push(format!("no git repository found under {}", shown(dir)));
        }
        repos.extend(found.repos);
        notices.extend(found.notices);
    }
    repos.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in repos.windows(2) {
        if pair[0].name == pair[1].name {
            notices.push(format!(
                "two repositories are named `{}` ({} and {}): their findings share that name",
                pair[0].name,
                shown(&pair[0].path),
                shown(&pair[1].path)
            ));
        }
    }
    if let Some(shard) = shard {
        repos.retain(|r| shard.includes(&r.name));
    }
    Ok((repos, notices))
}

/// A path as messages show it.
pub fn shown(path: &Path) -> String {
    crate::paths::display_os(path.as_os_str())
}

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shard_is_k_of_n() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "1/0", "2", "a/b", "-1/4", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
