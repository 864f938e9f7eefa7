//! The working-tree walk of `check` (parallel since the performance work):
//! every charter is found exactly once, ignored folders are skipped, and the
//! report does not depend on the order in which threads find files.

use crate::common;

use std::collections::BTreeSet;

use common::{CLEAN, Repo, TODAY};

#[test]
fn a_parallel_walk_finds_every_charter_once_and_reports_deterministically() {
    let repo = Repo::new();
    let mut expected = BTreeSet::new();
    for group in 0..6 {
        for product in 0..15 {
            let path = if product % 4 == 0 {
                format!("products/g{group}/p{product}/svc.charter.toml")
            } else {
                format!("products/g{group}/p{product}/charter.toml")
            };
            // Each charter its own id, so no cross-charter finding blurs the count.
            let text = CLEAN.replacen("id = \"", &format!("id = \"g{group}-p{product}-"), 1);
            repo.write(&path, &text);
            repo.write(&format!("products/g{group}/p{product}/notes.md"), "notes\n");
            expected.insert(path);
        }
    }
    repo.write(".gitignore", "/build/\n");
    repo.write("build/out/charter.toml", "charter = 1\n");
    repo.git(&["add", "-A"]);
    repo.commit("charters", None);
    // Untracked but not ignored: the working tree is what is checked.
    repo.write("new/charter.toml", "charter = 1\n");
    expected.insert("new/charter.toml".to_string());

    let first = repo.run(&["check", "--format", "json", "--today", TODAY]);
    let report = common::parse_json(&first);
    assert_eq!(report["summary"]["charters"], expected.len());
    let reported: BTreeSet<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    // Only the bare untracked charter has findings; none come from build/.
    assert_eq!(
        reported,
        BTreeSet::from(["new/charter.toml".to_string()]),
        "{report:#}"
    );
    for _ in 0..3 {
        let again = repo.run(&["check", "--format", "json", "--today", TODAY]);
        assert_eq!(again.stdout, first.stdout);
    }
}

#[test]
fn include_globs_prune_the_walk_without_losing_a_charter_in_every_source() {
    let repo = Repo::new();
    let everywhere = [
        "charter.toml",
        "root.charter.toml",
        "teams/ledger/charter.toml",
        "teams/ledger/deep/charter.toml",
        "teams/ledger/svc.charter.toml",
        "squads/payments/charter.toml",
        "other/charter.toml",
        "docs/a/b/charter.toml",
    ];
    // An empty charter: findings name every charter checked.
    for path in everywhere {
        repo.write(path, "charter = 1\n");
    }
    // Each line: the include globs, and the charters they must find.
    let cases: [(&str, &[&str]); 4] = [
        (r#"["charter.toml"]"#, &["charter.toml"]),
        (
            r#"["*.charter.toml", "teams/*/charter.toml"]"#,
            &["root.charter.toml", "teams/ledger/charter.toml"],
        ),
        (
            r#"["{teams,squads}/*/charter.toml", "docs/**/charter.toml"]"#,
            &[
                "docs/a/b/charter.toml",
                "squads/payments/charter.toml",
                "teams/ledger/charter.toml",
            ],
        ),
        (
            r#"["teams/**/*.toml"]"#,
            &[
                "teams/ledger/charter.toml",
                "teams/ledger/deep/charter.toml",
                "teams/ledger/svc.charter.toml",
            ],
        ),
    ];
    for (include, expected) in cases {
        repo.write("charterlint.toml", &format!("include = {include}\n"));
        repo.git(&["add", "-A"]);
        repo.commit(include, None);
        let expected: BTreeSet<String> = expected.iter().map(|p| p.to_string()).collect();
        for source in [&[][..], &["--staged"][..], &["--rev", "HEAD"][..]] {
            let (_, report) = repo.check_json(source);
            let found: BTreeSet<String> = common::paths_of(&report).into_iter().collect();
            assert_eq!(found, expected, "{include} {source:?}");
            assert_eq!(report["summary"]["charters"], expected.len());
        }
    }
}
