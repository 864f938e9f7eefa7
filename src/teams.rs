//! Teams: the products grouped by `product.owner` (the JSON's `"teams"`,
//! the HTML's Teams section), and `--owner TEAM`, which keeps one team's
//! products and their findings in every format.
//!
//! Owners are compared by [`key`]: case aside, and an `@org/` prefix
//! ignored, so that `@acme/Payments`, `payments` and `Payments` are one team.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::date::Date;
use crate::engine::Results;
use crate::finding::{Counts, Severity};
use crate::record::CharterRecord;
use crate::result_file::{JsonReport, Team, TeamProduct, TeamWaiver};

/// A waiver in force that ends within this many days stands out.
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

/// The key an owner is compared by: trimmed, lower case, without a leading
/// `@org/` (or `@`); the same key `owner-not-codeowner` compares
/// CODEOWNERS' owners by.
pub fn key(owner: &str) -> String {
    crate::codeowners::owner_key(owner)
}

/// The HTML anchor of a team (`team-payments`; `team-none` for the
/// products without an owner): the key, with what an id should not hold
/// replaced.
pub fn anchor(key: &str) -> String {
    if key.is_empty() {
        return "team-none".into();
    }
    let slug: String = key
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("team-{slug}")
}

/// The team key of a charter: `""` without an owner.
pub fn of_charter(c: &CharterRecord) -> String {
    c.owner.as_deref().map(key).unwrap_or_default()
}

/// The status of a product, in the words of the HTML's repository statuses.
fn status(c: Counts) -> &'static str {
    if c.errors > 0 {
        "fails"
    } else if c.warnings > 0 {
        "warnings"
    } else {
        "passes"
    }
}

/// The teams of a run, by key; the products without an owner last.
pub fn of(report: &Results) -> Vec<Team> {
    let today: Option<Date> = report.scan.as_ref().and_then(|s| s.today.parse().ok());
    let mut counts: HashMap<(Option<&str>, &str), Counts> = HashMap::new();
    let mut stale: HashSet<(Option<&str>, &str)> = HashSet::new();
    for f in &report.findings {
        let place = (f.repo.as_deref(), f.path.as_str());
        let c = counts.entry(place).or_default();
        match f.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Note => c.notes += 1,
        }
        if f.rule == crate::rules::CHARTER_STALE.id {
            stale.insert(place);
        }
    }
    let mut teams: BTreeMap<(bool, String), Team> = BTreeMap::new();
    for c in &report.charters {
        let k = of_charter(c);
        let team = teams
            .entry((k.is_empty(), k.clone()))
            .or_insert_with(|| Team {
                owner: c.owner.clone().filter(|_| !k.is_empty()),
                key: k,
                ..Team::default()
            });
        let place = (c.repo.as_deref(), c.path.as_str());
        let n = counts.get(&place).copied().unwrap_or_default();
        let is_stale = stale.contains(&place);
        team.errors += n.errors;
        team.warnings += n.warnings;
        team.notes += n.notes;
        team.stale += usize::from(is_stale);
        let objectives = c.objectives.clone().unwrap_or_default();
        team.products.push(TeamProduct {
            repo: c.repo.clone(),
            path: c.path.clone(),
            product_id: c.product_id.clone(),
            name: c.name.clone(),
            status: status(n).into(),
            errors: n.errors,
            warnings: n.warnings,
            notes: n.notes,
            stale: is_stale,
            objectives: objectives.clone(),
        });
        for w in &c.waivers {
            let in_force = c.waiver_in_force(w);
            let days_left = c.waiver_days_left(w, today);
            let expiring = days_left.is_some_and(|d| d <= EXPIRING_WITHIN_DAYS);
            team.expiring += usize::from(expiring);
            team.waivers.push(TeamWaiver {
                repo: c.repo.clone(),
                path: c.path.clone(),
                product_id: c.product_id.clone(),
                rule: w.rule.clone(),
                reason: w.reason.clone(),
                expires: w.expires.clone(),
                in_force,
                days_left,
                expiring,
            });
        }
    }
    let mut out: Vec<Team> = teams.into_values().collect();
    for team in &mut out {
        let objectives: BTreeSet<&String> =
            team.products.iter().flat_map(|p| &p.objectives).collect();
        team.objectives = objectives.into_iter().cloned().collect();
        let rank = |s: &str| match s {
            "fails" => 0,
            "warnings" => 1,
            _ => 2,
        };
        team.products.sort_by(|a, b| {
            (rank(&a.status), &a.name, &a.repo, &a.path).cmp(&(
                rank(&b.status),
                &b.name,
                &b.repo,
                &b.path,
            ))
        });
        team.waivers.sort_by_key(|w| {
            (
                !w.in_force,
                w.days_left.unwrap_or(i64::MAX),
                w.repo.clone(),
                w.path.clone(),
                w.rule.clone(),
            )
        });
    }
    out
}

/// `--owner TEAM`: keeps the products `owner` owns, their findings, and
/// the repositories they are in. Says so in a notice when none matches.
pub fn keep_owner(report: &mut Results, owner: &str) {
    let wanted = key(owner);
    let before = report.charters.len();
    report.charters.retain(|c| of_charter(c) == wanted);
    let places: HashSet<(Option<String>, String)> = report
        .charters
        .iter()
        .map(|c| (c.repo.clone(), c.path.clone()))
        .collect();
    report
        .findings
        .retain(|f| places.contains(&(f.repo.clone(), f.path.clone())));
    let repos: BTreeSet<String> = report
        .charters
        .iter()
        .filter_map(|c| c.repo.clone())
        .collect();
    report.repositories.retain(|r| repos.contains(r));
    if report.repos > 0 {
        report.repos = repos.len();
    }
    report.charters_checked = report.charters.len();
    report
        .sources
        .retain(|(repo, path), _| places.contains(&(repo.clone(), path.clone())));
    if report.charters.is_empty() {
        report.notices.push(format!(
            "--owner {}: no product of the {before} read has this owner",
            crate::text::visible(owner)
        ));
    }
}

/// `--owner TEAM` on a result read back (a baseline): the same products
/// and findings kept.
pub fn keep_owner_in(result: &mut JsonReport, owner: &str) {
    let wanted = key(owner);
    let charters = result.charters.get_or_insert_with(Vec::new);
    charters.retain(|c| of_charter(c) == wanted);
    let places: HashSet<(Option<String>, String)> = charters
        .iter()
        .map(|c| (c.repo.clone(), c.path.clone()))
        .collect();
    let repos: BTreeSet<String> = charters.iter().filter_map(|c| c.repo.clone()).collect();
    result.findings.retain(|f| {
        f.path
            .as_ref()
            .is_some_and(|p| places.contains(&(f.repo.clone(), p.clone())))
    });
    if let Some(list) = &mut result.repositories {
        list.retain(|r| repos.contains(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::finding::Finding;
    use crate::record::{CharterRecord, WaiverRecord};

    fn charter(repo: &str, owner: Option<&str>) -> CharterRecord {
        CharterRecord {
            owner: owner.map(str::to_string),
            product_id: Some(repo.replace('/', "-")),
            objectives: Some(vec![format!("O-{repo}")]),
            ..CharterRecord::unparsed(Some(repo.into()), "charter.toml")
        }
    }

    fn finding(repo: &str, rule: &'static str, severity: Severity) -> Finding {
        Finding {
            rule,
            severity,
            message: "m".into(),
            repo: Some(repo.into()),
            path: "charter.toml".into(),
            span: Default::default(),
            position: crate::span::Position::FILE_START,
            labels: Vec::new(),
            help: None,
            field: String::new(),
            fix: None,
        }
    }

    #[test]
    fn a_team_counts_its_findings_stale_charters_and_waivers() {
        let mut waived = charter("a/one", Some("@org/Core"));
        waived.waivers = vec![
            WaiverRecord {
                rule: Some("x".into()),
                reason: Some("r".into()),
                expires: Some("2026-12-01".into()),
            },
            WaiverRecord {
                rule: Some("y".into()),
                reason: Some("r".into()),
                expires: Some("2027-06-01".into()),
            },
        ];
        waived.waived = vec!["x".into(), "y".into()];
        let report = Results {
            charters: vec![waived, charter("a/two", Some("core")), charter("b/x", None)],
            findings: vec![
                finding("a/one", crate::rules::CHARTER_STALE.id, Severity::Warning),
                finding("a/two", "placeholder", Severity::Error),
                finding("b/x", "placeholder", Severity::Note),
            ],
            scan: Some(crate::record::ScanInfo {
                today: "2026-11-22".into(),
                ..Default::default()
            }),
            ..Results::default()
        };
        let teams = of(&report);
        assert_eq!(teams.len(), 2);
        let core = &teams[0];
        assert_eq!(
            (core.key.as_str(), core.owner.as_deref()),
            ("core", Some("@org/Core"))
        );
        assert_eq!(
            (core.errors, core.warnings, core.notes, core.stale),
            (1, 1, 0, 1)
        );
        let statuses: Vec<(&str, bool)> = core
            .products
            .iter()
            .map(|p| (p.status.as_str(), p.stale))
            .collect();
        assert_eq!(statuses, [("fails", false), ("warnings", true)]);
        assert_eq!(core.objectives, ["O-a/one", "O-a/two"]);
        assert_eq!(core.expiring, 1);
        let days: Vec<Option<i64>> = core.waivers.iter().map(|w| w.days_left).collect();
        assert_eq!(days, [Some(9), Some(191)]);
        // The products without an owner come last, as a team of their own.
        assert_eq!(
            (teams[1].key.as_str(), teams[1].owner.as_deref()),
            ("", None)
        );
        assert_eq!(teams[1].notes, 1);
    }

    #[test]
    fn owners_compare_without_case_or_org_prefix() {
        for owner in ["@acme/Payments", "payments", " Payments ", "@payments"] {
            assert_eq!(key(owner), "payments", "{owner}");
        }
        assert_eq!(key("team-a"), "team-a");
        assert_eq!(anchor("payments"), "team-payments");
        assert_eq!(anchor("data & ml"), "team-data---ml");
        assert_eq!(anchor(""), "team-none");
    }
}
