//! The machine-readable formats of `check` (SPEC sections 6 and 7): SARIF,
//! GitHub workflow commands, GitLab Code Quality and the Markdown summary,
//! run through the binary over real repositories.

use crate::common;

use std::collections::HashSet;
use std::process::Output;

use charterlint::rules::ALL;
use common::{CLEAN, Repo, TODAY, parse_json};
use serde_json::Value;

const FORMATS: &[&str] = &["human", "json", "sarif", "github", "gitlab", "markdown"];

/// `charterlint check --format FORMAT --today TODAY ARGS` in the repository.
fn check(repo: &Repo, format: &str, args: &[&str]) -> Output {
    let mut all = vec!["check", "--format", format, "--today", TODAY];
    all.extend_from_slice(args);
    repo.run(&all)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// CLEAN with its `[vision]` table dropped and an unknown key whose name
/// holds `%`, `,` and `:`, in a folder whose name holds `,` and `:`; a
/// `[team]` without design adds a note.
const ODD_PATH: &str = "products/a,b:c/charter.toml";

fn odd_charter() -> String {
    let text = CLEAN
        .replace(
            "[vision]\nstatement = \"Every entity closes its books in one day\"\n\n",
            "",
        )
        .replace(
            "kind = \"internal-tool\"\n",
            "kind = \"internal-tool\"\n\"100%, sure: yes\" = 1\n",
        );
    format!("{text}\n[team]\nskills = [\"engineering\"]\n")
}

/// A customer with no choice under a mandate: two `customer-without-choice`
/// findings on one field (same identity), labels, and a column after a
/// non-ASCII character (`kpis[1]`, after `"délai"`).
fn contradicting_charter() -> String {
    CLEAN
        .replace("type = \"partner\"", "type = \"customer\"")
        .replace(
            "kind = \"internal-tool\"\n",
            "kind = \"internal-tool\"\nadoption = \"mandated\"\n",
        )
        .replace("kpis = [\"days-to-close\"]", "kpis = [\"délai\", 5]")
        .replace("id = \"ledger\"", "id = \"payroll\"")
}

fn failing_repo() -> Repo {
    let repo = Repo::new();
    repo.write(ODD_PATH, &odd_charter());
    repo.write("products/payroll/charter.toml", &contradicting_charter());
    repo
}

fn sarif_schema() -> jsonschema::Validator {
    let path = common::corpus_path("sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles offline")
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_and_describes_every_rule_and_finding() {
    let repo = failing_repo();
    let out = check(&repo, "sarif", &[]);
    assert_eq!(out.status.code(), Some(1));
    let log = parse_json(&out);
    let validator = sarif_schema();
    let errors = schema_errors(&validator, &log);
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&validator, &broken).is_empty());

    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "charterlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    assert!(
        driver["fullName"]
            .as_str()
            .is_some_and(|n| n.starts_with("charterlint ") && n.contains(env!("CARGO_PKG_VERSION"))),
        "{driver}"
    );
    // GitHub takes the category from the id, up to its last `/`.
    assert_eq!(run["automationDetails"]["id"], "charterlint/");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ALL.len());
    for (descriptor, rule) in rules.iter().zip(ALL) {
        assert_eq!(descriptor["id"], rule.id);
        // A readable name that is not the id again (SARIF1001), if any.
        if let Some(name) = descriptor.get("name") {
            let name = name.as_str().unwrap();
            assert!(
                !name.is_empty() && !name.eq_ignore_ascii_case(rule.id),
                "{name}"
            );
        } else {
            assert!(!rule.id.contains('-'), "{}: no name", rule.id);
        }
        assert_eq!(
            descriptor["helpUri"],
            format!(
                "{}/blob/main/docs/rules.md#{}",
                env!("CARGO_PKG_REPOSITORY"),
                rule.id
            )
        );
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary);
        assert_eq!(descriptor["fullDescription"]["text"], rule.explanation);
        assert_eq!(
            descriptor["defaultConfiguration"]["level"],
            rule.default.as_str()
        );
        let help_text = descriptor["help"]["text"].as_str().unwrap();
        let help_markdown = descriptor["help"]["markdown"].as_str().unwrap();
        for (_, example) in rule.fails.files.iter().chain(rule.passes.files) {
            let first_line = example.lines().next().unwrap();
            assert!(help_text.contains(first_line), "{}", rule.id);
            assert!(help_markdown.contains(example.trim_end()), "{}", rule.id);
        }
        assert!(help_markdown.contains("```toml"), "{}", rule.id);
    }

    // Results say what the JSON report says, finding for finding.
    let (_, json) = repo.check_json(&[]);
    let findings = json["findings"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    assert!(results.len() >= 8);
    for (r, f) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], f["rule"]);
        assert_eq!(r["level"], f["severity"]);
        // The message, then a link to each related location by its id.
        let message = r["message"]["text"].as_str().unwrap();
        assert!(
            message.starts_with(f["message"].as_str().unwrap()),
            "{message}"
        );
        let print = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        let ours = r["partialFingerprints"]["charterlint/v1"].as_str().unwrap();
        assert_eq!(print, format!("{}:1", &ours[..16]));
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(region["endLine"], f["end_line"]);
        assert_eq!(region["endColumn"], f["end_column"]);
        let labels = f["labels"].as_array().unwrap();
        let related = r["relatedLocations"].as_array().map_or(&[][..], |v| v);
        assert_eq!(related.len(), labels.len());
        for (i, (rel, label)) in related.iter().zip(labels).enumerate() {
            assert_eq!(rel["id"], i + 1);
            let link = format!("[{}]({})", label["message"].as_str().unwrap(), i + 1);
            assert!(message.contains(&link), "{message} lacks {link}");
            assert_eq!(rel["message"]["text"], label["message"]);
            assert_eq!(
                rel["physicalLocation"]["region"]["startLine"],
                label["line"]
            );
        }
    }

    // Relative URIs, percent-encoded; columns count code points.
    let uris: HashSet<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        HashSet::from([
            "products/a%2Cb%3Ac/charter.toml",
            "products/payroll/charter.toml"
        ])
    );
    let kpi = results
        .iter()
        .find(|r| r["ruleId"] == "invalid-value")
        .expect("the integer KPI");
    let line = contradicting_charter()
        .lines()
        .position(|l| l.starts_with("kpis"))
        .unwrap();
    let region = &kpi["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], line + 1);
    assert_eq!(
        region["startColumn"],
        "kpis = [\"délai\", ".chars().count() + 1
    );
    let with_labels = results
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("a customer has a choice, but `choice = false`")
        })
        .unwrap();
    assert_eq!(
        with_labels["relatedLocations"][0]["message"]["text"],
        "they cannot choose"
    );
    // GitHub shows a related location when the message links it.
    assert!(
        with_labels["message"]["text"]
            .as_str()
            .unwrap()
            .ends_with("(see [they cannot choose](1))"),
        "{}",
        with_labels["message"]["text"]
    );
}

fn fingerprints_by_result(log: &Value) -> Vec<(String, u64, String)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
                r["partialFingerprints"]["charterlint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_moved_lines_and_tell_findings_apart() {
    let repo = failing_repo();
    let before = fingerprints_by_result(&parse_json(&check(&repo, "sarif", &[])));
    let prints: HashSet<&String> = before.iter().map(|(_, _, p)| p).collect();
    assert_eq!(prints.len(), before.len(), "a fingerprint is shared");
    assert!(
        before
            .iter()
            .all(|(_, _, p)| p.len() == 64 && p.bytes().all(|b| b.is_ascii_hexdigit())),
        "{before:?}"
    );

    // A comment at the top moves every finding of that charter one line down.
    let path = "products/payroll/charter.toml";
    repo.write(
        path,
        &format!("# Payroll, owned by finance\n{}", contradicting_charter()),
    );
    let after = fingerprints_by_result(&parse_json(&check(&repo, "sarif", &[])));
    assert_eq!(after.len(), before.len());
    let moved = before
        .iter()
        .zip(&after)
        .filter(|((_, line_b, _), (_, line_a, _))| line_a == &(line_b + 1))
        .count();
    assert!(
        moved >= 4,
        "the payroll findings moved: {before:?} {after:?}"
    );
    for ((rule_b, _, print_b), (rule_a, _, print_a)) in before.iter().zip(&after) {
        assert_eq!(rule_b, rule_a);
        assert_eq!(print_b, print_a, "{rule_b}: fingerprint changed");
    }
}

#[test]
fn github_annotations_are_exact_and_escaped() {
    let repo = Repo::new();
    repo.write(ODD_PATH, &odd_charter());
    let out = check(&repo, "github", &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=products/a%2Cb%3Ac/charter.toml,line=1,col=1,endLine=1,endColumn=12,\
             title=vision-missing::`[vision]` is missing%0Ahelp: add a `[vision]` table, e.g.\
             %0A[vision]%0Astatement = \"Why the product exists\"",
            "::warning file=products/a%2Cb%3Ac/charter.toml,line=8,col=1,endLine=8,endColumn=18,\
             title=unknown-key::unknown key `100%25, sure: yes` in `[product]`\
             %0Ahelp: known keys here: id, name, owner, kind, adoption, end_customer_impact",
            "::notice file=products/a%2Cb%3Ac/charter.toml,line=36,col=1,endLine=36,endColumn=25,\
             title=tool-without-design::a tool team without design: `team.skills` lacks `design`\
             %0Ahelp: add `design` to `team.skills`, or say in a waiver how the team covers it",
        ]
    );
    assert!(text.ends_with('\n'));
}

#[test]
fn gitlab_report_is_code_quality_json() {
    let repo = failing_repo();
    let out = check(&repo, "gitlab", &[]);
    assert_eq!(out.status.code(), Some(1));
    let issues = parse_json(&out);
    let issues = issues.as_array().expect("a JSON array");
    let (_, json) = repo.check_json(&[]);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(issues.len(), findings.len());
    for (issue, f) in issues.iter().zip(findings) {
        let keys: HashSet<&str> = issue
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            HashSet::from([
                "description",
                "check_name",
                "fingerprint",
                "severity",
                "location"
            ])
        );
        assert_eq!(issue["description"], f["message"]);
        assert_eq!(issue["check_name"], f["rule"]);
        let expected = match f["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            "note" => "info",
            other => panic!("severity {other}"),
        };
        assert_eq!(issue["severity"], expected);
        assert_eq!(issue["location"]["path"], f["path"]);
        assert_eq!(issue["location"]["lines"]["begin"], f["line"]);
        assert_eq!(issue["location"]["lines"]["end"], f["end_line"]);
    }
    // Unique fingerprints, even for the two findings on one field, and the
    // same ones SARIF gives.
    let prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.iter().collect::<HashSet<_>>().len(), prints.len());
    let same_field = issues
        .iter()
        .filter(|i| i["check_name"] == "customer-without-choice")
        .count();
    assert_eq!(same_field, 2);
    let sarif: Vec<String> = fingerprints_by_result(&parse_json(&check(&repo, "sarif", &[])))
        .into_iter()
        .map(|(_, _, p)| p)
        .collect();
    assert_eq!(prints, sarif);
}

#[test]
fn markdown_summary_groups_findings_and_escapes_charter_text() {
    let repo = Repo::new();
    let hostile = CLEAN.replace(
        "kind = \"internal-tool\"",
        "kind = \"<img src=x onerror=alert(1)> | @octocat `x` *y*\"",
    );
    repo.write("products/ledger/charter.toml", &hostile);
    repo.write("products/payroll/charter.toml", &contradicting_charter());
    let out = check(&repo, "markdown", &[]);
    assert_eq!(out.status.code(), Some(1));
    let md = stdout(&out);
    assert!(md.starts_with("### ❌ charterlint: failed\n"), "{md}");
    let (_, json) = repo.check_json(&[]);
    let summary = &json["summary"];
    assert_eq!(
        (&summary["errors"], &summary["warnings"], &summary["notes"]),
        (&5.into(), &1.into(), &0.into())
    );
    assert!(
        md.contains("\n\n**5 errors** · **1 warning** · 0 notes in 2 charters.\n\n#### "),
        "{md}"
    );
    assert!(md.contains("#### products/ledger/charter.toml\n"));
    assert!(md.contains("#### products/payroll/charter.toml\n"));
    assert!(md.contains(
        "| 26:1 | error | `customer-without-choice` | a customer has a choice, but `choice = false` \\(`type = \"customer\"` also contradicts mandated adoption and `value_exchange = \"none\"`\\)<br>**help:** "
    ), "{md}");

    // The hostile value is shown, not interpreted.
    let row = md
        .lines()
        .find(|l| l.contains("`invalid-value`"))
        .expect("the invalid kind");
    assert!(!md.contains("<img"), "{md}");
    assert!(!md.contains("@octocat"), "{md}");
    assert!(
        row.contains("&lt;img src=x onerror=alert\\(1\\)&gt; \\| @&#8203;octocat \\`x\\` \\*y\\*"),
        "{row}"
    );
    // Only the table's own pipes are unescaped: five per row.
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let bare = line
            .char_indices()
            .filter(|&(i, c)| c == '|' && (i == 0 || line.as_bytes()[i - 1] != b'\\'))
            .count();
        assert_eq!(bare, 5, "{line}");
    }
}

#[test]
fn markdown_summary_passes_and_caps_long_lists() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    let out = check(&repo, "markdown", &[]);
    assert_eq!(out.status.code(), Some(0));
    let md = stdout(&out);
    assert!(md.starts_with("### ✅ charterlint: passed\n"), "{md}");
    assert!(
        md.contains("0 errors · 0 warnings · 0 notes in 1 charter."),
        "{md}"
    );
    assert!(!md.contains("####"));

    // Sixty unknown keys: fifty are listed, the rest counted.
    let keys: String = (0..60).map(|i| format!("extra{i:02} = 1\n")).collect();
    repo.write("charter.toml", &format!("{keys}{CLEAN}"));
    let md = stdout(&check(&repo, "markdown", &[]));
    assert!(md.starts_with("### ✅ charterlint: passed\n"), "{md}");
    assert!(md.contains("**60 warnings**"), "{md}");
    assert_eq!(md.matches("`unknown-key`").count(), 50);
    assert!(md.contains("…and 10 more findings."), "{md}");
    let md = stdout(&check(&repo, "markdown", &["--deny", "warnings"]));
    assert!(md.starts_with("### ❌ charterlint: failed\n"), "{md}");
}

#[test]
fn output_file_holds_exactly_what_stdout_would() {
    let repo = failing_repo();
    let target = tempfile::tempdir().unwrap();
    for format in FORMATS {
        let printed = check(&repo, format, &[]);
        let file = target.path().join(format!("report.{format}"));
        let written = check(&repo, format, &["--output", file.to_str().unwrap()]);
        assert_eq!(written.status.code(), printed.status.code(), "{format}");
        assert!(written.stdout.is_empty(), "{format}: stdout not empty");
        let content = std::fs::read(&file).unwrap();
        assert!(!content.is_empty(), "{format}");
        assert_eq!(content, printed.stdout, "{format}");
        let stderr = String::from_utf8_lossy(&written.stderr);
        assert!(
            stderr.contains("charterlint check: 2 charters"),
            "{format}: {stderr}"
        );
    }
}

#[test]
fn machine_formats_print_only_the_report() {
    let repo = failing_repo();
    for format in ["json", "sarif", "gitlab"] {
        let out = check(&repo, format, &[]);
        parse_json(&out); // the whole of stdout is one JSON document
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = check(&repo, "github", &[]);
    assert!(stdout(&out).lines().all(|l| l.starts_with("::")));
    assert!(out.stderr.is_empty());
}

#[test]
fn exit_codes_do_not_depend_on_the_format() {
    let failing = failing_repo();
    let clean = Repo::new();
    clean.write("charter.toml", CLEAN);
    let warned = Repo::new();
    warned.write("charter.toml", &format!("surplus = 1\n{CLEAN}"));
    let broken = Repo::new();
    broken.write("charter.toml", CLEAN);
    broken.write("charterlint.toml", "include = 3\n");
    for format in FORMATS {
        let code = |repo: &Repo, args: &[&str]| check(repo, format, args).status.code();
        assert_eq!(code(&failing, &[]), Some(1), "{format}");
        assert_eq!(code(&clean, &[]), Some(0), "{format}");
        assert_eq!(code(&warned, &[]), Some(0), "{format}");
        assert_eq!(code(&warned, &["--deny", "warnings"]), Some(1), "{format}");
        assert_eq!(code(&broken, &[]), Some(2), "{format}");
    }
}

/// Issue 9 item 11: findings about a whole repository (`charter-missing`,
/// `repo-unreadable`) have no file and no line; SARIF and GitLab stay valid
/// for them, pointing at the repository.
#[test]
fn repository_level_findings_stay_valid_sarif_and_gitlab() {
    let org = common::Org::new();
    org.repo("team/empty").commit("nothing yet", None);
    let broken = org.repo_with_charter("team/broken", "charter = 1\n");
    broken.write(".git/HEAD", "ref: refs/heads/nowhere\n");
    let out = org.scan(&["--require-charter", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let log = parse_json(&out);
    let errors = schema_errors(&sarif_schema(), &log);
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut seen = Vec::new();
    for r in results {
        let location = &r["locations"][0]["physicalLocation"];
        seen.push((
            r["ruleId"].as_str().unwrap().to_string(),
            location["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string(),
        ));
        assert!(location.get("region").is_none(), "{location}");
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("charter-missing".to_string(), "team/empty".to_string()),
            ("repo-unreadable".to_string(), "team/broken".to_string())
        ]
    );
    let out = org.scan(&["--require-charter", "--format", "gitlab"]);
    let issues = parse_json(&out);
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    for issue in issues {
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(path == "team/empty" || path == "team/broken", "{issue}");
        assert_eq!(issue["location"]["lines"]["begin"], 1, "{issue}");
    }
}

/// Microsoft's SARIF multitool: CHARTERLINT_SARIF_MULTITOOL (the native
/// `Sarif.Multitool` of the npm package `@microsoft/sarif-multitool`, which
/// `.ci/run` installs), or `Sarif.Multitool` on PATH.
fn multitool() -> std::path::PathBuf {
    std::env::var_os("CHARTERLINT_SARIF_MULTITOOL")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "Sarif.Multitool".into())
}

/// `validate` with SARIF's own rules and GitHub's ingestion rules
/// (`--rule-kind "Gh;Sarif"`): the problems it reports, as `RULE: message`
/// (a result without a level is a warning; notes are not counted).
fn multitool_problems(name: &str, sarif: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(format!("{name}.sarif"));
    let output = dir.path().join(format!("{name}.validation.sarif"));
    std::fs::write(&input, sarif).unwrap();
    let out = std::process::Command::new(multitool())
        .args(["validate", "--rule-kind", "Gh;Sarif", "--output"])
        .arg(&output)
        .arg(&input)
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "CHARTERLINT_E2E=1 but the SARIF multitool cannot run ({e}); \
                 `npm install @microsoft/sarif-multitool` and set CHARTERLINT_SARIF_MULTITOOL \
                 to its Sarif.Multitool"
            )
        });
    let console = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{console}");
    let text = std::fs::read_to_string(&output)
        .unwrap_or_else(|e| panic!("the multitool wrote no report ({e}):\n{console}"));
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"], true,
        "{console}"
    );
    log["runs"][0]["results"]
        .as_array()
        .map_or(&[][..], |v| v)
        .iter()
        .filter(|r| !matches!(r["level"].as_str(), Some("note" | "none")))
        .map(|r| {
            format!(
                "{}: {}",
                r["ruleId"].as_str().unwrap_or("?"),
                r["message"]["text"]
                    .as_str()
                    .or(r["message"]["id"].as_str())
                    .unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn the_sarif_multitool_finds_no_error_and_no_warning() {
    if std::env::var("CHARTERLINT_E2E").as_deref() != Ok("1") {
        eprintln!("set CHARTERLINT_E2E=1 to validate with the SARIF multitool");
        return;
    }
    // The validator does report what it should: a rule whose name is its id.
    let repo = failing_repo();
    let mut log = parse_json(&check(&repo, "sarif", &[]));
    log["runs"][0]["tool"]["driver"]["rules"][0]["name"] = "parse-error".into();
    let problems = multitool_problems("broken", &log.to_string());
    assert!(
        problems.iter().any(|p| p.starts_with("SARIF1001")),
        "{problems:?}"
    );

    // A check with contradictions (related locations), odd paths, every
    // severity; this repository's examples; a scan of repositories.
    let failing = stdout(&check(&repo, "sarif", &[]));
    let examples = common::charterlint()
        .args(["check", "--format", "sarif"])
        .current_dir(common::manifest_dir())
        .output()
        .unwrap();
    let org = common::Org::new();
    org.repo_with_charter("team-a/payroll", &contradicting_charter());
    org.repo_with_charter("team-b/ledger", common::CLEAN);
    org.repo_with_charter("team-b/odd", &odd_charter());
    let scan = org.scan(&["--format", "sarif", "--today", TODAY]);
    for (name, sarif) in [
        ("check", failing),
        ("examples", stdout(&examples)),
        ("scan", stdout(&scan)),
    ] {
        let log: Value = serde_json::from_str(&sarif).unwrap();
        assert!(
            !log["runs"][0]["results"].as_array().unwrap().is_empty(),
            "{name}: no results"
        );
        let problems = multitool_problems(name, &sarif);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
}
