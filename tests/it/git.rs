//! Checking what git holds: the index (`--staged`, also as git's own hooks
//! see it), any revision (`--rev`), what changed since a base
//! (`--changed-since`, `--new-only`), the history rules, a registry kept in
//! another repository, and hostile environments. Every test builds real
//! repositories with the `git` command.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::{CLEAN, Repo, TODAY, charterlint, findings_of, git_in, paths_of, rules_of};

/// CLEAN with a placeholder product name: one `placeholder` error.
fn bad() -> String {
    CLEAN.replace("name = \"General Ledger\"", "name = \"TBD\"")
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Installs a pre-commit hook that runs this build's binary on the index,
/// the way `install-hook` does but with the test's fixed date.
fn hook_runs_charterlint(repo: &Repo) {
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec '{}' check --staged --today {TODAY}\n",
            env!("CARGO_BIN_EXE_charterlint")
        ),
    )
    .unwrap();
    make_executable(&hook);
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// `git ARGS` in the repository, its output whether it succeeds or not.
fn git_output(repo: &Repo, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(repo.path())
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

// --- the index -----------------------------------------------------------

#[test]
fn staged_reads_the_index_not_the_working_tree() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("clean", None);
    repo.write("charter.toml", &bad());
    repo.git(&["add", "charter.toml"]);
    repo.write("charter.toml", CLEAN);

    let (code, staged) = repo.check_json(&["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&staged), ["placeholder"]);
    let (code, worktree) = repo.check_json(&[]);
    assert_eq!(code, 0, "{worktree}");
}

#[test]
fn staged_reads_config_and_registry_from_the_index() {
    let repo = Repo::new();
    let okrs = "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close fast\"\nends = 2026-12-31\n";
    repo.write("charter.toml", &bad())
        .write(
            "charterlint.toml",
            "registry = \"okrs.toml\"\n[rules]\nplaceholder = \"off\"\n",
        )
        .write("okrs.toml", okrs);
    repo.git(&["add", "-A"]);
    // The working tree says otherwise: the index must win.
    repo.write("charterlint.toml", "registry = \"okrs.toml\"\n")
        .write("okrs.toml", "okrs = 1\n");
    let (code, report) = repo.check_json(&["--staged"]);
    assert_eq!(code, 0, "{report}");
    let (code, report) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let rules = rules_of(&report);
    assert!(rules.contains(&"placeholder".to_string()), "{rules:?}");
    assert!(
        rules.contains(&"golden-thread-unresolved".to_string()),
        "{rules:?}"
    );
}

#[test]
fn a_hook_checks_the_temporary_index_of_commit_all() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("clean", None);
    hook_runs_charterlint(&repo);

    // The index holds a bad charter, the working tree a good one:
    // `git commit -a` commits the good one, and the hook must check that.
    repo.write("charter.toml", &bad());
    repo.git(&["add", "charter.toml"]);
    repo.write(
        "charter.toml",
        CLEAN.replace("Finance analyst", "Controller").as_str(),
    );
    let out = git_output(&repo, &["commit", "-a", "-q", "-m", "fix"]);
    assert!(out.status.success(), "blocked: {}", stderr(&out));
    assert!(stderr(&out).contains("1 charter from the index (GIT_INDEX_FILE)"));

    // Now the other way: a good index, a bad working tree.
    repo.write("charter.toml", &bad());
    let out = git_output(&repo, &["commit", "-a", "-q", "-m", "break"]);
    assert!(!out.status.success(), "a bad charter was committed");
    assert!(stderr(&out).contains("placeholder"), "{}", stderr(&out));
    assert_eq!(repo.git(&["log", "--format=%s", "-1"]), "fix");
}

#[test]
fn a_hook_checks_the_temporary_index_of_commit_with_paths() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN).write("README.md", "x\n");
    repo.commit("clean", None);
    hook_runs_charterlint(&repo);

    // `git commit PATH` commits PATH as it is in the working tree, whatever
    // the index holds.
    repo.write(
        "charter.toml",
        CLEAN.replace("Finance analyst", "Controller").as_str(),
    );
    repo.git(&["add", "charter.toml"]);
    repo.write("charter.toml", &bad());
    let out = git_output(&repo, &["commit", "-q", "-m", "break", "charter.toml"]);
    assert!(!out.status.success(), "a bad charter was committed");
    assert!(stderr(&out).contains("placeholder"), "{}", stderr(&out));

    repo.git(&["add", "charter.toml"]);
    repo.write(
        "charter.toml",
        CLEAN.replace("Finance analyst", "Auditor").as_str(),
    );
    let out = git_output(&repo, &["commit", "-q", "-m", "fix", "charter.toml"]);
    assert!(out.status.success(), "blocked: {}", stderr(&out));
    assert_eq!(
        repo.git(&["show", "HEAD:charter.toml"]),
        CLEAN.replace("Finance analyst", "Auditor").trim()
    );
}

#[test]
fn an_index_file_that_does_not_exist_is_named() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("c", None);
    let out = charterlint()
        .args(["check", "--staged"])
        .current_dir(repo.path())
        .env("GIT_INDEX_FILE", repo.path().join(".git/no-such-index"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no-such-index"), "{}", stderr(&out));
}

#[test]
fn the_first_commit_of_a_repository_is_checked() {
    let repo = Repo::new();
    hook_runs_charterlint(&repo);
    repo.write("charter.toml", &bad());
    repo.git(&["add", "-A"]);
    let out = repo.run(&["check", "--staged", "--today", TODAY]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("1 charter from the index"));
    let out = git_output(&repo, &["commit", "-q", "-m", "first"]);
    assert!(!out.status.success(), "a bad first commit went through");

    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "-A"]);
    let out = git_output(&repo, &["commit", "-q", "-m", "first"]);
    assert!(out.status.success(), "blocked: {}", stderr(&out));
}

#[test]
fn merge_conflicts_in_charters_are_named() {
    let repo = Repo::new();
    repo.write("products/a/charter.toml", CLEAN)
        .write("README.md", "base\n");
    repo.commit("base", None);
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.write(
        "products/a/charter.toml",
        &CLEAN.replace("G-TRUST", "G-OTHER"),
    );
    repo.write("README.md", "other\n");
    repo.commit("other", None);
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "products/a/charter.toml",
        &CLEAN.replace("G-TRUST", "G-MAIN"),
    );
    repo.write("README.md", "main\n");
    repo.commit("main", None);
    let merge = git_output(&repo, &["merge", "-q", "other"]);
    assert!(!merge.status.success(), "the merge should conflict");

    let out = repo.run(&["check", "--staged"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("unresolved merge conflicts"), "{err}");
    assert!(err.contains("products/a/charter.toml"), "{err}");
    assert!(!err.contains("README.md"), "{err}");

    // Once the charter is resolved, a conflict elsewhere is not its business.
    repo.write("products/a/charter.toml", CLEAN);
    repo.git(&["add", "products/a/charter.toml"]);
    let (code, report) = repo.check_json(&["--staged"]);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn checking_the_index_writes_nothing() {
    let repo = Repo::new();
    for i in 0..50 {
        repo.write(&format!("src/file{i}.txt"), "x\n");
    }
    repo.write("charter.toml", CLEAN);
    repo.commit("all", None);
    // Newer mtimes make the index stat data stale: a refresh would rewrite it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for i in 0..50 {
        repo.write(&format!("src/file{i}.txt"), "x\n");
    }
    repo.write("charter.toml", &bad());
    repo.git(&["add", "charter.toml"]);
    let index = repo.path().join(".git/index");
    let before = std::fs::read(&index).unwrap();
    let modified = std::fs::metadata(&index).unwrap().modified().unwrap();
    let files_before = git_dir_files(repo.path());

    for args in [
        vec!["check", "--staged"],
        vec!["check", "--rev", "HEAD"],
        vec!["check", "--changed-since", "HEAD"],
        vec!["check"],
    ] {
        let out = repo.run(&args);
        assert_ne!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read(&index).unwrap(), before, "the index changed");
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(
        git_dir_files(repo.path()),
        files_before,
        "files appeared in .git"
    );
}

#[test]
fn a_corrupt_or_truncated_index_is_an_error_not_a_panic() {
    let repo = Repo::new();
    for i in 0..20 {
        repo.write(&format!("src/file{i}.txt"), "x\n");
    }
    repo.write("charter.toml", CLEAN);
    repo.commit("all", None);
    let index = repo.path().join(".git/index");
    let good = std::fs::read(&index).unwrap();
    let mut garbage = good.clone();
    garbage[..4].copy_from_slice(b"XXXX");
    for (what, bytes) in [
        ("truncated in an entry", &good[..good.len() / 2]),
        ("truncated in the header", &good[..7]),
        ("empty", &good[..0]),
        ("not an index", &garbage[..]),
    ] {
        std::fs::write(&index, bytes).unwrap();
        let out = repo.run(&["check", "--staged"]);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{what}: {err}");
        assert!(err.contains("cannot read the index"), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        // The same file named by GIT_INDEX_FILE.
        let out = charterlint()
            .args(["check", "--staged"])
            .current_dir(repo.path())
            .env("GIT_INDEX_FILE", &index)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{what}: {err}");
        assert!(err.contains("cannot read the index"), "{what}: {err}");
        assert!(err.contains(".git/index"), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
}

#[test]
fn a_split_index_and_index_version_4_are_read() {
    let repo = Repo::new();
    for i in 0..30 {
        repo.write(&format!("src/file{i}.txt"), "x\n");
    }
    repo.write("products/a/charter.toml", CLEAN);
    repo.commit("all", None);
    repo.git(&["update-index", "--split-index"]);
    repo.write("products/a/charter.toml", &bad());
    repo.write("src/new.txt", "new\n");
    repo.git(&["add", "-A"]);
    let shared: Vec<_> = std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("sharedindex."))
        .collect();
    assert!(!shared.is_empty(), "git wrote no shared index");
    let index = repo.path().join(".git/index");
    let before = std::fs::read(&index).unwrap();

    let (code, report) = repo.check_json(&["--staged"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(rules_of(&report), ["placeholder"]);
    assert_eq!(paths_of(&report), ["products/a/charter.toml"]);
    let (code, report) = repo.check_json(&["--staged", "products/a/charter.toml"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(std::fs::read(&index).unwrap(), before, "the index changed");

    // Version 4 compresses each path against the one before it.
    repo.git(&["update-index", "--no-split-index"]);
    repo.git(&["update-index", "--index-version", "4"]);
    let (code, report) = repo.check_json(&["--staged"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(paths_of(&report), ["products/a/charter.toml"]);
    let (code, report) = repo.check_json(&["--staged", "products/a/charter.toml"]);
    assert_eq!(code, 1, "{report}");
}

#[test]
fn a_fresh_repository_has_an_empty_index() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    assert!(!repo.path().join(".git/index").exists());
    let out = repo.run(&["check", "--staged", "charter.toml"]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("charter.toml is not staged"), "{err}");
    assert!(
        !repo.path().join(".git/index").exists(),
        "an index appeared"
    );
}

#[test]
fn a_linked_worktree_checks_its_own_index() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("clean", None);
    let linked = repo.path().join("linked");
    repo.git(&["worktree", "add", "-q", linked.to_str().unwrap()]);
    std::fs::write(linked.join("charter.toml"), bad()).unwrap();
    git_in(&linked, &["add", "charter.toml"]);

    let (main_code, report) = repo.check_json(&["--staged"]);
    assert_eq!(main_code, 0, "{report}");
    let out = charterlint()
        .args(["check", "--staged", "--format", "json", "--today", TODAY])
        .current_dir(&linked)
        .output()
        .unwrap();
    let report = common::parse_json(&out);
    assert_eq!(code(&out), 1, "{report}");
    assert_eq!(rules_of(&report), ["placeholder"]);
}

/// Every file under `.git`, for spotting lock files and other leftovers.
fn git_dir_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join(".git"), &mut out);
    out.sort();
    out
}

// --- revisions -----------------------------------------------------------

#[test]
fn any_revision_git_understands() {
    let repo = Repo::new();
    repo.write("charter.toml", &bad());
    let first = repo.commit("bad", None);
    repo.git(&["tag", "v1"]);
    repo.write("charter.toml", CLEAN);
    repo.commit("clean", None);
    repo.git(&["branch", "release"]);
    repo.write(
        "charter.toml",
        &bad().replace("Finance analyst", "Controller"),
    );
    repo.commit("bad again", None);
    repo.write("charter.toml", CLEAN);

    for (rev, expected) in [
        ("HEAD", 1),
        ("HEAD~1", 0),
        ("HEAD~2", 1),
        ("v1", 1),
        ("release", 0),
        (&first[..9], 1),
        ("main^{tree}", 2),
    ] {
        let out = repo.run(&["check", "--rev", rev, "--today", TODAY]);
        assert_eq!(code(&out), expected, "--rev {rev}: {}", stderr(&out));
        if expected != 2 {
            assert!(stderr(&out).contains("from commit"), "{}", stderr(&out));
        }
    }
}

#[test]
fn an_unknown_revision_is_named() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("c", None);
    for args in [
        &["check", "--rev", "no-such-branch"][..],
        &["check", "--changed-since", "no-such-branch"][..],
    ] {
        let out = repo.run(args);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("`no-such-branch`"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_bare_repository_is_checked_at_a_revision() {
    let repo = Repo::new();
    repo.write("charter.toml", &bad()).write(
        "charterlint.toml",
        "[rules]\nend-customer-impact-missing = \"error\"\n",
    );
    repo.commit("c", None);
    let bare = tempfile::tempdir().unwrap();
    let target = bare.path().join("app.git");
    repo.git(&["clone", "-q", "--bare", ".", target.to_str().unwrap()]);
    let out = charterlint()
        .args([
            "check", "--format", "json", "--today", TODAY, "--rev", "HEAD",
        ])
        .current_dir(&target)
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(rules_of(&common::parse_json(&out)), ["placeholder"]);

    let out = charterlint()
        .args(["check", "--staged"])
        .current_dir(&target)
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("bare repository"), "{}", stderr(&out));
}

#[test]
fn outside_a_repository_plain_files_are_checked_and_git_options_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("charter.toml"), bad()).unwrap();
    let run = |args: &[&str]| {
        charterlint()
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .output()
            .unwrap()
    };
    let out = run(&["check", "--today", TODAY, "charter.toml"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 charter from plain files in")
            && stderr(&out).contains("(not a git repository)"),
        "the receipt says the files were plain files: {}",
        stderr(&out)
    );
    let out = run(&["check", "--today", TODAY, "."]);
    assert_eq!(
        code(&out),
        1,
        "a folder named outside git: {}",
        stderr(&out)
    );
    // SPEC v1.1 section 6: without PATHs, outside a repository is exit 2 (it
    // used to walk the current folder, however large and unrelated).
    let out = run(&["check", "--today", TODAY]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a git repository") && out.stdout.is_empty(),
        "{}",
        stderr(&out)
    );
    for args in [
        &["check", "--staged"][..],
        &["check", "--rev", "HEAD"][..],
        &["check", "--changed-since", "main"][..],
    ] {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            stderr(&out).contains("not in a git repository"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn git_dir_and_work_tree_name_the_checked_repository() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("c", None);
    repo.write("charter.toml", &bad());
    repo.git(&["add", "-A"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        charterlint()
            .args(args)
            .current_dir(elsewhere.path())
            .env("GIT_DIR", repo.path().join(".git"))
            .env("GIT_WORK_TREE", repo.path())
            .output()
            .unwrap()
    };
    let out = run(&["check", "--staged", "--today", TODAY]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let out = run(&["check", "--rev", "HEAD", "--today", TODAY]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(&["check", "--today", TODAY]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("1 charter from the working tree"));
}

#[test]
fn symbolic_links_and_submodules_are_reported_not_followed() {
    let repo = Repo::new();
    repo.write("real/charter.toml", CLEAN);
    std::os::unix::fs::symlink(
        "../real/charter.toml",
        repo.path().join("link.charter.toml"),
    )
    .unwrap();
    let sub = repo.commit("c", None);
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{sub},mod/charter.toml"),
    ]);
    // Not `Repo::commit`: `git add -A` would drop the gitlink, which has no
    // folder in the working tree.
    repo.git(&["commit", "-q", "-m", "submodule"]);
    for args in [&["--staged"][..], &["--rev", "HEAD"][..]] {
        let (code, report) = repo.check_json(args);
        assert_eq!(code, 1, "{args:?}: {report}");
        let errors = findings_of(&report, "parse-error");
        let at = |path: &str| {
            errors
                .iter()
                .find(|f| f["path"] == path)
                .unwrap_or_else(|| panic!("{args:?}: nothing at {path}: {report}"))["message"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert!(at("link.charter.toml").contains("symbolic link"));
        assert!(at("link.charter.toml").contains("../real/charter.toml"));
        assert!(at("mod/charter.toml").contains("submodule"));
        assert_eq!(
            report["summary"]["charters"], 3,
            "every charter file is counted, read or not: {report}"
        );
    }
}

// --- what changed since a base ---------------------------------------------

/// `main` with four charters, then a branch `feature` that modifies one, adds
/// one, deletes one and leaves one alone; all of them bad.
fn feature_branch() -> Repo {
    let repo = Repo::new();
    for name in ["modified", "untouched", "deleted"] {
        repo.write(
            &format!("products/{name}/charter.toml"),
            &bad().replace("\"ledger\"", &format!("\"{name}\"")),
        );
    }
    repo.commit("base", None);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "products/modified/charter.toml",
        &bad()
            .replace("\"ledger\"", "\"modified\"")
            .replace("Finance analyst", "Controller"),
    );
    repo.write(
        "products/added/charter.toml",
        &bad().replace("\"ledger\"", "\"added\""),
    );
    std::fs::remove_dir_all(repo.path().join("products/deleted")).unwrap();
    repo.commit("feature", None);
    repo
}

#[test]
fn changed_since_checks_only_added_and_modified_charters() {
    let repo = feature_branch();
    // Main moves on after the branch: the merge base, not main's tip, counts.
    repo.git(&["checkout", "-q", "main"]);
    repo.write("products/main-only/charter.toml", &bad());
    repo.commit("main moves on", None);
    repo.git(&["checkout", "-q", "feature"]);
    let expected = [
        "products/added/charter.toml",
        "products/modified/charter.toml",
    ];
    for args in [
        &["--changed-since", "main"][..],
        &["--changed-since", "main", "--rev", "feature"][..],
        &["--changed-since", "main", "--staged"][..],
    ] {
        let (code, report) = repo.check_json(args);
        assert_eq!(code, 1, "{args:?}: {report}");
        assert_eq!(paths_of(&report), expected, "{args:?}");
        assert_eq!(report["summary"]["charters"], 2);
    }
    let out = repo.run(&["check", "--changed-since", "main"]);
    assert!(
        stderr(&out).contains("2 charters from the working tree"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("changed since"), "{}", stderr(&out));

    // An uncommitted edit counts for the working tree and not for HEAD.
    repo.write(
        "products/untouched/charter.toml",
        &bad()
            .replace("\"ledger\"", "\"untouched\"")
            .replace("Finance", "Audit"),
    );
    let (_, report) = repo.check_json(&["--changed-since", "main"]);
    assert_eq!(paths_of(&report).len(), 3);
    let (_, report) = repo.check_json(&["--changed-since", "main", "--rev", "HEAD"]);
    assert_eq!(paths_of(&report), expected);

    // Nothing changed: nothing checked, and the receipt says so.
    let out = repo.run(&["check", "--changed-since", "feature", "--rev", "feature"]);
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).contains("no charter changed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cross_charter_rules_see_every_charter_when_only_changes_are_checked() {
    let repo = Repo::new();
    repo.write("a/charter.toml", CLEAN).write(
        "b/charter.toml",
        &CLEAN.replace("\"ledger\"", "\"billing\""),
    );
    repo.commit("base", None);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    // b now claims a's product id; a did not change.
    repo.write("b/charter.toml", CLEAN);
    repo.commit("dup", None);
    let (code, report) = repo.check_json(&["--changed-since", "main"]);
    assert_eq!(code, 1, "{report}");
    let dups = findings_of(&report, "duplicate-product-id");
    assert_eq!(dups.len(), 1, "{report}");
    assert_eq!(dups[0]["path"], "b/charter.toml");
}

#[test]
fn new_only_reports_findings_absent_at_the_base_whatever_lines_moved() {
    let repo = Repo::new();
    repo.write("products/old/charter.toml", &bad());
    repo.commit("base", None);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    // Renamed, a comment on top moves every line, and a new problem appears.
    repo.git(&["mv", "products/old", "products/new"]);
    repo.write(
        "products/new/charter.toml",
        &format!(
            "# The ledger's charter.\n# Reviewed by finance.\n{}",
            bad().replace("Every entity closes its books in one day", "TODO")
        ),
    );
    repo.commit("rename and break", None);

    let (code, all) = repo.check_json(&["--changed-since", "main"]);
    assert_eq!(code, 1);
    assert_eq!(findings_of(&all, "placeholder").len(), 2, "{all}");
    let (code, new) = repo.check_json(&["--changed-since", "main", "--new-only"]);
    assert_eq!(code, 1, "{new}");
    let findings = new["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{new}");
    assert_eq!(findings[0]["rule"], "placeholder");
    assert_eq!(findings[0]["path"], "products/new/charter.toml");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("vision.statement"),
        "{new}"
    );

    // Fixing the new problem leaves only old findings: the gate passes.
    repo.write(
        "products/new/charter.toml",
        &format!("# The ledger's charter.\n{}", bad()),
    );
    let (code, new) = repo.check_json(&["--changed-since", "main", "--new-only"]);
    assert_eq!(code, 0, "{new}");
    assert!(rules_of(&new).is_empty());
}

#[test]
fn new_only_needs_changed_since() {
    let repo = Repo::new();
    let out = repo.run(&["check", "--new-only"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--changed-since"), "{}", stderr(&out));
}

#[test]
fn a_shallow_clone_without_the_merge_base_says_to_fetch_more() {
    let origin = feature_branch();
    origin.git(&["checkout", "-q", "main"]);
    origin.write("later.txt", "x\n");
    origin.commit("main moves on", None);
    let clone_dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    let clone = clone_dir.path().join("clone");
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env_remove("GIT_DIR")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    git(
        clone_dir.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "feature", &url, "clone",
        ],
    );
    git(
        &clone,
        &[
            "fetch",
            "-q",
            "--depth",
            "1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let out = charterlint()
        .args(["check", "--changed-since", "origin/main"])
        .current_dir(&clone)
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("shallow clone"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");

    // With the history fetched, it works.
    git(&clone, &["fetch", "-q", "--unshallow", "origin"]);
    let out = charterlint()
        .args(["check", "--changed-since", "origin/main", "--today", TODAY])
        .current_dir(&clone)
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

// --- history rules ---------------------------------------------------------

#[test]
fn rationale_not_updated_covers_sourcing_and_points_at_both_fields() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("base", None);
    repo.write(
        "charter.toml",
        &CLEAN.replace(
            "decision = \"buy\"",
            "decision = \"build\"\nalternatives = [\"SAP\"]",
        ),
    );
    repo.commit("build it", None);
    let (_, report) = repo.check_json(&["--changed-since", "HEAD~1"]);
    let found = findings_of(&report, "rationale-not-updated");
    assert_eq!(found.len(), 1, "{report}");
    let f = found[0];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("from `buy` to `build`")
    );
    assert_eq!(f["line"], 31, "{f}");
    assert_eq!(f["labels"][0]["line"], 35, "{f}");
    // Without --changed-since there is nothing to compare with.
    let (_, report) = repo.check_json(&["--rev", "HEAD"]);
    assert!(findings_of(&report, "rationale-not-updated").is_empty());
}

#[test]
fn charter_stale_follows_stale_after_days_and_needs_later_commits() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN)
        .write("charterlint.toml", "stale_after_days = 30\n");
    repo.commit("charter", Some("2026-09-01T12:00:00Z"));
    // No later commit: an old charter of a quiet repository is not stale.
    let (_, report) = repo.check_json(&["--rev", "HEAD"]);
    assert!(findings_of(&report, "charter-stale").is_empty(), "{report}");

    repo.write("src/main.rs", "fn main() {}\n");
    repo.commit("code", Some("2026-11-01T12:00:00Z"));
    let (code, report) = repo.check_json(&["--rev", "HEAD"]);
    assert_eq!(code, 0, "a note does not fail the run");
    let stale = findings_of(&report, "charter-stale");
    assert_eq!(stale.len(), 1, "{report}");
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("82 days ago (2026-09-01")
    );
    assert_eq!(stale[0]["severity"], "note");

    // Not where history is not read.
    for args in [&["--staged"][..], &[][..]] {
        let (_, report) = repo.check_json(args);
        assert!(findings_of(&report, "charter-stale").is_empty(), "{args:?}");
    }
    // A charter being changed in the working tree is not stale.
    repo.git(&["branch", "base", "HEAD~1"]);
    repo.write(
        "charter.toml",
        &CLEAN.replace("Finance analyst", "Controller"),
    );
    let (_, report) = repo.check_json(&["--changed-since", "base"]);
    assert!(findings_of(&report, "charter-stale").is_empty(), "{report}");

    // The default threshold is a year.
    repo.write("charter.toml", CLEAN)
        .write("charterlint.toml", "");
    repo.commit("default threshold", Some("2026-11-02T12:00:00Z"));
    let (_, report) = repo.check_json(&["--rev", "HEAD"]);
    assert!(findings_of(&report, "charter-stale").is_empty(), "{report}");
}

// --- a registry in another repository --------------------------------------

const OKRS: &str = "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close fast\"\nends = 2026-12-31\n";

/// The checked repository `app`, with `config`, and `strategy`, whose
/// `main` holds the OKRs while its working tree holds something else.
fn app_and_strategy(config: &str) -> (Repo, Repo) {
    let strategy = Repo::new();
    strategy.write("okrs.toml", OKRS);
    strategy.commit("okrs", None);
    strategy.write("okrs.toml", "okrs = 1\n");
    let app = Repo::new();
    app.write("charter.toml", CLEAN)
        .write("charterlint.toml", config);
    app.commit("app", None);
    (app, strategy)
}

fn registry_config(strategy: &Repo, rev: &str, path: &str) -> String {
    format!(
        "registry = {{ repo = \"{}\", rev = \"{rev}\", path = \"{path}\" }}\n",
        strategy.path().display()
    )
}

#[test]
fn a_registry_in_another_repository_is_read_at_its_revision() {
    let (app, strategy) = app_and_strategy("");
    app.write(
        "charterlint.toml",
        &registry_config(&strategy, "main", "okrs.toml"),
    );
    let (code, report) = app.check_json(&[]);
    assert_eq!(code, 0, "{report}");
    // The working tree of the strategy repository (no objectives) was not read.
    app.write(
        "charter.toml",
        &CLEAN.replace("O-2026Q4-CLOSE", "O-NOWHERE"),
    );
    let (code, report) = app.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&report), ["golden-thread-unresolved"]);
}

#[test]
fn a_relative_registry_repository_is_found_from_the_repository_root() {
    let parent = tempfile::tempdir().unwrap();
    let strategy = parent.path().join("strategy");
    let app = parent.path().join("app");
    for (dir, files) in [
        (&strategy, vec![("okrs.toml", OKRS)]),
        (
            &app,
            vec![
                ("products/ledger/charter.toml", CLEAN),
                (
                    "charterlint.toml",
                    "registry = { repo = \"../strategy\", rev = \"main\", path = \"okrs.toml\" }\n",
                ),
            ],
        ),
    ] {
        std::fs::create_dir_all(dir).unwrap();
        let git = |args: &[&str]| {
            let out = Command::new("git")
                .args(args)
                .current_dir(dir)
                .env_remove("GIT_DIR")
                .env_remove("GIT_WORK_TREE")
                .env_remove("GIT_INDEX_FILE")
                .output()
                .unwrap();
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        };
        git(&["init", "-q", "-b", "main"]);
        for (path, text) in files {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        git(&["add", "-A"]);
        git(&[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "c",
        ]);
    }
    // Run from a subfolder, and as a hook would, with GIT_DIR and
    // GIT_INDEX_FILE naming the app: the registry repository is still the
    // strategy one.
    let out = charterlint()
        .args(["check", "--staged", "--format", "json", "--today", TODAY])
        .current_dir(app.join("products/ledger"))
        .env("GIT_DIR", app.join(".git"))
        .env("GIT_WORK_TREE", &app)
        .env("GIT_INDEX_FILE", app.join(".git/index"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = charterlint()
        .args(["check", "--rev", "HEAD", "--today", TODAY])
        .current_dir(&app)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn a_missing_registry_repository_revision_or_path_is_named() {
    let (app, strategy) = app_and_strategy("");
    let missing = strategy.path().join("nowhere");
    for (config, named) in [
        (
            format!(
                "registry = {{ repo = \"{}\", rev = \"main\", path = \"okrs.toml\" }}\n",
                missing.display()
            ),
            missing.display().to_string(),
        ),
        (
            registry_config(&strategy, "v9", "okrs.toml"),
            "`v9`".to_string(),
        ),
        (
            registry_config(&strategy, "main", "strategy/okrs.toml"),
            "strategy/okrs.toml".to_string(),
        ),
    ] {
        app.write("charterlint.toml", &config);
        let out = app.run(&["check"]);
        assert_eq!(code(&out), 2, "{config}");
        let err = stderr(&out);
        assert!(err.contains("registry"), "{err}");
        assert!(err.contains(&named), "{named} not in {err}");
    }
}
