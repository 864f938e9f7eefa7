//! `check --stdin-filename PATH`: one charter read from standard input as if
//! it were at PATH, with that path's configuration and registry, for editors
//! and tools without a language server.

use crate::common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::{CLEAN, Repo, TODAY, charterlint, parse_json, rules_of};

fn check_stdin(repo: &Repo, text: &str, args: &[&str]) -> Output {
    let mut child = charterlint()
        .args(["check", "--today", TODAY])
        .args(args)
        .current_dir(repo.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A run refused before it reads standard input closes the pipe early.
    let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn standard_input_is_checked_as_the_named_path_with_its_config_and_registry() {
    let repo = Repo::new();
    repo.write(
        "strategy/okrs.toml",
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close\"\nends = 2999-01-01\n",
    );
    repo.write(
        "charterlint.toml",
        "registry = \"strategy/okrs.toml\"\n[rules]\nplaceholder = \"warning\"\n",
    );
    // On disk the charter is clean; the unsaved text on stdin is not.
    repo.write("products/ledger/charter.toml", CLEAN);
    let unsaved = CLEAN
        .replace("\"O-2026Q4-CLOSE\"", "\"O-2026Q4-CLOSED\"")
        .replace("name = \"General Ledger\"", "name = \"TBD\"");
    let out = check_stdin(
        &repo,
        &unsaved,
        &[
            "--stdin-filename",
            "products/ledger/charter.toml",
            "--format",
            "json",
        ],
    );
    let report = parse_json(&out);
    assert_eq!(
        rules_of(&report),
        ["placeholder", "golden-thread-unresolved"],
        "the registry and the severities of the configuration apply: {report}"
    );
    assert_eq!(report["findings"][0]["severity"], "warning");
    assert_eq!(
        report["findings"][0]["path"],
        "products/ledger/charter.toml"
    );
    assert_eq!(report["summary"]["charters"], 1);
    // The human receipt says where the text came from.
    let out = check_stdin(
        &repo,
        &unsaved,
        &["--stdin-filename", "products/ledger/charter.toml"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 charter from standard input (as products/ledger/charter.toml"),
        "{err}"
    );
}

#[test]
fn a_path_that_does_not_exist_yet_or_outside_the_include_globs_is_fine() {
    let repo = Repo::new();
    let out = check_stdin(
        &repo,
        CLEAN,
        &["--stdin-filename", "new/draft.toml", "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(parse_json(&out)["summary"]["charters"], 1);
}

#[test]
fn outside_the_repository_or_with_paths_is_refused() {
    let repo = Repo::new();
    let out = check_stdin(&repo, CLEAN, &["--stdin-filename", "/etc/charter.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is outside the repository"));
    let out = check_stdin(&repo, CLEAN, &["--stdin-filename", "a.toml", "b.toml"]);
    assert_eq!(out.status.code(), Some(2));
}
