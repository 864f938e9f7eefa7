//! The JSON result file (SPEC section 7): what `--format json` writes
//! (`report::json`) and what `merge` and `--baseline` read back
//! ([`read_scan`]), with the comparison with a baseline that a result
//! carries (made by `baseline`).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::date::Date;
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
    /// With `--history`: one point per earlier result and this run, oldest
    /// first.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trend: Option<Vec<TrendPoint>>,
    /// The products grouped by `product.owner`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub teams: Option<Vec<Team>>,
    /// The rules rolled out on a later date than the run's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub upcoming: Option<Vec<Upcoming>>,
}

/// A rule rolled out on a later date than the run's (`{ level, from }`):
/// its findings are notes until then. With the charters that have its
/// findings today, and their teams: what would fail (or warn) on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upcoming {
    pub rule: String,
    /// The level it takes on the date: error, warning, note or off.
    pub level: String,
    pub from: Date,
    /// How many charters (or repositories, for a rule about one) have its
    /// findings today.
    #[serde(default)]
    pub charters: usize,
    /// Their teams (`product.owner`), by name; products without an owner
    /// are not named.
    #[serde(default)]
    pub teams: Vec<String>,
}

impl Upcoming {
    /// A dated rule, not yet counted.
    pub fn new(from: Date, rule: &str, level: &str) -> Upcoming {
        Upcoming {
            rule: rule.to_string(),
            level: level.to_string(),
            from,
            charters: 0,
            teams: Vec::new(),
        }
    }
}

/// `--history`: the earlier results and this run, each reduced to a point,
/// and the products whose quadrant moved since the oldest of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trend {
    /// Oldest first; the last is this run.
    pub points: Vec<TrendPoint>,
    /// Products whose quadrant differs between the oldest result and this
    /// run (`repo`, `path` and `product_id` as in the run).
    pub moved: Vec<Move>,
}

/// One scan in a trend (`--history`): what it counted, reduced from its
/// result so that a year of results need not be in memory at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// The result's `scan.scanned_at`.
    pub time: String,
    /// The result's `scan.today`.
    pub today: String,
    /// The file the point was read from; `null` for this run.
    pub file: Option<String>,
    pub repos: usize,
    pub charters: usize,
    /// Repositories with at least one charter.
    pub with_charter: usize,
    /// `with_charter` of `repos`, in whole percent.
    pub coverage: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Findings per rule id.
    pub rules: BTreeMap<String, usize>,
    /// Products per quadrant (`differentiating`, `parity`, `partner`,
    /// `who-cares`); a product without both levels is not counted.
    pub quadrants: BTreeMap<String, usize>,
    /// Products per `relationship.type`.
    pub relationships: BTreeMap<String, usize>,
}

/// A team: the products whose `product.owner` names it (case aside, and
/// an `@org/` prefix ignored), and what their charters say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// The owner as the first of its charters writes it; `null` for the
    /// products without an owner.
    pub owner: Option<String>,
    /// The key owners are compared by (lower case, no `@org/`), and the
    /// HTML anchor's tail (`#team-{key}`); `""` for no owner.
    pub key: String,
    pub products: Vec<TeamProduct>,
    /// Findings on its products, by severity.
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Its waivers in force and not, soonest to end first.
    pub waivers: Vec<TeamWaiver>,
    /// How many of its waivers in force end within 30 days.
    pub expiring: usize,
    /// How many of its charters are stale (`charter-stale`).
    pub stale: usize,
    /// The objectives its products serve, sorted.
    pub objectives: Vec<String>,
}

/// One product of a team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamProduct {
    pub repo: Option<String>,
    pub path: String,
    pub product_id: Option<String>,
    pub name: Option<String>,
    /// `fails`, `warnings` or `passes`: the HTML's statuses of a repository
    /// with a charter.
    pub status: String,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Its charter is stale (`charter-stale`).
    pub stale: bool,
    pub objectives: Vec<String>,
}

/// A waiver of a team's product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamWaiver {
    pub repo: Option<String>,
    pub path: String,
    pub product_id: Option<String>,
    pub rule: Option<String>,
    pub reason: Option<String>,
    pub expires: Option<String>,
    /// The charter's waiver is in force (it names a rule and has not ended).
    pub in_force: bool,
    /// Days from the run's today to `expires`, for a waiver in force with one.
    pub days_left: Option<i64>,
    /// In force and ending within 30 days.
    pub expiring: bool,
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
