//! One repository of a scan: opened as untrusted, read at the plan's
//! revision straight from its object database, and checked. Whatever is
//! wrong with it is a finding (`repo-unreadable`, `config-invalid`), not a
//! failure of the scan.

use crate::engine::{self, CheckedTree, History, Scope, Selection, TreeInput};
use crate::git_history::{Handle, Past, Stale};
use crate::load::{self, LoadError};
use crate::rules::{self, CHARTER_STALE};
use crate::source::Source;
use crate::source::discover::Found;
use crate::source::git::TreeSource;
use crate::source::untrusted::{self, NoCommits};

use super::cache::refs::Refs;
use super::cache::{Learnt, Prior, Recording, Replay};
use super::config_invalid::Fallback;
use super::plan::Plan;

/// Reads and checks one repository. Whatever is wrong with it becomes a
/// `repo-unreadable` finding naming the cause: the scan goes on.
pub fn scan_repo(found: &Found, plan: &Plan<'_>) -> CheckedTree {
    let commits = match open_tree(found, plan) {
        Ok(commits) => commits,
        Err(cause) => return unreadable_tree(&found.name, &cause, plan),
    };
    let source: &dyn Source = match &commits {
        Some(tree) => tree,
        None => &NoCommits,
    };
    let commit = commits.as_ref().and_then(TreeSource::commit);
    check_source(found, plan, source, commit.map(|c| c.to_string()), || {
        commits.as_ref().and_then(past_of)
    })
}

/// Reads and checks one repository as [`scan_repo`] does, for the cache:
/// replayed from what an earlier scan learnt when the repository still
/// resolves to the same commit (`prior`), else read; with what there is to
/// keep of it.
pub fn scan_repo_cached(
    found: &Found,
    plan: &Plan<'_>,
    prior: Prior,
) -> (CheckedTree, Option<Learnt>) {
    // The refs are fingerprinted before the repository is resolved (and,
    // but at HEAD, again after): an entry keeps a fingerprint only when it
    // names the commit that was read.
    let refs = Refs::of(&found.path).filter(|_| found.problem.is_none());
    let before = refs.as_ref().and_then(|r| r.fingerprint(plan.rev));
    let history = refs.as_ref().and_then(Refs::history_key);
    let commits = match open_tree(found, plan) {
        Ok(commits) => commits,
        Err(cause) => return (unreadable_tree(&found.name, &cause, plan), None),
    };
    let Some(tree) = &commits else {
        // No commit: nothing worth keeping.
        let checked = check_source(found, plan, &NoCommits, None, || None::<Past<'_>>);
        return (checked, None);
    };
    let (Some(commit), Some(history)) = (tree.commit().map(|c| c.to_string()), history) else {
        let commit = tree.commit().map(|c| c.to_string());
        return (
            check_source(found, plan, tree, commit, || past_of(tree)),
            None,
        );
    };
    let same = |l: &Learnt| l.commit == commit && l.history == history;
    let older = match prior {
        Prior::Compare(learnt) if same(&learnt) => {
            if let Some(checked) = replay_repo(found, plan, &learnt) {
                // The refs moved and came to the same commit (a branch
                // created, a tag replaced): the entry takes their new
                // fingerprint.
                let head = fingerprint_kept(before, refs.as_ref(), plan.rev, &commit);
                let keep =
                    (head.is_some() && head != learnt.head).then_some(Learnt { head, ..*learnt });
                return (checked, keep);
            }
            Some(learnt.facts)
        }
        Prior::Merge(learnt) if same(&learnt) => Some(learnt.facts),
        _ => None,
    };
    let recording = Recording::new(tree);
    let checked = check_source(found, plan, &recording, Some(commit.clone()), || {
        past_of(tree).map(|past| recording.history(past))
    });
    // Facts are kept only when every answer could be: a file or history
    // that could not be read is read again next time.
    let learnt = recording.into_facts().map(|mut facts| {
        if let Some(older) = older {
            facts.absorb(older);
        }
        Learnt {
            head: fingerprint_kept(before, refs.as_ref(), plan.rev, &commit),
            commit,
            history,
            facts,
        }
    });
    (checked, learnt)
}

/// The fingerprint an entry may keep, `before` the commit was read: at
/// `HEAD` it is the id of the commit it names, which must be the one read;
/// for another revision, the refs must say the same after.
fn fingerprint_kept(
    before: Option<String>,
    refs: Option<&Refs>,
    rev: &str,
    commit: &str,
) -> Option<String> {
    let before = before?;
    let held = match rev {
        "HEAD" => before == commit,
        _ => refs.and_then(|r| r.fingerprint(rev)).as_ref() == Some(&before),
    };
    held.then_some(before)
}

/// Checks a repository from the facts a scan kept of it, as if it were
/// read again; `None` when the check asked what the facts do not know.
pub fn replay_repo(found: &Found, plan: &Plan<'_>, learnt: &Learnt) -> Option<CheckedTree> {
    let replay = Replay::new(&learnt.facts);
    let commit = Some(learnt.commit.clone());
    let checked = check_source(found, plan, &replay, commit, || Some(replay.history()));
    (!replay.missed()).then_some(checked)
}

/// The repository opened and its revision resolved: its tree, or `None`
/// when it has no commit; why it cannot be read.
fn open_tree(found: &Found, plan: &Plan<'_>) -> Result<Option<TreeSource>, String> {
    if let Some(problem) = &found.problem {
        return Err(problem.clone());
    }
    let repo = untrusted::open(&found.path).map_err(|e| e.to_string())?;
    untrusted::tree_at(repo, plan.rev)
        .map_err(|e| untrusted::with_access_cause(&found.path, e.to_string()))
}

/// charter-stale: when each charter last changed, from the history of the
/// commit read.
fn past_of(tree: &TreeSource) -> Option<Past<'_>> {
    Some(Past {
        since: None,
        stale: Some(Stale {
            repo: Handle::Of(tree),
            head: tree.commit()?,
            source: None,
        }),
    })
}

/// Checks a repository's tree as `source` serves it (the tree of
/// `commit`), the history of its charters from `history` (asked only when
/// `charter-stale` is on).
fn check_source<H: History>(
    found: &Found,
    plan: &Plan<'_>,
    source: &dyn Source,
    commit: Option<String>,
    history: impl FnOnce() -> Option<H>,
) -> CheckedTree
where
    H::Error: std::fmt::Display,
{
    // Its own configuration, laid over the scan's `--config` if there is
    // one, reads nothing outside it (issue 23). One that cannot be used is
    // a finding (config-invalid), and the charters are checked with the
    // scan's `--config` alone, or the defaults.
    let fallback = || plan.config.cloned().unwrap_or_default();
    let checked_with = match plan.config {
        Some(_) => Fallback::ScanConfig,
        None => Fallback::Defaults,
    };
    let (mut config, config_findings) = match super::confine::config(source, plan.config) {
        Ok(Ok(c)) => (c, Vec::new()),
        Ok(Err(invalid)) => (
            fallback(),
            super::config_invalid::config_invalid(&found.name, &invalid, checked_with),
        ),
        Err(e) => (
            fallback(),
            vec![super::config_invalid::config_unreadable(
                &found.name,
                crate::config::FILE_NAME,
                &e.to_string(),
                checked_with,
            )],
        ),
    };
    config.require_charter |= plan.require_charter;
    let (own_registry, mut registry_findings) = match plan.registry {
        Some(_) => (None, Vec::new()),
        None => match load::registry(source, &config, None, plan.today, &found.path) {
            Ok(loaded) => loaded,
            Err(e) => return unreadable_tree(&found.name, &LoadError::to_string(&e), plan),
        },
    };
    for f in &mut registry_findings {
        f.repo = Some(found.name.clone());
    }
    let stale_on = config.reports(&CHARTER_STALE, plan.today);
    let history = if stale_on { history() } else { None };
    let (mut tree, history_read) = engine::check_tree_with(
        TreeInput {
            repo: Some(found.name.clone()),
            source,
            config: &config,
            registry: plan.registry.or(own_registry.as_ref()),
            registry_findings,
            selection: Selection::All,
            extra_paths: Vec::new(),
            walk: true,
            today: plan.today,
            keep_text: plan.keep_text,
        },
        history.as_ref(),
    );
    tree.extra_findings.extend(config_findings);
    tree.commit = commit;
    // Objects missing below the commit: the repository is damaged, which is
    // a finding of the scan, not a failure of it.
    let causes = std::mem::take(&mut tree.errors)
        .into_iter()
        .map(|e| e.within_repo())
        .chain(history_read.err().map(|e| e.to_string()));
    for cause in causes {
        let cause = untrusted::with_access_cause(&found.path, cause);
        tree.extra_findings
            .push(rules::repo_unreadable(found.name.clone(), &cause));
    }
    tree
}

fn unreadable_tree(name: &str, cause: &str, plan: &Plan<'_>) -> CheckedTree {
    CheckedTree {
        repo: Some(name.to_string()),
        origin: Scope::UnreadableRepository,
        levels: plan
            .config
            .map(|c| c.levels(plan.today))
            .unwrap_or_default(),
        files: Vec::new(),
        selection: Selection::All,
        extra_findings: vec![rules::repo_unreadable(name.to_string(), cause)],
        notices: Vec::new(),
        errors: Vec::new(),
        without_registry: false,
        commit: None,
    }
}
