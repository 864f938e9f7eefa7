//! Checking the charters of one repository: from the working tree, the
//! index (`--staged`) or a commit (`--rev`), all of them or those named,
//! those changed since a base (`--changed-since`, `--new-only`), or one read
//! from standard input. [`run`] is the whole of `charterlint check` but for
//! its arguments and its output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, RegistryLocation};
use crate::date::Date;
use crate::engine::{self, Results, Scope, Selection, TreeInput};
use crate::git_history::{self, HistoryError};
use crate::load::{self, LoadError};
use crate::registry::Registry;
use crate::rules;
use crate::source::git::{IndexSource, TreeSource, resolve_commit};
use crate::source::overlay::Overlay;
use crate::source::worktree::{self, WorkTree};
use crate::source::{Source, SourceError};

/// What a check is asked to do.
pub struct CheckRequest {
    /// The folder it runs in: PATHs are relative to it.
    pub cwd: PathBuf,
    /// Files or folders to check (empty: the whole repository).
    pub paths: Vec<PathBuf>,
    /// Read from the git index.
    pub staged: bool,
    /// Read from a commit.
    pub rev: Option<String>,
    /// Only the charters changed since the merge base with this revision.
    pub changed_since: Option<String>,
    /// With `changed_since`: only the findings not already at the base.
    pub new_only: bool,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--registry FILE`.
    pub registry: Option<PathBuf>,
    /// Compute the fixes instead of reporting (`--fix`, `--diff`).
    pub fix: Option<Fixing>,
    /// One charter read from standard input as if it stood at a path.
    pub stdin: Option<StdinFile>,
    pub today: Date,
    /// Keep the charters' texts (for source snippets in human output).
    pub keep_text: bool,
}

/// `--fix` and `--diff`.
#[derive(Debug, Clone, Copy)]
pub struct Fixing {
    /// Apply the unsafe fixes too.
    pub unsafe_fixes: bool,
}

/// `--stdin-filename`: where the text stands, and how to read it (read only
/// once the path is known to be good).
pub struct StdinFile {
    pub path: PathBuf,
    pub read: Box<dyn FnOnce() -> std::io::Result<Vec<u8>>>,
}

/// What a check came to.
pub enum CheckOutcome {
    /// The findings.
    Checked(Results),
    /// The fixes, computed in memory (nothing written), and what remains.
    Fixes {
        /// The folder the fixed files' paths are relative to.
        root: PathBuf,
        outcome: crate::fix_files::Outcome,
    },
}

/// Why a check could not be done (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(
        "fix works on the charters of the working tree: it cannot be combined with --staged, --rev or --changed-since"
    )]
    FixReadsGit,
    #[error(
        "not in a git repository ({}); --staged, --rev and --changed-since read from git",
        .0.message()
    )]
    NotInRepo(git2::Error),
    #[error(
        "not a git repository: `charterlint check` checks the charters of the repository it runs in; run it inside one, or name the charter files or folders to check as plain files (`charterlint check path/to/charter.toml`)"
    )]
    NotARepository,
    #[error(
        "{path} is outside the repository ({root}): charterlint checks the charters of the repository it runs in; run it from that file's own repository"
    )]
    OutsideRepository { path: String, root: String },
    #[error("{0} does not exist")]
    DoesNotExist(String),
    #[error("{path}: {source}")]
    Inspect {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    NamesNothing(String),
    #[error("cannot read standard input: {0}")]
    Stdin(std::io::Error),
    #[error("cannot read commit {commit}: {}", .source.message())]
    Commit {
        commit: git2::Oid,
        source: git2::Error,
    },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Source(#[from] SourceError),
}

/// The repository a git option reads from, honouring GIT_DIR and friends.
fn open_repo() -> Result<git2::Repository, CheckError> {
    git2::Repository::open_from_env().map_err(CheckError::NotInRepo)
}

/// What `--changed-since` compares the checked source with: its base.
struct ChangedSince {
    base: TreeSource,
    base_commit: git2::Oid,
    changes: Vec<git_history::Change>,
}

/// Checks the charters as the request says.
pub fn run(request: CheckRequest) -> Result<CheckOutcome, CheckError> {
    let cwd = &request.cwd;
    let today = request.today;
    // As git reads objects: a corrupt object still fails to inflate, and
    // hashing each one again (with collision detection) was a fifth of
    // listing a large commit's trees.
    git2::opts::strict_hash_verification(false);
    let reads_git = request.staged || request.rev.is_some() || request.changed_since.is_some();
    if request.fix.is_some() && reads_git {
        return Err(CheckError::FixReadsGit);
    }
    // The folder paths are relative to: the repository's work tree, or,
    // outside any repository, the current folder (plain files).
    let opened = match git2::Repository::open_from_env() {
        Ok(repo) => Some(repo),
        Err(e) if reads_git => return Err(CheckError::NotInRepo(e)),
        Err(_) if request.paths.is_empty() => return Err(CheckError::NotARepository),
        Err(_) => None,
    };
    let in_repo = opened
        .as_ref()
        .map(|repo| repo.workdir().unwrap_or(cwd).to_path_buf());
    let root = in_repo.clone().unwrap_or_else(|| cwd.clone());
    let root = root.canonicalize().unwrap_or(root);
    let shown_root = crate::paths::display_os(root.as_os_str());
    // The handle opened above serves history; the source opens its own.
    let repo = opened.filter(|_| reads_git);
    let (source, kind): (Box<dyn Source>, SourceKind) = if request.staged {
        let source = IndexSource::open(open_repo()?)?;
        (Box::new(source), SourceKind::Index)
    } else if let Some(rev) = &request.rev {
        let source = TreeSource::at_rev(open_repo()?, rev)?;
        let label = source.describe();
        (Box::new(source), SourceKind::Commit(label))
    } else if in_repo.is_some() {
        let label = format!("the working tree ({shown_root})");
        (Box::new(WorkTree::new(&root, label)), SourceKind::WorkTree)
    } else {
        let label = format!("plain files in {shown_root} (not a git repository)");
        (Box::new(WorkTree::new(&root, label)), SourceKind::WorkTree)
    };
    let place = PathBase {
        root: &root,
        cwd,
        in_repo: in_repo.is_some(),
        kind: &kind,
    };
    // `--stdin-filename`: the text on standard input stands at that path.
    let mut from_stdin = None;
    let with_stdin;
    let source: &dyn Source = match request.stdin {
        Some(stdin) => {
            let rel = relative_path(&place, &stdin.path)?;
            let mut overlay = Overlay::new(source.as_ref());
            overlay.set(&rel, (stdin.read)().map_err(CheckError::Stdin)?);
            from_stdin = Some(rel);
            with_stdin = overlay;
            &with_stdin
        }
        None => source.as_ref(),
    };
    // The commit the checked source is, or stands on (HEAD under the index
    // and the working tree).
    let checked_commit = match (&repo, &request.rev) {
        (Some(repo), Some(rev)) => Some(resolve_commit(repo, rev)?),
        (Some(repo), None) => git_history::head_commit(repo)?,
        (None, _) => None,
    };
    let repo_root = repo
        .as_ref()
        .map(|r| r.workdir().unwrap_or(r.path()).to_path_buf())
        .unwrap_or_else(|| root.clone());
    let config = load::valid_config(source, request.config.as_deref(), &repo_root)?;
    let (registry, registry_findings) = load::registry(
        source,
        &config,
        request.registry.as_deref(),
        today,
        &repo_root,
    )?;
    let (mut selection, mut extra_paths, walk) = match from_stdin.clone() {
        // Checked as a file named on the command line: even when the
        // include globs do not name it.
        Some(rel) => (
            Selection::Only(BTreeSet::from([rel.clone()])),
            vec![rel],
            false,
        ),
        None => select(&place, &request.paths, &config, source)?,
    };
    let comparison = match (&request.changed_since, &repo) {
        (Some(rev), Some(repo)) => {
            let c = compare(repo, rev, checked_commit, source, &config, &extra_paths)?;
            let changed: BTreeSet<String> = c.changes.iter().map(|c| c.path.clone()).collect();
            selection = match selection {
                Selection::All => Selection::Only(changed.clone()),
                Selection::Only(chosen) => {
                    Selection::Only(chosen.intersection(&changed).cloned().collect())
                }
            };
            extra_paths.retain(|p| changed.contains(p));
            Some(c)
        }
        _ => None,
    };
    let keep_text = request.keep_text;
    if let Some(fixing) = request.fix {
        let check = |source: &dyn Source| {
            engine::finish(
                vec![engine::check_tree(TreeInput {
                    repo: None,
                    source,
                    config: &config,
                    registry: registry.as_ref(),
                    registry_findings: registry_findings.clone(),
                    selection: selection.clone(),
                    extra_paths: extra_paths.clone(),
                    walk,
                    today,
                    keep_text,
                })],
                false,
            )
        };
        let outcome = crate::fix_files::fix(source, &check, fixing.unsafe_fixes);
        return Ok(CheckOutcome::Fixes { root, outcome });
    }
    // What history knows, for the rules that are on: the base of
    // --changed-since; the last changes where history is read anyway
    // (--rev, --changed-since).
    let on = |rule: &rules::Rule| config.reports(rule, today);
    let past = git_history::Past {
        since: comparison
            .as_ref()
            .filter(|_| on(&rules::RATIONALE_NOT_UPDATED))
            .map(|c| git_history::Since {
                base: &c.base,
                changes: &c.changes,
            }),
        stale: match (&repo, checked_commit) {
            (Some(repo), Some(head))
                if (request.rev.is_some() || comparison.is_some()) && on(&rules::CHARTER_STALE) =>
            {
                Some(git_history::Stale {
                    repo: git_history::Handle::Own(repo),
                    head,
                    source: Some(source),
                })
            }
            _ => None,
        },
    };
    let (mut tree, history_read) = engine::check_tree_with(
        TreeInput {
            repo: None,
            source,
            config: &config,
            registry: registry.as_ref(),
            registry_findings,
            selection,
            extra_paths,
            walk,
            today,
            keep_text,
        },
        Some(&past),
    );
    history_read?;
    if let Some(rel) = from_stdin {
        tree.origin = Scope::Stdin {
            path: rel,
            within: Box::new(tree.origin),
        };
    }
    if let Some(c) = &comparison {
        tree.origin = Scope::ChangedSince {
            within: Box::new(tree.origin),
            base: crate::source::git::short(c.base_commit),
            rev: request.changed_since.clone().unwrap_or_default(),
        };
    }
    let mut report = engine::finish(vec![tree], false);
    if let Some(c) = comparison.as_ref().filter(|_| request.new_only) {
        let at_base = check_base(c, &config, registry.as_ref(), today);
        report.not_new =
            git_history::retain_new(&mut report.findings, &at_base.findings, &c.changes);
    }
    Ok(CheckOutcome::Checked(report))
}

/// The charters of `source` that changed since the merge base of `rev` and
/// the checked commit, and that base.
fn compare(
    repo: &git2::Repository,
    rev: &str,
    checked_commit: Option<git2::Oid>,
    source: &dyn Source,
    config: &Config,
    extra_paths: &[String],
) -> Result<ChangedSince, CheckError> {
    let base_commit = git_history::merge_base(repo, rev, checked_commit)?;
    let base_tree = repo
        .find_commit(base_commit)
        .map_err(|source| CheckError::Commit {
            commit: base_commit,
            source,
        })?
        .tree_id();
    let base = TreeSource::from_tree(
        open_repo()?,
        base_tree,
        format!("commit {}", crate::source::git::short(base_commit)),
    );
    let changes = git_history::changes(&base, source, &config.selector(), extra_paths)?;
    Ok(ChangedSince {
        base,
        base_commit,
        changes,
    })
}

/// The findings the changed charters had at the base, by the same
/// configuration and registry, for `--new-only`.
fn check_base(
    c: &ChangedSince,
    config: &Config,
    registry: Option<&Registry>,
    today: Date,
) -> Results {
    let at_base: BTreeSet<String> = c
        .changes
        .iter()
        .filter_map(|c| c.base_path.clone())
        .collect();
    let tree = engine::check_tree(TreeInput {
        repo: None,
        source: &c.base,
        config,
        registry,
        registry_findings: Vec::new(),
        extra_paths: at_base.iter().cloned().collect(),
        selection: Selection::Only(at_base),
        walk: true,
        today,
        keep_text: false,
    });
    engine::finish(vec![tree], false)
}

/// The usual name of an OKR registry.
const REGISTRY_FILE_NAME: &str = "okrs.toml";

/// Which kind of source the charters are read from, for what a PATH that
/// names nothing there should say.
enum SourceKind {
    WorkTree,
    Index,
    /// A commit, as the source describes it.
    Commit(String),
}

/// Where PATH arguments are resolved.
struct PathBase<'a> {
    /// The repository's work tree, or the current folder outside one.
    root: &'a Path,
    cwd: &'a Path,
    in_repo: bool,
    kind: &'a SourceKind,
}

/// A PATH argument as the path the source knows it by: relative to the
/// repository root (or, outside one, the current folder); a PATH outside
/// the repository is refused.
fn relative_path(at: &PathBase<'_>, p: &Path) -> Result<String, CheckError> {
    relative_to_root(at, p, &absolute(at.cwd, p))
}

/// `relative_path` of a PATH already made absolute.
fn relative_to_root(at: &PathBase<'_>, p: &Path, abs: &Path) -> Result<String, CheckError> {
    match abs.strip_prefix(at.root) {
        Ok(r) => Ok(worktree::relative(Path::new(""), r)),
        Err(_) if at.in_repo => Err(CheckError::OutsideRepository {
            path: crate::paths::display_os(p.as_os_str()),
            root: crate::paths::display_os(at.root.as_os_str()),
        }),
        // Plain files (no repository): any path will do.
        Err(_) => Ok(crate::paths::display_os(abs.as_os_str())),
    }
}

/// `path` made absolute and free of `.` and `..`, following links as far
/// as it exists (a file named under `--staged` may exist only in the index).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let abs = cwd.join(path);
    if let Ok(real) = abs.canonicalize() {
        return real;
    }
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or(out.clone()),
        _ => out,
    }
}

/// Turns PATH arguments into a selection. Folders select the charters below
/// them; files are checked even when the include globs do not name them
/// (the pre-commit framework passes files). Naming the config or the registry
/// selects everything, since a change to either concerns every charter.
///
/// Returns the selection, the extra paths, and whether the tree must be
/// walked: naming only files checks only those files (fast in a hook, and
/// what a user of ruff or clippy expects); naming a folder walks it.
/// Under `--staged` and `--rev` a PATH is looked up in the index or the
/// commit, not on disk. A PATH outside the repository, or one that names
/// nothing in the source, stops the run with what to do about it.
fn select(
    at: &PathBase<'_>,
    paths: &[PathBuf],
    config: &Config,
    source: &dyn Source,
) -> Result<(Selection, Vec<String>, bool), CheckError> {
    if paths.is_empty() {
        return Ok((Selection::All, Vec::new(), true));
    }
    let selector = config.selector();
    let registry_path = match &config.registry {
        Some(RegistryLocation::InTree(p)) => Some(p.as_str()),
        _ => None,
    };
    let in_git = !matches!(at.kind, SourceKind::WorkTree);
    let mut listing: Option<Vec<String>> = None;
    let mut chosen = BTreeSet::new();
    let mut extra = Vec::new();
    let mut walk = false;
    for p in paths {
        let shown = crate::paths::display_os(p.as_os_str());
        let abs = absolute(at.cwd, p);
        let rel = relative_to_root(at, p, &abs)?;
        if rel.is_empty() || rel == config::FILE_NAME || Some(rel.as_str()) == registry_path {
            // The root itself, or a file every charter depends on.
            return Ok((Selection::All, Vec::new(), true));
        }
        // Another folder's config, or an OKR file that is not the registry
        // (the pre-commit hooks pass every `okrs.toml`): not a charter.
        let name = rel.rsplit('/').next().unwrap_or_default();
        if name == config::FILE_NAME || name == REGISTRY_FILE_NAME {
            continue;
        }
        let on_disk = std::fs::symlink_metadata(&abs);
        let is_file = if in_git {
            source.has_file(&rel)
        } else {
            match &on_disk {
                Ok(m) => !m.is_dir(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(CheckError::DoesNotExist(shown));
                }
                Err(e) => {
                    return Err(CheckError::Inspect {
                        path: shown,
                        source: std::io::Error::new(e.kind(), e.to_string()),
                    });
                }
            }
        };
        if is_file {
            if selector.is_excluded(&rel) {
                continue;
            }
            if !selector.is_charter(&rel) {
                extra.push(rel.clone());
            }
            chosen.insert(rel);
            continue;
        }
        let listed = match &mut listing {
            Some(l) => l,
            None => listing.insert(source.list(&selector)?.paths),
        };
        let prefix = format!("{rel}/");
        let below: Vec<&String> = listed.iter().filter(|c| c.starts_with(&prefix)).collect();
        if below.is_empty() {
            return Err(CheckError::NamesNothing(names_nothing(
                &shown,
                on_disk.ok(),
                at.kind,
            )));
        }
        chosen.extend(below.into_iter().cloned());
        walk = true;
    }
    Ok((Selection::Only(chosen), extra, walk))
}

/// Why a PATH selected nothing, and what to do.
fn names_nothing(shown: &str, on_disk: Option<std::fs::Metadata>, kind: &SourceKind) -> String {
    let is_dir = on_disk.as_ref().is_some_and(|m| m.is_dir());
    match (kind, on_disk) {
        (SourceKind::Index, Some(_)) if !is_dir => format!(
            "{shown} is not staged: `--staged` checks the index, what is about to be committed; `git add {shown}` first"
        ),
        (SourceKind::Index, Some(_)) => format!(
            "{shown} holds no staged charter: `--staged` checks the index, what is about to be committed; `git add` the charters under it first"
        ),
        (SourceKind::Index, None) => {
            format!("{shown} is neither in the index nor in the working tree")
        }
        (SourceKind::Commit(commit), _) if !is_dir => format!(
            "{shown} is not in {commit}: name a file that the commit holds (`git ls-tree -r --name-only REV` lists them)"
        ),
        (SourceKind::Commit(commit), _) => format!("{shown} holds no charter in {commit}"),
        (SourceKind::WorkTree, _) => format!(
            "{shown} holds no charter (files named `charter.toml` or `*.charter.toml`, or as the include globs of charterlint.toml say)"
        ),
    }
}
