//! `scan`/`merge --history DIR`: the earlier results in DIR and this run,
//! each reduced to a [`TrendPoint`] (repositories, coverage, findings by
//! severity and rule, products by quadrant and relationship type), oldest
//! first, and the products whose quadrant moved since the oldest.
//!
//! A year of weekly results of a large organisation does not fit in memory
//! at once, and need not: each file is read as a stream into a struct with
//! only the fields a point needs (the rest skipped unread, as
//! `serde::de::IgnoredAny`), reduced to its point, and dropped before the
//! next. A file that is not a result is named in a notice and skipped.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::charter::{Level, Quadrant, RelationshipType};
use crate::engine::Results;
use crate::finding::Severity;
use crate::result_file::{Move, Trend, TrendPoint};

/// Why the history folder could not be read at all (a file in it that is
/// not a result is a notice, not this).
#[derive(Debug, thiserror::Error)]
#[error("--history {dir}: cannot read the folder: {source}")]
pub struct HistoryError {
    pub dir: String,
    pub source: std::io::Error,
}

/// The quadrant of a [`Move`]'s `differentiation/criticality` (`low/high`).
pub fn quadrant_of_levels(levels: &str) -> Option<Quadrant> {
    let (d, c) = levels.split_once('/')?;
    Some(Quadrant::of(Level::from_name(d)?, Level::from_name(c)?))
}

/// What a point needs of a result; serde skips every other key unread.
#[derive(Deserialize)]
struct Lite {
    version: u32,
    findings: Vec<LiteFinding>,
    summary: LiteSummary,
    charters: Option<Vec<LiteCharter>>,
    repositories: Option<Vec<String>>,
    scan: Option<LiteScan>,
}

#[derive(Deserialize)]
struct LiteFinding {
    rule: String,
    severity: Severity,
    repo: Option<String>,
    path: Option<String>,
}

#[derive(Deserialize)]
struct LiteSummary {
    repos: usize,
}

#[derive(Deserialize)]
struct LiteCharter {
    repo: Option<String>,
    path: String,
    differentiation: Option<Level>,
    criticality: Option<Level>,
    #[serde(default)]
    relationship: Option<RelationshipType>,
    #[serde(default)]
    owner: Option<String>,
}

#[derive(Deserialize)]
struct LiteScan {
    scanned_at: String,
    #[serde(default)]
    today: String,
}

/// Only the version, to say why a file that did not read is skipped.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// A charter as a point counts it.
struct Counted<'a> {
    repo: Option<&'a str>,
    differentiation: Option<Level>,
    criticality: Option<Level>,
    relationship: Option<RelationshipType>,
}

/// Reduces a run to its point. `repositories` is the run's list of
/// repositories when it has one; `repos` the count otherwise.
fn reduce<'a>(
    findings: impl Iterator<Item = (&'a str, Severity)>,
    charters: impl Iterator<Item = Counted<'a>>,
    repositories: Option<&[String]>,
    repos: usize,
) -> TrendPoint {
    let mut point = TrendPoint::default();
    for (rule, severity) in findings {
        match severity {
            Severity::Error => point.errors += 1,
            Severity::Warning => point.warnings += 1,
            Severity::Note => point.notes += 1,
        }
        *point.rules.entry(rule.to_string()).or_default() += 1;
    }
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    for c in charters {
        point.charters += 1;
        if let Some(r) = c.repo {
            covered.insert(r);
        }
        if let (Some(d), Some(k)) = (c.differentiation, c.criticality) {
            *point
                .quadrants
                .entry(Quadrant::of(d, k).slug().to_string())
                .or_default() += 1;
        }
        if let Some(r) = c.relationship {
            *point
                .relationships
                .entry(r.as_str().to_string())
                .or_default() += 1;
        }
    }
    match repositories {
        Some(list) => {
            let all: HashSet<&str> = list.iter().map(String::as_str).collect();
            point.repos = all.len();
            point.with_charter = covered.iter().filter(|r| all.contains(*r)).count();
        }
        None => {
            point.repos = repos;
            point.with_charter = covered.len().min(repos);
        }
    }
    point.coverage = (point.with_charter * 100)
        .checked_div(point.repos)
        .unwrap_or(0);
    point
}

/// The point of a finished run (this one).
pub fn point_of(report: &Results) -> TrendPoint {
    let mut point = reduce(
        report.findings.iter().map(|f| (f.rule, f.severity)),
        report.charters.iter().map(|c| Counted {
            repo: c.repo.as_deref(),
            differentiation: c.differentiation,
            criticality: c.criticality,
            relationship: c.relationship,
        }),
        (!report.repositories.is_empty()).then_some(report.repositories.as_slice()),
        report.repos,
    );
    if let Some(info) = &report.scan {
        point.time = info.scanned_at.clone();
        point.today = info.today.clone();
    }
    point
}

/// A product's place, then: (repo, path) → quadrant as `d/c`.
type Quadrants = BTreeMap<(Option<String>, String), Option<String>>;

/// One earlier result, reduced: its point and where its products stood.
struct Earlier {
    point: TrendPoint,
    quadrants: Quadrants,
}

/// Reads one file as a result, reduced; `Err` says why it is not one.
fn read_one(path: &Path, owner: Option<&str>) -> Result<Earlier, String> {
    let open = || {
        std::fs::File::open(path)
            .map(std::io::BufReader::new)
            .map_err(|e| format!("cannot be read ({e})"))
    };
    let lite: Lite = match serde_json::from_reader(open()?) {
        Ok(lite) => lite,
        Err(e) => {
            // A newer charterlint's result may not read as this one's: say so.
            if let Ok(v) = serde_json::from_reader::<_, VersionOnly>(open()?) {
                if v.version != 1 {
                    return Err(version(v.version));
                }
            }
            return Err(format!("is not the JSON result of a scan or merge ({e})"));
        }
    };
    if lite.version != 1 {
        return Err(version(lite.version));
    }
    let Some(mut charters) = lite.charters else {
        return Err("has no \"charters\": it is not the result of a scan or merge".into());
    };
    let Some(scan) = lite.scan else {
        return Err("has no \"scan\" (an older charterlint made it): its time is unknown".into());
    };
    let mut findings = lite.findings;
    let mut repositories = lite.repositories;
    let mut repos = lite.summary.repos;
    if let Some(owner) = owner {
        charters.retain(|c| {
            c.owner
                .as_deref()
                .is_some_and(|o| crate::teams::key(o) == owner)
        });
        let places: HashSet<(Option<&str>, &str)> = charters
            .iter()
            .map(|c| (c.repo.as_deref(), c.path.as_str()))
            .collect();
        findings.retain(|f| {
            f.path
                .as_deref()
                .is_some_and(|p| places.contains(&(f.repo.as_deref(), p)))
        });
        let team_repos: BTreeSet<String> = charters.iter().filter_map(|c| c.repo.clone()).collect();
        repos = team_repos.len();
        repositories = Some(team_repos.into_iter().collect());
    }
    let mut point = reduce(
        findings.iter().map(|f| (f.rule.as_str(), f.severity)),
        charters.iter().map(|c| Counted {
            repo: c.repo.as_deref(),
            differentiation: c.differentiation,
            criticality: c.criticality,
            relationship: c.relationship,
        }),
        repositories.as_deref(),
        repos,
    );
    point.time = scan.scanned_at;
    point.today = scan.today;
    point.file = Some(crate::paths::display_os(path.as_os_str()));
    let quadrants = charters
        .into_iter()
        .map(|c| {
            let q = crate::record::quadrant_levels(c.differentiation, c.criticality);
            ((c.repo, c.path), q)
        })
        .collect();
    // The names are not kept: this run's are shown.
    Ok(Earlier { point, quadrants })
}

fn version(v: u32) -> String {
    format!("is version {v} of charterlint's JSON; this charterlint reads version 1")
}

/// The trend of a finished run over the results in `dir`: one point per
/// result (by `scan.scanned_at`, oldest first) and this run's last. With
/// `owner` (a team key), each result counts that team's products alone.
/// A file that is not a result is named in the run's notices.
pub fn apply(report: &mut Results, dir: &Path, owner: Option<&str>) -> Result<(), HistoryError> {
    let shown = crate::paths::display_os(dir.as_os_str());
    let entries = std::fs::read_dir(dir).map_err(|source| HistoryError {
        dir: shown.clone(),
        source,
    })?;
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| HistoryError {
            dir: shown.clone(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut points = Vec::with_capacity(files.len() + 1);
    let mut oldest: Option<(String, Quadrants)> = None;
    for file in &files {
        match read_one(file, owner) {
            Ok(earlier) => {
                let older = oldest
                    .as_ref()
                    .is_none_or(|(time, _)| earlier.point.time < *time);
                if older {
                    oldest = Some((earlier.point.time.clone(), earlier.quadrants));
                }
                points.push(earlier.point);
            }
            Err(why) => report.notices.push(format!(
                "--history: {} {why}: skipped",
                crate::paths::display_os(file.as_os_str())
            )),
        }
    }
    points.sort_by(|a, b| (&a.time, &a.file).cmp(&(&b.time, &b.file)));
    points.push(point_of(report));
    let moved = match oldest {
        Some((_, then)) => moves(report, &then),
        None => Vec::new(),
    };
    report.trend = Some(Trend { points, moved });
    Ok(())
}

/// The products of this run whose quadrant differs from the oldest result's.
fn moves(report: &Results, then: &Quadrants) -> Vec<Move> {
    report
        .charters
        .iter()
        .filter_map(|c| {
            let before = then.get(&(c.repo.clone(), c.path.clone()))?;
            let now = crate::record::quadrant_levels(c.differentiation, c.criticality);
            (*before != now && before.is_some() && now.is_some()).then(|| Move {
                repo: c.repo.clone(),
                path: c.path.clone(),
                product_id: c.product_id.clone(),
                name: c.name.clone(),
                quadrant_then: before.clone(),
                quadrant_now: now,
                relationship_then: None,
                relationship_now: c.relationship.map(|r| r.as_str().to_string()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::CharterRecord;

    #[test]
    fn a_point_counts_coverage_rules_quadrants_and_relationships() {
        let mut a = CharterRecord::unparsed(Some("g/a".into()), "charter.toml");
        a.differentiation = Some(Level::Low);
        a.criticality = Some(Level::High);
        a.relationship = Some(RelationshipType::Partner);
        let report = Results {
            charters: vec![
                a,
                CharterRecord::unparsed(Some("g/a".into()), "x.charter.toml"),
            ],
            repositories: vec!["g/a".into(), "g/b".into(), "g/c".into()],
            repos: 3,
            ..Results::default()
        };
        let p = point_of(&report);
        assert_eq!(
            (p.repos, p.with_charter, p.coverage, p.charters),
            (3, 1, 33, 2)
        );
        assert_eq!(p.quadrants.get("parity"), Some(&1));
        assert_eq!(p.relationships.get("partner"), Some(&1));
        assert_eq!(p.file, None);
    }
}
