//! Issue 23, item 1: a scanned repository's own configuration never reads
//! outside that repository. `extends` and `registry` naming another
//! repository, an absolute path or a path leaving the tree are
//! `config-invalid`, and nothing they name is opened: not the file, not the
//! repository, not even a lookup of whether it exists.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{CLEAN, Org, Repo, TODAY, charterlint, findings_of, parse_json};
use serde_json::Value;

const OUTSIDE: &str = "a scanned repository's configuration cannot read outside it; pass `--config`/`--registry` to the scan";

/// A private repository beside the organisation, with files whose key names
/// must never reach a report.
fn private_repo(parent: &Path) -> Repo {
    let repo = Repo::at(parent.join("private-finance"));
    repo.write("creds.toml", "[secret_db_password]\nhunter2_key = 1\n")
        .write("anything.toml", "okrs = 1\nsecret_registry_key = 2\n")
        .write("policy.toml", "[rules]\nbuild-closed-internal = \"off\"\n");
    repo.commit("private", None);
    repo
}

/// An organisation whose repositories each try to read the private one.
fn hostile_org(private: &Path) -> Org {
    let org = Org::new();
    let p = private.display().to_string();
    let configs = [
        (
            "extends-repo",
            format!("extends = {{ repo = \"{p}\", rev = \"HEAD\", path = \"creds.toml\" }}\n"),
        ),
        (
            "registry-repo",
            format!("registry = {{ repo = \"{p}\", rev = \"HEAD\", path = \"anything.toml\" }}\n"),
        ),
        (
            "registry-relative-repo",
            "registry = { repo = \"../../private-finance\", rev = \"HEAD\", path = \"anything.toml\" }\n"
                .to_string(),
        ),
        (
            "extends-absolute",
            format!("extends = \"{p}/creds.toml\"\n"),
        ),
        (
            "registry-absolute",
            format!("registry = \"{p}/anything.toml\"\n"),
        ),
        (
            "extends-dotdot",
            "extends = \"../private-finance/creds.toml\"\n".to_string(),
        ),
        (
            "registry-dotdot",
            "registry = \"docs/../../private-finance/anything.toml\"\n".to_string(),
        ),
    ];
    for (name, config) in configs {
        let repo = org.repo(name);
        repo.write(
            "charter.toml",
            &CLEAN.replace("\"ledger\"", &format!("\"{name}\"")),
        )
        .write("charterlint.toml", &config);
        repo.commit("config", None);
    }
    // A base in the repository's own tree that itself reaches out.
    let nested = org.repo("nested-base");
    nested
        .write(
            "charter.toml",
            &CLEAN.replace("\"ledger\"", "\"nested-base\""),
        )
        .write("charterlint.toml", "extends = \"policy/base.toml\"\n")
        .write(
            "policy/base.toml",
            &format!("extends = {{ repo = \"{p}\", rev = \"HEAD\", path = \"creds.toml\" }}\n"),
        );
    nested.commit("config", None);
    let nested_registry = org.repo("nested-registry");
    nested_registry
        .write(
            "charter.toml",
            &CLEAN.replace("\"ledger\"", "\"nested-registry\""),
        )
        .write("charterlint.toml", "extends = \"policy/base.toml\"\n")
        .write(
            "policy/base.toml",
            &format!("registry = {{ repo = \"{p}\", rev = \"HEAD\", path = \"anything.toml\" }}\n"),
        );
    nested_registry.commit("config", None);
    org
}

const REPOS: [&str; 9] = [
    "extends-absolute",
    "extends-dotdot",
    "extends-repo",
    "nested-base",
    "nested-registry",
    "registry-absolute",
    "registry-dotdot",
    "registry-relative-repo",
    "registry-repo",
];

fn scan_text(org: &Org) -> String {
    let out = org.scan(&["--format", "json", "--today", TODAY, "--jobs", "2"]);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_scanned_configuration_that_reaches_outside_is_config_invalid() {
    let parent = tempfile::tempdir().unwrap();
    let private = private_repo(parent.path());
    let org = hostile_org(private.path());
    let text = scan_text(&org);
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let invalid = findings_of(&report, "config-invalid");
    let mut repos: Vec<&str> = invalid
        .iter()
        .map(|f| f["repo"].as_str().unwrap())
        .collect();
    repos.sort();
    assert_eq!(repos, REPOS, "{report:#}");
    for f in &invalid {
        let message = f["message"].as_str().unwrap();
        assert!(message.contains(OUTSIDE), "{f:#}");
        assert!(f["line"].is_number(), "points into the file: {f:#}");
        let path = f["path"].as_str().unwrap();
        assert!(
            path == "charterlint.toml" || path == "policy/base.toml",
            "{f:#}"
        );
    }
    // Nothing of the private repository reaches the report: neither its key
    // names nor its path.
    for secret in [
        "secret_db_password",
        "hunter2_key",
        "secret_registry_key",
        "private-finance",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(!findings_of(&report, "repo-unreadable").iter().any(|_| true));
    // The charters themselves are still checked (with the defaults).
    assert_eq!(report["summary"]["charters"], 9, "{report:#}");
}

/// Whether the private repository exists changes nothing in the report:
/// the scan does not even look.
#[test]
fn a_scan_does_not_reveal_whether_another_repository_exists() {
    let parent = tempfile::tempdir().unwrap();
    let private = private_repo(parent.path());
    let org = hostile_org(private.path());
    let with = scan_text(&org);
    std::fs::remove_dir_all(private.path()).unwrap();
    let without = scan_text(&org);
    assert_eq!(with, without);
}

/// strace-level evidence: no system call of the scan (or of its worker
/// processes) names the private repository.
#[test]
fn a_scan_never_opens_another_repository() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("SKIPPED: strace is not installed; the other tests still check the report");
        return;
    }
    let parent = tempfile::tempdir().unwrap();
    let private = private_repo(parent.path());
    let org = hostile_org(private.path());
    let log = parent.path().join("strace.log");
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=%file,%desc", "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_charterlint"))
        .args(["scan", "--format", "json", "--today", TODAY])
        .arg(org.path())
        .env("SOURCE_DATE_EPOCH", common::SCAN_EPOCH)
        .env_remove("GIT_DIR")
        .current_dir(org.path())
        .output()
        .unwrap();
    let report = parse_json(&out);
    assert_eq!(findings_of(&report, "config-invalid").len(), 9);
    let trace = std::fs::read_to_string(&log).unwrap();
    assert!(trace.contains("charterlint.toml") || trace.contains("objects"));
    let touched: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("private-finance"))
        .collect();
    assert!(touched.is_empty(), "{touched:#?}");
}

/// The scan's own `--config` (and its bases) and `--registry` may read
/// another repository: that is what they are for.
#[test]
fn the_scans_own_config_may_still_extend_another_repository() {
    let parent = tempfile::tempdir().unwrap();
    let private = private_repo(parent.path());
    let org = Org::new();
    org.repo_with_charter("app", CLEAN);
    let config = parent.path().join("org.toml");
    std::fs::write(
        &config,
        format!(
            "extends = {{ repo = \"{}\", rev = \"HEAD\", path = \"policy.toml\" }}\n",
            private.path().display()
        ),
    )
    .unwrap();
    let (code, report) = org.scan_json(&["--config", config.to_str().unwrap()]);
    assert_eq!(code, 0, "{report:#}");
    assert!(findings_of(&report, "config-invalid").is_empty());
}

/// `check` on one's own working tree is unchanged: a registry in a sibling
/// repository is the documented use.
#[test]
fn check_still_reads_a_registry_in_a_sibling_repository() {
    let parent = tempfile::tempdir().unwrap();
    let strategy = Repo::at(parent.path().join("strategy"));
    strategy.write(
        "okrs.toml",
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close\"\nends = 2026-12-31\n",
    );
    strategy.commit("okrs", None);
    let app = Repo::at(parent.path().join("app"));
    app.write("charter.toml", &CLEAN.replace("O-2026Q4-CLOSE", "O-NOPE"))
        .write(
            "charterlint.toml",
            "registry = { repo = \"../strategy\", rev = \"HEAD\", path = \"okrs.toml\" }\n",
        );
    app.commit("app", None);
    let (code, report) = app.check_json(&[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        findings_of(&report, "golden-thread-unresolved").len(),
        1,
        "{report:#}"
    );
    let _ = charterlint;
}
