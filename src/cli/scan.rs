//! `charterlint scan DIR...`: every git repository under the folders, each
//! read at HEAD (or `--rev`) straight from its object database, in parallel.

use std::io::IsTerminal;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::date::Date;
use crate::engine::{self, CheckedTree, Selection, TreeInput};
use crate::finding::sort_findings;
use crate::record::{RegistryInfo, ScanInfo};
use crate::registry::Registry;
use crate::report::human::Color;
use crate::report::{self, Format};
use crate::rules;
use crate::source::Source;
use crate::source::discover::{self, Found};
use crate::source::untrusted::{self, NoCommits};

use super::{Fatal, OutputArgs, check};

const SHARDING: &str = "\
Sharding: with --shard K/N, a repository belongs to shard K when the first 8 bytes of the \
SHA-256 of its path relative to DIR (UTF-8, `/` between folders, as the `repo` field prints it), \
read as a big-endian unsigned 64-bit number, modulo N, equal K - 1. The shards 1/N .. N/N are \
disjoint and together cover every repository; `charterlint merge` joins their JSON results.";

#[derive(Debug, clap::Args)]
#[command(after_long_help = SHARDING)]
pub struct ScanArgs {
    /// Folders holding the repositories (bare or not, nested in group folders).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Read each repository at REV instead of HEAD.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Repositories read in parallel [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub jobs: Option<u32>,
    /// A repository with no charter is a finding (charter-missing).
    #[arg(long)]
    pub require_charter: bool,
    /// Scan only shard K of N (1 <= K <= N): the repositories whose path
    /// relative to DIR hashes to K (see below).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// The configuration for every repository [default: each repository's own charterlint.toml].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The OKR registry for every repository [default: `registry` in the configuration].
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// Also write a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub portfolio: PortfolioArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Options of `scan` and `merge` for the organisation's report.
#[derive(Debug, clap::Args)]
pub struct PortfolioArgs {
    /// A previous scan's JSON: findings are marked new, unchanged or fixed,
    /// and the report shows what changed since.
    #[arg(long, value_name = "PREVIOUS.json")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: report only findings the baseline did not have.
    #[arg(long, requires = "baseline")]
    pub new_only: bool,
    /// Link findings and products to their source, e.g.
    /// 'https://git.example.com/{repo}/blob/{rev}/{path}#L{line}'
    /// [default: `link_template` in --config].
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_link_template)]
    pub link_template: Option<String>,
}

impl PortfolioArgs {
    /// Adds the report's own description and the baseline comparison.
    pub(super) fn finish(
        &self,
        report: &mut engine::Results,
        mut info: ScanInfo,
        config: Option<&Config>,
    ) -> Result<(), Fatal> {
        info.link_template = self
            .link_template
            .clone()
            .or_else(|| config.and_then(|c| c.link_template.clone()))
            .or(info.link_template);
        report.scan = Some(info);
        if let Some(path) = &self.baseline {
            let previous = crate::baseline::read(path).map_err(Fatal)?;
            crate::baseline::apply(report, &shown(path), previous, self.new_only);
        }
        Ok(())
    }
}

/// `--shard K/N`: the K-th of N shards, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("`{s}` is not K/N (shard K of N, e.g. 2/8)");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u64 = k.trim().parse().map_err(|_| usage())?;
        let count: u64 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {index}/{count}: K must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    pub fn includes(&self, repo: &str) -> bool {
        discover::shard_of(repo, self.count) == self.index - 1
    }
}

/// What every repository of a scan is checked with, as the command line
/// gives it. Scan workers receive it as it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Settings {
    rev: String,
    /// `--config FILE`, as path bytes (a path need not be UTF-8).
    config: Option<Vec<u8>>,
    /// `--registry FILE`, likewise.
    registry: Option<Vec<u8>>,
    require_charter: bool,
    today: String,
    keep_text: bool,
}

/// The configuration and registry of the command line, loaded.
pub(super) struct Loaded {
    config: Option<Config>,
    registry: Option<Registry>,
    /// Findings against the `--registry` file itself.
    registry_findings: Vec<crate::finding::Finding>,
}

impl Settings {
    pub(super) fn load(&self) -> Result<Loaded, Fatal> {
        let today = self.today()?;
        let config = match &self.config {
            Some(path) => Some(check::load_config(
                &NoCommits,
                Some(&path_of(path)),
                Path::new("."),
            )?),
            None => None,
        };
        let (registry, registry_findings) = match &self.registry {
            Some(path) => check::load_registry(
                &NoCommits,
                &Config::default(),
                Some(&path_of(path)),
                today,
                Path::new("."),
            )?,
            None => (None, Vec::new()),
        };
        Ok(Loaded {
            config,
            registry,
            registry_findings,
        })
    }

    fn today(&self) -> Result<Date, Fatal> {
        self.today.parse().map_err(Fatal)
    }

    pub(super) fn plan<'a>(&'a self, loaded: &'a Loaded) -> Result<Plan<'a>, Fatal> {
        Ok(Plan {
            rev: &self.rev,
            config: loaded.config.as_ref(),
            registry: loaded.registry.as_ref(),
            require_charter: self.require_charter,
            today: self.today()?,
            keep_text: self.keep_text,
        })
    }
}

pub(super) fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

pub(super) fn bytes_of(path: &Path) -> Vec<u8> {
    path.as_os_str().as_bytes().to_vec()
}

/// What every repository of a scan is checked with.
pub(super) struct Plan<'a> {
    rev: &'a str,
    /// `--config`: applies to every repository instead of its own.
    config: Option<&'a Config>,
    /// `--registry`: applies to every repository.
    registry: Option<&'a Registry>,
    require_charter: bool,
    today: Date,
    keep_text: bool,
}

pub fn run(args: ScanArgs, color: Color) -> Result<u8, Fatal> {
    let settings = Settings {
        rev: args.rev.clone().unwrap_or_else(|| "HEAD".into()),
        config: args.config.as_deref().map(bytes_of),
        registry: args.registry.as_deref().map(bytes_of),
        require_charter: args.require_charter,
        today: args.output.today().to_string(),
        keep_text: args.output.format == Format::Human,
    };
    let mut loaded = settings.load()?;
    let plan = settings.plan(&loaded)?;
    let (repos, mut notices) = find_repositories(&args.dirs, args.shard)?;
    let jobs = match args.jobs {
        Some(n) => n as usize,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let progress = progress_bar(repos.len());
    // Worker processes, not threads: libgit2's process-wide pack lock and
    // the kernel's per-process memory map serialise threads that open many
    // repositories (bench/scan.sh: 2 threads 1.2x, 2 processes 1.8x).
    let workers = jobs.min(repos.len());
    let trees = match std::env::current_exe() {
        Ok(exe) if workers > 1 => {
            super::scan_worker::scan_in_workers(&exe, &repos, &settings, workers, &progress)?
        }
        _ => scan_in_process(&repos, &plan, jobs, &progress)?,
    };
    progress.finish_and_clear();

    let mut report = engine::finish(trees, true);
    let severities = loaded
        .config
        .as_ref()
        .map(|c| c.severities.clone())
        .unwrap_or_default();
    let registry_findings = std::mem::take(&mut loaded.registry_findings);
    report
        .findings
        .extend(engine::settle(registry_findings, &[], &severities, None));
    sort_findings(&mut report.findings);
    notices.append(&mut report.notices);
    report.notices = notices;
    let registry = args.registry.as_deref().and_then(|p| {
        std::fs::read(p)
            .ok()
            .map(|bytes| RegistryInfo::of(&shown(p), &bytes))
    });
    let info = ScanInfo::now(settings.today.clone(), settings.rev.clone(), registry);
    args.portfolio
        .finish(&mut report, info, loaded.config.as_ref())?;

    if let Some(path) = &args.html {
        let dirs: Vec<String> = args.dirs.iter().map(|d| shown(d)).collect();
        let title = format!("Product charters: {}", dirs.join(", "));
        let page = report::html::render(&report, loaded.registry.as_ref(), &title);
        super::emit(&Some(path.clone()), &page)?;
    }
    check::present(&report, &args.output, color, "scan", true)
}

/// Scans the repositories in this process, on `jobs` threads.
fn scan_in_process(
    repos: &[Found],
    plan: &Plan<'_>,
    jobs: usize,
    progress: &ProgressBar,
) -> Result<Vec<CheckedTree>, Fatal> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Fatal(format!("cannot start {jobs} worker threads: {e}")))?;
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
) -> Result<(Vec<Found>, Vec<String>), Fatal> {
    let mut repos: Vec<Found> = Vec::new();
    let mut notices = Vec::new();
    for dir in dirs {
        let found = discover::discover(dir).map_err(Fatal)?;
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

pub(super) fn shown(path: &Path) -> String {
    crate::paths::display_os(path.as_os_str())
}

/// Repositories done of total and the rate, on stderr when it is a terminal.
fn progress_bar(total: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style =
        ProgressStyle::with_template("{bar:30} {pos}/{len} repositories ({rate}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            );
    ProgressBar::new(total as u64).with_style(style)
}

/// Reads and checks one repository. Whatever is wrong with it becomes a
/// `repo-unreadable` finding naming the cause: the scan goes on.
pub(super) fn scan_repo(found: &Found, plan: &Plan<'_>) -> CheckedTree {
    let unreadable = |cause: &str| unreadable_tree(&found.name, cause, plan);
    if let Some(problem) = &found.problem {
        return unreadable(problem);
    }
    let repo = match untrusted::open(&found.path) {
        Ok(r) => r,
        Err(e) => return unreadable(&e),
    };
    let commits = match untrusted::tree_at(repo, plan.rev) {
        Ok(commits) => commits,
        Err(e) => return unreadable(&untrusted::with_access_cause(&found.path, e)),
    };
    let source: &dyn Source = match &commits {
        Some(tree) => tree,
        None => &NoCommits,
    };
    // A configuration that cannot be used is a finding (config-invalid),
    // and the charters are checked with the defaults.
    let (mut config, config_findings) = match plan.config {
        Some(c) => (c.clone(), Vec::new()),
        None => match check::read_config(source, None, &found.path) {
            Ok(Ok(c)) => (c, Vec::new()),
            Ok(Err(invalid)) => (
                Config::default(),
                rules::config_invalid(&found.name, &invalid),
            ),
            Err(Fatal(e)) => (
                Config::default(),
                vec![rules::config_unreadable(
                    &found.name,
                    crate::config::FILE_NAME,
                    &e,
                )],
            ),
        },
    };
    config.require_charter |= plan.require_charter;
    let (own_registry, mut registry_findings) = match plan.registry {
        Some(_) => (None, Vec::new()),
        None => match check::load_registry(source, &config, None, plan.today, &found.path) {
            Ok(loaded) => loaded,
            Err(Fatal(e)) => return unreadable(&e),
        },
    };
    for f in &mut registry_findings {
        f.repo = Some(found.name.clone());
    }
    let mut tree = engine::check_tree(TreeInput {
        repo: Some(found.name.clone()),
        source,
        config: &config,
        registry: plan.registry.or(own_registry.as_ref()),
        registry_findings,
        selection: Selection::All,
        extra_paths: Vec::new(),
        walk: true,
        today: plan.today,
        keep_text: plan.keep_text,
    });
    tree.extra_findings.extend(config_findings);
    // charter-stale: when each charter last changed, from the history.
    let stale_after_days = config.stale_after_days;
    if let Some(tree_source) = commits
        && let Some(head) = tree_source.commit()
        && tree.files.iter().any(|f| f.record.is_some())
    {
        let repo = tree_source.into_repo();
        if let Err(e) = crate::history::add_charter_stale(
            &mut tree,
            None,
            &repo,
            head,
            stale_after_days,
            plan.today,
        ) {
            tree.errors.push(format!("{}: {e}", found.name));
        }
    }
    // Objects missing below the commit: the repository is damaged, which is
    // a finding of the scan, not a failure of it.
    let prefix = format!("{}: ", found.name);
    for e in std::mem::take(&mut tree.errors) {
        let cause = e.strip_prefix(&prefix).unwrap_or(&e).to_string();
        let cause = untrusted::with_access_cause(&found.path, cause);
        tree.extra_findings
            .push(rules::repo_unreadable(found.name.clone(), &cause));
    }
    tree
}

fn unreadable_tree(name: &str, cause: &str, plan: &Plan<'_>) -> CheckedTree {
    CheckedTree {
        repo: Some(name.to_string()),
        origin: "an unreadable repository".into(),
        severities: plan
            .config
            .map(|c| c.severities.clone())
            .unwrap_or_default(),
        files: Vec::new(),
        selection: Selection::All,
        extra_findings: vec![rules::repo_unreadable(name.to_string(), cause)],
        notices: Vec::new(),
        errors: Vec::new(),
        without_registry: false,
    }
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
