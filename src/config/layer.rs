//! Layering a configuration over its base (`extends`): what a file sets
//! wins, `[rules]` merge rule by rule, and locked rules are not lowered.

use crate::finding::{RuleLevel, Severity};
use crate::rules;

use super::error::{ConfigError, ConfigProblem};
use super::schema::Config;

impl Config {
    /// This configuration on top of `base`: what this one sets wins, `[rules]`
    /// merge rule by rule, and a rule the base locks may not be lowered.
    pub fn over(self, base: Config, text: &str) -> Result<Config, ConfigError> {
        let own = |key: &str| self.origins.contains_key(key);
        let mut problems = Vec::new();
        for (id, locked_by) in &base.locked {
            let Some(mine) = self.severities.get(id) else {
                continue;
            };
            let floor = base.severities.get(id).copied().unwrap_or_else(|| {
                RuleLevel::On(rules::find(id).map_or(Severity::Error, |r| r.default))
            });
            // Rolling a locked rule out later than the base does lowers it
            // until then.
            let later = match (self.rollouts.get(id), base.rollouts.get(id)) {
                (Some(mine), Some(base)) => mine > base,
                (Some(_), None) => true,
                (None, _) => false,
            };
            if later {
                let base_from = base
                    .rollouts
                    .get(id)
                    .map_or("now".to_string(), |d| format!("from {d}"));
                problems.push(ConfigProblem {
                    span: self.rule_spans.get(id).copied().unwrap_or_default(),
                    message: format!(
                        "`[rules]` rolls `{id}` out later than {locked_by}, which locks it at `{}` {base_from}",
                        floor.name()
                    ),
                    help: Some(format!(
                        "remove `{id}` from `[rules]`, or give it a date no later than the organisation's"
                    )),
                });
            } else if rank(*mine) < rank(floor) {
                problems.push(ConfigProblem {
                    span: self.rule_spans.get(id).copied().unwrap_or_default(),
                    message: format!(
                        "`[rules]` lowers `{id}` to `{}`, but {locked_by} locks it at `{}`",
                        mine.name(),
                        floor.name()
                    ),
                    help: Some(format!(
                        "remove `{id}` from `[rules]`, or raise it: the organisation's configuration does not let a repository lower it"
                    )),
                });
            }
        }
        if !problems.is_empty() {
            return Err(ConfigError {
                path: self.path.clone().unwrap_or_default(),
                text: text.to_string(),
                problems,
            });
        }
        let mut out = base;
        if own("include") {
            out.include = self.include;
        }
        if own("exclude") {
            out.exclude = self.exclude;
        }
        if own("registry") {
            out.registry = self.registry;
        }
        if own("require_charter") {
            out.require_charter = self.require_charter;
            out.require_charter_span = self.require_charter_span;
        } else {
            // The span points into the base's file, not this one.
            out.require_charter_span = None;
        }
        if own("stale_after_days") {
            out.stale_after_days = self.stale_after_days;
        }
        if own("link_template") {
            out.link_template = self.link_template;
        }
        for id in self.severities.keys() {
            out.rollouts.remove(id);
        }
        out.severities.extend(self.severities);
        out.rollouts.extend(self.rollouts);
        out.origins.extend(self.origins);
        out.locked.extend(self.locked);
        out.rule_spans = self.rule_spans;
        out.path = self.path;
        out.extends = self.extends;
        out.extends_span = self.extends_span;
        Ok(out)
    }
}

/// How far a severity is from off, to tell raising a rule from lowering it.
fn rank(level: RuleLevel) -> u8 {
    match level {
        RuleLevel::Off => 0,
        RuleLevel::On(Severity::Note) => 1,
        RuleLevel::On(Severity::Warning) => 2,
        RuleLevel::On(Severity::Error) => 3,
    }
}
