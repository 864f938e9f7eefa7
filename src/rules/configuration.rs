//! A scanned repository's own `charterlint.toml` that cannot be used.

use crate::config::ConfigError;
use crate::finding::{Finding, Place, Severity};
use crate::span::LineIndex;

use super::{Check, Example, Rule, explanation};

pub static CONFIG_INVALID: Rule = Rule {
    id: "config-invalid",
    default: Severity::Error,
    summary: "in a scan: a repository's own `charterlint.toml` cannot be used; its charters are still checked with the default configuration",
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

/// One `config-invalid` finding per problem of a repository's configuration.
pub fn config_invalid(repo: &str, e: &ConfigError) -> Vec<Finding> {
    let lines = LineIndex::new(&e.text);
    e.problems
        .iter()
        .map(|p| {
            let mut f = unusable(repo, &e.path, &p.message)
                .at(p.span, lines.position(p.span))
                .field(format!("config: {}", p.message));
            f.help = p.help.clone();
            f
        })
        .collect()
}

/// `config-invalid` for a configuration that cannot even be read as text
/// (not UTF-8, too large, a symbolic link): at the top of the file.
pub fn config_unreadable(repo: &str, path: &str, cause: &str) -> Finding {
    unusable(repo, path, cause)
        .field("config")
        .help("save `charterlint.toml` as a UTF-8 TOML file in the repository itself")
}

fn unusable(repo: &str, path: &str, cause: &str) -> Finding {
    Finding::new(
        &CONFIG_INVALID,
        Place::new(Some(repo), path),
        format!(
            "the repository's configuration cannot be used: {cause}; its charters were checked with the default configuration"
        ),
    )
}
