//! `charterlint scan DIR...`: arguments in, [`charterlint::scan::run`], the report
//! out.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use charterlint::report;
use charterlint::report::human::Color;

use super::output::Format;
use charterlint::scan::{self, Portfolio, ScanError, ScanRequest, Shard, shown};

use super::output::{Fatal, OutputArgs};

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
    /// Keep what this scan reads of each repository in DIR (created if
    /// need be), so that the next scan with the same DIR reads again only
    /// the repositories that changed. The report is the same as without it.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
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
    #[arg(long, value_name = "URL", value_parser = charterlint::config::parse_link_template)]
    pub link_template: Option<String>,
    /// A folder of earlier results (`--format json` of scan or merge): the
    /// report adds their trend, oldest first, ending with this run.
    #[arg(long, value_name = "DIR")]
    pub history: Option<PathBuf>,
    /// Only the products whose `product.owner` is TEAM (case aside, an
    /// `@org/` prefix ignored) and their findings, in every format.
    #[arg(long, value_name = "TEAM")]
    pub owner: Option<String>,
}

impl PortfolioArgs {
    pub(super) fn portfolio(&self) -> Portfolio {
        Portfolio {
            baseline: self.baseline.clone(),
            new_only: self.new_only,
            link_template: self.link_template.clone(),
            history: self.history.clone(),
            owner: self.owner.clone(),
        }
    }
}

impl From<ScanError> for Fatal {
    fn from(e: ScanError) -> Fatal {
        match e {
            ScanError::Load(e) => e.into(),
            e => Fatal(e.to_string()),
        }
    }
}

pub fn run(args: ScanArgs, color: Color) -> Result<u8, Fatal> {
    let request = ScanRequest {
        dirs: args.dirs.clone(),
        rev: args.rev.clone(),
        jobs: args.jobs.map(|n| n as usize),
        require_charter: args.require_charter,
        shard: args.shard,
        config: args.config.clone(),
        registry: args.registry.clone(),
        today: args.output.today(),
        keep_text: args.output.format == Format::Human,
        portfolio: args.portfolio.portfolio(),
        worker_exe: std::env::current_exe().ok(),
        cache: args.cache.clone(),
    };
    let outcome = scan::run(&request, &progress_bar())?;
    for w in &outcome.warnings {
        eprintln!("warning: {}", charterlint::text::visible(w));
    }
    if let Some(path) = &args.html {
        let dirs: Vec<String> = args.dirs.iter().map(|d| shown(d)).collect();
        let title = format!("Product charters: {}", dirs.join(", "));
        let page = report::html::render(&outcome.results, outcome.registry.as_ref(), &title);
        super::output::emit(&Some(path.clone()), &page)?;
    }
    let code = super::output::present(&outcome.results, &args.output, color, "scan", true);
    // The process ends now: no need to free every finding one by one.
    std::mem::forget(outcome);
    code
}

/// `charterlint scan-worker`: a worker process of `scan --jobs N`.
pub fn worker() -> Result<u8, Fatal> {
    scan::worker::serve(std::io::stdin().lock(), std::io::stdout().lock())?;
    Ok(0)
}

/// Repositories done of total and the rate, on stderr when it is a terminal.
fn progress_bar() -> ProgressBar {
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
    ProgressBar::new(0).with_style(style)
}
