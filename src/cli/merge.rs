//! `charterlint merge FILE...`: arguments in, [`charterlint::merge::run`], the
//! report out.

use std::path::PathBuf;

use charterlint::merge::{self, MergeError, MergeRequest};
use charterlint::report::human::Color;

use super::output::{Fatal, OutputArgs};

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Results of `charterlint scan --format json` (e.g. one per shard).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Severities for the recomputed cross-repository rules ([rules] of a charterlint.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The OKR registry, for the golden thread of the HTML report.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// Also write a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub portfolio: super::scan::PortfolioArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

impl From<MergeError> for Fatal {
    fn from(e: MergeError) -> Fatal {
        match e {
            MergeError::Load(e) => e.into(),
            MergeError::Finish(e) => e.into(),
            e => Fatal(e.to_string()),
        }
    }
}

pub fn run(args: MergeArgs, color: Color) -> Result<u8, Fatal> {
    let outcome = merge::run(&MergeRequest {
        files: args.files.clone(),
        config: args.config.clone(),
        registry: args.registry.clone(),
        today: args.output.today(),
        portfolio: args.portfolio.portfolio(),
    })?;
    if let Some(path) = &args.html {
        let page = charterlint::report::html::render(
            &outcome.results,
            outcome.registry.as_ref(),
            "Product charters",
        );
        super::output::emit(&Some(path.clone()), &page)?;
    }
    super::output::present(&outcome.results, &args.output, color, "merge", true)
}
