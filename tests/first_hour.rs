//! What a new user meets in the first hour (issue 9, SPEC v1.1): each test
//! reproduces a defect found by trying charterlint as a product manager, a
//! platform engineer or an admin would, and fails on the code before its fix.

mod common;

use std::process::Output;

use common::{CLEAN, Repo, TODAY, charterlint, rules_of};

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exit 2 with a message, and never a panic (exit 101, "panicked").
fn assert_refused(out: &Output, says: &str) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "expected exit 2: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(says), "expected {says:?} in: {err}");
}

// Item 1: a path outside the repository panicked inside git2 under --staged.

#[test]
fn a_path_outside_the_repository_is_refused_not_a_panic() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "charter.toml"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("x.charter.toml");
    std::fs::write(&outside, CLEAN).unwrap();
    let outside = outside.to_str().unwrap();
    let relative = format!("../{}/x.charter.toml", {
        // The same file, named relative to the repository.
        let up = repo.path().parent().unwrap();
        elsewhere
            .path()
            .strip_prefix(up)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| elsewhere.path().display().to_string())
    });
    for source in [&["--staged"][..], &["--rev", "HEAD"][..], &[][..]] {
        if source.len() == 2 {
            repo.commit("charter", None);
        }
        for path in [outside, relative.as_str()] {
            let mut args = vec!["check"];
            args.extend_from_slice(source);
            args.push(path);
            assert_refused(&repo.run(&args), "is outside the repository");
        }
    }
}

#[test]
fn odd_paths_under_staged_never_reach_git2_unchecked() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "charter.toml"]);
    // `./x`, `x/../charter.toml` and a folder that is only `.`: git2 panics
    // on paths starting with `.`; charterlint normalises or refuses them.
    let out = repo.run(&["check", "--staged", "--today", TODAY, "./charter.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = repo.run(&["check", "--staged", "--today", TODAY, "nope/../charter.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = repo.run(&["check", "--staged", "--today", TODAY, "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("1 charter from the index"));
}

// Item 5: a file that is not staged, or not in the commit, passed in silence.

#[test]
fn a_file_not_staged_says_git_add_it() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "charter.toml"]);
    repo.write("new.charter.toml", CLEAN);
    let out = repo.run(&["check", "--staged", "new.charter.toml"]);
    assert_refused(&out, "new.charter.toml is not staged");
    assert!(stderr(&out).contains("git add new.charter.toml"));
    assert!(!stderr(&out).contains("disappeared"), "{}", stderr(&out));
    // Nowhere at all.
    let out = repo.run(&["check", "--staged", "gone.charter.toml"]);
    assert_refused(&out, "gone.charter.toml is neither in the index nor in the working tree");
}

#[test]
fn a_folder_with_nothing_staged_under_it_says_so() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    let web = CLEAN.replace("id = \"ledger\"", "id = \"web\"");
    repo.write("products/web/charter.toml", &web);
    repo.git(&["add", "charter.toml"]);
    let out = repo.run(&["check", "--staged", "products"]);
    assert_refused(&out, "products holds no staged charter");
    assert!(!stderr(&out).contains("include globs"), "{}", stderr(&out));
    // Once staged, the folder selects what the index holds under it.
    repo.git(&["add", "products"]);
    let (code, report) = repo.check_json(&["--staged", "products"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["charters"], 1);
}

#[test]
fn staged_folders_are_read_from_the_index_not_the_disk() {
    let repo = Repo::new();
    repo.write("products/web/charter.toml", CLEAN);
    repo.git(&["add", "-A"]);
    // Staged, then deleted from the working tree: `--staged products` still
    // checks what is about to be committed.
    std::fs::remove_dir_all(repo.path().join("products/web")).unwrap();
    let (code, report) = repo.check_json(&["--staged", "products"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["charters"], 1);
}

#[test]
fn a_file_not_in_the_commit_names_the_commit() {
    let repo = Repo::new();
    repo.write("charter.toml", CLEAN);
    repo.commit("charter", None);
    let out = repo.run(&["check", "--rev", "HEAD", "missing.toml"]);
    assert_refused(&out, "missing.toml is not in commit");
    // A folder that exists only in the working tree.
    repo.write("products/web/charter.toml", CLEAN);
    let out = repo.run(&["check", "--rev", "HEAD", "products"]);
    assert_refused(&out, "products holds no charter in commit");
    // The working tree: a path that does not exist is said plainly.
    let out = repo.run(&["check", "missing.toml"]);
    assert_refused(&out, "missing.toml does not exist");
}

// Item 6: outside a repository, `check` walked the current folder.

#[test]
fn outside_a_repository_check_needs_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("charter.toml"), CLEAN).unwrap();
    std::fs::write(dir.path().join("other.txt"), "not a charter").unwrap();
    let run = |args: &[&str]| {
        charterlint()
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .output()
            .unwrap()
    };
    let out = run(&["check", "--today", TODAY]);
    assert_refused(&out, "not a git repository");
    assert!(stdout(&out).is_empty());
    let out = run(&["check", "--today", TODAY, "charter.toml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("plain files") && stderr(&out).contains("not a git repository"),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", "--today", TODAY, "--format", "json", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = common::parse_json(&out);
    assert_eq!(report["summary"]["charters"], 1);
    assert!(rules_of(&report).is_empty(), "{report}");
}
