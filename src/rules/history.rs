//! Rules that read history: what changed since a base, and how long ago a
//! charter last changed. The checks are pure: they are handed the charter's
//! other version, or when it last changed; `crate::git_history` reads git.

use crate::charter::Charter;
use crate::date::Date;
use crate::finding::Severity;

use super::framework::{Check, Emitter, Example, Rule, explanation};

/// The charter of the history examples at their base commit.
const BEFORE: &str = include_str!("examples/history/before.toml");
const README: &str = include_str!("examples/history/README.md");

pub static RATIONALE_NOT_UPDATED: Rule = Rule {
    id: "rationale-not-updated",
    default: Severity::Warning,
    summary: "with `--changed-since`: `relationship.type` or `sourcing.decision` changed while its rationale did not",
    explanation: explanation!("docs/rationale-not-updated.md"),
    fails: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[(
            "charter.toml",
            include_str!("examples/rationale-not-updated/fails.toml"),
        )],
        args: &["--changed-since", "HEAD~1"],
    },
    passes: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[(
            "charter.toml",
            include_str!("examples/rationale-not-updated/passes.toml"),
        )],
        args: &["--changed-since", "HEAD~1"],
    },
    check: Check::History,
};

pub static CHARTER_STALE: Rule = Rule {
    id: "charter-stale",
    default: Severity::Note,
    summary: "the charter's last change is older than `stale_after_days` while the repository has commits after it",
    explanation: explanation!("docs/charter-stale.md"),
    fails: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[("charter.toml", BEFORE), ("README.md", README)],
        args: &["--rev", "HEAD"],
    },
    passes: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[
            (
                "charter.toml",
                include_str!("examples/charter-stale/passes.toml"),
            ),
            ("README.md", README),
        ],
        args: &["--rev", "HEAD"],
    },
    check: Check::History,
};

/// `relationship.type` or `sourcing.decision` changed between the base and
/// now while the rationale beside it stayed word for word the same.
pub fn rationale_not_updated(base: &Charter, now: &Charter, out: &mut Emitter) {
    let relationship = |c: &Charter| {
        c.relationship.as_ref().map(|r| {
            (
                r.kind.as_ref().map(|f| (f.value.as_str(), f.whole())),
                r.rationale.as_ref().map(|f| (f.value.clone(), f.whole())),
            )
        })
    };
    let sourcing = |c: &Charter| {
        c.sourcing.as_ref().map(|s| {
            (
                s.decision.as_ref().map(|f| (f.value.as_str(), f.whole())),
                s.rationale.as_ref().map(|f| (f.value.clone(), f.whole())),
            )
        })
    };
    for (table, decision, was, is) in [
        (
            "relationship",
            "type",
            relationship(base),
            relationship(now),
        ),
        ("sourcing", "decision", sourcing(base), sourcing(now)),
    ] {
        let (Some((Some((old, _)), old_rationale)), Some((Some((new, at)), new_rationale))) =
            (was, is)
        else {
            continue;
        };
        let (Some((old_text, _)), Some((new_text, rationale_at))) = (old_rationale, new_rationale)
        else {
            continue;
        };
        if old == new || old_text.trim() != new_text.trim() {
            continue;
        }
        out.emit(
            &RATIONALE_NOT_UPDATED,
            at,
            &format!("{table}.{decision}"),
            format!(
                "`{table}.{decision}` changed from `{old}` to `{new}`, but `{table}.rationale` is word for word what it was"
            ),
        )
        .label(rationale_at, format!("unchanged: it still argues for `{old}`"))
        .help(format!(
            "rewrite `{table}.rationale` to say why the product is now `{new}`, or keep `{old}`"
        ));
    }
}

/// When a charter last changed, as read from the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// The commit that last changed it (abbreviated).
    pub commit: String,
    pub date: Date,
    /// Whether the checked commit is a later one.
    pub later_commits: bool,
}

/// Whether `charter-stale` applies: known before the charter is parsed, so
/// that only stale charters are parsed a second time.
pub fn is_stale(last: &LastChange, today: Date, stale_after_days: u32) -> bool {
    last.later_commits && today.days() - last.date.days() > i64::from(stale_after_days)
}

/// The charter has not changed in `stale_after_days` while the repository
/// went on changing.
pub fn charter_stale(
    c: &Charter,
    last: &LastChange,
    today: Date,
    stale_after_days: u32,
    out: &mut Emitter,
) {
    if !is_stale(last, today, stale_after_days) {
        return;
    }
    let age = today.days() - last.date.days();
    out.emit(
        &CHARTER_STALE,
        c.top,
        "",
        format!(
            "the charter last changed {} days ago ({}, commit {}), while the repository has changed since",
            age, last.date, last.commit
        ),
    )
    .help(format!(
        "read the charter again and renew what has moved on; it is stale after {stale_after_days} days (`stale_after_days` in charterlint.toml)"
    ));
}
