//! `scan --baseline PREVIOUS.json` (and `merge --baseline`): this run against
//! a previous scan's JSON. A finding is the same finding when its
//! fingerprint is (the SARIF one: repository, path, rule and the field it
//! concerns, not its line), so moved lines do not make it new. The
//! comparison also lists the charters added and removed, the products whose
//! quadrant or relationship type moved, and coverage then and now.

use std::collections::{BTreeMap, HashSet};

use crate::engine::Results;
use crate::record::{CharterRecord, Coverage, quadrant_levels};
use crate::report::fingerprint::fingerprints;
use crate::result_file::{Comparison, JsonFinding, JsonReport, Move, ReadAs, ReadError, read_scan};

type Key<'a> = (Option<&'a str>, &'a str);

fn key(c: &CharterRecord) -> Key<'_> {
    (c.repo.as_deref(), c.path.as_str())
}

/// Why a baseline cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error(transparent)]
    Unreadable(#[from] ReadError),
    #[error(
        "baseline {0} has findings without a \"fingerprint\" (an older charterlint made it): scan again with this one to make a baseline"
    )]
    NoFingerprints(String),
}

/// Reads a baseline: the JSON of a previous `scan` or `merge`.
pub fn read(path: &std::path::Path) -> Result<JsonReport, BaselineError> {
    let previous = read_scan(path, ReadAs::Baseline)?;
    if previous.findings.iter().any(|f| f.fingerprint.is_none()) {
        return Err(BaselineError::NoFingerprints(path.display().to_string()));
    }
    Ok(previous)
}

impl Comparison {
    /// Compares a finished run with the baseline read from `file`.
    pub fn new(file: &str, previous: JsonReport, report: &Results) -> Comparison {
        let prints = fingerprints(&report.findings);
        let known: HashSet<String> = previous
            .findings
            .iter()
            .filter_map(|f| f.fingerprint.clone())
            .collect();
        let mut new_by_repo: BTreeMap<String, usize> = BTreeMap::new();
        for (f, p) in report.findings.iter().zip(&prints) {
            if !known.contains(p) {
                *new_by_repo
                    .entry(f.repo.clone().unwrap_or_default())
                    .or_default() += 1;
            }
        }
        let new: usize = new_by_repo.values().sum();
        let now: HashSet<String> = prints.into_iter().collect();
        let fixed: Vec<JsonFinding> = previous
            .findings
            .into_iter()
            .filter(|f| f.fingerprint.as_ref().is_some_and(|p| !now.contains(p)))
            .collect();
        let then_charters = previous.charters.unwrap_or_default();
        let then: BTreeMap<Key, &CharterRecord> =
            then_charters.iter().map(|c| (key(c), c)).collect();
        let current: BTreeMap<Key, &CharterRecord> =
            report.charters.iter().map(|c| (key(c), c)).collect();
        let added = current
            .iter()
            .filter(|(k, _)| !then.contains_key(*k))
            .map(|(_, c)| (*c).clone())
            .collect();
        let removed = then
            .iter()
            .filter(|(k, _)| !current.contains_key(*k))
            .map(|(_, c)| (*c).clone())
            .collect();
        let moved = current
            .iter()
            .filter_map(|(k, c)| {
                let before = then.get(k)?;
                let m = Move {
                    repo: c.repo.clone(),
                    path: c.path.clone(),
                    product_id: c.product_id.clone(),
                    name: c.name.clone(),
                    quadrant_then: quadrant_levels(before.differentiation, before.criticality),
                    quadrant_now: quadrant_levels(c.differentiation, c.criticality),
                    relationship_then: before.relationship.map(|r| r.as_str().to_string()),
                    relationship_now: c.relationship.map(|r| r.as_str().to_string()),
                };
                (m.quadrant_moved() || m.relationship_moved()).then_some(m)
            })
            .collect();
        let repositories_then = previous.repositories.unwrap_or_default();
        Comparison {
            file: file.to_string(),
            previous: previous.scan,
            fixed,
            new,
            unchanged: report.findings.len() - new,
            new_by_repo,
            added,
            removed,
            moved,
            coverage_then: Coverage::of(&repositories_then, &then_charters),
            coverage_now: Coverage::of(&report.repositories, &report.charters),
            hidden: 0,
            known,
        }
    }
}

/// Compares the report with the baseline and, with `new_only`, keeps only
/// the findings the baseline did not have.
pub fn apply(report: &mut Results, file: &str, previous: JsonReport, new_only: bool) {
    let mut comparison = Comparison::new(file, previous, report);
    if new_only {
        let prints = fingerprints(&report.findings);
        let before = report.findings.len();
        let mut keep = prints.iter().map(|p| !comparison.knows(p));
        report.findings.retain(|_| keep.next().unwrap_or(true));
        comparison.hidden = before - report.findings.len();
        if comparison.hidden > 0 {
            report.notices.push(format!(
                "--new-only: {} finding{} already in the baseline {file} {} not shown",
                comparison.hidden,
                if comparison.hidden == 1 { "" } else { "s" },
                if comparison.hidden == 1 { "is" } else { "are" },
            ));
        }
    }
    report.baseline = Some(comparison);
}
