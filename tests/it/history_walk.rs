//! A charter's last change is the commit `git log -1 -- PATH` names: git's
//! history simplification (at a merge, the parent the path came from
//! unchanged), with and without a commit-graph file, including one that is
//! older than the newest commits.

use crate::common;

use common::{Repo, findings_of};

const CHARTER: &str = include_str!("../../examples/products/ledger/charter.toml");

/// `charter-stale`'s commit for each charter, with `stale_after_days = 1`
/// and a today far ahead so that every charter with later commits is stale.
fn stale_commits(repo: &Repo) -> Vec<(String, String)> {
    let out = repo.run(&[
        "check",
        "--rev",
        "HEAD",
        "--format",
        "json",
        "--today",
        "2040-01-01",
    ]);
    let report = common::parse_json(&out);
    let mut found: Vec<(String, String)> = findings_of(&report, "charter-stale")
        .iter()
        .map(|f| {
            let message = f["message"].as_str().unwrap();
            let commit = message
                .split("commit ")
                .nth(1)
                .and_then(|s| s.split(')').next())
                .unwrap_or_else(|| panic!("no commit in {message}"));
            (f["path"].as_str().unwrap().to_string(), commit.to_string())
        })
        .collect();
    found.sort();
    found
}

/// What git says, abbreviated as charterlint abbreviates.
fn git_last_change(repo: &Repo, path: &str) -> String {
    repo.git(&["log", "-1", "--format=%H", "--", path]).trim()[..12].to_string()
}

fn expect_git_answers(repo: &Repo, paths: &[&str]) {
    let expected: Vec<(String, String)> = paths
        .iter()
        .map(|p| (p.to_string(), git_last_change(repo, p)))
        .collect();
    assert_eq!(stale_commits(repo), expected, "without a commit-graph");
    repo.git(&["commit-graph", "write", "--reachable"]);
    assert_eq!(stale_commits(repo), expected, "with a commit-graph");
    // Commits newer than the graph are read from their objects.
    repo.write("later.txt", "later\n");
    repo.commit("after the graph", Some("2030-01-01T00:00:00Z"));
    assert_eq!(stale_commits(repo), expected, "with an older commit-graph");
}

fn setup() -> Repo {
    let repo = Repo::new();
    repo.write(
        "charterlint.toml",
        "stale_after_days = 1\ninclude = [\"**/charter.toml\"]\n",
    );
    repo
}

#[test]
fn a_linear_history_names_the_last_commit_that_touched_the_charter() {
    let repo = setup();
    repo.write("charter.toml", CHARTER)
        .write("products/a/charter.toml", CHARTER);
    repo.commit("charters", Some("2025-01-01T00:00:00Z"));
    repo.write("charter.toml", &format!("{CHARTER}# edited\n"));
    repo.commit("edit", Some("2025-02-01T00:00:00Z"));
    for month in 3..9 {
        // Changes beside the nested charter: its folder's tree changes too.
        repo.write("products/a/notes.md", &format!("{month}\n"));
        repo.write("src/lib.rs", &format!("// {month}\n"));
        repo.commit("work", Some(&format!("2025-{month:02}-01T00:00:00Z")));
    }
    expect_git_answers(&repo, &["charter.toml", "products/a/charter.toml"]);
}

#[test]
fn a_merge_that_kept_its_own_version_is_followed_along_that_parent() {
    let repo = setup();
    repo.write("charter.toml", CHARTER);
    repo.commit("charter", Some("2025-01-01T00:00:00Z"));
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("charter.toml", &format!("{CHARTER}# a side change\n"));
    repo.commit("side edit", Some("2025-06-01T00:00:00Z"));
    repo.git(&["checkout", "-q", "main"]);
    repo.write("src/lib.rs", "// main\n");
    repo.commit("main work", Some("2025-05-01T00:00:00Z"));
    // The merge keeps main's charter: the side change never reached it, so
    // the side commit (the newest that touched the path) is not its last
    // change; git names the first commit.
    repo.git_dated(
        Some("2025-07-01T00:00:00Z"),
        &["merge", "-q", "-s", "ours", "--no-edit", "side"],
    );
    expect_git_answers(&repo, &["charter.toml"]);
}

#[test]
fn a_change_that_came_through_a_merge_is_the_branch_commit_that_made_it() {
    let repo = setup();
    repo.write("charter.toml", CHARTER)
        .write("products/b/charter.toml", CHARTER);
    repo.commit("charters", Some("2025-01-01T00:00:00Z"));
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("products/b/charter.toml", &format!("{CHARTER}# side\n"));
    repo.commit("side edit", Some("2025-03-01T00:00:00Z"));
    repo.git(&["checkout", "-q", "main"]);
    for month in 4..7 {
        repo.write("src/lib.rs", &format!("// {month}\n"));
        repo.commit("main work", Some(&format!("2025-{month:02}-01T00:00:00Z")));
    }
    repo.git_dated(
        Some("2025-08-01T00:00:00Z"),
        &["merge", "-q", "--no-edit", "side"],
    );
    expect_git_answers(&repo, &["charter.toml", "products/b/charter.toml"]);
}

#[test]
fn a_charter_removed_and_added_again_last_changed_when_it_came_back() {
    let repo = setup();
    repo.write("charter.toml", CHARTER);
    repo.commit("charter", Some("2025-01-01T00:00:00Z"));
    repo.git(&["rm", "-q", "charter.toml"]);
    repo.commit("gone", Some("2025-02-01T00:00:00Z"));
    repo.write("charter.toml", CHARTER);
    repo.commit("back", Some("2025-03-01T00:00:00Z"));
    repo.write("src/lib.rs", "// later\n");
    repo.commit("work", Some("2025-04-01T00:00:00Z"));
    expect_git_answers(&repo, &["charter.toml"]);
}
