//! `explain`, `rules`, `init` and `schema`.

use crate::common;

use charterlint::rules::ALL;
use common::{Repo, charterlint, rules_of};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = charterlint().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn explain_prints_what_why_and_both_examples_for_every_rule() {
    for rule in ALL {
        let (code, out, _) = run(&["explain", rule.id]);
        assert_eq!(code, 0);
        assert!(out.starts_with(rule.id), "{out}");
        assert!(out.contains(&format!("({} by default)", rule.default)));
        assert!(out.contains("Fails") && out.contains("Passes"), "{out}");
        let first_line_of_example = rule.fails.files[0].1.lines().next().unwrap();
        assert!(
            out.contains(first_line_of_example),
            "{}: example not shown",
            rule.id
        );
    }
    let (code, out, _) = run(&["explain", "customer-without-choice"]);
    assert_eq!(code, 0);
    assert!(out.contains("choice"), "the idea is explained: {out}");
}

#[test]
fn explain_of_an_unknown_rule_suggests_the_closest() {
    let (code, _, err) = run(&["explain", "customer-without-choise"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("did you mean `customer-without-choice`"),
        "{err}"
    );
}

#[test]
fn rules_lists_every_rule_with_its_default_severity() {
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), ALL.len());
    for rule in ALL {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id))
            .unwrap();
        assert_eq!(
            line.split_whitespace().nth(1),
            Some(rule.default.as_str()),
            "{line}"
        );
    }
}

#[test]
fn the_readme_rule_table_is_generated_from_the_rules() {
    let readme = std::fs::read_to_string(common::manifest_dir().join("README.md")).unwrap();
    let (_, table, _) = run(&["rules", "--markdown"]);
    assert!(
        readme.contains(&table),
        "README.md's rule table is out of date; replace it with `charterlint rules --markdown`:\n{table}"
    );
}

#[test]
fn schema_prints_the_committed_schemas() {
    for (which, file) in [
        ("charter", "charter.schema.json"),
        ("okrs", "okrs.schema.json"),
        ("config", "charterlint.schema.json"),
    ] {
        let (code, out, _) = run(&["schema", which]);
        assert_eq!(code, 0);
        let committed =
            std::fs::read_to_string(common::manifest_dir().join("schemas").join(file)).unwrap();
        assert_eq!(
            out, committed,
            "schemas/{file} is out of date: regenerate it with `charterlint schema {which} > schemas/{file}`"
        );
    }
    let (_, out, _) = run(&["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        schema["properties"]["relationship"]["properties"]["type"]["enum"],
        serde_json::json!(["customer", "partner", "user"])
    );
    assert_eq!(schema["required"][0], "charter");
}

#[test]
fn init_writes_a_template_that_fails_until_filled_in_and_never_overwrites() {
    for kind in charterlint::charter::Kind::NAMES {
        let repo = Repo::new();
        let out = repo.run(&["init", "--kind", kind]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let template = std::fs::read_to_string(repo.path().join("charter.toml")).unwrap();
        assert!(template.contains(&format!("kind = \"{kind}\"")));

        let (code, report) = repo.check_json(&[]);
        assert_eq!(code, 1, "the unfilled template must fail");
        let rules = rules_of(&report);
        assert!(rules.contains(&"placeholder".to_string()), "{rules:?}");

        // Filled in, it passes.
        let filled = fill(&template);
        std::fs::write(repo.path().join("charter.toml"), &filled).unwrap();
        let (code, report) = repo.check_json(&[]);
        assert_eq!(code, 0, "{kind}: {report}\n{filled}");

        // A second init refuses and leaves the file as it was.
        let out = repo.run(&["init", "--kind", kind]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
        assert_eq!(
            std::fs::read_to_string(repo.path().join("charter.toml")).unwrap(),
            filled
        );
        let out = repo.run(&["init", "--kind", kind, "--force"]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            std::fs::read_to_string(repo.path().join("charter.toml")).unwrap(),
            template
        );
    }
}

/// Replaces each `<...>` placeholder of the template with real text.
fn fill(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("\"<") {
        let end = start + rest[start..].find(">\"").unwrap() + 2;
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..end - 2];
        let value = if inner.starts_with("product-id") {
            "payroll".to_string()
        } else {
            format!("Real {}", inner.replace(['<', '>'], ""))
        };
        out.push_str(&format!("\"{value}\""));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
