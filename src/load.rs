//! Loading what a check needs besides the charters, from any source: the
//! configuration (`charterlint.toml` or `--config FILE`) and the OKR
//! registry (in the same tree, in another local repository, or a file).
//! Shared by `check`, `scan`, `merge` and the language server.

use std::path::Path;

use crate::config::{self, Config, ConfigError, RegistryLocation};
use crate::date::Date;
use crate::engine;
use crate::finding::{Finding, Place};
use crate::registry::Registry;
use crate::rules::{Draft, Emitter, check_registry};
use crate::source::git;
use crate::source::worktree;
use crate::source::{Content, MAX_REGISTRY_SIZE, Source, SourceError};
use crate::span::LineIndex;

/// Why a configuration or registry could not be read at all (a
/// configuration that is read but invalid is a [`ConfigError`]).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("config file {0} does not exist")]
    ConfigMissing(String),
    #[error("registry {0} does not exist")]
    RegistryMissing(String),
    #[error("the registry {0} named in the configuration does not exist")]
    RegistryNotInTree(String),
    #[error("the registry named in the configuration: {0}")]
    RegistryRepo(SourceError),
    #[error("{0} is not UTF-8 text")]
    NotText(String),
    #[error("{0} is {1} bytes, over the 1 MiB limit; not read")]
    TooLarge(String, u64),
    #[error("{0} is a symbolic link, which charterlint does not follow")]
    Symlink(String),
    #[error("{0} is a submodule, not a file")]
    Submodule(String),
    #[error("cannot read {0}: {1}")]
    Unreadable(String, String),
    /// A base configuration named by `extends`.
    #[error("{0} does not exist")]
    BaseMissing(String),
    /// A base configuration in another repository.
    #[error(transparent)]
    Repo(#[from] SourceError),
    /// In a scan, a repository's own configuration names a file outside
    /// that repository (`src/scan/confine.rs`); nothing was opened.
    #[error("{}", crate::scan::confine::OUTSIDE)]
    OutsideRepository,
    /// A configuration read but invalid (only from [`valid_config`]); its
    /// message is the first problem, [`ConfigError::render`] shows them all.
    #[error(transparent)]
    InvalidConfig(Box<ConfigError>),
}

impl LoadError {
    /// The message a user reads: an invalid configuration with every
    /// problem drawn under its line, `width` columns wide.
    pub fn render(&self, width: usize) -> String {
        match self {
            LoadError::InvalidConfig(e) => e.render(width),
            e => e.to_string(),
        }
    }
}

/// Like [`config`], for a run that cannot go on with an invalid
/// configuration: its problems are the error.
pub fn valid_config(
    source: &dyn Source,
    explicit: Option<&Path>,
    repo_root: &Path,
) -> Result<Config, LoadError> {
    config(source, explicit, repo_root)?.map_err(|e| LoadError::InvalidConfig(Box::new(e)))
}

/// Reads `explicit` (`--config FILE`), or `charterlint.toml` from the
/// source (the default configuration when there is none). An invalid
/// configuration is returned with its problems; `Err` when it cannot be
/// read at all.
///
/// Its `extends` chain is layered under it (`config::resolve`): a base in
/// the same source (beside the file on disk for `--config FILE`), or in
/// another local repository at a revision, found from `repo_root`.
pub fn config(
    source: &dyn Source,
    explicit: Option<&Path>,
    repo_root: &Path,
) -> Result<Result<Config, ConfigError>, LoadError> {
    let (name, content) = match explicit {
        Some(path) => {
            let content = worktree::read_path(path)
                .ok_or_else(|| LoadError::ConfigMissing(path.display().to_string()))?;
            (path.display().to_string(), content)
        }
        None => match source.read(config::FILE_NAME) {
            Some(c) => (config::FILE_NAME.to_string(), c),
            None => return Ok(Ok(Config::default())),
        },
    };
    let text = text_of(&name, content)?;
    let beside = explicit.map(|p| p.parent().unwrap_or(Path::new(".")));
    Ok(config::resolve(&name, &text, &|location| {
        read_base(source, beside, repo_root, location)
    }))
}

/// Reads a base configuration named by `extends`: its name (for messages
/// and provenance) and its text, or why it cannot be read.
fn read_base(
    source: &dyn Source,
    beside: Option<&Path>,
    repo_root: &Path,
    location: &RegistryLocation,
) -> Result<(String, String), LoadError> {
    let (name, content) = match location {
        RegistryLocation::InTree(path) => match beside {
            Some(dir) => {
                let full = dir.join(path);
                (full.display().to_string(), worktree::read_path(&full))
            }
            None => (path.clone(), source.read(path)),
        },
        RegistryLocation::InRepo { repo, rev, path } => (
            format!("{}/{path}", repo.trim_end_matches('/')),
            Some(git::read_in_repo(&repo_root.join(repo), rev, path)?),
        ),
    };
    let content = content.ok_or_else(|| LoadError::BaseMissing(name.clone()))?;
    let text = text_of(&name, content)?;
    Ok((name, text))
}

/// A file's text, or why it cannot be used as a configuration.
pub(crate) fn text_of(name: &str, content: Content) -> Result<String, LoadError> {
    match content {
        Content::Bytes(b) => String::from_utf8(b).map_err(|_| LoadError::NotText(name.into())),
        Content::TooLarge(n) => Err(LoadError::TooLarge(name.into(), n)),
        Content::Symlink(_) => Err(LoadError::Symlink(name.into())),
        Content::Submodule => Err(LoadError::Submodule(name.into())),
        Content::Unreadable(e) => Err(LoadError::Unreadable(name.into(), e)),
    }
}

/// Loads the registry: `explicit` (`--registry FILE`), or the config's
/// `registry`. Problems with the registry itself are findings against it;
/// the charters are still checked (for shape) when it cannot be used. A
/// registry in another repository (`{ repo, rev, path }`) is found relative
/// to `repo_root`, the root of the repository being checked.
pub fn registry(
    source: &dyn Source,
    config: &Config,
    explicit: Option<&Path>,
    today: Date,
    repo_root: &Path,
) -> Result<(Option<Registry>, Vec<Finding>), LoadError> {
    let (name, content) = match (explicit, &config.registry) {
        (Some(path), _) => {
            let content = worktree::read_path_limited(path, MAX_REGISTRY_SIZE)
                .ok_or_else(|| LoadError::RegistryMissing(path.display().to_string()))?;
            (path.display().to_string(), content)
        }
        (None, Some(RegistryLocation::InTree(path))) => {
            let content = source
                .read_limited(path, MAX_REGISTRY_SIZE)
                .ok_or_else(|| LoadError::RegistryNotInTree(path.clone()))?;
            (path.clone(), content)
        }
        (None, Some(RegistryLocation::InRepo { repo, rev, path })) => {
            let content = git::read_in_repo(&repo_root.join(repo), rev, path)
                .map_err(LoadError::RegistryRepo)?;
            (format!("{}/{path}", repo.trim_end_matches('/')), content)
        }
        (None, None) => return Ok((None, Vec::new())),
    };
    Ok(parse_registry(&name, content, today))
}

/// Parses registry content into a registry and the findings against it.
pub fn parse_registry(
    name: &str,
    content: Content,
    today: Date,
) -> (Option<Registry>, Vec<Finding>) {
    let cx = crate::rules::Context {
        today,
        registry: None,
    };
    let outcome_text = match content {
        Content::Bytes(b) => String::from_utf8(b),
        Content::TooLarge(size) => {
            let message = format!(
                "the registry is {size} bytes and was not read: registries are limited to {} MiB",
                MAX_REGISTRY_SIZE >> 20
            );
            let mut draft = Draft::new(&crate::rules::PARSE_ERROR, Default::default(), message);
            draft.help("split the registry, or check that this is the file you meant");
            return (
                None,
                vec![draft.locate(&LineIndex::new(""), Place::new(None, name))],
            );
        }
        other => {
            // Report it the way a charter would be reported.
            let outcome = engine::check_file(None, name, other, &cx, false);
            return (None, outcome.findings);
        }
    };
    let text = match outcome_text {
        Ok(t) => t,
        Err(e) => {
            let outcome =
                engine::check_file(None, name, Content::Bytes(e.into_bytes()), &cx, false);
            return (None, outcome.findings);
        }
    };
    let mut out = Emitter::default();
    let registry = check_registry(name, &text, &mut out);
    let lines = LineIndex::new(&text);
    let findings = out
        .drafts
        .into_iter()
        .map(|d: Draft| d.locate(&lines, Place::new(None, name)))
        .collect();
    (registry, findings)
}
