//! `charterlint fix`, `check --fix`, `--diff`, `--unsafe-fixes`: the fixes
//! rules offer, applied to the working tree with the user's formatting and
//! comments kept, and never where they must not be.

use crate::common;

use std::process::Output;

use common::{Repo, TODAY, findings_of, rules_of};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A charter with one mechanical problem of every kind a safe fix repairs,
/// each next to a comment that must survive.
const MECHANICAL: &str = r#"charter = 1   # format 1

[product]
id = "ledger"
name = "General Ledger"
owner = "team-finance-platform"
kind = "internal-tool"
end_customer_impact = "Statements are right the first time"

[visoin]                 # misspelt table
statement = "Every entity closes its books in one day"

[golden_thread]
goal = "G-TRUST"
objectives = "O-2026Q4-CLOSE"   # a string where a list belongs
kpis = ["days-to-close"]

[[personas]]
name = "Finance analyst"
role = "user"
internal = "true"               # a quoted boolean
needs = ["close the books in one day"]

[relationship]
type = "partner"
choice = false
value_exchange = "none"
rationale = "Finance cannot leave the ledger and we cannot drop them"

[sourcing]
decision = "buy"
differentiation = "low"
criticality = "high"
rationale = "A ledger is a parity capability"
skills_plan = "Two analysts certified by Q2"

[[waivers]]
rule = "golden-thread-stale"
reason = "Objectives are being renewed"
expires = "2999-01-31"          # a quoted date
"#;

fn run(repo: &Repo, args: &[&str]) -> Output {
    let mut all = vec![];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--today", TODAY]);
    repo.run(&all)
}

#[test]
fn safe_fixes_repair_the_mechanical_findings_and_keep_comments() {
    let repo = Repo::new();
    repo.write("charter.toml", MECHANICAL);
    let (code, before) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let fixable: Vec<&serde_json::Value> = before["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["fix"]["applicability"] == "safe")
        .collect();
    assert_eq!(fixable.len(), 4, "{before}");

    let out = run(&repo, &["fix"]);
    assert!(
        stderr(&out).contains("applied 4 fixes in 1 file"),
        "{}",
        stderr(&out)
    );
    let after = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    for (gone, now) in [
        (
            "[visoin]                 # misspelt table",
            "[vision]                 # misspelt table",
        ),
        (
            "objectives = \"O-2026Q4-CLOSE\"   # a string",
            "objectives = [\"O-2026Q4-CLOSE\"]   # a string",
        ),
        (
            "internal = \"true\"               #",
            "internal = true               #",
        ),
        (
            "expires = \"2999-01-31\"          #",
            "expires = 2999-01-31          #",
        ),
    ] {
        assert!(
            !after.contains(gone) && after.contains(now),
            "{now}:\n{after}"
        );
    }
    assert!(after.starts_with("charter = 1   # format 1\n"), "{after}");
    // check now agrees: only the waiver, now read, is left (unused: nothing is stale).
    let (code, report) = repo.check_json(&[]);
    assert_eq!(rules_of(&report), ["waiver-unused"], "{report}");
    assert_eq!(code, 0);
    // A second fix has nothing safe left to do.
    let out = run(&repo, &["fix"]);
    assert!(
        stderr(&out).contains("applied 0 fixes in 0 files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn diff_shows_and_writes_nothing() {
    let repo = Repo::new();
    repo.write("charter.toml", MECHANICAL);
    let out = run(&repo, &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.starts_with("--- a/charter.toml\n+++ b/charter.toml\n"),
        "{diff}"
    );
    assert!(
        diff.contains("-[visoin]                 # misspelt table\n+[vision]"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("charter.toml")).unwrap(),
        MECHANICAL,
        "--diff wrote the file"
    );
    // Nothing to fix: exit 0 and no diff.
    repo.write("charter.toml", common::CLEAN);
    let out = run(&repo, &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn unsafe_fixes_wait_for_unsafe_fixes_and_never_pass_in_silence() {
    let repo = Repo::new();
    // A close but wrong value, and no [sourcing] at all.
    let charter = common::CLEAN.replace("type = \"partner\"", "type = \"partnr\"");
    let cut = charter.find("[sourcing]").unwrap();
    repo.write("charter.toml", &charter[..cut]);
    let out = run(&repo, &["fix"]);
    assert!(stderr(&out).contains("applied 0 fixes"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 more with --unsafe-fixes"),
        "{}",
        stderr(&out)
    );
    let out = run(&repo, &["fix", "--unsafe-fixes"]);
    assert!(stderr(&out).contains("applied 2 fixes"), "{}", stderr(&out));
    let after = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    assert!(after.contains("type = \"partner\""), "{after}");
    assert!(
        after.contains("\n[sourcing]\ndecision = \"<decision>\""),
        "{after}"
    );
    // The inserted table is placeholders: the check still fails on it,
    // each value to fill in reported once, as a placeholder whose help
    // lists the allowed values (issue 23: not also as invalid-value).
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert!(findings_of(&report, "invalid-value").is_empty(), "{report}");
    let placeholders = findings_of(&report, "placeholder");
    assert_eq!(placeholders.len(), 4, "{report}");
    let decision = placeholders
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("sourcing.decision"))
        .unwrap();
    assert!(
        decision["help"].as_str().unwrap().contains("build, buy"),
        "{decision}"
    );
}

#[test]
fn expired_and_unused_waivers_are_removed_only_unsafely() {
    let repo = Repo::new();
    let charter = format!(
        "{}\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Training booked\"\nexpires = 2020-01-31\n",
        common::CLEAN
    );
    repo.write("charter.toml", &charter);
    let (_, report) = repo.check_json(&[]);
    let f = &findings_of(&report, "waiver-expired")[0];
    assert_eq!(f["fix"]["applicability"], "unsafe", "{f}");
    assert_eq!(f["fix"]["message"], "remove the waiver");
    let out = run(&repo, &["fix", "--unsafe-fixes"]);
    assert!(
        stderr(&out).contains("applied 1 fix in 1 file"),
        "{}",
        stderr(&out)
    );
    let after = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    assert_eq!(after, format!("{}\n", common::CLEAN));
}

#[test]
fn json_and_fix_share_the_edits() {
    let repo = Repo::new();
    repo.write("charter.toml", MECHANICAL);
    let (_, report) = repo.check_json(&[]);
    let rename = findings_of(&report, "unknown-key")[0]["fix"].clone();
    assert_eq!(rename["message"], "rename `visoin` to `vision`");
    assert_eq!(rename["applicability"], "safe");
    let edit = &rename["edits"][0];
    assert_eq!(
        (
            &edit["line"],
            &edit["column"],
            &edit["end_line"],
            &edit["end_column"],
            &edit["content"]
        ),
        (
            &10.into(),
            &2.into(),
            &10.into(),
            &8.into(),
            &"vision".into()
        ),
        "{rename}"
    );
}

#[test]
fn fix_never_writes_through_a_link_or_from_git() {
    let repo = Repo::new();
    repo.write("real/target.toml", MECHANICAL);
    std::os::unix::fs::symlink("real/target.toml", repo.path().join("charter.toml")).unwrap();
    let out = run(&repo, &["fix"]);
    assert!(stderr(&out).contains("applied 0 fixes"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(repo.path().join("real/target.toml")).unwrap(),
        MECHANICAL
    );
    let out = run(&repo, &["fix", "--staged"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fix works on the charters of the working tree"));
    let out = run(&repo, &["check", "--fix", "--rev", "HEAD"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_fix_that_would_break_the_toml_is_not_applied() {
    // Unit-level guarantee, seen from outside: a file that does not parse
    // is left as it is.
    let repo = Repo::new();
    let broken = "charter = 1\n[visoin\nstatement = \"x\"\n";
    repo.write("charter.toml", broken);
    let out = run(&repo, &["fix", "--unsafe-fixes"]);
    assert!(stderr(&out).contains("applied 0 fixes"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(repo.path().join("charter.toml")).unwrap(),
        broken
    );
}

#[test]
fn sarif_carries_the_same_fixes() {
    let repo = Repo::new();
    repo.write("charter.toml", MECHANICAL);
    let out = run(&repo, &["check", "--format", "sarif"]);
    let log = common::parse_json(&out);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rename = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-key")
        .expect("the misspelt table");
    let fix = &rename["fixes"][0];
    assert_eq!(fix["description"]["text"], "rename `visoin` to `vision`");
    assert_eq!(fix["properties"]["applicability"], "safe");
    let change = &fix["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "charter.toml");
    let r = &change["replacements"][0];
    assert_eq!(
        (
            &r["deletedRegion"]["startLine"],
            &r["deletedRegion"]["startColumn"],
            &r["deletedRegion"]["endColumn"],
            &r["insertedContent"]["text"]
        ),
        (&10.into(), &2.into(), &8.into(), &"vision".into())
    );
    // A finding without a fix has none.
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "vision-missing")
        .unwrap();
    assert!(missing.get("fixes").is_none(), "{missing}");
}

#[test]
fn an_unused_waivers_fix_is_located_like_every_other() {
    let repo = Repo::new();
    let charter = format!(
        "{}\n[[waivers]]\nrule = \"buy-without-skills-plan\"\nreason = \"Training booked\"\nexpires = 2999-01-31\n",
        common::CLEAN
    );
    repo.write("charter.toml", &charter);
    let (_, report) = repo.check_json(&[]);
    let f = &findings_of(&report, "waiver-unused")[0];
    let edit = &f["fix"]["edits"][0];
    let header = charter.lines().position(|l| l == "[[waivers]]").unwrap() + 1;
    assert_eq!(
        (&edit["line"], &edit["column"], &edit["end_line"]),
        (&header.into(), &1.into(), &(header + 3).into()),
        "{f}"
    );
}

/// A required key missing from a table that is there is added under the
/// table's header (unsafely: it is a placeholder a person fills in), with
/// the rest of the file, comments included, as it was; the JSON and the
/// SARIF carry the same fix.
#[test]
fn a_missing_key_is_added_to_its_table_with_a_placeholder() {
    let repo = Repo::new();
    let charter = common::CLEAN
        .replace(
            "[relationship]\n",
            "[relationship]          # who they are to us\n",
        )
        .replace(
            "rationale = \"Finance cannot leave the ledger and we cannot drop them\"\n",
            "",
        )
        .replace("name = \"General Ledger\"\n", "");
    assert!(charter.contains("# who they are to us"), "{charter}");
    repo.write("charter.toml", &charter);
    let (_, report) = repo.check_json(&[]);
    let missing = findings_of(&report, "relationship-missing");
    assert_eq!(missing.len(), 1, "{report}");
    let fix = &missing[0]["fix"];
    assert_eq!(fix["applicability"], "unsafe", "{fix}");
    assert_eq!(
        fix["message"],
        "add `rationale` with a placeholder to fill in"
    );
    assert_eq!(fix["edits"][0]["content"], "rationale = \"<rationale>\"\n");
    let out = run(&repo, &["fix"]);
    assert!(
        stderr(&out).contains("2 more with --unsafe-fixes"),
        "{}",
        stderr(&out)
    );
    let out = run(&repo, &["fix", "--unsafe-fixes"]);
    assert!(stderr(&out).contains("applied 2 fixes"), "{}", stderr(&out));
    let after = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
    assert!(
        after.contains(
            "[relationship]          # who they are to us\nrationale = \"<rationale>\"\ntype = \"partner\""
        ),
        "{after}"
    );
    assert!(
        after.contains("[product]\nname = \"<name>\"\nid = \"ledger\""),
        "{after}"
    );
    // Nothing else moved.
    assert_eq!(
        after
            .replace("rationale = \"<rationale>\"\n", "")
            .replace("name = \"<name>\"\n", ""),
        charter
    );
    // What is left is the person's to write: placeholders, no longer missing keys.
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    assert!(
        findings_of(&report, "relationship-missing").is_empty(),
        "{report}"
    );
    assert!(
        findings_of(&report, "product-missing").is_empty(),
        "{report}"
    );
    assert_eq!(findings_of(&report, "placeholder").len(), 2, "{report}");
}
