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
    pub path: String,
    #[serde(flatten)]
    pub position: Position,
    pub labels: Vec<JsonLabel>,
    pub help: Option<String>,
    /// The finding's mechanical repair, when it has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fix: Option<JsonFix>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct JsonFix {
    pub message: String,
    pub applicability: crate::fix::Applicability,
    pub edits: Vec<JsonEdit>,
}

/// Replace the text from `line:column` to `end_line:end_column` (1-based,
/// the end exclusive, columns in characters) with `content`.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonEdit {
    #[serde(flatten)]
    pub position: Position,
    pub content: String,
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
            path: f.path.clone(),
            position: f.position,
            labels: f
                .labels
                .iter()
                .map(|l| JsonLabel {
                    message: l.message.clone(),
                    position: l.position,
                })
                .collect(),
            help: f.help.clone(),
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
