//! Issue 21 parts 1 and 2: `scan`/`merge --history DIR` (the trend over
//! earlier results), teams by `product.owner` (`"teams"`), and `--owner
//! TEAM`, which keeps one team's products in every format.

use std::path::Path;

use crate::common;

use common::{CLEAN, Org, TODAY, charterlint, parse_json};
use serde_json::Value;

fn charter(id: &str, owner: &str) -> String {
    CLEAN
        .replace("id = \"ledger\"", &format!("id = \"{id}\""))
        .replace(
            "owner = \"team-finance-platform\"",
            &format!("owner = {owner:?}"),
        )
}

/// A warning (`golden-thread-unmeasured`): no KPI.
fn unmeasured(id: &str, owner: &str) -> String {
    charter(id, owner).replace("kpis = [\"days-to-close\"]\n", "")
}

/// An error or warning more: a buy without a skills plan.
fn without_skills_plan(id: &str, owner: &str) -> String {
    charter(id, owner).replace("skills_plan = \"Two analysts certified by Q2\"\n", "")
}

/// Two teams, written three ways for one of them, and a repository with
/// no charter.
fn org() -> Org {
    let org = Org::new();
    org.repo_with_charter("pay/ledger", &unmeasured("ledger", "@acme/Payments"));
    org.repo_with_charter("pay/payouts", &charter("payouts", "payments"));
    org.repo_with_charter(
        "web/shop",
        &without_skills_plan("shop", "team-web")
            .replace("differentiation = \"low\"", "differentiation = \"high\""),
    );
    org.repo("web/empty").commit("nothing", None);
    org
}

/// Writes `report` to `dir/name` with its scan time and day replaced, and
/// the findings of `drop_rule` left out.
fn earlier(dir: &Path, name: &str, report: &Value, day: &str, drop_rule: Option<&str>) {
    let mut r = report.clone();
    r["scan"]["scanned_at"] = Value::String(format!("{day}T06:00:00Z"));
    r["scan"]["today"] = Value::String(day.into());
    if let Some(rule) = drop_rule {
        r["findings"]
            .as_array_mut()
            .unwrap()
            .retain(|f| f["rule"] != rule);
    }
    std::fs::write(dir.join(name), serde_json::to_string_pretty(&r).unwrap()).unwrap();
}

/// A history folder: three results (named out of their time order), and
/// files that are not results.
fn history(org: &Org) -> (tempfile::TempDir, Value) {
    let (_, now) = org.scan_json(&[]);
    let dir = tempfile::tempdir().unwrap();
    let mut first = now.clone();
    // At the first scan, the shop sat in parity.
    for c in first["charters"].as_array_mut().unwrap() {
        if c["product_id"] == "shop" {
            c["differentiation"] = Value::String("low".into());
        }
    }
    // And the ledger's charter was not written yet.
    first["charters"]
        .as_array_mut()
        .unwrap()
        .retain(|c| c["product_id"] != "ledger");
    earlier(dir.path(), "c-first.json", &first, "2026-11-01", None);
    earlier(
        dir.path(),
        "a-second.json",
        &now,
        "2026-11-08",
        Some("golden-thread-unmeasured"),
    );
    earlier(dir.path(), "b-third.json", &now, "2026-11-15", None);
    std::fs::write(dir.path().join("broken.json"), "{ not json").unwrap();
    std::fs::write(dir.path().join("other-tool.json"), r#"{"results": []}"#).unwrap();
    let mut newer = now.clone();
    newer["version"] = Value::from(2);
    std::fs::write(
        dir.path().join("newer.json"),
        serde_json::to_string(&newer).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("README.md"), "# nightly results\n").unwrap();
    (dir, now)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn err(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn history_adds_a_trend_oldest_first_and_names_what_it_skipped() {
    let org = org();
    let (dir, now) = history(&org);
    let hist = dir.path().to_str().unwrap();
    let out = org.scan(&["--format", "json", "--today", TODAY, "--history", hist]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let report = parse_json(&out);
    let trend = report["trend"].as_array().expect("a trend");
    let days: Vec<&str> = trend.iter().map(|p| p["today"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-11-01", "2026-11-08", "2026-11-15", TODAY]);
    assert!(trend[0]["file"].as_str().unwrap().ends_with("c-first.json"));
    assert_eq!(trend[3]["file"], Value::Null);
    // Coverage: 3 of 4 repositories now, 2 of 4 at the first scan.
    assert_eq!(
        (
            &trend[3]["repos"],
            &trend[3]["with_charter"],
            &trend[3]["coverage"]
        ),
        (&Value::from(4), &Value::from(3), &Value::from(75))
    );
    assert_eq!(trend[0]["coverage"], 50);
    // Findings per severity and per rule, as the results counted them.
    assert_eq!(trend[3]["errors"], now["summary"]["errors"]);
    assert_eq!(trend[3]["warnings"], now["summary"]["warnings"]);
    assert_eq!(trend[3]["rules"]["golden-thread-unmeasured"], 1);
    assert_eq!(trend[1]["rules"].get("golden-thread-unmeasured"), None);
    // Products per quadrant and per relationship type.
    assert_eq!(trend[3]["quadrants"]["parity"], 2);
    assert_eq!(trend[3]["quadrants"]["differentiating"], 1);
    assert_eq!(trend[0]["quadrants"]["parity"], 2);
    assert_eq!(trend[3]["relationships"]["partner"], 3);
    // What is not a result is named and skipped; other files are not read.
    let stderr = err(&out);
    for file in ["broken.json", "other-tool.json", "newer.json"] {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} is not named: {stderr}"));
        assert!(line.starts_with("warning: --history: "), "{line}");
        assert!(line.ends_with(": skipped"), "{line}");
    }
    assert!(
        stderr.contains("is version 2 of charterlint's JSON"),
        "{stderr}"
    );
    assert!(!stderr.contains("README.md"), "{stderr}");

    // Markdown: a short table, and the product that moved quadrant.
    let out = org.scan(&["--format", "markdown", "--today", TODAY, "--history", hist]);
    let md = stdout(&out);
    assert!(
        md.contains("#### Trend\n\n4 scans from 2026-11-01 to 2026-11-22."),
        "{md}"
    );
    assert!(md.contains("| 2026-11-01 | 4 | 50% |"), "{md}");
    assert!(md.contains("| 2026-11-22 (this run) | 4 | 75% |"), "{md}");
    assert!(md.contains("Moved quadrant since the first scan:"), "{md}");
    assert!(md.contains(": Parity → Differentiating"), "{md}");

    // A folder that cannot be read is the run's failure, said as such.
    let out = org.scan(&["--history", "/nonexistent/history"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).contains("--history /nonexistent/history"),
        "{}",
        err(&out)
    );
}

#[test]
fn merge_reads_the_history_too() {
    let org = org();
    let (dir, now) = history(&org);
    let input = dir.path().join("..").join(format!(
        "{}-input.json",
        dir.path().file_name().unwrap().to_str().unwrap()
    ));
    std::fs::write(&input, serde_json::to_string(&now).unwrap()).unwrap();
    let out = charterlint()
        .args(["merge", "--format", "json", "--history"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    std::fs::remove_file(&input).unwrap();
    let report = parse_json(&out);
    assert_eq!(
        report["trend"].as_array().unwrap().len(),
        4,
        "{}",
        err(&out)
    );
}

#[test]
fn teams_group_products_by_owner_without_case_or_org_prefix() {
    let org = org();
    let soon = "\n[[waivers]]\nrule = \"golden-thread-unmeasured\"\nreason = \"KPIs agreed in December\"\nexpires = 2026-12-10\n";
    org.repo("pay/ledger").write(
        "charter.toml",
        &(unmeasured("ledger", "@acme/Payments") + soon),
    );
    org.repo("pay/ledger").commit("waived", None);
    let (_, report) = org.scan_json(&[]);
    let teams = report["teams"].as_array().expect("teams");
    let keys: Vec<&str> = teams.iter().map(|t| t["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["payments", "team-web"]);
    let pay = &teams[0];
    assert_eq!(pay["owner"], "@acme/Payments");
    let products: Vec<&str> = pay["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product_id"].as_str().unwrap())
        .collect();
    assert_eq!(products.len(), 2);
    assert!(products.contains(&"ledger") && products.contains(&"payouts"));
    assert_eq!(pay["expiring"], 1);
    let waiver = &pay["waivers"][0];
    assert_eq!(
        (
            &waiver["rule"],
            &waiver["in_force"],
            &waiver["days_left"],
            &waiver["expiring"]
        ),
        (
            &Value::from("golden-thread-unmeasured"),
            &Value::Bool(true),
            &Value::from(18),
            &Value::Bool(true)
        )
    );
    assert_eq!(pay["objectives"], serde_json::json!(["O-2026Q4-CLOSE"]));
    let web = &teams[1];
    assert_eq!(
        web["products"][0]["status"],
        if web["errors"] == 0 {
            "warnings"
        } else {
            "fails"
        }
    );
    assert!(web["errors"].as_u64().unwrap() + web["warnings"].as_u64().unwrap() > 0);
}

#[test]
fn owner_keeps_one_team_in_every_format() {
    let org = org();
    let (_, all) = org.scan_json(&[]);
    assert!(
        all["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["repo"] == "web/shop")
    );
    for owner in ["PAYMENTS", "@other-org/payments"] {
        let (_, report) = org.scan_json(&["--owner", owner]);
        let repos: Vec<&str> = report["charters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["repo"].as_str().unwrap())
            .collect();
        assert_eq!(repos, ["pay/ledger", "pay/payouts"], "{owner}");
        assert!(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["repo"].as_str().unwrap().starts_with("pay/")),
            "{report}"
        );
        assert_eq!(report["summary"]["repos"], 2);
        assert_eq!(report["scan"]["owner"], owner);
        assert_eq!(report["teams"].as_array().unwrap().len(), 1);
    }
    // Markdown, for the team's channel.
    let md = stdout(&org.scan(&[
        "--format", "markdown", "--today", TODAY, "--owner", "payments",
    ]));
    assert!(md.contains("Team `payments`'s products."), "{md}");
    assert!(md.contains("pay/ledger/charter.toml"), "{md}");
    assert!(!md.contains("web/"), "{md}");
    // SARIF and human output too.
    let sarif = stdout(&org.scan(&["--format", "sarif", "--today", TODAY, "--owner", "payments"]));
    assert!(
        sarif.contains("pay/ledger") && !sarif.contains("web/shop"),
        "{sarif}"
    );
    let human = stdout(&org.scan(&["--today", TODAY, "--owner", "payments"]));
    assert!(
        human.contains("pay/ledger") && !human.contains("web/"),
        "{human}"
    );
    // An owner nobody is: said, not silent.
    let out = org.scan(&["--format", "json", "--today", TODAY, "--owner", "nobody"]);
    assert!(
        err(&out).contains("--owner nobody: no product"),
        "{}",
        err(&out)
    );
}

/// A hundred results make a hundred points (and this run one more). What
/// they cost in memory is measured by bench/history-trend.sh, not here.
#[test]
fn many_results_make_one_point_each() {
    let org = org();
    let (_, now) = org.scan_json(&[]);
    let dir = tempfile::tempdir().unwrap();
    for week in 0..100 {
        earlier(
            dir.path(),
            &format!("w{week:03}.json"),
            &now,
            &format!("2025-{:02}-{:02}", 1 + week / 28 % 12, 1 + week % 28),
            None,
        );
    }
    let out = org.scan(&[
        "--format",
        "json",
        "--today",
        TODAY,
        "--history",
        dir.path().to_str().unwrap(),
    ]);
    let report = parse_json(&out);
    assert_eq!(report["trend"].as_array().unwrap().len(), 101);
}
