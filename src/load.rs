//! Loading what a check needs besides the charters, from any source: the
//! configuration (`charterlint.toml` or `--config FILE`) and the OKR
//! registry (in the same tree, in another local repository, or a file).
//! Shared by `check`, `scan`, `merge` and the language server.

use std::path::Path;

use crate::config::{self, Config, ConfigError, ConfigProblem, RegistryLocation};
use crate::date::Date;
use crate::engine;
use crate::finding::{Finding, Place};
use crate::registry::Registry;
use crate::rules::{Draft, Emitter, check_registry};
use crate::source::git;
use crate::source::worktree;
use crate::source::{Content, MAX_REGISTRY_SIZE, Source, SourceError};
use crate::span::LineIndex;

/// Why `extends` or `registry` is refused in a scanned repository.
pub const OUTSIDE: &str = "a scanned repository's configuration cannot read outside it; pass `--config`/`--registry` to the scan";

/// The help of that finding.
pub const OUTSIDE_HELP: &str = "in a scanned repository, `extends` and `registry` name a file of the repository itself (e.g. `registry = \"strategy/okrs.toml\"`); the organisation's configuration and registry are given to the scan: `charterlint scan --config ORG.toml --registry okrs.toml DIR`";

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
    #[error("{}", OUTSIDE)]
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

/// Like [`config()`], for a run that cannot go on with an invalid
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
    Ok(resolve(&name, &text, &|location| {
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
    let cx = crate::rules::Context::new(today, None);
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

/// How long a chain of `extends` may be: deeper is surely a mistake.
const MAX_EXTENDS: usize = 16;

/// Reads a base configuration: its name (for messages and provenance) and
/// its text, or why it cannot be read.
pub type ReadBase<'a> = dyn Fn(&RegistryLocation) -> Result<(String, String), LoadError> + 'a;

/// Parses a configuration and the chain of bases it `extends`, layered: each
/// file over its base. A missing base, a base that does not parse, or a
/// cycle is a problem of the file that names it.
pub fn resolve(path: &str, text: &str, read: &ReadBase<'_>) -> Result<Config, ConfigError> {
    resolve_chain(path, text, read, None, &mut Vec::new())
}

/// As [`resolve`], with `under` beneath the whole chain (a scan's
/// `--config ORG`): the last file of the chain is laid over it as if it
/// extended it, and so is a file whose `extends` would read outside the
/// repository, which `under` stands in for.
pub fn resolve_over(
    path: &str,
    text: &str,
    read: &ReadBase<'_>,
    under: &Config,
) -> Result<Config, ConfigError> {
    resolve_chain(path, text, read, Some(under), &mut Vec::new())
}

fn resolve_chain(
    path: &str,
    text: &str,
    read: &ReadBase<'_>,
    under: Option<&Config>,
    chain: &mut Vec<String>,
) -> Result<Config, ConfigError> {
    chain.push(path.to_string());
    let own = Config::parse(path, text)?;
    let Some(location) = own.extends.clone() else {
        return match under {
            Some(under) => own.over(under.clone(), text),
            None => Ok(own),
        };
    };
    let fail = |message: String, help: &str| ConfigError {
        path: path.to_string(),
        text: text.to_string(),
        problems: vec![ConfigProblem {
            span: own.extends_span().unwrap_or_default(),
            message,
            help: Some(help.to_string()),
        }],
    };
    let (base_path, base_text) = match (read(&location), under) {
        (Err(LoadError::OutsideRepository), Some(under)) => return own.over(under.clone(), text),
        (read, _) => read,
    }
    .map_err(|e| match e {
        LoadError::OutsideRepository => fail(e.to_string(), OUTSIDE_HELP),
        e => fail(
            format!("the base configuration cannot be read: {e}"),
            "`extends` names a charterlint.toml in the same tree, or `{ repo = \"../org-policy\", rev = \"main\", path = \"charterlint.toml\" }`",
        ),
    })?;
    if chain.contains(&base_path) {
        chain.push(base_path);
        return Err(fail(
            format!("`extends` goes round in a cycle: {}", chain.join(" → ")),
            "a base configuration may not extend, directly or not, the file that extends it",
        ));
    }
    if chain.len() >= MAX_EXTENDS {
        return Err(fail(
            format!("`extends` is more than {MAX_EXTENDS} configurations deep"),
            "extend the organisation's configuration directly",
        ));
    }
    let base = resolve_chain(&base_path, &base_text, read, under, chain)?;
    own.over(base, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::RuleLevel;
    use crate::rules;

    /// A reader of bases from an in-memory list of files.
    fn files<'a>(
        list: &'a [(&'a str, &'a str)],
    ) -> impl Fn(&RegistryLocation) -> Result<(String, String), crate::load::LoadError> + 'a {
        use crate::load::LoadError;
        move |location| match location {
            RegistryLocation::InTree(path) => list
                .iter()
                .find(|(p, _)| p == path)
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .ok_or_else(|| LoadError::BaseMissing(path.clone())),
            RegistryLocation::InRepo { path, .. } => Err(LoadError::BaseMissing(path.clone())),
        }
    }

    #[test]
    fn extends_layers_records_origins_and_stops_at_sixteen() {
        let list = [
            (
                "base.toml",
                "stale_after_days = 30\nlocked = [\"placeholder\"]\n[rules]\nplaceholder = \"warning\"\n",
            ),
            (
                "mid.toml",
                "extends = \"base.toml\"\nexclude = [\"old/**\"]\n",
            ),
        ];
        let c = resolve(
            "charterlint.toml",
            "extends = \"mid.toml\"\n[rules]\nplaceholder = \"error\"\n",
            &files(&list),
        )
        .unwrap();
        assert_eq!(c.stale_after_days, 30);
        assert_eq!(c.exclude, ["old/**"]);
        assert_eq!(
            c.level(rules::find("placeholder").unwrap()),
            RuleLevel::On(crate::finding::Severity::Error)
        );
        assert_eq!(c.origins["stale_after_days"], "base.toml");
        assert_eq!(c.origins["exclude"], "mid.toml");
        assert_eq!(c.origins["rules.placeholder"], "charterlint.toml");
        assert_eq!(c.locked["placeholder"], "base.toml");
        assert!(!c.origins.contains_key("include"));
        assert!(
            c.show()
                .contains("placeholder = \"error\"  # charterlint.toml (locked)")
        );

        let names: Vec<String> = (0..20).map(|i| format!("c{i}.toml")).collect();
        let texts: Vec<String> = (0..20)
            .map(|i| format!("extends = \"c{}.toml\"\n", i + 1))
            .collect();
        let chain: Vec<(&str, &str)> = names
            .iter()
            .zip(&texts)
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let e = resolve("c0.toml", &texts[0], &files(&chain)).unwrap_err();
        assert!(e.problems[0].message.contains("more than 16"), "{e}");

        let e = Config::parse("c", "locked = [\"no-such-rule\"]\n").unwrap_err();
        assert!(e.problems[0].message.contains("no-such-rule"));
    }
}
