//! Rules rolled out on a date (`{ level, from }` in `[rules]`): the report's
//! *Upcoming* list, each dated rule with the charters that have its
//! findings today and their teams.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::engine::Results;
use crate::result_file::Upcoming;

/// Each dated rule of the report with the charters (or repositories) that
/// have its findings now, and their teams, as the report shows them.
pub fn of(report: &Results) -> Vec<Upcoming> {
    let owners: BTreeMap<(Option<&str>, &str), &str> = report
        .charters
        .iter()
        .filter_map(|c| Some(((c.repo.as_deref(), c.path.as_str()), c.owner.as_deref()?)))
        .collect();
    report
        .upcoming
        .iter()
        .map(|u| {
            let places: HashSet<(Option<&str>, &str)> = report
                .findings
                .iter()
                .filter(|f| f.rule == u.rule)
                .map(|f| (f.repo.as_deref(), f.path.as_str()))
                .collect();
            let mut teams: BTreeMap<String, String> = BTreeMap::new();
            for place in &places {
                if let Some(owner) = owners.get(place) {
                    teams
                        .entry(crate::teams::key(owner))
                        .or_insert_with(|| owner.trim().to_string());
                }
            }
            Upcoming {
                charters: places.len(),
                teams: teams.into_values().collect(),
                ..u.clone()
            }
        })
        .collect()
}

/// Joins the dated rules of several results (the shards of a merge).
pub fn join(parts: impl IntoIterator<Item = Upcoming>) -> Vec<Upcoming> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<Upcoming> = parts
        .into_iter()
        .filter(|u| seen.insert((u.from, u.rule.clone(), u.level.clone())))
        .map(|u| Upcoming::new(u.from, &u.rule, &u.level))
        .collect();
    out.sort_by(|a, b| (a.from, &a.rule, &a.level).cmp(&(b.from, &b.rule, &b.level)));
    out
}
