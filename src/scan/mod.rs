//! Scanning an organisation: every git repository under some folders, each
//! read at HEAD (or a revision) straight from its object database, checked
//! in parallel (in worker processes, or threads), and finished together so
//! that the cross-repository rules see every charter.
//!
//! [`plan`] holds what every repository is checked with, [`repo`] checks
//! one repository, [`worker`] runs the worker processes, [`cache`] keeps
//! what was read of each repository for the next scan (`--cache`).

pub mod cache;
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

use cache::{Cache, Learnt, Prior};
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
    /// Keep what was read of each repository in this folder, and read
    /// again only the repositories that changed since (`--cache`).
    pub cache: Option<PathBuf>,
}

/// A finished scan.
pub struct ScanOutcome {
    pub results: Results,
    /// The `--registry` loaded, for the HTML report's golden thread.
    pub registry: Option<Registry>,
    /// What went wrong with the cache (for standard error: the report is
    /// the same with a cache or without).
    pub warnings: Vec<String>,
}

/// Finds the repositories, checks each, and finishes them together.
/// `progress` learns how many repositories there are and advances by one
/// as each is done.
pub fn run(request: &ScanRequest, progress: &ProgressBar) -> Result<ScanOutcome, ScanError> {
    let mut settings = Settings::new(
        request.rev.as_deref(),
        request.config.as_deref(),
        request.registry.as_deref(),
        request.require_charter,
        request.today,
        request.keep_text,
    );
    let cache = request.cache.as_deref().map(Cache::open);
    settings.learn = cache.is_some();
    let mut loaded = settings.load()?;
    let plan = settings.plan(&loaded)?;
    let jobs = match request.jobs {
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    // Worker processes, not threads: libgit2's process-wide pack lock and
    // the kernel's per-process memory map serialise threads that open many
    // repositories (bench/scan.sh: 2 threads 1.2x, 2 processes 1.8x).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|source| ScanError::Threads { jobs, source })?;
    let (repos, mut notices) = pool.install(|| find_repositories(&request.dirs, request.shard))?;
    progress.set_length(repos.len() as u64);
    // With a cache, the repositories whose refs have not moved are checked
    // from their entries here, on threads (no repository is opened); the
    // others are read as without one.
    let (replayed, keys) = match &cache {
        Some(cache) => replay_unchanged(&repos, &plan, cache, &pool, progress),
        None => (repos.iter().map(|_| Err(Prior::None)).collect(), Vec::new()),
    };
    let mut to_read = Vec::new();
    let mut trees: Vec<Option<CheckedTree>> = Vec::with_capacity(repos.len());
    for (found, r) in repos.iter().zip(replayed) {
        match r {
            Ok(tree) => trees.push(Some(tree)),
            Err(prior) => {
                trees.push(None);
                to_read.push((found, prior));
            }
        }
    }
    let workers = jobs.min(to_read.len());
    let read = match &request.worker_exe {
        Some(exe) if workers > 1 => {
            worker::scan_in_workers(exe, to_read, &settings, workers, progress)?
        }
        _ => scan_in_process(&pool, to_read, &plan, cache.is_some(), progress),
    };
    let mut read = read.into_iter();
    let mut learnt = Vec::new();
    for (i, slot) in trees.iter_mut().enumerate() {
        if slot.is_none()
            && let Some((tree, l)) = read.next()
        {
            *slot = Some(tree);
            if let (Some(l), Some(key)) = (l, keys.get(i)) {
                learnt.push((key.clone(), l));
            }
        }
    }
    let trees: Vec<CheckedTree> = trees.into_iter().flatten().collect();
    if let Some(cache) = &cache {
        cache.write(learnt);
    }
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
        warnings: cache.map(|c| c.warnings()).unwrap_or_default(),
    })
}

/// Checks from the cache every repository whose refs have not moved
/// since its entry was written, shard by shard on the pool's threads;
/// for each repository its tree, or what the cache knows of it for
/// reading it. With the repositories' keys in the cache.
#[allow(clippy::type_complexity)]
fn replay_unchanged(
    repos: &[Found],
    plan: &Plan<'_>,
    cache: &Cache,
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
) -> (Vec<Result<CheckedTree, Prior>>, Vec<cache::Key>) {
    let keys: Vec<cache::Key> = pool.install(|| {
        repos
            .par_iter()
            .map(|r| cache.key(&r.path, plan.rev))
            .collect()
    });
    let mut by_shard: std::collections::BTreeMap<u8, Vec<usize>> = Default::default();
    for (i, key) in keys.iter().enumerate() {
        by_shard.entry(key.shard()).or_default().push(i);
    }
    let mut done: Vec<(usize, Result<CheckedTree, Prior>)> = pool.install(|| {
        by_shard
            .into_par_iter()
            .flat_map_iter(|(shard, members)| {
                let mut entries = cache.read(shard);
                members
                    .into_iter()
                    .map(|i| {
                        let found = &repos[i];
                        let replayed = cache::probe(found, plan.rev, entries.take(&keys[i]))
                            .and_then(|learnt| {
                                repo::replay_repo(found, plan, &learnt).ok_or(Prior::Merge(learnt))
                            });
                        if replayed.is_ok() {
                            progress.inc(1);
                        }
                        (i, replayed)
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    (done.into_iter().map(|(_, r)| r).collect(), keys)
}

/// Scans the repositories in this process, on the pool's threads; with
/// `learn`, through the cache.
fn scan_in_process(
    pool: &rayon::ThreadPool,
    repos: Vec<(&Found, Prior)>,
    plan: &Plan<'_>,
    learn: bool,
    progress: &ProgressBar,
) -> Vec<(CheckedTree, Option<Learnt>)> {
    pool.install(|| {
        repos
            .into_par_iter()
            .map(|(found, prior)| {
                let tree = match learn {
                    true => repo::scan_repo_cached(found, plan, prior),
                    false => (scan_repo(found, plan), None),
                };
                progress.inc(1);
                tree
            })
            .collect()
    })
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
