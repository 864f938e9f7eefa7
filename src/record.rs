//! What a run knows about each charter beyond its findings: the `"charters"`
//! entries of a scan's JSON (SPEC section 7), which `merge` and the
//! cross-charter rules work from.

use serde::{Deserialize, Serialize};

use crate::charter::{Decision, Kind, Level, Quadrant, RelationshipType};
use crate::date::Date;
use crate::span::{Position, Span};

/// Where a value is, so that a cross-charter finding can point at it after
/// the file's text is gone (or, after `merge`, was never here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub position: Position,
}

impl Anchor {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// The anchors the cross-charter rules point at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchors {
    pub product_id: Option<Anchor>,
    pub capability: Option<Anchor>,
    pub decision: Option<Anchor>,
}

/// One charter read in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharterRecord {
    pub repo: Option<String>,
    pub path: String,
    pub product_id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<Kind>,
    pub decision: Option<Decision>,
    pub differentiation: Option<Level>,
    pub criticality: Option<Level>,
    pub capability: Option<String>,
    pub goal: Option<String>,
    pub objectives: Option<Vec<String>>,
    /// Rules waived in this charter (waivers in force), for cross-charter
    /// findings computed later, e.g. by `merge`.
    #[serde(default)]
    pub waived: Vec<String>,
    #[serde(default)]
    pub anchors: Anchors,
    /// `product.owner`, for the report's list of accepted risks.
    #[serde(default)]
    pub owner: Option<String>,
    /// `relationship.type`, so that a baseline comparison sees it change.
    #[serde(default)]
    pub relationship: Option<RelationshipType>,
    /// Every waiver as the charter writes it (those in force are in `waived`).
    #[serde(default)]
    pub waivers: Vec<WaiverRecord>,
    /// In a scan, the commit it was read at: `{rev}` of a link template, so
    /// that links do not drift when the repository moves on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// A waiver as written: the rule it names, why, and until when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverRecord {
    pub rule: Option<String>,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`.
    pub expires: Option<String>,
}

/// A product's quadrant as a baseline's `Move` and the trend write it:
/// `differentiation/criticality`, e.g. `low/high`.
pub fn quadrant_levels(
    differentiation: Option<Level>,
    criticality: Option<Level>,
) -> Option<String> {
    Some(format!(
        "{}/{}",
        differentiation?.as_str(),
        criticality?.as_str()
    ))
}

/// The waivers of a parsed charter, as records.
pub fn waivers_of(c: &crate::charter::Charter) -> Vec<WaiverRecord> {
    c.waivers
        .iter()
        .map(|w| WaiverRecord {
            rule: w.rule.as_ref().map(|r| r.value.trim().to_string()),
            reason: w.reason.as_ref().map(|r| r.value.clone()),
            expires: w.expires.as_ref().map(|e| e.value.to_string()),
        })
        .collect()
}

impl CharterRecord {
    /// Days until a waiver of this charter ends, counted from `today`, when
    /// it is in force (it waived a finding of this run) and has a date;
    /// `None` otherwise.
    pub fn waiver_days_left(&self, w: &WaiverRecord, today: Option<Date>) -> Option<i64> {
        let expires: Date = w.expires.as_deref()?.parse().ok()?;
        let left = expires.days() - today?.days();
        self.waiver_in_force(w).then_some(left)
    }

    /// Does a waiver of this charter hold (it waived a finding of this run)?
    pub fn waiver_in_force(&self, w: &WaiverRecord) -> bool {
        w.rule
            .as_ref()
            .is_some_and(|r| self.waived.iter().any(|x| x == r))
    }

    /// Where its sourcing places the product; `None` when differentiation
    /// or criticality is not given.
    pub fn quadrant(&self) -> Option<Quadrant> {
        Some(Quadrant::of(self.differentiation?, self.criticality?))
    }

    /// Where the charter is.
    pub fn place(&self) -> crate::finding::Place<'_> {
        crate::finding::Place::new(self.repo.as_deref(), &self.path)
    }

    /// The entry of a charter that could not be parsed: where it is, every
    /// field null.
    pub fn unparsed(repo: Option<String>, path: &str) -> CharterRecord {
        CharterRecord {
            repo,
            path: path.to_string(),
            ..CharterRecord::default()
        }
    }
}

/// What a scan's report says about itself, so that whoever reads it later
/// knows what it is: when, at which revision, against which registry, by
/// which charterlint. Carried in the JSON (`"scan"`) and through `merge`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanInfo {
    /// When the scan ran, in UTC (`2026-12-01T21:20:31Z`).
    pub scanned_at: String,
    /// The date the rules took as today.
    pub today: String,
    /// The revision read in every repository: `HEAD` or `--rev`.
    pub rev: String,
    /// The registry the whole run used (`--registry`), if one.
    pub registry: Option<RegistryInfo>,
    /// The charterlint that made the report.
    pub version: String,
    /// `--link-template`: where findings and products link to.
    #[serde(default)]
    pub link_template: Option<String>,
    /// `--owner`: the run shows this team's products alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

impl ScanInfo {
    /// A run made now by this charterlint.
    pub fn now(today: String, rev: String, registry: Option<RegistryInfo>) -> ScanInfo {
        ScanInfo {
            scanned_at: now_utc(),
            today,
            rev,
            registry,
            version: env!("CARGO_PKG_VERSION").to_string(),
            link_template: None,
            owner: None,
        }
    }
}

/// A registry and the revision of its content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryInfo {
    pub path: String,
    /// The first 12 hex digits of the SHA-256 of its content: which version
    /// of the registry, whatever the file's name.
    pub revision: String,
}

impl RegistryInfo {
    pub fn of(path: &str, content: &[u8]) -> RegistryInfo {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(content);
        RegistryInfo {
            path: path.to_string(),
            revision: digest.iter().take(6).map(|b| format!("{b:02x}")).collect(),
        }
    }
}

/// The current time in UTC, as RFC 3339 to the second. `SOURCE_DATE_EPOCH`
/// (seconds since 1970, the reproducible-builds convention) fixes it, for
/// reports that must come out byte for byte the same.
pub fn now_utc() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let date = crate::date::Date::from_unix_seconds(secs);
    let t = secs.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", t / 3600, t % 3600 / 60, t % 60)
}

/// How many repositories have a charter, in all and per group folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub repos: usize,
    pub with_charter: usize,
    pub groups: Vec<GroupCoverage>,
}

/// One group folder's coverage: `team-a` for `team-a/payroll.git`, `` for
/// the repositories at the top of the scanned folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCoverage {
    pub group: String,
    pub repos: usize,
    pub with_charter: usize,
    /// The repositories of the group without a charter, sorted.
    pub missing: Vec<String>,
}

/// The group folder of a repository: its path less its last part.
pub fn group_of(repo: &str) -> &str {
    repo.rsplit_once('/').map_or("", |(group, _)| group)
}

impl Coverage {
    /// Coverage of the repositories scanned, by the charters read (a
    /// charter that does not parse is a charter all the same).
    pub fn of(repositories: &[String], charters: &[CharterRecord]) -> Coverage {
        use std::collections::{BTreeMap, BTreeSet};
        let covered: BTreeSet<&str> = charters.iter().filter_map(|c| c.repo.as_deref()).collect();
        let mut groups: BTreeMap<&str, GroupCoverage> = BTreeMap::new();
        let all: BTreeSet<&str> = repositories.iter().map(String::as_str).collect();
        for repo in &all {
            let group = group_of(repo);
            let g = groups.entry(group).or_insert_with(|| GroupCoverage {
                group: group.to_string(),
                ..GroupCoverage::default()
            });
            g.repos += 1;
            if covered.contains(repo) {
                g.with_charter += 1;
            } else {
                g.missing.push(repo.to_string());
            }
        }
        let groups: Vec<GroupCoverage> = groups.into_values().collect();
        Coverage {
            repos: all.len(),
            with_charter: groups.iter().map(|g| g.with_charter).sum(),
            groups,
        }
    }

    /// The share of repositories with a charter, in whole percent.
    pub fn percent(&self) -> usize {
        (self.with_charter * 100)
            .checked_div(self.repos)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_is_counted_per_group_folder() {
        let repos: Vec<String> = ["a/x", "a/y", "b/c/z", "top"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let charters = vec![
            CharterRecord::unparsed(Some("a/x".into()), "charter.toml"),
            CharterRecord::unparsed(Some("a/x".into()), "other.charter.toml"),
            CharterRecord::unparsed(Some("top".into()), "charter.toml"),
        ];
        let c = Coverage::of(&repos, &charters);
        assert_eq!((c.repos, c.with_charter, c.percent()), (4, 2, 50));
        let groups: Vec<(&str, usize, usize, Vec<String>)> = c
            .groups
            .iter()
            .map(|g| (g.group.as_str(), g.repos, g.with_charter, g.missing.clone()))
            .collect();
        assert_eq!(
            groups,
            [
                ("", 1, 1, vec![]),
                ("a", 2, 1, vec!["a/y".to_string()]),
                ("b/c", 1, 0, vec!["b/c/z".to_string()]),
            ]
        );
        assert_eq!(Coverage::of(&[], &[]).percent(), 0);
    }

    #[test]
    fn the_time_is_rfc_3339_utc() {
        let t = now_utc();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
