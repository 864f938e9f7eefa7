//! `scan --baseline PREVIOUS.json` and `merge --baseline`: findings new,
//! unchanged or fixed by their fingerprint (lines moving change nothing),
//! charters added and removed, products that moved, coverage then and now,
//! and `--new-only` against the baseline.

use crate::common;

use common::{CLEAN, Org, TODAY, charterlint, findings_of, parse_json};
use serde_json::Value;

fn charter(id: &str) -> String {
    CLEAN.replace("id = \"ledger\"", &format!("id = \"{id}\""))
}

fn without_skills_plan(id: &str) -> String {
    charter(id).replace("skills_plan = \"Two analysts certified by Q2\"\n", "")
}

fn scan_to(org: &Org, file: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let (code, report) = org.scan_json(args);
    std::fs::write(file, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    (code, report)
}

/// The `baseline` mark of each finding, as (repo, rule, mark).
fn marks(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["repo"].as_str().unwrap_or("").to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["baseline"].as_str().unwrap_or("(none)").to_string(),
            )
        })
        .collect()
}

/// An organisation, scanned once as the baseline, then changed: a finding
/// fixed, one kept while every line moves, one new, a charter added, one
/// removed, a product moved quadrant and relationship type.
fn changed_org() -> (Org, tempfile::TempDir) {
    let org = Org::new();
    let keep = without_skills_plan("keep").replace("kpis = [\"days-to-close\"]\n", "");
    org.repo_with_charter("team/keep", &keep);
    org.repo_with_charter("team/fix", &without_skills_plan("fix"));
    org.repo_with_charter("team/new", &charter("new"));
    org.repo_with_charter("team/gone", &charter("gone"));
    org.repo("empty").commit("nothing", None);
    let dir = tempfile::tempdir().unwrap();
    let (_, before) = scan_to(
        &org,
        &dir.path().join("before.json"),
        &["--require-charter"],
    );
    assert!(before["findings"][0]["fingerprint"].is_string(), "{before}");

    // Every line moves down by two; the findings stay the same.
    org.repo("team/keep")
        .write("charter.toml", &format!("# moved\n# down\n{keep}"));
    org.repo("team/keep").commit("comment", None);
    org.repo("team/fix").write("charter.toml", &charter("fix"));
    org.repo("team/fix").commit("fixed", None);
    let moved = without_skills_plan("new")
        .replace("differentiation = \"low\"", "differentiation = \"high\"")
        .replace("type = \"partner\"", "type = \"user\"");
    org.repo("team/new").write("charter.toml", &moved);
    org.repo("team/new").commit("moved", None);
    let gone = org.repo("team/gone");
    gone.git(&["rm", "-q", "charter.toml"]);
    gone.commit("removed", None);
    org.repo_with_charter("team/added", &charter("added"));
    (org, dir)
}

#[test]
fn findings_are_new_unchanged_or_fixed_by_fingerprint() {
    let (org, dir) = changed_org();
    let base = dir.path().join("before.json");
    let (code, report) =
        org.scan_json(&["--require-charter", "--baseline", base.to_str().unwrap()]);
    assert_eq!(code, 1, "{report}");
    let m = marks(&report);
    for (repo, rule, mark) in [
        ("team/keep", "buy-without-skills-plan", "unchanged"),
        ("team/keep", "golden-thread-unmeasured", "unchanged"),
        ("empty", "charter-missing", "unchanged"),
        ("team/gone", "charter-missing", "new"),
        ("team/new", "buy-without-skills-plan", "new"),
        ("team/new", "buy-differentiator", "new"),
    ] {
        assert!(
            m.contains(&(repo.to_string(), rule.to_string(), mark.to_string())),
            "{repo} {rule} should be {mark}: {m:?}"
        );
    }
    let b = &report["baseline"];
    let fixed: Vec<(&str, &str)> = b["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["repo"].as_str().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(fixed, [("team/fix", "buy-without-skills-plan")], "{b}");
    // buy-without-skills-plan and buy-differentiator in team/new, and
    // charter-missing in team/gone.
    assert_eq!(b["new"], 3, "{b}");
    assert_eq!(b["added"][0]["product_id"], "added");
    assert_eq!(b["added"].as_array().unwrap().len(), 1);
    assert_eq!(b["removed"][0]["product_id"], "gone");
    let moved = &b["moved"][0];
    assert_eq!(moved["product_id"], "new");
    assert_eq!(moved["quadrant_then"], "low/high");
    assert_eq!(moved["quadrant_now"], "high/high");
    assert_eq!(moved["relationship_then"], "partner");
    assert_eq!(moved["relationship_now"], "user");
    assert_eq!(b["coverage_then"]["with_charter"], 4);
    assert_eq!(b["coverage_then"]["repos"], 5);
    assert_eq!(b["coverage_now"]["with_charter"], 4);
    assert_eq!(b["coverage_now"]["repos"], 6);

    // merge carries it: the same comparison over the merged shards.
    let shards: Vec<std::path::PathBuf> = (1..=2)
        .map(|k| {
            let file = dir.path().join(format!("shard-{k}.json"));
            let shard = format!("{k}/2");
            scan_to(&org, &file, &["--require-charter", "--shard", &shard]);
            file
        })
        .collect();
    let out = charterlint()
        .args(["merge", "--format", "json", "--today", TODAY, "--baseline"])
        .arg(&base)
        .args(&shards)
        .output()
        .unwrap();
    let merged = parse_json(&out);
    for key in [
        "fixed",
        "new",
        "unchanged",
        "added",
        "removed",
        "moved",
        "coverage_now",
    ] {
        assert_eq!(merged["baseline"][key], b[key], "merge: {key}");
    }
    assert_eq!(marks(&merged), m);
}

#[test]
fn new_only_reports_only_what_the_baseline_lacks() {
    let (org, dir) = changed_org();
    let base = dir.path().join("before.json");
    let out = org.scan(&[
        "--require-charter",
        "--format",
        "json",
        "--today",
        TODAY,
        "--baseline",
        base.to_str().unwrap(),
        "--new-only",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = parse_json(&out);
    let m = marks(&report);
    assert_eq!(m.len(), 3, "{m:?}");
    assert!(m.iter().all(|(_, _, mark)| mark == "new"), "{m:?}");
    assert_eq!(report["baseline"]["hidden"], 3, "{report}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 findings already in the baseline"), "{err}");

    // Only old findings: the gate passes.
    let (_, now) = org.scan_json(&["--require-charter"]);
    let again = dir.path().join("now.json");
    std::fs::write(&again, now.to_string()).unwrap();
    let (code, report) = org.scan_json(&[
        "--require-charter",
        "--baseline",
        again.to_str().unwrap(),
        "--new-only",
    ]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(findings_of(&report, "charter-missing").len(), 0);
}

#[test]
fn a_baseline_that_is_not_a_scan_result_is_refused() {
    let org = Org::new();
    org.repo_with_charter("a", &charter("a"));
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.json");
    std::fs::write(
        &old,
        r#"{"version":1,"findings":[{"rule":"placeholder","severity":"error","message":"m","repo":"a","path":"charter.toml","line":1,"column":1,"end_line":1,"end_column":2,"labels":[],"help":null}],"summary":{"repos":1,"charters":1,"errors":1,"warnings":0,"notes":0},"charters":[]}"#,
    )
    .unwrap();
    let out = org.scan(&["--baseline", old.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("without a \"fingerprint\""));
    std::fs::write(&old, "{\"version\":1,\"findings\":[],\"summary\":{\"repos\":0,\"charters\":0,\"errors\":0,\"warnings\":0,\"notes\":0}}").unwrap();
    let out = org.scan(&["--baseline", old.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no \"charters\""));
    let out = org.scan(&["--new-only"]);
    assert_eq!(out.status.code(), Some(2), "--new-only needs --baseline");
}

#[test]
fn the_json_says_what_the_scan_was() {
    let org = Org::new();
    org.repo_with_charter("a", &charter("a"));
    let reg = org.path().join("okrs.toml");
    std::fs::write(
        &reg,
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"s\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"s\"\n",
    )
    .unwrap();
    let out = org.scan(&[
        "--format",
        "json",
        "--today",
        TODAY,
        "--rev",
        "main",
        "--registry",
        reg.to_str().unwrap(),
    ]);
    let report = parse_json(&out);
    let scan = &report["scan"];
    assert_eq!(scan["rev"], "main");
    assert_eq!(scan["today"], TODAY);
    assert_eq!(scan["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(scan["registry"]["revision"].as_str().unwrap().len(), 12);
    let at = scan["scanned_at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z'), "{at}");
}
