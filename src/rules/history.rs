//! Rules that read history: what changed since a base, and how long ago a
//! charter last changed. Their checks live with the git sources.

use crate::finding::Severity;

use super::{Check, Example, Rule};

const BEFORE: &str = "charter = 1\n\n[relationship]\ntype = \"partner\"\nrationale = \"Finance cannot leave the ledger\"\n";

pub static RATIONALE_NOT_UPDATED: Rule = Rule {
    id: "rationale-not-updated",
    default: Severity::Warning,
    summary: "with `--changed-since`: `relationship.type` or `sourcing.decision` changed while its rationale did not",
    explanation: "\
A rationale explains a decision. When the decision changes — partners become customers, build becomes \
buy — and the rationale stays word for word, the charter now argues for the opposite of what it says. \
Checked only with `--changed-since`, comparing each changed charter with its version at the base.",
    fails: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[(
            "charter.toml",
            "charter = 1\n\n[relationship]\ntype = \"customer\"\nrationale = \"Finance cannot leave the ledger\"\n",
        )],
        args: &["--changed-since", "HEAD~1"],
    },
    passes: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[(
            "charter.toml",
            "charter = 1\n\n[relationship]\ntype = \"customer\"\nrationale = \"Finance now buys it per seat and could leave\"\n",
        )],
        args: &["--changed-since", "HEAD~1"],
    },
    check: Check::History,
};

pub static CHARTER_STALE: Rule = Rule {
    id: "charter-stale",
    default: Severity::Note,
    summary: "the charter's last change is older than `stale_after_days` while the repository has commits after it",
    explanation: "\
A charter is a living statement of why a product exists. When the code keeps changing and the charter \
has not been touched in a year (`stale_after_days`, default 365), it probably no longer says what the \
team believes: the vision, personas or sourcing decision have moved on without it. Read it again and \
renew it. Checked where history is read (`--rev`, `--changed-since`, `scan`); the example's first \
commit is dated 2020-01-01.",
    fails: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[("charter.toml", BEFORE), ("README.md", "# ledger\n")],
        args: &["--rev", "HEAD"],
    },
    passes: Example {
        before: &[("charter.toml", BEFORE)],
        files: &[
            (
                "charter.toml",
                "charter = 1\n\n[relationship]\ntype = \"partner\"\nrationale = \"Finance cannot leave the ledger; reviewed this year\"\n",
            ),
            ("README.md", "# ledger\n"),
        ],
        args: &["--rev", "HEAD"],
    },
    check: Check::History,
};
