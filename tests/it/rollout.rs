//! Rollout dates (SPEC v1.2 section 4): a rule's level may be
//! `{ level, from }`. Before the date its findings are notes that say what
//! they become and when, and fail no run; from the date they have their
//! level. `rules` and `config --show` list dated rules, a scan's report has
//! an Upcoming list, and a date or level that is not one is a configuration
//! problem with its place. Also here: `scan --config ORG` as every
//! repository's base.

use crate::common;

use common::{CLEAN, Org, Repo, TODAY, findings_of, parse_json};
use serde_json::Value;

/// CLEAN without its skills plan: `buy-without-skills-plan` fires.
fn without_skills_plan(id: &str, owner: &str) -> String {
    CLEAN
        .replace("skills_plan = \"Two analysts certified by Q2\"\n", "")
        .replace("id = \"ledger\"", &format!("id = \"{id}\""))
        .replace("team-finance-platform", owner)
}

const DATED: &str = "[rules]\nbuy-without-skills-plan = { level = \"error\", from = 2027-04-01 }\n";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `check --format json` on `day`.
fn check_on(repo: &Repo, day: &str, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json", "--today", day];
    all.extend_from_slice(args);
    let out = repo.run(&all);
    (out.status.code().unwrap_or(-1), parse_json(&out))
}

/// `scan --format json` on `day`.
fn scan_on(org: &Org, day: &str, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json", "--today", day];
    all.extend_from_slice(args);
    let out = org.scan(&all);
    (out.status.code().unwrap_or(-1), parse_json(&out))
}

fn repo_with(config: &str) -> Repo {
    let repo = Repo::new();
    repo.write("charterlint.toml", config)
        .write("charter.toml", &without_skills_plan("ledger", "finance"));
    repo.commit("dated", None);
    repo
}

#[test]
fn before_its_date_a_rule_is_a_note_that_says_what_it_becomes() {
    let repo = repo_with(DATED);
    let (code, report) = check_on(&repo, "2027-03-31", &[]);
    assert_eq!(code, 0, "a pending rule fails no run: {report}");
    let f = findings_of(&report, "buy-without-skills-plan");
    assert_eq!(f.len(), 1, "{report}");
    assert_eq!(f[0]["severity"], "note");
    let message = f[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("(a note until 2027-04-01, an error from then on)"),
        "{message}"
    );
    // Not with --deny-warnings either.
    let (code, _) = check_on(&repo, "2027-03-31", &["--deny", "warnings"]);
    assert_eq!(code, 0);
}

#[test]
fn from_its_date_a_rule_has_its_level() {
    let repo = repo_with(DATED);
    for day in ["2027-04-01", "2028-01-01"] {
        let (code, report) = check_on(&repo, day, &[]);
        assert_eq!(code, 1, "{day}: {report}");
        let f = findings_of(&report, "buy-without-skills-plan");
        assert_eq!(f[0]["severity"], "error", "{day}");
        assert!(!f[0]["message"].as_str().unwrap().contains("a note until"));
    }
}

#[test]
fn a_date_or_level_that_is_not_one_is_named_at_its_place() {
    for (rules, said) in [
        (
            "buy-without-skills-plan = { level = \"error\", from = \"2027-04-01\" }",
            "must be a TOML date",
        ),
        (
            "buy-without-skills-plan = { level = \"fatal\", from = 2027-04-01 }",
            "allowed values: error, warning, note, off",
        ),
        (
            "buy-without-skills-plan = { level = \"error\", from = 2027-04-01T10:00:00 }",
            "must be a date without a time",
        ),
        (
            "buy-without-skills-plan = { level = \"error\" }",
            "has no `from`",
        ),
        (
            "buy-without-skills-plan = { from = 2027-04-01 }",
            "has no `level`",
        ),
        (
            "buy-without-skills-plan = { level = \"error\", from = 2027-04-01, to = 2028-01-01 }",
            "unknown key `to`",
        ),
    ] {
        let repo = repo_with(&format!("[rules]\n{rules}\n"));
        let out = repo.run(&["check", "--today", TODAY]);
        assert_eq!(out.status.code(), Some(2), "{rules}");
        let err = stderr(&out);
        assert!(err.contains(said), "{rules}: {err}");
        assert!(err.contains("charterlint.toml:2:"), "{rules}: {err}");
    }
}

#[test]
fn rules_and_config_show_list_the_dated_rules() {
    let repo = repo_with(DATED);
    let out = repo.run(&["rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let dated = text
        .split_once("Rolled out on a date")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no dated rules in:\n{text}"));
    assert!(
        dated
            .lines()
            .any(|l| l.starts_with("buy-without-skills-plan")
                && l.contains("error")
                && l.contains("from 2027-04-01")),
        "{dated}"
    );
    // Without a dated rule, no such list.
    let plain = repo_with("");
    assert!(!stdout(&plain.run(&["rules"])).contains("Rolled out on a date"));

    let out = repo.run(&["config", "--show"]);
    let text = stdout(&out);
    assert!(
        text.contains(
            "buy-without-skills-plan = { level = \"error\", from = 2027-04-01 }  # charterlint.toml"
        ),
        "{text}"
    );
}

#[test]
fn a_locked_rule_may_not_be_rolled_out_later_than_its_base_does() {
    let repo = Repo::new();
    repo.write(
        "org/charterlint.toml",
        "locked = [\"buy-without-skills-plan\"]\n[rules]\nbuy-without-skills-plan = { level = \"error\", from = 2027-04-01 }\n",
    )
    .write("charter.toml", &without_skills_plan("ledger", "finance"));
    // Later than the base: refused, naming the lock.
    repo.write(
        "charterlint.toml",
        "extends = \"org/charterlint.toml\"\n[rules]\nbuy-without-skills-plan = { level = \"error\", from = 2028-01-01 }\n",
    );
    repo.commit("later", None);
    let out = repo.run(&["check", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("later than"), "{}", stderr(&out));
    // Earlier than the base, or at once: raising it is allowed.
    for earlier in ["{ level = \"error\", from = 2027-01-01 }", "\"error\""] {
        repo.write(
            "charterlint.toml",
            &format!(
                "extends = \"org/charterlint.toml\"\n[rules]\nbuy-without-skills-plan = {earlier}\n"
            ),
        );
        let (code, report) = check_on(&repo, "2027-02-01", &[]);
        assert_eq!(code, 1, "{earlier}: {report}");
    }
    // A lock with no date may not be postponed at all.
    repo.write(
        "org/charterlint.toml",
        "locked = [\"buy-without-skills-plan\"]\n[rules]\nbuy-without-skills-plan = \"error\"\n",
    )
    .write(
        "charterlint.toml",
        "extends = \"org/charterlint.toml\"\n[rules]\nbuy-without-skills-plan = { level = \"error\", from = 2027-01-01 }\n",
    );
    let out = repo.run(&["check", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// An organisation of three products, two teams, under an ORG policy that
/// rolls a rule out in April.
fn organisation() -> (Org, tempfile::TempDir, String) {
    let org = Org::new();
    org.repo_with_charter("ledger", &without_skills_plan("ledger", "@acme/finance"));
    org.repo_with_charter("payroll", &without_skills_plan("payroll", "People"));
    org.repo_with_charter(
        "billing",
        &CLEAN
            .replace("id = \"ledger\"", "id = \"billing\"")
            .replace("team-finance-platform", "finance"),
    );
    let policy = tempfile::tempdir().unwrap();
    let config = policy.path().join("org.toml");
    std::fs::write(&config, DATED).unwrap();
    let config = config.display().to_string();
    (org, policy, config)
}

#[test]
fn a_scan_lists_each_dated_rule_with_the_charters_and_teams_it_would_fail() {
    let (org, _policy, config) = organisation();
    let (code, report) = scan_on(&org, "2027-01-15", &["--config", &config]);
    assert_eq!(code, 0, "{report}");
    let upcoming = report["upcoming"].as_array().expect("an upcoming list");
    assert_eq!(upcoming.len(), 1, "{report}");
    let u = &upcoming[0];
    assert_eq!(u["rule"], "buy-without-skills-plan");
    assert_eq!(u["level"], "error");
    assert_eq!(u["from"], "2027-04-01");
    assert_eq!(u["charters"], 2);
    assert_eq!(u["teams"], serde_json::json!(["@acme/finance", "People"]));
    // Markdown for a team's channel has it too.
    let out = org.scan(&[
        "--config",
        &config,
        "--today",
        "2027-01-15",
        "--format",
        "markdown",
    ]);
    let md = stdout(&out);
    assert!(
        md.contains("#### Upcoming")
            && md.contains(
                "| `buy-without-skills-plan` | 2027-04-01 | error | 2 | @&#8203;acme/finance, People |"
            ),
        "{md}"
    );
    // One team's view counts its own charters.
    let (_, one) = scan_on(
        &org,
        "2027-01-15",
        &["--config", &config, "--owner", "finance"],
    );
    assert_eq!(one["upcoming"][0]["charters"], 1, "{one}");
    // From the date there is nothing upcoming, and the run fails.
    let (code, after) = scan_on(&org, "2027-04-01", &["--config", &config]);
    assert_eq!(code, 1);
    assert!(after.get("upcoming").is_none(), "{after}");
}

#[test]
fn merge_keeps_the_upcoming_list_of_its_shards() {
    let (org, _policy, config) = organisation();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for k in 1..=2 {
        let out = org.scan(&[
            "--config",
            &config,
            "--today",
            "2027-01-15",
            "--format",
            "json",
            "--shard",
            &format!("{k}/2"),
        ]);
        let file = dir.path().join(format!("{k}.json"));
        std::fs::write(&file, &out.stdout).unwrap();
        files.push(file.display().to_string());
    }
    let mut args = vec!["merge", "--format", "json", "--today", "2027-01-15"];
    args.extend(files.iter().map(String::as_str));
    let out = common::charterlint().args(&args).output().unwrap();
    let merged: Value = parse_json(&out);
    assert_eq!(merged["upcoming"][0]["rule"], "buy-without-skills-plan");
    assert_eq!(merged["upcoming"][0]["charters"], 2, "{merged}");
}

#[test]
fn the_html_report_has_an_upcoming_panel() {
    let (org, _policy, config) = organisation();
    let page = org.path().join("report.html");
    let out = org.scan(&[
        "--config",
        &config,
        "--today",
        "2027-01-15",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    let panel = &html[html
        .find("<section id=\"upcoming\"")
        .expect("an Upcoming panel")..];
    let panel = &panel[..panel.find("</section>").unwrap()];
    assert!(panel.contains("buy-without-skills-plan"));
    assert!(panel.contains("2027-04-01"));
    assert!(panel.contains("(in 76 days)"), "{panel}");
    assert!(panel.contains("href=\"#team-people\""), "{panel}");
    assert!(html.contains("href=\"#upcoming\""));
    // Without a dated rule, no panel.
    let plain = org.path().join("plain.html");
    org.scan(&["--html", plain.to_str().unwrap()]);
    assert!(
        !std::fs::read_to_string(&plain)
            .unwrap()
            .contains("id=\"upcoming\"")
    );
}

/// A repository `name` of `org` with a charter and `config` as its own
/// `charterlint.toml`, committed.
fn org_repo(org: &Org, name: &str, config: &str) -> Repo {
    let repo = org.repo(name);
    repo.write("charter.toml", &without_skills_plan(name, "finance"))
        .write("charterlint.toml", config);
    repo.commit(name, None);
    repo
}

#[test]
fn under_scan_config_a_repository_s_own_file_is_laid_over_org() {
    let org = Org::new();
    // Its own exclude holds, its own rule wins, ORG's others apply.
    let own = org_repo(
        &org,
        "own",
        "exclude = [\"legacy/**\"]\n[rules]\nbuy-without-skills-plan = \"note\"\n",
    );
    own.write("legacy/charter.toml", "charter = 1\n")
        .commit("legacy", None);
    // Its own file lowers a rule ORG locks: config-invalid, and checked
    // under ORG alone.
    org_repo(
        &org,
        "lowers",
        "[rules]\ncustomer-without-choice = \"off\"\nbuy-without-skills-plan = \"off\"\n",
    );
    // Its own file extends a policy outside it: ORG stands in for it.
    org_repo(
        &org,
        "extends",
        "extends = { repo = \"../policy\", rev = \"main\", path = \"org.toml\" }\n",
    );

    let policy = tempfile::tempdir().unwrap();
    let config = policy.path().join("org.toml");
    std::fs::write(
        &config,
        "locked = [\"customer-without-choice\"]\n[rules]\nbuy-without-skills-plan = \"warning\"\nend-customer-impact-missing = \"off\"\n",
    )
    .unwrap();
    let (_, report) = org.scan_json(&["--config", config.to_str().unwrap()]);
    let by_repo = |repo: &str| -> Vec<(String, String)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["repo"] == repo)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        by_repo("own"),
        [("buy-without-skills-plan".into(), "note".into())],
        "{report}"
    );
    let lowered = by_repo("lowers");
    assert!(
        lowered.contains(&("config-invalid".into(), "error".into())),
        "{report}"
    );
    assert!(
        lowered.contains(&("buy-without-skills-plan".into(), "warning".into())),
        "checked under ORG alone: {report}"
    );
    let invalid = findings_of(&report, "config-invalid");
    let message = invalid[0]["message"].as_str().unwrap();
    assert!(message.contains("customer-without-choice"), "{message}");
    assert!(
        message.ends_with("checked with the scan's --config alone"),
        "{message}"
    );
    assert_eq!(
        by_repo("extends"),
        [("buy-without-skills-plan".into(), "warning".into())],
        "{report}"
    );
}

#[test]
fn in_a_scan_a_bad_rollout_is_config_invalid_at_its_place() {
    let org = Org::new();
    org_repo(
        &org,
        "dated",
        "include = [\"charter.toml\"]\n[rules]\nbuy-without-skills-plan = { level = \"error\", from = \"2027-04-01\" }\n",
    );
    let (_, report) = org.scan_json(&[]);
    let invalid = findings_of(&report, "config-invalid");
    assert_eq!(invalid.len(), 1, "{report}");
    assert_eq!(invalid[0]["path"], "charterlint.toml");
    assert_eq!(invalid[0]["line"], 3);
    assert!(
        invalid[0]["message"]
            .as_str()
            .unwrap()
            .contains("must be a TOML date"),
        "{report}"
    );
    // Checked with the defaults: a warning, as the rule's default is.
    assert_eq!(
        findings_of(&report, "buy-without-skills-plan")[0]["severity"],
        "warning"
    );
}

#[test]
fn a_rule_turned_off_on_a_date_still_reads_what_it_needs_until_then() {
    // owner-not-codeowner reads CODEOWNERS only for a rule that reports:
    // one turned off on a later date reports (as a note) until then.
    let repo = repo_with("[rules]\nowner-not-codeowner = { level = \"off\", from = 2027-04-01 }\n");
    repo.write(".github/CODEOWNERS", "* @acme/platform\n")
        .commit("owners", None);
    let (_, before) = check_on(&repo, "2027-01-01", &[]);
    let f = findings_of(&before, "owner-not-codeowner");
    assert_eq!(f.len(), 1, "{before}");
    assert_eq!(f[0]["severity"], "note");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("(a note until 2027-04-01, when the rule is turned off)"),
        "{before}"
    );
    let (_, after) = check_on(&repo, "2027-04-01", &[]);
    assert!(
        findings_of(&after, "owner-not-codeowner").is_empty(),
        "{after}"
    );
    // And from the commit (--rev), whose CODEOWNERS is read the same way.
    let (_, rev) = check_on(&repo, "2027-01-01", &["--rev", "HEAD"]);
    assert_eq!(findings_of(&rev, "owner-not-codeowner").len(), 1, "{rev}");
}
