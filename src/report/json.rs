//! `--format json` (SPEC section 7).

use serde::{Deserialize, Serialize};

use crate::baseline::Comparison;
use crate::engine::Results;
use crate::finding::{Finding, Severity};
use crate::record::{CharterRecord, ScanInfo};
use crate::span::Position;

#[derive(Debug, Serialize, Deserialize)]
pub struct JsonReport {
    pub version: u32,
    pub findings: Vec<JsonFinding>,
    pub summary: JsonSummary,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub charters: Option<Vec<CharterRecord>>,
    /// A scan's repositories by name, so that `merge` knows those with
    /// neither charter nor finding too.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub repositories: Option<Vec<String>>,
    /// What a scan says about itself: when, which revision, which registry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scan: Option<ScanInfo>,
    /// The comparison with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub baseline: Option<Comparison>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JsonFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub repo: Option<String>,
    /// `null` for a finding about a whole repository, which has no line either.
    pub path: Option<String>,
    #[serde(flatten)]
    pub position: Option<Position>,
    pub labels: Vec<JsonLabel>,
    pub help: Option<String>,
    /// The key path the finding concerns (`relationship.type`), part of its
    /// identity, so that `merge` keeps the fingerprints of its inputs.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub field: String,
    /// The finding's stable identity, as SARIF's `partialFingerprints` and
    /// GitLab's `fingerprint` carry it; what `--baseline` compares.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fingerprint: Option<String>,
    /// With `--baseline`: `new`, or `unchanged` when the baseline had it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub baseline: Option<String>,
    /// The finding's mechanical repair, when it has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fix: Option<JsonFix>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JsonFix {
    pub message: String,
    pub applicability: crate::fix::Applicability,
    pub edits: Vec<JsonEdit>,
}

/// Replace the text from `line:column` to `end_line:end_column` (1-based,
/// the end exclusive, columns in characters) with `content`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JsonEdit {
    #[serde(flatten)]
    pub position: Position,
    pub content: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JsonLabel {
    pub message: String,
    #[serde(flatten)]
    pub position: Position,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct JsonSummary {
    pub repos: usize,
    pub charters: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl From<&Finding> for JsonFinding {
    fn from(f: &Finding) -> Self {
        JsonFinding {
            rule: f.rule.to_string(),
            severity: f.severity,
            message: f.message.clone(),
            repo: f.repo.clone(),
            path: (!f.is_about_repository()).then(|| f.path.clone()),
            position: (!f.is_about_repository()).then_some(f.position),
            labels: f
                .labels
                .iter()
                .map(|l| JsonLabel {
                    message: l.message.clone(),
                    position: l.position,
                })
                .collect(),
            help: f.help.clone(),
            field: f.field.clone(),
            fingerprint: None,
            baseline: None,
            fix: f.fix.as_ref().map(|fix| JsonFix {
                message: fix.message.clone(),
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        position: e.position,
                        content: e.content.clone(),
                    })
                    .collect(),
            }),
        }
    }
}

pub fn summary(report: &Results) -> JsonSummary {
    let c = report.counts();
    JsonSummary {
        repos: report.repos,
        charters: report.charters_checked,
        errors: c.errors,
        warnings: c.warnings,
        notes: c.notes,
    }
}

/// Renders the report; `with_charters` adds the scan's `"charters"` and
/// `"repositories"` arrays.
pub fn render(report: &Results, with_charters: bool) -> String {
    let findings = report
        .findings
        .iter()
        .zip(super::fingerprint::fingerprints(&report.findings))
        .map(|(f, fingerprint)| {
            let baseline = report.baseline.as_ref().map(|b| {
                if b.knows(&fingerprint) {
                    "unchanged"
                } else {
                    "new"
                }
                .to_string()
            });
            let mut out = JsonFinding::from(f);
            // A scan's findings carry their identity, for `merge` and
            // `--baseline`; `check` prints SPEC section 7's keys alone.
            if with_charters {
                out.fingerprint = Some(fingerprint);
                out.baseline = baseline;
            } else {
                out.field.clear();
            }
            out
        })
        .collect();
    let out = JsonReport {
        version: 1,
        findings,
        summary: summary(report),
        charters: with_charters.then(|| report.charters.clone()),
        repositories: with_charters.then(|| report.repositories.clone()),
        scan: report.scan.clone(),
        baseline: report.baseline.clone(),
    };
    let mut s = serde_json::to_string_pretty(&out).expect("report serialises");
    s.push('\n');
    s
}
