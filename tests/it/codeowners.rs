//! `owner-not-codeowner` through the real binary: CODEOWNERS is read from
//! the same source as the charters (work tree, index, commit, each
//! repository of a scan), found where GitHub looks for it, and a broken one
//! is never a crash.

use crate::common;

use common::{CLEAN, Org, Repo, TODAY, findings_of};
use serde_json::Value;

const RULE: &str = "owner-not-codeowner";
const CHARTER: &str = "products/ledger/charter.toml";

/// CODEOWNERS that gives the ledger's charter to its team (`product.owner`
/// of `CLEAN` is `team-finance-platform`).
const OWNED: &str = "* @acme/platform\n/products/ledger/ @acme/team-finance-platform\n";
/// CODEOWNERS that gives it to another team.
const NOT_OWNED: &str = "* @acme/platform\n/products/ledger/src/ @acme/team-finance-platform\n";

fn repo_with(codeowners: &[(&str, &str)]) -> Repo {
    let repo = Repo::new();
    repo.write(CHARTER, CLEAN);
    for (path, text) in codeowners {
        repo.write(path, text);
    }
    repo
}

/// The rule's findings of a `check` with `args`; the run must not fail.
fn noted(repo: &Repo, args: &[&str]) -> Vec<Value> {
    let (code, report) = repo.check_json(args);
    assert_eq!(code, 0, "{report}");
    findings_of(&report, RULE).into_iter().cloned().collect()
}

fn message(found: &[Value]) -> &str {
    assert_eq!(found.len(), 1, "{found:?}");
    found[0]["message"].as_str().unwrap()
}

#[test]
fn the_work_tree_s_codeowners_decides_and_the_finding_points_at_the_owner() {
    let repo = repo_with(&[(".github/CODEOWNERS", NOT_OWNED)]);
    let found = noted(&repo, &[]);
    let m = message(&found);
    assert!(m.contains("`@acme/platform`"), "{m}");
    assert!(m.contains("`.github/CODEOWNERS` line 1: `*`"), "{m}");
    let f = &found[0];
    assert_eq!(f["severity"], "note");
    assert_eq!(f["path"], CHARTER);
    // `owner = "team-finance-platform"`: the value, line 6, column 9.
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(6), Some(9))
    );
    assert_eq!(f["end_column"].as_u64(), Some(32));
    let help = f["help"].as_str().unwrap();
    assert!(
        help.contains("`/products/ledger/charter.toml @acme/team-finance-platform`"),
        "{help}"
    );

    repo.write(".github/CODEOWNERS", OWNED);
    assert!(noted(&repo, &[]).is_empty());
    // `@org/` and case aside.
    repo.write(
        ".github/CODEOWNERS",
        "* @acme/platform\n/products/ @other/Team-Finance-Platform\n",
    );
    assert!(noted(&repo, &[]).is_empty());
}

#[test]
fn a_path_without_owners_is_reported_as_such() {
    // No line matches it.
    let repo = repo_with(&[(".github/CODEOWNERS", "/src/ @acme/core\n")]);
    let m = message(&noted(&repo, &[])).to_string();
    assert!(m.contains("no owners"), "{m}");
    assert!(
        m.contains("no line of `.github/CODEOWNERS` matches it"),
        "{m}"
    );
    // The last line that matches names no owner.
    repo.write(
        ".github/CODEOWNERS",
        &format!("{OWNED}/products/ledger/charter.toml\n"),
    );
    let m = message(&noted(&repo, &[])).to_string();
    assert!(
        m.contains("line 3: `/products/ledger/charter.toml` names none"),
        "{m}"
    );
}

#[test]
fn quiet_without_codeowners_or_without_an_owner() {
    let repo = repo_with(&[]);
    assert!(noted(&repo, &[]).is_empty());
    let repo = repo_with(&[(".github/CODEOWNERS", NOT_OWNED)]);
    repo.write(
        CHARTER,
        &CLEAN.replace("owner = \"team-finance-platform\"\n", ""),
    );
    let (_, report) = repo.check_json(&[]);
    assert!(findings_of(&report, RULE).is_empty(), "{report}");
    repo.write(
        CHARTER,
        &CLEAN.replace("\"team-finance-platform\"", "\"TBD\""),
    );
    let (_, report) = repo.check_json(&[]);
    assert!(findings_of(&report, RULE).is_empty(), "{report}");
}

#[test]
fn staged_reads_the_index_s_codeowners_not_the_work_tree_s() {
    let repo = repo_with(&[(".github/CODEOWNERS", OWNED)]);
    repo.git(&["add", "-A"]);
    repo.write(".github/CODEOWNERS", NOT_OWNED);
    assert!(noted(&repo, &["--staged"]).is_empty());
    assert_eq!(noted(&repo, &[]).len(), 1);

    // And the other way round.
    repo.git(&["add", "-A"]);
    repo.write(".github/CODEOWNERS", OWNED);
    assert_eq!(noted(&repo, &["--staged"]).len(), 1);
    assert!(noted(&repo, &[]).is_empty());
}

#[test]
fn rev_reads_the_commit_s_codeowners() {
    let repo = repo_with(&[(".github/CODEOWNERS", NOT_OWNED)]);
    repo.commit("not owned", None);
    repo.write(".github/CODEOWNERS", OWNED);
    repo.commit("owned", None);
    repo.write(".github/CODEOWNERS", NOT_OWNED);
    assert_eq!(noted(&repo, &["--rev", "HEAD~1"]).len(), 1);
    assert!(noted(&repo, &["--rev", "HEAD"]).is_empty());
}

#[test]
fn a_scan_reads_each_repository_s_committed_codeowners() {
    let org = Org::new();
    let mut repos = Vec::new();
    for (name, codeowners) in [
        ("owned", Some(OWNED)),
        ("not-owned", Some(NOT_OWNED)),
        ("none", None),
    ] {
        let repo = org.repo(name);
        repo.write(
            CHARTER,
            &CLEAN.replace("id = \"ledger\"", &format!("id = \"{name}\"")),
        );
        if let Some(text) = codeowners {
            repo.write(".github/CODEOWNERS", text);
        }
        repo.commit("charter", None);
        repos.push(repo);
    }
    // The work tree is not what a scan reads.
    repos[0].write(".github/CODEOWNERS", NOT_OWNED);
    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    let repos: Vec<&str> = findings_of(&report, RULE)
        .iter()
        .map(|f| f["repo"].as_str().unwrap())
        .collect();
    assert_eq!(repos, ["not-owned"]);
}

#[test]
fn github_s_first_location_wins_github_then_root_then_docs() {
    let repo = repo_with(&[
        (".github/CODEOWNERS", OWNED),
        ("CODEOWNERS", NOT_OWNED),
        ("docs/CODEOWNERS", NOT_OWNED),
    ]);
    assert!(noted(&repo, &[]).is_empty());
    std::fs::remove_file(repo.path().join(".github/CODEOWNERS")).unwrap();
    let m = message(&noted(&repo, &[])).to_string();
    assert!(m.contains("(`CODEOWNERS` line 1"), "{m}");
    repo.write("CODEOWNERS", OWNED);
    repo.write("docs/CODEOWNERS", NOT_OWNED);
    assert!(noted(&repo, &[]).is_empty());
    std::fs::remove_file(repo.path().join("CODEOWNERS")).unwrap();
    let m = message(&noted(&repo, &[])).to_string();
    assert!(m.contains("(`docs/CODEOWNERS` line 1"), "{m}");
}

#[test]
fn a_folder_named_codeowners_is_passed_over() {
    let repo = repo_with(&[
        (".github/CODEOWNERS/README", "not the file"),
        ("CODEOWNERS", NOT_OWNED),
    ]);
    repo.commit("folder", None);
    for args in [&[][..], &["--rev", "HEAD"], &["--staged"]] {
        let m = message(&noted(&repo, args)).to_string();
        assert!(m.contains("(`CODEOWNERS` line 1"), "{args:?}: {m}");
    }
}

#[test]
fn a_binary_or_linked_codeowners_is_a_notice_not_a_crash() {
    let repo = repo_with(&[]);
    repo.write_bytes(".github/CODEOWNERS", b"\x00\xff\xfe* @acme/x\n\x00");
    repo.commit("binary", None);
    for args in [&[][..], &["--rev", "HEAD"], &["--staged"]] {
        let mut all = vec!["check", "--format", "json", "--today", TODAY];
        all.extend_from_slice(args);
        let out = repo.run(&all);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let report = common::parse_json(&out);
        assert!(findings_of(&report, RULE).is_empty(), "{report}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(".github/CODEOWNERS: not read as CODEOWNERS: it is not text"),
            "{args:?}: {err}"
        );
    }
    let org = Org::new();
    let scanned = org.repo("binary");
    scanned.write(CHARTER, CLEAN);
    scanned.write_bytes(".github/CODEOWNERS", b"\x00\xff");
    scanned.commit("binary", None);
    let out = org.scan(&["--format", "json", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary: .github/CODEOWNERS: not read"));

    let repo = repo_with(&[("elsewhere", OWNED)]);
    std::fs::create_dir_all(repo.path().join(".github")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", repo.path().join(".github/CODEOWNERS")).unwrap();
    let out = repo.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("it is a symbolic link"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn text_that_is_not_utf8_is_read_line_by_line_and_bad_lines_are_skipped() {
    let repo = repo_with(&[]);
    repo.write_bytes(
        ".github/CODEOWNERS",
        b"# caf\xe9\n* @acme/platform\n/products/ team-finance-platform\n",
    );
    let found = noted(&repo, &[]);
    let m = message(&found);
    assert!(m.contains("`@acme/platform`"), "{m}");
    let help = found[0]["help"].as_str().unwrap();
    assert!(
        help.contains("GitHub skips 1 line of `.github/CODEOWNERS` as invalid (line 3: `team-finance-platform` is not an owner"),
        "{help}"
    );
}

#[test]
fn codeowners_is_not_read_when_the_rule_is_off() {
    let repo = repo_with(&[]);
    repo.write_bytes(".github/CODEOWNERS", b"\x00");
    repo.write(
        "charterlint.toml",
        "[rules]\nowner-not-codeowner = \"off\"\n",
    );
    let out = repo.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("CODEOWNERS"), "read although off: {err}");
    // And raised, it fails the run.
    repo.write(".github/CODEOWNERS", NOT_OWNED);
    repo.write(
        "charterlint.toml",
        "[rules]\nowner-not-codeowner = \"error\"\n",
    );
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(findings_of(&report, RULE)[0]["severity"], "error");
}
