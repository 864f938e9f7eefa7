//! History: what changed between a base and the checked source
//! (`--changed-since`, `--new-only`, `rationale-not-updated`), and when each
//! charter last changed (`charter-stale`). Commits and trees are read through
//! `git2`; nothing is written. The rules themselves are pure and live in
//! `rules::history`; this module hands them the other version of a charter,
//! or its last change.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid, Repository};

use crate::config::Selector;
use crate::date::Date;
use crate::engine::{self, CheckedTree};
use crate::finding::Finding;
use crate::rules::{self, LastChange};
use crate::source::git::{SHALLOW_HINT, resolve_commit};
use crate::source::{Content, Source};

/// How a receipt says that only changed charters were checked.
pub const CHANGED_SINCE: &str = "charters changed since";

/// The commit `HEAD` points to; `None` in a repository with no commit yet.
pub fn head_commit(repo: &Repository) -> Result<Option<Oid>, String> {
    match repo.head() {
        Ok(head) => head
            .peel_to_commit()
            .map(|c| Some(c.id()))
            .map_err(|e| format!("HEAD does not point to a commit: {}", e.message())),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Ok(None),
        Err(e) => Err(format!("cannot read HEAD: {}", e.message())),
    }
}

/// The merge base of `rev` and the checked commit: where a pull request's
/// branch left its target. A shallow clone that lacks it gets told to fetch
/// more history.
pub fn merge_base(repo: &Repository, rev: &str, checked: Option<Oid>) -> Result<Oid, String> {
    let shown = crate::text::visible(rev);
    let base = resolve_commit(repo, rev)?;
    let checked = checked.ok_or_else(|| {
        format!("--changed-since {shown}: HEAD has no commit yet, so there is no merge base")
    })?;
    repo.merge_base(base, checked).map_err(|e| {
        let mut message = format!(
            "--changed-since {shown}: no merge base between {shown} and {} ({})",
            short(checked),
            e.message()
        );
        if repo.is_shallow() {
            message.push_str(SHALLOW_HINT);
        }
        message
    })
}

/// The first 12 hex digits of an object id.
pub fn short(id: Oid) -> String {
    id.to_string()[..12].to_string()
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
) -> Result<Vec<Change>, String> {
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

/// Adds `rationale-not-updated` to the changed charters of a checked tree,
/// comparing each with its version at the base.
pub fn add_rationale_not_updated(
    tree: &mut CheckedTree,
    source: &dyn Source,
    base: &dyn Source,
    changes: &[Change],
) {
    for change in changes {
        let Some(base_path) = &change.base_path else {
            continue;
        };
        let Some(before) = text_of(base.read(base_path)).and_then(|t| engine::parse_charter(&t))
        else {
            continue;
        };
        let Some(now) = text_of(source.read(&change.path)) else {
            continue;
        };
        let findings = engine::check_parsed(tree.repo.as_deref(), &change.path, &now, |c, out| {
            rules::rationale_not_updated(&before, c, out)
        });
        attach(tree, &change.path, findings);
    }
}

/// Adds `charter-stale` to the selected charters of a checked tree whose
/// last change in the history of `head` is older than `stale_after_days`. A
/// charter whose content in the source differs from `head` is being changed
/// now, so it is not stale. `repo` must be a handle of its own, not one a
/// source of the tree holds.
///
/// `source` is the checked source when it may differ from `head` (the working
/// tree, the index); `None` when it is `head`'s tree itself (`--rev`, a scan),
/// whose blobs are then read from `repo`.
pub fn add_charter_stale(
    tree: &mut CheckedTree,
    source: Option<&dyn Source>,
    repo: &Repository,
    head: Oid,
    stale_after_days: u32,
    today: Date,
) -> Result<(), String> {
    let head_tree = repo
        .find_commit(head)
        .and_then(|c| c.tree())
        .map_err(|e| format!("cannot read commit {}: {}", short(head), e.message()))?;
    // Only the charters unchanged since `head` can be stale; their history is
    // read, and only those found stale are parsed again (for the anchor).
    let mut paths = Vec::new();
    for file in &tree.files {
        if !tree.selection.includes(&file.path) || file.record.is_none() {
            continue;
        }
        let Some(committed) = head_tree
            .get_path(Path::new(&file.path))
            .ok()
            .map(|e| e.id())
        else {
            continue;
        };
        if let Some(source) = source {
            let current = source.read(&file.path).map(|c| fingerprint(&c).1);
            if current != Some(Some(committed)) {
                continue; // changed since `head`: fresh
            }
        }
        paths.push((file.path.clone(), committed));
    }
    let names: Vec<String> = paths.iter().map(|(p, _)| p.clone()).collect();
    let last = last_changes(repo, head, &names)?;
    for (path, committed) in paths {
        let Some(change) = last.get(&path) else {
            continue;
        };
        if !rules::is_stale(change, today, stale_after_days) {
            continue;
        }
        let blob = repo.find_blob(committed).ok();
        let Some(text) = blob.and_then(|b| String::from_utf8(b.content().to_vec()).ok()) else {
            continue;
        };
        let findings = engine::check_parsed(tree.repo.as_deref(), &path, &text, |c, out| {
            rules::charter_stale(c, change, today, stale_after_days, out)
        });
        attach(tree, &path, findings);
    }
    Ok(())
}

/// When each path last changed in the history of `head`, as
/// `git log -1 -- PATH` answers it (history simplified along the path; see
/// `source::log`).
pub fn last_changes(
    repo: &Repository,
    head: Oid,
    paths: &[String],
) -> Result<HashMap<String, LastChange>, String> {
    let changes = crate::source::log::last_changes(repo, head, paths).map_err(|e| {
        format!(
            "cannot read the history of {}: {}",
            short(head),
            e.message()
        )
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

/// Adds findings to a file of a checked tree, before waivers and severities
/// are applied.
fn attach(tree: &mut CheckedTree, path: &str, findings: Vec<Finding>) {
    if let Some(file) = tree.files.iter_mut().find(|f| f.path == path) {
        file.findings.extend(findings);
    }
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
