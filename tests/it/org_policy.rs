//! One policy for the organisation: `extends` layers a repository's
//! `charterlint.toml` over the organisation's, `locked` keeps chosen rules
//! from being lowered, and `charterlint config --show` says where each value
//! comes from. In `check` a broken chain stops the run (exit 2); in a scan it
//! is `config-invalid`.

use crate::common;

use common::{CLEAN, Org, Repo, TODAY, findings_of};
use serde_json::Value;

/// CLEAN without its skills plan: `buy-without-skills-plan` (a warning by
/// default) fires.
fn without_skills_plan() -> String {
    CLEAN.replace("skills_plan = \"Two analysts certified by Q2\"\n", "")
}

fn severity_of(report: &Value, rule: &str) -> Vec<String> {
    findings_of(report, rule)
        .iter()
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .collect()
}

const BASE: &str = "\
include = [\"products/**/charter.toml\"]
locked = [\"customer-without-choice\"]
[rules]
buy-without-skills-plan = \"error\"
end-customer-impact-missing = \"off\"
customer-without-choice = \"error\"
";

#[test]
fn a_repository_config_is_layered_over_its_base_key_by_key() {
    let repo = Repo::new();
    repo.write("org/charterlint.toml", BASE)
        .write(
            "charterlint.toml",
            "extends = \"org/charterlint.toml\"\n[rules]\nend-customer-impact-missing = \"note\"\n",
        )
        .write("products/ledger/charter.toml", &without_skills_plan())
        .write(
            "elsewhere/charter.toml",
            &CLEAN.replace("id = \"ledger\"", "id = \"outside\""),
        );
    let charter = without_skills_plan().replace(
        "end_customer_impact = \"Statements are right the first time\"\n",
        "",
    );
    repo.write("products/ledger/charter.toml", &charter);
    repo.commit("policy", None);
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    // include from the base: only products/ is checked.
    assert_eq!(report["summary"]["charters"], 1, "{report}");
    // [rules] merge: the base's error stays, the repository's note wins.
    assert_eq!(severity_of(&report, "buy-without-skills-plan"), ["error"]);
    assert_eq!(
        severity_of(&report, "end-customer-impact-missing"),
        ["note"]
    );

    // `config --show` says where each value comes from.
    let out = repo.run(&["config", "--show"]);
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    for (line, origin) in [
        (
            "include = [\"products/**/charter.toml\"]",
            "# org/charterlint.toml",
        ),
        ("exclude = []", "# default"),
        (
            "buy-without-skills-plan = \"error\"",
            "# org/charterlint.toml",
        ),
        (
            "end-customer-impact-missing = \"note\"",
            "# charterlint.toml",
        ),
        (
            "customer-without-choice = \"error\"",
            "# org/charterlint.toml (locked)",
        ),
    ] {
        let found = shown
            .lines()
            .find(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("no `{line}` in:\n{shown}"));
        assert!(found.trim_end().ends_with(origin), "{found}\n{shown}");
    }
}

#[test]
fn a_locked_rule_cannot_be_lowered_but_can_be_raised() {
    let repo = Repo::new();
    repo.write("org/charterlint.toml", BASE)
        .write(
            "charterlint.toml",
            "extends = \"org/charterlint.toml\"\n[rules]\ncustomer-without-choice = \"off\"\n",
        )
        .write("products/ledger/charter.toml", CLEAN);
    let out = repo.run(&["check", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("lowers `customer-without-choice` to `off`")
            && err.contains("org/charterlint.toml locks it at"),
        "{err}"
    );
    // A locked rule that is not set in the base is locked at its default.
    repo.write("org/charterlint.toml", "locked = [\"build-who-cares\"]\n")
        .write(
            "charterlint.toml",
            "extends = \"org/charterlint.toml\"\n[rules]\nbuild-who-cares = \"note\"\n",
        );
    let out = repo.run(&["check", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("to `note`") && err.contains("`warning`"),
        "{err}"
    );
    // Raising it is allowed.
    repo.write(
        "charterlint.toml",
        "extends = \"org/charterlint.toml\"\n[rules]\nbuild-who-cares = \"error\"\n",
    );
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn cycles_and_missing_bases_are_clear_errors() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN)
        .write("charterlint.toml", "extends = \"org/base.toml\"\n")
        .write("org/base.toml", "extends = \"charterlint.toml\"\n");
    let out = repo.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "`extends` goes round in a cycle: charterlint.toml → org/base.toml → charterlint.toml"
        ),
        "{err}"
    );
    repo.write("charterlint.toml", "extends = \"org/gone.toml\"\n");
    let out = repo.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the base configuration cannot be read: org/gone.toml does not exist"),
        "{err}"
    );
    let out = repo.run(&["config", "--show"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The organisation's policy in a repository of its own, read at a
/// revision from its object database: given to the scan (`--config`), it
/// applies to every repository; named by a scanned repository's own
/// configuration, it is never read (issue 23: a scanned repository's
/// configuration cannot read outside it).
#[test]
fn a_scan_layers_each_repository_over_the_organisation_s_policy_repository() {
    let org = Org::new();
    let policy = org.repo("policy");
    policy.write(
        "charterlint.toml",
        "[rules]\nbuy-without-skills-plan = \"error\"\n",
    );
    policy.commit("policy", None);
    policy.git(&["tag", "v1"]);
    // Not committed, not at v1: never read.
    policy.write(
        "charterlint.toml",
        "[rules]\nbuy-without-skills-plan = \"off\"\n",
    );
    let extends = "extends = { repo = \"../policy\", rev = \"v1\", path = \"charterlint.toml\" }\n";
    let team = org.repo("team");
    team.write("charterlint.toml", extends)
        .write("charter.toml", &without_skills_plan());
    team.commit("charter", None);
    let broken = org.repo("broken");
    broken
        .write("charterlint.toml", "extends = \"org/missing.toml\"\n")
        .write(
            "charter.toml",
            &without_skills_plan().replace("id = \"ledger\"", "id = \"broken\""),
        );
    broken.commit("charter", None);
    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 1, "{report}");
    let plan: Vec<(String, String)> = findings_of(&report, "buy-without-skills-plan")
        .iter()
        .map(|f| {
            (
                f["repo"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // team: its extends reaches outside it, config-invalid; broken: its
    // base is missing, config-invalid; both then with the defaults.
    assert_eq!(
        plan,
        [
            ("broken".to_string(), "warning".to_string()),
            ("team".to_string(), "warning".to_string())
        ]
    );
    let invalid = findings_of(&report, "config-invalid");
    assert_eq!(invalid.len(), 2, "{report}");
    assert_eq!(invalid[0]["repo"], "broken");
    assert_eq!(invalid[0]["path"], "charterlint.toml");
    assert!(
        invalid[0]["message"]
            .as_str()
            .unwrap()
            .contains("org/missing.toml does not exist"),
        "{report}"
    );
    assert_eq!(invalid[1]["repo"], "team");
    assert!(
        invalid[1]["message"]
            .as_str()
            .unwrap()
            .contains("a scanned repository's configuration cannot read outside it"),
        "{report}"
    );
    // The same policy given to the scan: every repository gets its error.
    let org_config = org.path().join("org.toml");
    let policy_path = policy.path().display().to_string();
    std::fs::write(
        &org_config,
        format!(
            "extends = {{ repo = \"{policy_path}\", rev = \"v1\", path = \"charterlint.toml\" }}\n"
        ),
    )
    .unwrap();
    let (code, report) = org.scan_json(&["--config", org_config.to_str().unwrap()]);
    assert_eq!(code, 1, "{report}");
    let levels: Vec<&str> = findings_of(&report, "buy-without-skills-plan")
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "error"], "{report}");
}
