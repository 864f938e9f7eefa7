//! Every rule's own failing and passing example (the ones `explain` prints)
//! runs through the real binary: the failing one must raise the rule, the
//! passing one must not.

use crate::common;

use charterlint::rules::{ALL, Example};
use common::{Org, Repo, TODAY, rules_of};

/// A scan example: its files make up one repository in an organisation
/// folder; files under `.git/` are written after the commit, to break it.
fn run_scan_example(e: &Example) -> Vec<String> {
    let org = Org::new();
    let repo = org.repo("product");
    let (git_files, files): (Vec<_>, Vec<_>) = e
        .files
        .iter()
        .partition(|(path, _)| path.starts_with(".git/"));
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.commit("example", None);
    for (path, text) in git_files {
        repo.write(path, text);
    }
    let out = org.scan(&[&["--format", "json", "--today", TODAY], &e.args[1..]].concat());
    assert_ne!(
        out.status.code(),
        Some(2),
        "scan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    rules_of(&common::parse_json(&out))
}

fn run_example(e: &Example) -> Vec<String> {
    if e.args.first() == Some(&"scan") {
        return run_scan_example(e);
    }
    let repo = Repo::new();
    if !e.before.is_empty() {
        for (path, text) in e.before {
            repo.write(path, text);
        }
        repo.commit("before", Some("2020-01-01T00:00:00Z"));
    }
    for (path, text) in e.files {
        repo.write(path, text);
    }
    if !e.before.is_empty() {
        repo.commit("after", None);
    }
    let mut args = vec!["check", "--format", "json", "--today", TODAY];
    args.extend_from_slice(e.args);
    let out = repo.run(&args);
    assert_ne!(
        out.status.code(),
        Some(2),
        "run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    rules_of(&common::parse_json(&out))
}

#[test]
fn every_failing_example_fails_and_every_passing_example_passes() {
    let mut checked = 0;
    for rule in ALL {
        let failing = run_example(&rule.fails);
        assert!(
            failing.iter().any(|r| r == rule.id),
            "{}: failing example gave {failing:?}",
            rule.id
        );
        let passing = run_example(&rule.passes);
        assert!(
            !passing.iter().any(|r| r == rule.id),
            "{}: passing example gave {passing:?}",
            rule.id
        );
        checked += 1;
    }
    assert!(checked == ALL.len(), "every rule's examples run");
}
