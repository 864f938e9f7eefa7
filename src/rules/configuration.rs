//! A scanned repository's own `charterlint.toml` that cannot be used.

use crate::config::ConfigError;
use crate::finding::{Finding, Severity};
use crate::span::{LineIndex, Position};

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
        .map(|p| Finding {
            rule: CONFIG_INVALID.id,
            severity: CONFIG_INVALID.default,
            message: format!(
                "the repository's configuration cannot be used: {}; its charters were checked with the default configuration",
                p.message
            ),
            repo: Some(repo.to_string()),
            path: e.path.clone(),
            span: p.span,
            position: lines.position(p.span),
            labels: Vec::new(),
            help: p.help.clone(),
            field: format!("config: {}", p.message),
            fix: None,
        })
        .collect()
}

/// `config-invalid` for a configuration that cannot even be read as text
/// (not UTF-8, too large, a symbolic link): at the top of the file.
pub fn config_unreadable(repo: &str, path: &str, cause: &str) -> Finding {
    Finding {
        rule: CONFIG_INVALID.id,
        severity: CONFIG_INVALID.default,
        message: format!(
            "the repository's configuration cannot be used: {cause}; its charters were checked with the default configuration"
        ),
        repo: Some(repo.to_string()),
        path: path.to_string(),
        span: Default::default(),
        position: Position::FILE_START,
        labels: Vec::new(),
        help: Some("save `charterlint.toml` as a UTF-8 TOML file in the repository itself".into()),
        field: "config".into(),
        fix: None,
    }
}
