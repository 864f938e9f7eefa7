//! Waivers: findings a team accepts for a while, until a date.

use crate::charter::{Charter, Waiver};
use crate::finding::{Finding, Place, Severity};
use crate::fix::{Edit, Fix};
use crate::span::{Position, Span};
use crate::text::{is_placeholder, quoted};

use super::framework::{Check, Context, Emitter, Rule, charter_example, explanation};

pub static WAIVER_EXPIRED: Rule = Rule {
    id: "waiver-expired",
    default: Severity::Error,
    summary: "a waiver's `expires` is before today; the finding it covered is reported again",
    explanation: explanation!("docs/waiver-expired.md"),
    fails: charter_example!(include_str!("examples/waiver-expired/fails.toml")),
    passes: charter_example!(include_str!("examples/waiver-expired/passes.toml")),
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
                .help("fix what it waived and remove the waiver, or renew it with a new date and reason")
                .fix(remove_waiver(w.extent));
            }
            // No `expires` at all is `waiver-incomplete`'s.
            _ => {}
        }
    }
}

pub static WAIVER_INCOMPLETE: Rule = Rule {
    id: "waiver-incomplete",
    default: Severity::Error,
    summary: "a waiver has no `reason`, a placeholder reason, or no `expires`: it waives nothing",
    explanation: explanation!("docs/waiver-incomplete.md"),
    fails: charter_example!(include_str!("examples/waiver-incomplete/fails.toml")),
    passes: charter_example!(include_str!("examples/waiver-incomplete/passes.toml")),
    check: Check::Charter(waiver_incomplete),
};

/// What a waiver lacks to be in force, in the order a message names them.
fn lacks(c: &Charter, i: usize, w: &Waiver) -> Vec<&'static str> {
    let mut lacks = Vec::new();
    match &w.reason {
        None if !c.is_invalid(&format!("waivers[{i}].reason")) => lacks.push("no `reason`"),
        Some(r) if is_placeholder(&r.value) => lacks.push("a placeholder for a reason"),
        _ => {}
    }
    if w.expires.is_none() && !c.is_invalid(&format!("waivers[{i}].expires")) {
        lacks.push("no `expires`");
    }
    lacks
}

fn waiver_incomplete(c: &Charter, _: &Context, out: &mut Emitter) {
    for (i, w) in c.waivers.iter().enumerate() {
        let lacks = lacks(c, i, w);
        if lacks.is_empty() {
            continue;
        }
        let rule = w
            .rule
            .as_ref()
            .map_or("no rule".to_string(), |r| quoted(&r.value));
        // A placeholder reason is pointed at; a missing key, at the waiver.
        let at = match &w.reason {
            Some(r) if is_placeholder(&r.value) => r.span,
            _ => w.header,
        };
        let field = if lacks[0] == "no `expires`" {
            "expires"
        } else {
            "reason"
        };
        let mut help = Vec::new();
        if w.reason.as_ref().is_none_or(|r| is_placeholder(&r.value)) {
            help.push("`reason = \"...\"` (why the finding is accepted for now)");
        }
        if w.expires.is_none() {
            help.push("`expires = YYYY-MM-DD` (the last day it holds)");
        }
        out.emit(
            &WAIVER_INCOMPLETE,
            at,
            &format!("waivers[{i}].{field}"),
            format!(
                "the waiver of {rule} has {}, so it waives nothing: its findings are reported",
                lacks.join(" and ")
            ),
        )
        .help(format!("give the waiver {}", help.join(" and ")));
    }
}

pub static WAIVER_UNKNOWN_RULE: Rule = Rule {
    id: "waiver-unknown-rule",
    default: Severity::Error,
    summary: "a waiver names no known rule",
    explanation: explanation!("docs/waiver-unknown-rule.md"),
    fails: charter_example!(include_str!("examples/waiver-unknown-rule/fails.toml")),
    passes: charter_example!(include_str!("examples/waiver-unknown-rule/passes.toml")),
    check: Check::Charter(waiver_unknown_rule),
};

fn waiver_unknown_rule(c: &Charter, cx: &Context, out: &mut Emitter) {
    for (i, w) in c.waivers.iter().enumerate() {
        match &w.rule {
            Some(r) if cx.rule(r.value.trim()).is_none() => {
                let d = out.emit(
                    &WAIVER_UNKNOWN_RULE,
                    r.span,
                    &format!("waivers[{i}].rule"),
                    format!("the waiver names {}, which is not a rule", quoted(&r.value)),
                );
                match cx.closest_rule_id(r.value.trim()) {
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
    explanation: explanation!("docs/waiver-unused.md"),
    fails: charter_example!(include_str!("examples/waiver-unused/fails.toml")),
    passes: charter_example!(include_str!("examples/waiver-unused/passes.toml")),
    check: Check::Waiver,
};

/// Removing a waiver whole: unsafe, since what it waived is then reported
/// (or, for an unused one, would be if it came back).
fn remove_waiver(extent: Span) -> Fix {
    Fix::unsafe_edit("remove the waiver", vec![Edit::delete(extent)])
}

/// A waiver in force: complete, not expired, naming a known rule.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ActiveWaiver {
    pub rule: String,
    pub index: usize,
    pub span: Span,
    pub position: Position,
    /// The fix that removes the whole waiver (its edits located by the
    /// caller, as `position` is), offered when it turns out unused.
    #[serde(default)]
    pub removal: Option<Fix>,
}

/// The waivers of a charter that are in force on `cx.today`, with their spans
/// (positions, and those of the removal fix, are filled in by the caller).
pub fn active_waivers(c: &Charter, cx: &Context) -> Vec<ActiveWaiver> {
    c.waivers
        .iter()
        .enumerate()
        .filter_map(|(index, w)| {
            let rule = w.rule.as_ref()?;
            let rule_id = cx.rule(rule.value.trim())?.id;
            let expires = w.expires.as_ref()?;
            // An incomplete waiver (`waiver-incomplete`) waives nothing.
            if w.reason.as_ref().is_none_or(|r| is_placeholder(&r.value)) {
                return None;
            }
            (expires.value >= cx.today).then(|| ActiveWaiver {
                rule: rule_id.to_string(),
                index,
                span: w.header,
                position: Position::FILE_START,
                removal: Some(remove_waiver(w.extent)),
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
    file: Place<'_>,
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
        .map(|(w, _)| {
            WAIVER_UNUSED
                .finding(file, waiver_unused_message(&w.rule))
                .at(w.span, w.position)
                .field(format!("waivers[{}]", w.index))
                .help("the problem is gone: remove the waiver")
                .fix(w.removal.clone())
        })
        .collect()
}
