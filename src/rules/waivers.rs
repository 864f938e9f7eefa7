//! Waivers: findings a team accepts for a while, until a date.

use crate::charter::Charter;
use crate::finding::{Finding, Severity};
use crate::span::{Position, Span};
use crate::text::quoted;

use super::{Check, Context, Emitter, Rule, charter_example};

pub static WAIVER_EXPIRED: Rule = Rule {
    id: "waiver-expired",
    default: Severity::Error,
    summary: "a waiver's `expires` is before today; the finding it covered is reported again",
    explanation: "\
A waiver accepts a finding for a while: while a migration finishes, until the next planning cycle. \
Waivers expire so that accepting a problem stays a decision someone renews on purpose, not a \
permanent silence. An expired waiver no longer suppresses anything, and is itself an error until it is \
renewed with a new date and reason, or removed once the finding is fixed.",
    fails: charter_example!(
        "charter = 1\n\n[sourcing]\ndecision = \"buy\"\n\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Vendor training is booked\"\nexpires = 2020-01-31\n"
    ),
    passes: charter_example!(
        "charter = 1\n\n[sourcing]\ndecision = \"buy\"\n\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Vendor training is booked\"\nexpires = 2999-01-31\n"
    ),
    check: Check::Charter(waiver_expired),
};

fn waiver_expired(c: &Charter, cx: &Context, out: &mut Emitter) {
    for (i, w) in c.waivers.iter().enumerate() {
        let path = format!("waivers[{i}]");
        match &w.expires {
            Some(e) if e.value < cx.today => {
                let rule = w.rule.as_ref().map_or("?".into(), |r| r.value.clone());
                out.emit(
                    &WAIVER_EXPIRED,
                    e.whole(),
                    &format!("{path}.expires"),
                    format!("the waiver of {} expired on {} (today is {})", quoted(&rule), e.value, cx.today),
                )
                .help("fix what it waived and remove the waiver, or renew it with a new date and reason");
            }
            Some(_) => {}
            None if !c.is_invalid(&format!("{path}.expires")) => {
                out.emit(
                    &WAIVER_EXPIRED,
                    w.header,
                    &format!("{path}.expires"),
                    "a waiver without `expires` never expires, so it waives nothing",
                )
                .help("add `expires = YYYY-MM-DD`: the last day the waiver holds");
            }
            None => {}
        }
    }
}

pub static WAIVER_UNKNOWN_RULE: Rule = Rule {
    id: "waiver-unknown-rule",
    default: Severity::Error,
    summary: "a waiver names no known rule",
    explanation: "\
A waiver that names a rule charterlint does not have (a typo, or a rule that was renamed) waives \
nothing, while the charter reads as though a finding were accepted. The help names the closest \
rule id; `charterlint rules` lists them all.",
    fails: charter_example!(
        "charter = 1\n\n[[waivers]]\nrule = \"buy-without-skill-plan\"\nreason = \"Vendor training is booked\"\nexpires = 2999-01-31\n"
    ),
    passes: charter_example!(
        "charter = 1\n\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Vendor training is booked\"\nexpires = 2999-01-31\n"
    ),
    check: Check::Charter(waiver_unknown_rule),
};

fn waiver_unknown_rule(c: &Charter, _: &Context, out: &mut Emitter) {
    for (i, w) in c.waivers.iter().enumerate() {
        match &w.rule {
            Some(r) if super::find(r.value.trim()).is_none() => {
                let d = out.emit(
                    &WAIVER_UNKNOWN_RULE,
                    r.span,
                    &format!("waivers[{i}].rule"),
                    format!("the waiver names {}, which is not a rule", quoted(&r.value)),
                );
                match super::closest_id(r.value.trim()) {
                    Some(id) => d.help(format!(
                        "did you mean `{id}`? (`charterlint rules` lists them all)"
                    )),
                    None => d.help("`charterlint rules` lists the rules"),
                };
            }
            Some(_) => {}
            None if !c.is_invalid(&format!("waivers[{i}].rule")) => {
                out.emit(
                    &WAIVER_UNKNOWN_RULE,
                    w.header,
                    &format!("waivers[{i}].rule"),
                    "the waiver names no rule",
                )
                .help("add `rule = \"...\"`: the id of the rule whose findings are accepted");
            }
            None => {}
        }
    }
}

pub static WAIVER_UNUSED: Rule = Rule {
    id: "waiver-unused",
    default: Severity::Warning,
    summary: "a waiver matches no finding in its charter",
    explanation: "\
A waiver that matches no finding is left over: the problem was fixed, or the waiver never matched. \
Left in place it would silently hide the problem if it came back. Remove it.",
    fails: charter_example!(
        "charter = 1\n\n[sourcing]\ndecision = \"buy\"\nskills_plan = \"Two analysts certified by Q2\"\n\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Vendor training is booked\"\nexpires = 2999-01-31\n"
    ),
    passes: charter_example!(
        "charter = 1\n\n[sourcing]\ndecision = \"buy\"\n\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Vendor training is booked\"\nexpires = 2999-01-31\n"
    ),
    check: Check::Waiver,
};

/// A waiver in force: not expired, naming a known rule.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ActiveWaiver {
    pub rule: String,
    pub index: usize,
    pub span: Span,
    pub position: Position,
}

/// The waivers of a charter that are in force on `cx.today`, with their spans
/// (positions are filled in by the caller).
pub fn active_waivers(c: &Charter, cx: &Context) -> Vec<ActiveWaiver> {
    c.waivers
        .iter()
        .enumerate()
        .filter_map(|(index, w)| {
            let rule = w.rule.as_ref()?;
            let rule_id = super::find(rule.value.trim())?.id;
            let expires = w.expires.as_ref()?;
            (expires.value >= cx.today).then(|| ActiveWaiver {
                rule: rule_id.to_string(),
                index,
                span: w.header,
                position: Position::FILE_START,
            })
        })
        .collect()
}

/// The message of `waiver-unused` for a waiver of `rule` (`merge` recognises
/// it when a waiver of a cross-repository rule turns out to be used).
pub fn waiver_unused_message(rule: &str) -> String {
    format!("the waiver of `{rule}` matches no finding in this charter")
}

/// Removes the findings that active waivers cover, and returns a
/// `waiver-unused` finding (severity default) for each waiver that covered none.
/// The waiver rules themselves cannot be waived.
pub fn apply_waivers(
    findings: &mut Vec<Finding>,
    waivers: &[ActiveWaiver],
    template: &Finding,
) -> Vec<Finding> {
    let mut used = vec![false; waivers.len()];
    findings.retain(|f| {
        if f.rule.starts_with("waiver-") {
            return true;
        }
        let mut keep = true;
        for (i, w) in waivers.iter().enumerate() {
            if w.rule == f.rule {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    waivers
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(w, _)| Finding {
            rule: WAIVER_UNUSED.id,
            severity: WAIVER_UNUSED.default,
            message: waiver_unused_message(&w.rule),
            span: w.span,
            position: w.position,
            labels: Vec::new(),
            help: Some("the problem is gone: remove the waiver".into()),
            field: format!("waivers[{}]", w.index),
            ..template.clone()
        })
        .collect()
}
