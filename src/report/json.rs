//! `--format json` (SPEC section 7).

use serde::{Deserialize, Serialize};

use crate::engine::Report;
use crate::finding::{Finding, Severity};
use crate::record::CharterRecord;
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
}

#[derive(Debug, Serialize, Deserialize)]
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
}

#[derive(Debug, Serialize, Deserialize)]
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
        }
    }
}

pub fn summary(report: &Report) -> JsonSummary {
    let c = report.counts();
    JsonSummary {
        repos: report.repos,
        charters: report.charters_checked(),
        errors: c.errors,
        warnings: c.warnings,
        notes: c.notes,
    }
}

/// Renders the report; `with_charters` adds the scan's `"charters"` and
/// `"repositories"` arrays.
pub fn render(report: &Report, with_charters: bool) -> String {
    let out = JsonReport {
        version: 1,
        findings: report.findings.iter().map(JsonFinding::from).collect(),
        summary: summary(report),
        charters: with_charters.then(|| report.charters.clone()),
        repositories: with_charters.then(|| report.repositories.clone()),
    };
    let mut s = serde_json::to_string_pretty(&out).expect("report serialises");
    s.push('\n');
    s
}
