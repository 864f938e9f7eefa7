//! History: what changed between a base and the checked source
//! (`--changed-since`, `--new-only`, `rationale-not-updated`), and when each
//! charter last changed (`charter-stale`, walked by `source::log` as
//! `git log -1 -- PATH` walks). Commits and trees are read through `git2`;
//! nothing is written. The rules themselves are pure and live in
//! `rules::history`; this module tells the check of each charter ([`Past`],
//! an [`engine::History`]) its version at the base, or its last change.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid, Repository};

use crate::date::Date;
use crate::engine::{self, FileHistory, History};
use crate::finding::Finding;
use crate::rules::LastChange;
use crate::select::Selector;
use crate::source::SHALLOW_HINT;
use crate::source::git::{resolve_commit, short};
use crate::source::{Content, Source, SourceError};

/// Why history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("HEAD does not point to a commit: {}", .0.message())]
    HeadNotACommit(git2::Error),
    #[error("cannot read HEAD: {}", .0.message())]
    Head(git2::Error),
    /// A revision that names no commit, or a source that cannot be listed.
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("--changed-since {rev}: HEAD has no commit yet, so there is no merge base")]
    NoCommitYet { rev: String },
    #[error(
        "--changed-since {rev}: no merge base between {rev} and {checked} ({}){}",
        .source.message(),
        if *.shallow { SHALLOW_HINT } else { "" }
    )]
    NoMergeBase {
        rev: String,
        checked: String,
        source: git2::Error,
        shallow: bool,
    },
    #[error("cannot read commit {commit}: {}", .source.message())]
    Commit { commit: String, source: git2::Error },
    #[error("cannot read the history of {head}: {}", .source.message())]
    Log { head: String, source: git2::Error },
}

/// The commit `HEAD` points to; `None` in a repository with no commit yet.
pub fn head_commit(repo: &Repository) -> Result<Option<Oid>, HistoryError> {
    match repo.head() {
        Ok(head) => head
            .peel_to_commit()
            .map(|c| Some(c.id()))
            .map_err(HistoryError::HeadNotACommit),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Ok(None),
        Err(e) => Err(HistoryError::Head(e)),
    }
}

/// The merge base of `rev` and the checked commit: where a pull request's
/// branch left its target. A shallow clone that lacks it gets told to fetch
/// more history.
pub fn merge_base(repo: &Repository, rev: &str, checked: Option<Oid>) -> Result<Oid, HistoryError> {
    let shown = crate::text::visible(rev);
    let base = resolve_commit(repo, rev)?;
    let checked = checked.ok_or_else(|| HistoryError::NoCommitYet { rev: shown.clone() })?;
    repo.merge_base(base, checked)
        .map_err(|source| HistoryError::NoMergeBase {
            rev: shown,
            checked: short(checked),
            source,
            shallow: repo.is_shallow(),
        })
}

/// A charter added, modified or renamed since the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    /// Its path at the base: the same path when modified, the old one when
    /// renamed, none when added.
    pub base_path: Option<String>,
}

/// Git's default: a file counts as renamed when at least half of it is the
/// same.
const RENAME_SIMILARITY: usize = 50;

/// What identifies a content for comparison: its kind and, for files and
/// links, git's blob id of its bytes (a file too large to read is compared
/// by kind only). Hashing finds an unchanged file
/// whatever source it comes from (working tree, index, commit).
fn fingerprint(content: &Content) -> (u8, Option<Oid>) {
    match content {
        Content::Bytes(b) => (0, Oid::hash_object(ObjectType::Blob, b).ok()),
        Content::Symlink(target) => (
            1,
            Oid::hash_object(ObjectType::Blob, target.as_bytes()).ok(),
        ),
        Content::Submodule => (2, None),
        Content::TooLarge(_) => (3, None),
        Content::Unreadable(_) => (4, None),
    }
}

/// The charters of `source` that differ from `base`: added, modified, or
/// renamed (a charter gone from the base that is the same file, or at least
/// half of it). Deleted charters are not changes to check.
pub fn changes(
    base: &dyn Source,
    source: &dyn Source,
    selector: &Selector,
    extra_paths: &[String],
) -> Result<Vec<Change>, HistoryError> {
    let mut current = source.list(selector)?.paths;
    current.extend(extra_paths.iter().cloned());
    current.sort();
    current.dedup();
    let before = base.list(selector)?.paths;
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for path in &current {
        let Some(now) = source.read(path) else {
            continue;
        };
        match base.read(path) {
            Some(then) if fingerprint(&then) == fingerprint(&now) => {}
            Some(_) => changed.push(Change {
                path: path.clone(),
                base_path: Some(path.clone()),
            }),
            None => added.push((path.clone(), now)),
        }
    }
    let present: HashSet<&String> = current.iter().collect();
    let mut gone: Vec<(String, Content)> = before
        .iter()
        .filter(|p| !present.contains(p))
        .filter_map(|p| Some((p.clone(), base.read(p)?)))
        .collect();
    for (path, now) in added {
        let best = gone
            .iter()
            .enumerate()
            .map(|(i, (_, then))| (similarity(then, &now), i))
            .filter(|(score, _)| *score >= RENAME_SIMILARITY)
            .max_by_key(|(score, i)| (*score, std::cmp::Reverse(*i)));
        let base_path = best.map(|(_, i)| gone.remove(i).0);
        changed.push(Change { path, base_path });
    }
    changed.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changed)
}

/// How much of two contents is the same, in percent of the longer, by lines.
fn similarity(then: &Content, now: &Content) -> usize {
    if fingerprint(then) == fingerprint(now) && fingerprint(now).1.is_some() {
        return 100;
    }
    let (Content::Bytes(old), Content::Bytes(new)) = (then, now) else {
        return 0;
    };
    let lines = |b: &[u8]| b.split(|c| *c == b'\n').filter(|l| !l.is_empty()).count();
    let longest = lines(old).max(lines(new));
    if longest == 0 {
        return 0;
    }
    let Ok(patch) = git2::Patch::from_buffers(old, None, new, None, None) else {
        return 0;
    };
    let Ok((_, _, deletions)) = patch.line_stats() else {
        return 0;
    };
    lines(old).saturating_sub(deletions) * 100 / longest
}

/// A file's text, if it is UTF-8 text.
fn text_of(content: Option<Content>) -> Option<String> {
    match content? {
        Content::Bytes(b) => String::from_utf8(b).ok(),
        _ => None,
    }
}

/// What history knows for a check: the base of `--changed-since`
/// (`rationale-not-updated`), and the history of the commit the check stands
/// on (`charter-stale`). Either may be left out, when its rule is off or the
/// check does not read history.
#[derive(Default)]
pub struct Past<'a> {
    pub since: Option<Since<'a>>,
    pub stale: Option<Stale<'a>>,
}

/// The base of `--changed-since` and what changed since.
pub struct Since<'a> {
    pub base: &'a dyn Source,
    pub changes: &'a [Change],
}

/// Where a charter's last change is looked up: the history of `head` in
/// `repo` (a handle of its own, not one a source of the tree holds).
/// `source` is the checked source when it may differ from `head` (the
/// working tree, the index): a charter whose content differs from `head` is
/// being changed now, so it is not stale. `None` when the source is `head`'s
/// tree itself (`--rev`, a scan).
pub struct Stale<'a> {
    pub repo: Handle<'a>,
    pub head: Oid,
    pub source: Option<&'a dyn Source>,
}

/// A repository to read history from: a handle of its own, or the one a
/// commit's source holds (borrowed while the source is not being read).
pub enum Handle<'a> {
    Own(&'a Repository),
    Of(&'a crate::source::git::TreeSource),
}

impl Handle<'_> {
    fn with<T>(&self, f: impl FnOnce(&Repository) -> T) -> T {
        match self {
            Handle::Own(repo) => f(repo),
            Handle::Of(source) => source.with_repo(f),
        }
    }
}

impl History for Past<'_> {
    type Error = HistoryError;

    fn of(&self, paths: &[String]) -> Result<HashMap<String, FileHistory>, HistoryError> {
        let mut known: HashMap<String, FileHistory> = HashMap::new();
        if let Some(since) = &self.since {
            for path in paths {
                let Some(base_path) = since
                    .changes
                    .iter()
                    .find(|c| &c.path == path)
                    .and_then(|c| c.base_path.as_ref())
                else {
                    continue;
                };
                let before =
                    text_of(since.base.read(base_path)).and_then(|t| engine::parse_charter(&t));
                known.entry(path.clone()).or_default().base = before;
            }
        }
        if let Some(stale) = &self.stale {
            for (path, change) in stale.last_changes(paths)? {
                known.entry(path).or_default().last_change = Some(change);
            }
        }
        Ok(known)
    }
}

impl Stale<'_> {
    /// The last change of each path that is unchanged since `head`.
    fn last_changes(&self, paths: &[String]) -> Result<HashMap<String, LastChange>, HistoryError> {
        self.repo.with(|repo| self.last_changes_in(repo, paths))
    }

    fn last_changes_in(
        &self,
        repo: &Repository,
        paths: &[String],
    ) -> Result<HashMap<String, LastChange>, HistoryError> {
        let head_tree = repo
            .find_commit(self.head)
            .and_then(|c| c.tree())
            .map_err(|source| HistoryError::Commit {
                commit: short(self.head),
                source,
            })?;
        let mut unchanged = Vec::new();
        for path in paths {
            let Some(committed) = head_tree.get_path(Path::new(path)).ok().map(|e| e.id()) else {
                continue;
            };
            if let Some(source) = self.source {
                let current = source.read(path).map(|c| fingerprint(&c).1);
                if current != Some(Some(committed)) {
                    continue; // changed since `head`: fresh
                }
            }
            unchanged.push(path.clone());
        }
        last_changes(repo, self.head, &unchanged)
    }
}

/// When each path last changed in the history of `head`, as
/// `git log -1 -- PATH` answers it (history simplified along the path; see
/// `source::log`).
pub fn last_changes(
    repo: &Repository,
    head: Oid,
    paths: &[String],
) -> Result<HashMap<String, LastChange>, HistoryError> {
    let changes = crate::source::log::last_changes(repo, head, paths).map_err(|source| {
        HistoryError::Log {
            head: short(head),
            source,
        }
    })?;
    Ok(changes
        .into_iter()
        .map(|(path, change)| {
            let last = LastChange {
                commit: short(change.commit),
                date: Date::from_unix_seconds(change.time),
                later_commits: change.commit != head,
            };
            (path, last)
        })
        .collect())
}

/// Keeps the findings that were not present at the base (`--new-only`). A
/// finding is known by `Finding::identity` (repo, path, rule, field), so
/// lines moving do not make it new; a renamed charter keeps its old findings.
/// Returns how many findings it removed.
pub fn retain_new(findings: &mut Vec<Finding>, at_base: &[Finding], changes: &[Change]) -> usize {
    let renamed: HashMap<&str, &str> = changes
        .iter()
        .filter_map(|c| Some((c.base_path.as_deref()?, c.path.as_str())))
        .collect();
    let old: HashSet<(Option<&str>, &str, &str, &str)> = at_base
        .iter()
        .map(|f| {
            let (repo, path, rule, field) = f.identity();
            (
                repo,
                renamed.get(path).copied().unwrap_or(path),
                rule,
                field,
            )
        })
        .collect();
    let before = findings.len();
    findings.retain(|f| !old.contains(&f.identity()));
    before - findings.len()
}
