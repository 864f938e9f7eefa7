//! A scanned repository's own `charterlint.toml` that cannot be used.

use crate::finding::Severity;

use super::framework::{Check, Example, Rule, explanation};

pub static CONFIG_INVALID: Rule = Rule {
    id: "config-invalid",
    default: Severity::Error,
    summary: "in a scan: a repository's own `charterlint.toml` cannot be used; its charters are still checked, with the scan's `--config` alone or else the default configuration",
    explanation: explanation!("docs/config-invalid.md"),
    fails: Example {
        files: &[
            (
                "charterlint.toml",
                include_str!("examples/config-invalid/fails/charterlint.toml"),
            ),
            (
                "charter.toml",
                include_str!("examples/config-invalid/fails/charter.toml"),
            ),
        ],
        before: &[],
        args: &["scan"],
    },
    passes: Example {
        files: &[
            (
                "charterlint.toml",
                include_str!("examples/config-invalid/passes/charterlint.toml"),
            ),
            (
                "charter.toml",
                include_str!("examples/config-invalid/passes/charter.toml"),
            ),
        ],
        before: &[],
        args: &["scan"],
    },
    check: Check::Scan,
};
