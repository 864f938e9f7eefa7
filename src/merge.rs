//! Merging the JSON results of scan shards into one result, running the
//! cross-repository rules over the whole.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::date::Date;
use crate::engine::{self, Results, Scope};
use crate::finding::{Finding, Label, sort_findings};
use crate::load::{self, LoadError};
use crate::record::{CharterRecord, ScanInfo};
use crate::registry::Registry;
use crate::result_file::{JsonFinding, ReadAs, ReadError, read_scan};
use crate::rules::{self, DUPLICATE_CAPABILITY, DUPLICATE_PRODUCT_ID, WAIVER_UNUSED};
use crate::scan::{Portfolio, ScanError};
use crate::source::untrusted::NoCommits;
use crate::span::{Position, Span};

/// What a merge is asked to do.
#[derive(Debug, Clone)]
pub struct MergeRequest {
    /// Results of `charterlint scan --format json`.
    pub files: Vec<PathBuf>,
    /// Severities for the recomputed cross-repository rules.
    pub config: Option<PathBuf>,
    /// The OKR registry, for the golden thread of the HTML report.
    pub registry: Option<PathBuf>,
    pub today: Date,
    pub portfolio: Portfolio,
}

/// A finished merge.
pub struct MergeOutcome {
    pub results: Results,
    pub registry: Option<Registry>,
}

/// Why a merge could not be done.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Input(#[from] ReadError),
    #[error("{file}: a finding of `{rule}`, which is not a rule of this charterlint")]
    UnknownRule { file: String, rule: String },
    #[error(transparent)]
    Finish(#[from] ScanError),
}

/// The rules `merge` recomputes over all the charters.
const CROSS: [&str; 2] = [DUPLICATE_PRODUCT_ID.id, DUPLICATE_CAPABILITY.id];

/// Reads the results, joins them, and recomputes the cross-repository rules.
pub fn run(request: &MergeRequest) -> Result<MergeOutcome, MergeError> {
    let config = match &request.config {
        Some(path) => load::valid_config(&NoCommits, Some(path), Path::new("."))?,
        None => Config::default(),
    };
    let registry = match &request.registry {
        Some(path) => {
            load::registry(
                &NoCommits,
                &config,
                Some(path),
                request.today,
                Path::new("."),
            )?
            .0
        }
        None => None,
    };
    let mut report = Results::default();
    let mut repositories = BTreeSet::new();
    let mut seen = HashSet::new();
    let mut info: Option<ScanInfo> = None;
    let mut upcoming = Vec::new();
    for file in &request.files {
        let shown = file.display().to_string();
        let part = read_scan(file, ReadAs::Input)?;
        let charters = part.charters.unwrap_or_default();
        for f in part.findings {
            let rule = rules::find(&f.rule).ok_or_else(|| MergeError::UnknownRule {
                file: shown.clone(),
                rule: crate::text::visible(&f.rule),
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
        upcoming.extend(part.upcoming.unwrap_or_default());
        report.origins.push(Scope::Result(shown));
        // The shards of one scan describe it alike; the first one speaks.
        info = info.or(part.scan);
    }
    // The merge's own configuration rolls out the rules it recomputes.
    let levels = config.levels(request.today);
    upcoming.extend(
        levels
            .upcoming()
            .map(|(from, rule, level)| crate::result_file::Upcoming::new(from, rule, level)),
    );
    report.upcoming = crate::upcoming::join(upcoming);
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
        .extend(engine::settle(cross, &[], &levels, None));
    sort_findings(&mut report.findings);
    let info =
        info.unwrap_or_else(|| ScanInfo::now(request.today.to_string(), "HEAD".into(), None));
    request
        .portfolio
        .finish(&mut report, info, request.config.as_ref().map(|_| &config))?;
    Ok(MergeOutcome {
        results: report,
        registry,
    })
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
/// reported unused is used now that another shard's charter matched it:
/// its `waiver-unused` finding is known by identity (the charter, and the
/// field `waivers[i]` of the waiver that names the rule).
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
        if waived.contains(&(f.repo.as_deref(), f.path.as_str(), f.rule)) {
            used.insert((f.repo.clone(), f.path.clone(), f.rule));
            false
        } else {
            true
        }
    });
    // The waivers now used, as the identities of their `waiver-unused`.
    let now_used: HashSet<(Option<&str>, &str, &str, String)> = charters
        .iter()
        .flat_map(|c| {
            c.waivers.iter().enumerate().filter_map(|(index, w)| {
                let rule = rules::find(w.rule.as_deref()?)?.id;
                let key = (c.repo.clone(), c.path.clone(), rule);
                (CROSS.contains(&rule) && used.contains(&key)).then(|| {
                    (
                        c.repo.as_deref(),
                        c.path.as_str(),
                        WAIVER_UNUSED.id,
                        format!("waivers[{index}]"),
                    )
                })
            })
        })
        .collect();
    findings.retain(|f| {
        let (repo, path, rule, field) = f.identity();
        !now_used.contains(&(repo, path, rule, field.to_string()))
    });
    cross
}
