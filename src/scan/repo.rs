//! One repository of a scan: opened as untrusted, read at the plan's
//! revision straight from its object database, and checked. Whatever is
//! wrong with it is a finding (`repo-unreadable`, `config-invalid`), not a
//! failure of the scan.

use crate::engine::{self, CheckedTree, Scope, Selection, TreeInput};
use crate::finding::RuleLevel;
use crate::git_history::{Handle, Past, Stale};
use crate::load::{self, LoadError};
use crate::rules::{self, CHARTER_STALE};
use crate::source::Source;
use crate::source::discover::Found;
use crate::source::untrusted::{self, NoCommits};

use super::config_invalid::Fallback;
use super::plan::Plan;

/// Reads and checks one repository. Whatever is wrong with it becomes a
/// `repo-unreadable` finding naming the cause: the scan goes on.
pub fn scan_repo(found: &Found, plan: &Plan<'_>) -> CheckedTree {
    let unreadable = |cause: &str| unreadable_tree(&found.name, cause, plan);
    if let Some(problem) = &found.problem {
        return unreadable(problem);
    }
    let repo = match untrusted::open(&found.path) {
        Ok(r) => r,
        Err(e) => return unreadable(&e.to_string()),
    };
    let commits = match untrusted::tree_at(repo, plan.rev) {
        Ok(commits) => commits,
        Err(e) => {
            return unreadable(&untrusted::with_access_cause(&found.path, e.to_string()));
        }
    };
    let source: &dyn Source = match &commits {
        Some(tree) => tree,
        None => &NoCommits,
    };
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
            Err(e) => return unreadable(&LoadError::to_string(&e)),
        },
    };
    for f in &mut registry_findings {
        f.repo = Some(found.name.clone());
    }
    // charter-stale: when each charter last changed, from the history of
    // the commit read.
    let stale_on = config.severities.get(CHARTER_STALE.id) != Some(&RuleLevel::Off);
    let past = Past {
        since: None,
        stale: commits.as_ref().filter(|_| stale_on).and_then(|tree| {
            Some(Stale {
                repo: Handle::Of(tree),
                head: tree.commit()?,
                source: None,
            })
        }),
    };
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
        Some(&past),
    );
    tree.extra_findings.extend(config_findings);
    tree.commit = commits
        .as_ref()
        .and_then(|c| c.commit())
        .map(|id| id.to_string());
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
