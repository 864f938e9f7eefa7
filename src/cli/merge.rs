//! `charterlint merge FILE...`: joins the JSON results of scan shards into
//! one result, running the cross-repository rules over the whole.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use crate::config::Config;
use crate::engine::{self, Results};
use crate::finding::{Finding, Label, sort_findings};
use crate::record::{CharterRecord, ScanInfo};
use crate::report::human::Color;
use crate::report::json::{JsonFinding, JsonReport};
use crate::rules::{self, DUPLICATE_CAPABILITY, DUPLICATE_PRODUCT_ID, WAIVER_UNUSED};
use crate::source::untrusted::NoCommits;
use crate::span::{Position, Span};

use super::{Fatal, OutputArgs, check};

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

/// The rules `merge` recomputes over all the charters.
const CROSS: [&str; 2] = [DUPLICATE_PRODUCT_ID.id, DUPLICATE_CAPABILITY.id];

pub fn run(args: MergeArgs, color: Color) -> Result<u8, Fatal> {
    let config = match &args.config {
        Some(path) => check::load_config(&NoCommits, Some(path), std::path::Path::new("."))?,
        None => Config::default(),
    };
    let registry = match &args.registry {
        Some(path) => {
            check::load_registry(
                &NoCommits,
                &config,
                Some(path),
                args.output.today(),
                std::path::Path::new("."),
            )?
            .0
        }
        None => None,
    };
    let mut report = Results::default();
    let mut repositories = BTreeSet::new();
    let mut seen = HashSet::new();
    let mut info: Option<ScanInfo> = None;
    for file in &args.files {
        let shown = file.display();
        let text = std::fs::read_to_string(file)
            .map_err(|e| Fatal(format!("cannot read {shown}: {e}")))?;
        let part: JsonReport = serde_json::from_str(&text)
            .map_err(|e| Fatal(format!("{shown} is not charterlint JSON: {e}")))?;
        if part.version != 1 {
            return Err(Fatal(format!(
                "{shown} is version {} of charterlint's JSON; this charterlint reads version 1",
                part.version
            )));
        }
        let Some(charters) = part.charters else {
            return Err(Fatal(format!(
                "{shown} has no \"charters\": it is not the result of `charterlint scan --format json`"
            )));
        };
        for f in part.findings {
            let rule = rules::find(&f.rule).ok_or_else(|| {
                Fatal(format!(
                    "{shown}: a finding of `{}`, which is not a rule of this charterlint",
                    crate::text::visible(&f.rule)
                ))
            })?;
            if !CROSS.contains(&rule.id) {
                report.findings.push(finding(rule.id, f));
            }
        }
        for c in charters {
            let key = (c.repo.clone(), c.path.clone());
            if seen.insert(key) {
                report.charters.push(c);
            } else {
                report.notices.push(format!(
                    "{} appears in more than one input; it was counted once",
                    rules::place(&c)
                ));
            }
        }
        match part.repositories {
            Some(names) => repositories.extend(names),
            None => report.repos += part.summary.repos,
        }
        report.origins.push(shown.to_string());
        // The shards of one scan describe it alike; the first one speaks.
        info = info.or(part.scan);
    }
    // Every charter read has its entry, parsed or not (SPEC section 7).
    report.charters_checked = report.charters.len();
    report.repos += repositories.len();
    report.repositories = repositories.into_iter().collect();
    // In the order of a scan, so that messages naming the other charters
    // read the same.
    report
        .charters
        .sort_by(|a, b| (&a.repo, &a.path).cmp(&(&b.repo, &b.path)));
    let cross = cross_findings(&report.charters, &mut report.findings);
    report
        .findings
        .extend(engine::settle(cross, &[], &config.severities, None));
    sort_findings(&mut report.findings);
    let info =
        info.unwrap_or_else(|| ScanInfo::now(args.output.today().to_string(), "HEAD".into(), None));
    args.portfolio
        .finish(&mut report, info, args.config.as_ref().map(|_| &config))?;

    if let Some(path) = &args.html {
        let page = crate::report::html::render(&report, registry.as_ref(), "Product charters");
        super::emit(&Some(path.clone()), &page)?;
    }
    check::present(&report, &args.output, color, "merge", true)
}

/// A finding read back from JSON. Byte spans are not in the JSON: output
/// that needs them (source snippets) is not available after a merge.
fn finding(rule: &'static str, f: JsonFinding) -> Finding {
    Finding {
        rule,
        severity: f.severity,
        message: f.message,
        repo: f.repo,
        path: f
            .path
            .unwrap_or_else(|| crate::finding::WHOLE_REPOSITORY.to_string()),
        span: Span::default(),
        position: f.position.unwrap_or(Position::FILE_START),
        labels: f
            .labels
            .into_iter()
            .map(|l| Label {
                message: l.message,
                span: Span::default(),
                position: l.position,
            })
            .collect(),
        help: f.help,
        field: f.field,
        fix: None,
    }
}

/// `duplicate-product-id` and `duplicate-capability` over every charter,
/// less those the charter waives. A waiver of one of them that a shard
/// reported unused is used now that another shard's charter matched it.
fn cross_findings(charters: &[CharterRecord], findings: &mut Vec<Finding>) -> Vec<Finding> {
    let mut cross = rules::check_portfolio(charters);
    let waived: HashSet<(Option<&str>, &str, &str)> = charters
        .iter()
        .flat_map(|c| {
            c.waived
                .iter()
                .map(|rule| (c.repo.as_deref(), c.path.as_str(), rule.as_str()))
        })
        .collect();
    let mut used = HashSet::new();
    cross.retain(|f| {
        let key = (f.repo.clone(), f.path.clone(), f.rule);
        if waived.contains(&(f.repo.as_deref(), f.path.as_str(), f.rule)) {
            used.insert(key);
            false
        } else {
            true
        }
    });
    findings.retain(|f| {
        f.rule != WAIVER_UNUSED.id
            || !CROSS.iter().any(|rule| {
                used.contains(&(f.repo.clone(), f.path.clone(), *rule))
                    && f.message == rules::waiver_unused_message(rule)
            })
    });
    cross
}
