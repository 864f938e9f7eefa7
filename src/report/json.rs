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
    let mut text = Vec::new();
    write(report, with_charters, &mut text).expect("the report serialises into memory");
    String::from_utf8(text).expect("JSON is UTF-8")
}

/// Writes the report as `render` renders it, streamed to `out`: nothing of
/// the results is copied and each finding is converted as it is written, so
/// a large scan's report costs no second copy of itself in memory.
pub fn write(
    report: &Results,
    with_charters: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let written = Written {
        version: 1,
        findings: WrittenFindings {
            report,
            with_charters,
        },
        summary: summary(report),
        charters: with_charters.then_some(report.charters.as_slice()),
        repositories: with_charters.then_some(report.repositories.as_slice()),
        scan: report.scan.as_ref(),
        baseline: report.baseline.as_ref(),
    };
    serde_json::to_writer_pretty(&mut *out, &written)?;
    out.write_all(b"\n")
}

/// [`JsonReport`] as it is written: the same keys in the same order,
/// borrowing from the results.
#[derive(Serialize)]
struct Written<'a> {
    version: u32,
    findings: WrittenFindings<'a>,
    summary: JsonSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    charters: Option<&'a [CharterRecord]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repositories: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scan: Option<&'a ScanInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Comparison>,
}

/// The findings, each turned into a [`JsonFinding`] as it is written.
struct WrittenFindings<'a> {
    report: &'a Results,
    with_charters: bool,
}

impl Serialize for WrittenFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.report;
        let fingerprints = super::fingerprint::fingerprints(&report.findings);
        serializer.collect_seq(
            report
                .findings
                .iter()
                .zip(fingerprints)
                .map(|(f, fingerprint)| {
                    let mut out = JsonFinding::from(f);
                    // A scan's findings carry their identity, for `merge` and
                    // `--baseline`; `check` prints SPEC section 7's keys alone.
                    if self.with_charters {
                        out.baseline = report.baseline.as_ref().map(|b| {
                            if b.knows(&fingerprint) {
                                "unchanged"
                            } else {
                                "new"
                            }
                            .to_string()
                        });
                        out.fingerprint = Some(fingerprint);
                    } else {
                        out.field.clear();
                    }
                    out
                }),
        )
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
