//! A scanned repository's own `charterlint.toml` that cannot be used.

use crate::config::ConfigError;
use crate::finding::{Finding, Severity};
use crate::span::{LineIndex, Position};

use super::{Check, Example, Rule};

pub static CONFIG_INVALID: Rule = Rule {
    id: "config-invalid",
    default: Severity::Error,
    summary: "in a scan: a repository's own `charterlint.toml` cannot be used; its charters are still checked with the default configuration",
    explanation: "\
In `check`, a configuration with a problem stops the run: the person who wrote it is there to fix it. \
In an org scan the configuration is another team's, and stopping — or skipping the repository as \
unreadable — would hide that team's charters from the portfolio. So a repository whose \
`charterlint.toml` is not TOML, has an unknown key, a glob that does not compile or a severity that \
is not `error`, `warning`, `note` or `off` gets one finding per problem, pointing into that file, and \
its charters are checked with the default configuration. In the failing example the severity is \
misspelt.",
    fails: Example {
        files: &[
            (
                "charterlint.toml",
                "[rules]\nbuy-without-skills-plan = \"loud\"\n",
            ),
            ("charter.toml", "charter = 1\n"),
        ],
        before: &[],
        args: &["scan"],
    },
    passes: Example {
        files: &[
            (
                "charterlint.toml",
                "[rules]\nbuy-without-skills-plan = \"error\"\n",
            ),
            ("charter.toml", "charter = 1\n"),
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
