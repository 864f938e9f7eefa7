//! The levels of a run's rules on its day: each rule's configured level,
//! and the rules rolled out on a later date (`{ level, from }`), whose
//! findings are notes until then.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::finding::{Finding, RuleLevel, Severity};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Levels {
    /// Each configured rule's level (from its date on, for a dated one).
    #[serde(with = "crate::rules::rule_levels")]
    pub levels: HashMap<&'static str, RuleLevel>,
    /// The rules whose level takes effect on a later date than the run's.
    #[serde(with = "crate::rules::rule_levels")]
    pub pending: BTreeMap<&'static str, Date>,
}

impl Levels {
    /// The level `rule` takes on its date, while it is pending.
    pub fn pending(&self, rule: &str) -> Option<(RuleLevel, Date)> {
        let from = *self.pending.get(rule)?;
        let level = self.levels.get(rule).copied().unwrap_or_else(|| {
            RuleLevel::On(crate::rules::find(rule).map_or(Severity::Error, |r| r.default))
        });
        Some((level, from))
    }

    /// The pending rules, `(from, rule, level)`.
    pub fn upcoming(&self) -> impl Iterator<Item = (Date, &'static str, &'static str)> + '_ {
        self.pending.keys().filter_map(|rule| {
            self.pending(rule)
                .map(|(level, from)| (from, *rule, level.name()))
        })
    }

    /// Gives `finding` its level; false when its rule is off. A pending
    /// rule's finding is a note whose message says what it becomes when.
    pub fn settle(&self, finding: &mut Finding) -> bool {
        if let Some((level, from)) = self.pending(finding.rule) {
            finding.severity = Severity::Note;
            finding.message.push_str(&format!(
                " (a note until {from}, {})",
                match level {
                    RuleLevel::On(Severity::Error) => "an error from then on",
                    RuleLevel::On(Severity::Warning) => "a warning from then on",
                    RuleLevel::On(Severity::Note) => "a note from then on too",
                    RuleLevel::Off => "when the rule is turned off",
                }
            ));
            return true;
        }
        match self.levels.get(finding.rule) {
            Some(RuleLevel::Off) => false,
            Some(RuleLevel::On(s)) => {
                finding.severity = *s;
                true
            }
            None => true,
        }
    }
}
