//! `charterlint check` on a working tree: output, exit codes, configuration,
//! and bad input (SPEC sections 4–7).

use crate::common;

use std::os::unix::fs::symlink;

use common::{CLEAN, Repo, TODAY, findings_of, parse_json, rules_of};
use serde_json::Value;

fn with(replacements: &[(&str, &str)]) -> String {
    let mut s = CLEAN.to_string();
    for (from, to) in replacements {
        assert!(s.contains(from), "fixture lacks {from:?}");
        s = s.replacen(from, to, 1);
    }
    s
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text") as u64
        + 1
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_clean_charter_passes_with_exit_0() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["findings"], Value::Array(vec![]));
    assert_eq!(report["summary"]["charters"], 1);
}

#[test]
fn json_has_exactly_the_shape_of_spec_section_7() {
    let repo = Repo::new();
    let text = with(&[
        ("type = \"partner\"", "type = \"customer\""),
        ("value_exchange = \"none\"", "value_exchange = \"payment\""),
    ]);
    repo.write("products/ledger/charter.toml", &text);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&report), ["findings", "summary", "version"]);
    assert_eq!(report["version"], 1);
    assert_eq!(
        keys(&report["summary"]),
        ["charters", "errors", "notes", "repos", "warnings"]
    );
    let f = &findings_of(&report, "customer-without-choice")[0];
    assert_eq!(
        keys(f),
        [
            "column",
            "end_column",
            "end_line",
            "help",
            "labels",
            "line",
            "message",
            "path",
            "repo",
            "rule",
            "severity"
        ]
    );
    assert_eq!(f["severity"], "error");
    assert_eq!(f["repo"], Value::Null);
    assert_eq!(f["path"], "products/ledger/charter.toml");
    // The contradiction points at the type and labels the choice it contradicts.
    assert_eq!(f["line"], line_of(&text, "type = \"customer\""));
    assert_eq!(f["column"], 1);
    assert_eq!(f["end_line"], f["line"]);
    assert_eq!(f["end_column"], 1 + "type = \"customer\"".len() as u64);
    let label = &f["labels"][0];
    assert_eq!(
        keys(label),
        ["column", "end_column", "end_line", "line", "message"]
    );
    assert_eq!(label["line"], line_of(&text, "choice = false"));
    assert!(f["help"].as_str().unwrap().contains("partner"));
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn findings_are_sorted_by_path_line_column_rule() {
    let repo = Repo::new();
    repo.write("b/charter.toml", "charter = 1\n");
    repo.write("a/charter.toml", "[product]\nkind = \"platform\"\n");
    let (_, report) = repo.check_json(&[]);
    let order: Vec<(String, u64, u64, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert!(order.len() > 5);
    assert_eq!(order[0].0, "a/charter.toml");
}

#[test]
fn a_missing_key_points_at_its_table_and_shows_the_line_to_add() {
    let repo = Repo::new();
    let text = with(&[("choice = false\n", "")]);
    repo.write("charter.toml", &text);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let f = &findings_of(&report, "relationship-missing");
    assert_eq!(f.len(), 1, "{report}");
    assert_eq!(f[0]["line"], line_of(&text, "[relationship]"));
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("relationship.choice")
    );
    assert!(
        f[0]["help"].as_str().unwrap().contains("choice = false"),
        "{}",
        f[0]["help"]
    );
    // A missing table points at the top of the file.
    repo.write(
        "charter.toml",
        &CLEAN.replace(
            "[vision]\nstatement = \"Every entity closes its books in one day\"\n",
            "",
        ),
    );
    let (_, report) = repo.check_json(&[]);
    assert_eq!(findings_of(&report, "vision-missing")[0]["line"], 1);
}

#[test]
fn typos_and_wrong_values_get_the_closest_suggestion() {
    let repo = Repo::new();
    let text = with(&[
        ("[vision]", "[visoin]"),
        ("type = \"partner\"", "type = \"client\""),
    ]);
    repo.write("charter.toml", &text);
    let (_, report) = repo.check_json(&[]);
    let unknown = &findings_of(&report, "unknown-key")[0];
    assert_eq!(unknown["severity"], "warning");
    assert_eq!(unknown["line"], line_of(&text, "[visoin]"));
    assert!(unknown["help"].as_str().unwrap().contains("`vision`"));
    let invalid = &findings_of(&report, "invalid-value")[0];
    let help = invalid["help"].as_str().unwrap();
    assert!(help.contains("did you mean `customer`"), "{help}");
    assert!(help.contains("customer, partner, user"), "{help}");
    // An invalid value is not also reported as missing.
    assert!(
        findings_of(&report, "relationship-missing").is_empty(),
        "{report}"
    );
    // Every problem is found in one run.
    assert!(!findings_of(&report, "vision-missing").is_empty());
}

#[test]
fn registry_findings_name_the_entry_compared_with() {
    let repo = Repo::new();
    repo.write(
        "okrs.toml",
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n[[goals]]\nid = \"G-GROWTH\"\nstatement = \"Growth\"\n\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-GROWTH\"\nstatement = \"Close\"\nends = 2026-12-31\n",
    );
    repo.write("charterlint.toml", "registry = \"okrs.toml\"\n");
    repo.write("charter.toml", CLEAN);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let broken = &findings_of(&report, "golden-thread-broken")[0];
    let message = broken["message"].as_str().unwrap();
    assert!(
        message.contains("G-GROWTH") && message.contains("okrs.toml:9"),
        "{message}"
    );
    assert_eq!(
        broken["labels"][0]["line"],
        line_of(CLEAN, "goal = \"G-TRUST\"")
    );
    // --registry on the command line wins over the configuration.
    repo.write("other.toml", "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"T\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"C\"\n");
    let (code, report) = repo.check_json(&["--registry", "other.toml"]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn a_malformed_registry_is_reported_against_itself_and_charters_are_still_checked() {
    let repo = Repo::new();
    repo.write("okrs.toml", "okrs = 1\n[[goals]\nid = 1\n");
    repo.write("charterlint.toml", "registry = \"okrs.toml\"\n");
    repo.write("charter.toml", &with(&[("[vision]", "[visoin]")]));
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let parse = findings_of(&report, "parse-error");
    assert_eq!(parse.len(), 1);
    assert_eq!(parse[0]["path"], "okrs.toml");
    assert!(
        !findings_of(&report, "unknown-key").is_empty(),
        "charter still checked"
    );
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let repo = Repo::new();
    repo.write(
        "charter.toml",
        &with(&[("kpis = [\"days-to-close\"]\n", "")]),
    );
    let (code, report) = repo.check_json(&[]);
    assert_eq!(rules_of(&report), ["golden-thread-unmeasured"]);
    assert_eq!(code, 0);
    let (code, _) = repo.check_json(&["--deny", "warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn configured_severities_apply_and_off_rules_vanish() {
    let repo = Repo::new();
    repo.write(
        "charter.toml",
        &with(&[
            ("kpis = [\"days-to-close\"]\n", ""),
            ("[vision]", "[visoin]"),
        ]),
    );
    repo.write("charterlint.toml", "[rules]\ngolden-thread-unmeasured = \"error\"\nunknown-key = \"off\"\nvision-missing = \"note\"\n");
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings_of(&report, "golden-thread-unmeasured")[0]["severity"],
        "error"
    );
    assert!(findings_of(&report, "unknown-key").is_empty());
    assert_eq!(
        findings_of(&report, "vision-missing")[0]["severity"],
        "note"
    );
}

#[test]
fn a_bad_config_is_exit_2_with_its_own_span() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.write(
        "charterlint.toml",
        "include = [\"**/charter.toml\"]\n[rules]\nplacehodler = \"off\"\n",
    );
    let out = repo.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("charterlint.toml") && err.contains("placehodler"),
        "{err}"
    );
    assert!(err.contains("did you mean `placeholder`"), "{err}");
    assert!(err.contains("3 │"), "the span is shown: {err}");
    // --config names another file, which is then the one used.
    repo.write("ci.toml", "require_charter = \"yes\"\n");
    let out = repo.run(&["check", "--config", "ci.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ci.toml"));
    let out = repo.run(&["check", "--config", "missing.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.toml"));
}

#[test]
fn include_and_exclude_globs_choose_the_charters() {
    let repo = Repo::new();
    repo.write("products/a/charter.toml", CLEAN);
    repo.write("vendor/x/charter.toml", "nonsense");
    repo.write("teams/b.charter.toml", &CLEAN.replace("ledger", "other"));
    repo.write("charterlint.toml", "exclude = [\"vendor/**\"]\n");
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["charters"], 2);
    repo.write(
        "charterlint.toml",
        "include = [\"teams/**/*.charter.toml\"]\n",
    );
    let (_, report) = repo.check_json(&[]);
    assert_eq!(report["summary"]["charters"], 1);
}

#[test]
fn require_charter_reports_a_repository_without_one() {
    let repo = Repo::new();
    repo.write("README.md", "hi");
    repo.write("charterlint.toml", "\nrequire_charter = true\n");
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let f = &findings_of(&report, "charter-missing")[0];
    assert_eq!(f["path"], "charterlint.toml");
    assert_eq!(f["line"], 2);
}

#[test]
fn duplicate_product_ids_label_both_charters() {
    let repo = Repo::new();
    repo.write("a/charter.toml", CLEAN);
    repo.write("b/charter.toml", CLEAN);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let dups = findings_of(&report, "duplicate-product-id");
    assert_eq!(dups.len(), 2);
    assert!(
        dups[0]["message"]
            .as_str()
            .unwrap()
            .contains("b/charter.toml")
    );
    assert!(
        dups[1]["message"]
            .as_str()
            .unwrap()
            .contains("a/charter.toml")
    );
    assert_eq!(dups[0]["line"], line_of(CLEAN, "id = \"ledger\""));
}

#[test]
fn waivers_suppress_until_they_expire() {
    let repo = Repo::new();
    let waiver = |date: &str| {
        with(&[("kpis = [\"days-to-close\"]\n", "")])
            + &format!(
                "\n[[waivers]]\nrule = \"golden-thread-unmeasured\"\nreason = \"KPIs agreed next quarter\"\nexpires = {date}\n"
            )
    };
    repo.write("charter.toml", &waiver("2027-01-01"));
    let (code, report) = repo.check_json(&[]);
    assert_eq!((code, rules_of(&report)), (0, vec![]));
    repo.write("charter.toml", &waiver("2026-11-21"));
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let mut rules = rules_of(&report);
    rules.sort();
    assert_eq!(rules, ["golden-thread-unmeasured", "waiver-expired"]);
    // Expiring today still holds.
    repo.write("charter.toml", &waiver(TODAY));
    assert_eq!(repo.check_json(&[]).0, 0);
    // A waiver with nothing to waive.
    repo.write("charter.toml", &(CLEAN.to_string() + "\n[[waivers]]\nrule = \"golden-thread-unmeasured\"\nreason = \"x y\"\nexpires = 2027-01-01\n"));
    let (_, report) = repo.check_json(&[]);
    assert_eq!(rules_of(&report), ["waiver-unused"]);
}

#[test]
fn output_file_and_receipt() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    let out = repo.run(&[
        "check",
        "--format",
        "json",
        "--output",
        "report.json",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(written["summary"]["charters"], 1);
    let receipt = stderr(&out);
    assert!(
        receipt.contains("1 charter from the working tree"),
        "{receipt}"
    );
}

#[test]
fn a_run_that_checks_nothing_says_so() {
    let repo = Repo::new();
    repo.write("README.md", "no charter here");
    let out = repo.run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("0 charters") && stderr(&out).contains("nothing was checked"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn human_output_shows_rule_snippet_labels_and_help_without_colour_when_piped() {
    let repo = Repo::new();
    let text = with(&[("type = \"partner\"", "type = \"customer\"")]);
    repo.write("charter.toml", &text);
    let out = repo.run(&["check", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(1));
    let s = stdout(&out);
    assert!(
        !s.contains('\u{1b}'),
        "no ANSI escapes when stdout is not a terminal"
    );
    assert!(s.contains("customer-without-choice"), "{s}");
    assert!(s.contains("charter.toml:25:1"), "{s}");
    assert!(
        s.contains("type = \"customer\"") && s.contains("they cannot choose"),
        "{s}"
    );
    assert!(s.contains("help:"), "{s}");
    let coloured = repo.run(&["check", "--color", "always"]);
    assert!(stdout(&coloured).contains('\u{1b}'));
    let no_color = common::charterlint()
        .args(["check", "--color", "auto"])
        .env("NO_COLOR", "1")
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\u{1b}'));
}

#[test]
fn control_characters_from_a_charter_never_reach_the_terminal() {
    let repo = Repo::new();
    repo.write(
        "charter.toml",
        &with(&[("type = \"partner\"", "type = \"\\u001b[2Jclient\"")]),
    );
    let out = repo.run(&["check", "--color", "never"]);
    assert!(
        !out.stdout.contains(&0x1b),
        "raw ESC in output: {}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("found `\\u{1b}"), "{}", stdout(&out));
}

#[test]
fn paths_select_files_and_folders_and_name_the_config_to_check_all() {
    let repo = Repo::new();
    repo.write("a/charter.toml", CLEAN);
    repo.write("b/charter.toml", "charter = 1\n");
    repo.write("notes/product.toml", "charter = 1\n");
    let (code, report) = repo.check_json(&["a/charter.toml"]);
    assert_eq!((code, report["summary"]["charters"].as_u64()), (0, Some(1)));
    let (code, report) = repo.check_json(&["b"]);
    assert_eq!((code, report["summary"]["charters"].as_u64()), (1, Some(1)));
    // A file named explicitly is checked even if the include globs do not name it.
    let (_, report) = repo.check_json(&["notes/product.toml"]);
    assert_eq!(report["findings"][0]["path"], "notes/product.toml");
    // Naming the config (pre-commit passes changed files) checks everything.
    repo.write("charterlint.toml", "");
    let (_, report) = repo.check_json(&["charterlint.toml"]);
    assert_eq!(report["summary"]["charters"], 2);
    // From a subfolder, paths are relative to it and shown relative to the root.
    let out = common::charterlint()
        .args(["check", "--format", "json", "charter.toml"])
        .current_dir(repo.path().join("b"))
        .output()
        .unwrap();
    assert_eq!(parse_json(&out)["findings"][0]["path"], "b/charter.toml");
}

#[test]
fn check_outside_a_repository_checks_plain_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("charter.toml"), CLEAN).unwrap();
    let out = common::charterlint()
        .args(["check", "--format", "json", "charter.toml"])
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(parse_json(&out)["summary"]["charters"], 1);
}

#[test]
fn bad_input_never_stops_the_run() {
    let repo = Repo::new();
    repo.write("good/charter.toml", CLEAN);
    repo.write("not-toml/charter.toml", "this is not toml at all\n");
    repo.write("empty/charter.toml", "");
    repo.write_bytes("latin1/charter.toml", b"charter = 1\nname = \"Caf\xe9\"\n");
    repo.write("dupkey/charter.toml", "charter = 1\ncharter = 1\n");
    repo.write(
        "deep/charter.toml",
        &format!(
            "charter = 1\nx = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    std::fs::create_dir_all(repo.path().join("folder/charter.toml")).unwrap();
    let big = std::fs::File::create(repo.path().join("huge.charter.toml")).unwrap();
    big.set_len(1 << 30).unwrap(); // sparse: 1 GiB that must never be read
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), CLEAN).unwrap();
    std::fs::create_dir_all(repo.path().join("link")).unwrap();
    symlink(
        outside.path().join("secret.toml"),
        repo.path().join("link/charter.toml"),
    )
    .unwrap();

    let out = repo.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = parse_json(&out);
    let by_path = |p: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == p)
            .map(|f| {
                format!(
                    "{}: {}",
                    f["rule"].as_str().unwrap(),
                    f["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert!(by_path("good/charter.toml").is_empty());
    for (path, expected) in [
        ("not-toml/charter.toml", "parse-error: invalid TOML"),
        ("empty/charter.toml", "unknown-version"),
        ("latin1/charter.toml", "parse-error: the file is not UTF-8"),
        ("dupkey/charter.toml", "parse-error: invalid TOML"),
        (
            "deep/charter.toml",
            "parse-error: invalid TOML: arrays or inline tables are nested",
        ),
        (
            "huge.charter.toml",
            "parse-error: the file is 1.0 GiB and was not read",
        ),
        (
            "link/charter.toml",
            "parse-error: the charter is a symbolic link",
        ),
    ] {
        let found = by_path(path);
        assert!(
            found.iter().any(|f| f.starts_with(expected)),
            "{path}: expected {expected:?}, got {found:?}"
        );
    }
    assert!(
        stderr(&out).contains("folder/charter.toml: skipped: a folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        report["summary"]["charters"], 8,
        "every charter file is counted, parsed or not: {report}"
    );
}

#[test]
fn an_unreadable_charter_is_exit_2_and_the_others_are_still_checked() {
    let repo = Repo::new();
    repo.write("good/charter.toml", &with(&[("[vision]", "[visoin]")]));
    // A FIFO: opening it would block forever; it is reported instead. (Tests
    // run as root in CI, where permissions cannot make a file unreadable.)
    std::fs::create_dir_all(repo.path().join("pipe")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(repo.path().join("pipe/charter.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pipe/charter.toml: cannot read"),
        "{}",
        stderr(&out)
    );
    assert!(!findings_of(&parse_json(&out), "unknown-key").is_empty());
}

#[test]
fn naming_files_checks_only_those_files_without_walking_the_tree() {
    let repo = Repo::new();
    repo.write("good/charter.toml", CLEAN);
    // Anything the walk would meet: a broken charter and a FIFO that would
    // make the run exit 2.
    repo.write("bad/charter.toml", "not toml");
    std::fs::create_dir_all(repo.path().join("pipe")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(repo.path().join("pipe/charter.toml"))
            .status()
            .unwrap()
            .success()
    );
    let (code, report) = repo.check_json(&["good/charter.toml"]);
    assert_eq!(
        (code, report["summary"]["charters"].as_u64()),
        (0, Some(1)),
        "{report}"
    );
    // Naming two files with one product id still finds the duplicate.
    repo.write("copy/charter.toml", CLEAN);
    let (code, report) = repo.check_json(&["good/charter.toml", "copy/charter.toml"]);
    assert_eq!(code, 1);
    assert_eq!(findings_of(&report, "duplicate-product-id").len(), 2);
}

#[test]
fn a_named_file_is_read_from_the_commit_with_rev_even_if_gone_from_disk() {
    let repo = Repo::new();
    repo.write("a/charter.toml", &with(&[("[vision]", "[visoin]")]));
    repo.commit("a", None);
    std::fs::remove_dir_all(repo.path().join("a")).unwrap();
    let (code, report) = repo.check_json(&["--rev", "HEAD", "a/charter.toml"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        findings_of(&report, "unknown-key")[0]["path"],
        "a/charter.toml"
    );
}
