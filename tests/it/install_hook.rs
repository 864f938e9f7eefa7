//! `charterlint install-hook`: the hook lands where git runs it, runs
//! `check --staged` on every commit, and never replaces a hook unasked.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output};

use common::{CLEAN, Repo};

/// `git commit` with the folder of this build's binary first on PATH, as an
/// installed `charterlint` would be.
fn commit(repo: &Repo, message: &str) -> Output {
    let path = common::path_with_charterlint();
    repo.git(&["add", "-A"]);
    Command::new("git")
        .args(["commit", "-q", "-m", message])
        .current_dir(repo.path())
        .env("PATH", path)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_hook_blocks_a_bad_charter_and_lets_a_good_one_through() {
    let repo = Repo::new();
    let out = repo.run(&["install-hook"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hook = repo.path().join(".git/hooks/pre-commit");
    let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0o111, "not executable: {mode:o}");
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("charterlint check --staged")
    );

    repo.write(
        "charter.toml",
        &CLEAN.replace("\"General Ledger\"", "\"TBD\""),
    );
    let out = commit(&repo, "bad");
    assert!(!out.status.success(), "a bad charter was committed");
    assert!(stderr(&out).contains("placeholder"), "{}", stderr(&out));

    repo.write("charter.toml", CLEAN);
    let out = commit(&repo, "good");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 charter from the index"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_existing_hook_is_kept_unless_forced() {
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();

    let out = repo.run(&["install-hook"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho mine\n"
    );

    let out = repo.run(&["install-hook", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&hook).unwrap();
    assert!(text.contains("charterlint check --staged"));
    let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0o111, "not executable: {mode:o}");

    // Installing again is not an error: the hook is already there.
    let out = repo.run(&["install-hook"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("already"), "{}", stderr(&out));
}

#[test]
fn core_hooks_path_is_honoured() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", "tools/githooks"]);
    std::fs::create_dir_all(repo.path().join("sub")).unwrap();
    let out = common::charterlint()
        .arg("install-hook")
        .current_dir(repo.path().join("sub"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(repo.path().join("tools/githooks/pre-commit").is_file());
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());

    // git runs it from there.
    repo.write(
        "charter.toml",
        &CLEAN.replace("\"General Ledger\"", "\"TBD\""),
    );
    let out = commit(&repo, "bad");
    assert!(!out.status.success(), "the hook did not run");
}

#[test]
fn outside_a_repository_there_is_nothing_to_hook() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::charterlint()
        .arg("install-hook")
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not in a git repository"),
        "{}",
        stderr(&out)
    );
}

/// Issue 9, item 7: a hook installed by a charterlint that is not on PATH
/// (run from a build folder, a virtual environment) used to block every
/// later commit with "charterlint is not on PATH".
#[test]
fn the_hook_runs_the_binary_that_installed_it_without_path() {
    let repo = Repo::new();
    let out = repo.run(&["install-hook"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(repo.path().join(".git/hooks/pre-commit")).unwrap();
    let binary = std::fs::canonicalize(env!("CARGO_BIN_EXE_charterlint")).unwrap();
    assert!(
        text.contains(&format!("CHARTERLINT='{}'", binary.display())),
        "the hook names the binary by its absolute path: {text}"
    );
    assert!(
        text.contains("change CHARTERLINT"),
        "and says how to change it"
    );
    // PATH with git and the shell, and no charterlint.
    let bare_path = "/usr/local/bin:/usr/bin:/bin";
    assert!(
        !std::path::Path::new("/usr/local/bin/charterlint").exists()
            && !std::path::Path::new("/usr/bin/charterlint").exists(),
        "this test needs a PATH without charterlint"
    );
    let commit = |message: &str| {
        repo.git(&["add", "-A"]);
        Command::new("git")
            .args(["commit", "-q", "-m", message])
            .current_dir(repo.path())
            .env("PATH", bare_path)
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE")
            .output()
            .unwrap()
    };
    repo.write(
        "charter.toml",
        &CLEAN.replace("\"General Ledger\"", "\"TBD\""),
    );
    let out = commit("bad");
    assert!(!out.status.success(), "a bad charter was committed");
    assert!(stderr(&out).contains("placeholder"), "{}", stderr(&out));
    repo.write("charter.toml", CLEAN);
    let out = commit("good");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 charter from the index"),
        "{}",
        stderr(&out)
    );
    // Installing again with the same binary is a no-op, not "already exists".
    let out = repo.run(&["install-hook"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already charterlint's hook"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_binary_path_with_a_quote_is_quoted_for_the_shell() {
    // Copy the binary to a folder whose name holds a quote and a space.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("it's here");
    std::fs::create_dir_all(&odd).unwrap();
    let binary = odd.join("charterlint");
    std::fs::copy(env!("CARGO_BIN_EXE_charterlint"), &binary).unwrap();
    let repo = Repo::new();
    let out = Command::new(&binary)
        .arg("install-hook")
        .current_dir(repo.path())
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    repo.write("charter.toml", CLEAN);
    repo.git(&["add", "-A"]);
    let out = Command::new("git")
        .args(["commit", "-q", "-m", "good"])
        .current_dir(repo.path())
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 charter from the index"),
        "{}",
        stderr(&out)
    );
}
