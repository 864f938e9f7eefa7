//! The JSON result file (SPEC section 7): what `--format json` writes
//! (`report::json`) and what `merge` and `--baseline` read back
//! ([`read_scan`]), with the comparison with a baseline that a result
//! carries (made by `baseline`).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Severity};
use crate::record::{CharterRecord, Coverage, ScanInfo};
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

/// This run against a previous one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Comparison {
    /// The baseline file, as given.
    pub file: String,
    /// What the previous scan said about itself, if it did.
    pub previous: Option<ScanInfo>,
    /// The baseline's findings that this run no longer has.
    pub fixed: Vec<JsonFinding>,
    /// How many of this run's findings are new, and how many were there before.
    pub new: usize,
    pub unchanged: usize,
    /// The new findings per repository (`""` outside any).
    pub new_by_repo: BTreeMap<String, usize>,
    /// Charters this run has and the baseline had not, and the reverse.
    pub added: Vec<CharterRecord>,
    pub removed: Vec<CharterRecord>,
    /// Products whose quadrant or relationship type changed.
    pub moved: Vec<Move>,
    pub coverage_then: Coverage,
    pub coverage_now: Coverage,
    /// Findings `--new-only` left out, because the baseline had them.
    pub hidden: usize,
    /// The fingerprints of the baseline's findings.
    #[serde(skip)]
    pub(crate) known: HashSet<String>,
}

/// A product that moved between the two scans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub repo: Option<String>,
    pub path: String,
    pub product_id: Option<String>,
    pub name: Option<String>,
    /// `differentiation/criticality`, e.g. `low/high`, then and now.
    pub quadrant_then: Option<String>,
    pub quadrant_now: Option<String>,
    pub relationship_then: Option<String>,
    pub relationship_now: Option<String>,
}

impl Move {
    pub fn quadrant_moved(&self) -> bool {
        self.quadrant_then != self.quadrant_now
    }

    pub fn relationship_moved(&self) -> bool {
        self.relationship_then != self.relationship_now
    }
}

impl Comparison {
    /// Was a finding with this fingerprint in the baseline?
    pub fn knows(&self, fingerprint: &str) -> bool {
        self.known.contains(fingerprint)
    }
}

/// What a scan's JSON result is read back as: the input of a merge, or a
/// baseline. Messages name a baseline as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    Input,
    Baseline,
}

impl std::fmt::Display for ReadAs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReadAs::Input => "",
            ReadAs::Baseline => "baseline ",
        })
    }
}

/// Why a file is not a scan's JSON result.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {as_}{file}: {source}")]
    Read {
        as_: ReadAs,
        file: String,
        source: std::io::Error,
    },
    #[error("{as_}{file} is not charterlint JSON: {source}")]
    NotJson {
        as_: ReadAs,
        file: String,
        source: serde_json::Error,
    },
    #[error(
        "{as_}{file} is version {version} of charterlint's JSON; this charterlint reads version 1"
    )]
    Version {
        as_: ReadAs,
        file: String,
        version: u32,
    },
    #[error(
        "{as_}{file} has no \"charters\": it is not the result of `charterlint scan --format json`"
    )]
    NotAScan { as_: ReadAs, file: String },
}

/// Reads the JSON result of a `scan` (or `merge`) back: version 1, with its
/// charters.
pub fn read_scan(path: &std::path::Path, as_: ReadAs) -> Result<JsonReport, ReadError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Read {
        as_,
        file: file.clone(),
        source,
    })?;
    let report: JsonReport = serde_json::from_str(&text).map_err(|source| ReadError::NotJson {
        as_,
        file: file.clone(),
        source,
    })?;
    if report.version != 1 {
        return Err(ReadError::Version {
            as_,
            file,
            version: report.version,
        });
    }
    if report.charters.is_none() {
        return Err(ReadError::NotAScan { as_, file });
    }
    Ok(report)
}
