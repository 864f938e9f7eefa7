//! The editor's view of a workspace: the open documents over the files on
//! disk, checked with the same engine, configuration, registry, severities
//! and waivers as `check`. No git is read here: what an editor shows is the
//! unsaved buffer, and nothing may block on a repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigError, ConfigProblem};
use crate::date::Date;
use crate::engine::{self, Selection, TreeInput};
use crate::finding::Finding;
use crate::registry::Registry;
use crate::source::Source;
use crate::source::overlay::Overlay;
use crate::source::worktree::{self, WorkTree};

/// An open document.
pub struct Document {
    pub text: String,
    pub version: i32,
}

/// What a check of the open documents found.
#[derive(Default)]
pub struct Checked {
    /// Findings by document path (relative to the root), every open
    /// charter present (an empty list clears its diagnostics).
    pub findings: BTreeMap<String, Vec<Finding>>,
    /// The configuration's problems, when it is invalid.
    pub config_problems: Option<ConfigError>,
    pub registry: Option<Registry>,
}

pub struct Workspace {
    pub root: PathBuf,
    /// By path relative to the root, with `/`.
    pub documents: BTreeMap<String, Document>,
    pub today: Date,
}

impl Workspace {
    pub fn new(root: PathBuf, today: Date) -> Workspace {
        Workspace {
            root,
            documents: BTreeMap::new(),
            today,
        }
    }

    /// A file's path relative to the root, if it is below it.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        Some(worktree::relative(Path::new(""), rel))
    }

    /// Is the document at `rel` the configuration or the registry, whose
    /// change concerns every charter?
    pub fn is_shared(&self, rel: &str, config: &Config) -> bool {
        rel == config::FILE_NAME
            || matches!(&config.registry, Some(config::RegistryLocation::InTree(p)) if p == rel)
    }

    fn overlay<'a>(&self, base: &'a dyn Source) -> Overlay<'a> {
        let mut overlay = Overlay::new(base);
        for (path, doc) in &self.documents {
            overlay.set(path, doc.text.as_bytes());
        }
        overlay
    }

    /// The configuration in force: the open buffer of charterlint.toml,
    /// else the file; the default (with its problems kept) when invalid or
    /// unreadable (a base that cannot be read, a file that is no text).
    fn config(&self, source: &dyn Source) -> (Config, Option<ConfigError>) {
        match crate::load::config(source, None, &self.root) {
            Ok(Ok(c)) => (c, None),
            Ok(Err(e)) => (Config::default(), Some(e)),
            Err(e) => (
                Config::default(),
                Some(config_file_problem(
                    source,
                    None,
                    e.to_string(),
                    "until it is fixed, the charters are checked with the default configuration",
                )),
            ),
        }
    }

    /// The open documents that are charters: those the include globs take,
    /// and any other open `*.toml` that declares `charter =` at its top.
    fn open_charters(&self, config: &Config) -> BTreeSet<String> {
        let selector = config.selector();
        self.documents
            .iter()
            .filter(|(path, doc)| {
                !self.is_shared(path, config)
                    && (selector.is_charter(path)
                        || doc
                            .text
                            .lines()
                            .any(|l| l.trim_start().starts_with("charter") && l.contains('=')))
            })
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// Checks every open charter as `check` would (cross-charter rules among
    /// them), from the unsaved buffers.
    pub fn check(&self) -> Checked {
        let disk = WorkTree::new(&self.root, "the editor");
        let source = self.overlay(&disk);
        let (config, mut config_problems) = self.config(&source);
        let (registry, registry_findings) =
            match crate::load::registry(&source, &config, None, self.today, &self.root) {
                Ok(loaded) => loaded,
                // A registry that cannot be read is the configuration's
                // problem, shown where it names the registry.
                Err(e) => {
                    config_problems.get_or_insert_with(|| {
                        config_file_problem(
                            &source,
                            Some("registry"),
                            e.to_string(),
                            "until it is fixed, the golden threads are checked for shape only",
                        )
                    });
                    (None, Vec::new())
                }
            };
        let charters = self.open_charters(&config);
        let mut checked = Checked {
            config_problems,
            ..Checked::default()
        };
        for path in &charters {
            checked.findings.insert(path.clone(), Vec::new());
        }
        if !charters.is_empty() {
            let tree = engine::check_tree(TreeInput {
                repo: None,
                source: &source,
                config: &config,
                registry: registry.as_ref(),
                registry_findings,
                extra_paths: charters.iter().cloned().collect(),
                selection: Selection::Only(charters),
                walk: false,
                today: self.today,
                keep_text: false,
            });
            for f in engine::finish(vec![tree], false).findings {
                checked.findings.entry(f.path.clone()).or_default().push(f);
            }
        }
        checked.registry = registry;
        checked
    }
}

/// A problem of `charterlint.toml` that is not in its text (a base or the
/// registry cannot be read): at the key `at` names, else the top of the file.
fn config_file_problem(
    source: &dyn Source,
    at: Option<&str>,
    message: String,
    help: &str,
) -> ConfigError {
    let text = source
        .read(config::FILE_NAME)
        .and_then(|c| c.into_text())
        .unwrap_or_default();
    let span = at
        .and_then(|key| crate::toml_doc::key_span(&text, key))
        .unwrap_or_default();
    ConfigError {
        path: config::FILE_NAME.into(),
        text,
        problems: vec![ConfigProblem {
            span,
            message,
            help: Some(help.into()),
        }],
    }
}
