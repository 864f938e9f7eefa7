//! `config-invalid`: a scanned repository's own `charterlint.toml` that
//! cannot be used, as findings (its charters are still checked).

use crate::config::ConfigError;
use crate::finding::{Finding, Place};
use crate::rules::CONFIG_INVALID;
use crate::span::LineIndex;

/// What the charters of a repository whose configuration cannot be used
/// were checked with: the scan's `--config` alone, or the defaults.
#[derive(Debug, Clone, Copy)]
pub enum Fallback {
    Defaults,
    ScanConfig,
}

impl Fallback {
    fn words(self) -> &'static str {
        match self {
            Fallback::Defaults => "the default configuration",
            Fallback::ScanConfig => "the scan's --config alone",
        }
    }
}

/// One `config-invalid` finding per problem of a repository's configuration.
pub fn config_invalid(repo: &str, e: &ConfigError, fallback: Fallback) -> Vec<Finding> {
    let lines = LineIndex::new(&e.text);
    e.problems
        .iter()
        .map(|p| {
            let mut f = unusable(repo, &e.path, &p.message, fallback)
                .at(p.span, lines.position(p.span))
                .field(format!("config: {}", p.message));
            f.help = p.help.clone();
            f
        })
        .collect()
}

/// `config-invalid` for a configuration that cannot even be read as text
/// (not UTF-8, too large, a symbolic link): at the top of the file.
pub fn config_unreadable(repo: &str, path: &str, cause: &str, fallback: Fallback) -> Finding {
    unusable(repo, path, cause, fallback)
        .field("config")
        .help("save `charterlint.toml` as a UTF-8 TOML file in the repository itself")
}

fn unusable(repo: &str, path: &str, cause: &str, fallback: Fallback) -> Finding {
    CONFIG_INVALID.finding(
        Place::new(Some(repo), path),
        format!(
            "the repository's configuration cannot be used: {cause}; its charters were checked with {}",
            fallback.words()
        ),
    )
}
