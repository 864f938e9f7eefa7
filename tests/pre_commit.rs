//! charterlint as a pre-commit framework hook: the hook manifest, the way
//! the framework passes files, and (with CHARTERLINT_E2E=1) the real
//! framework building and running the hooks of this repository.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{CLEAN, Repo, manifest_dir};
use yaml_rust2::{Yaml, YamlLoader};

fn hooks() -> Vec<Yaml> {
    let text = std::fs::read_to_string(manifest_dir().join(".pre-commit-hooks.yaml")).unwrap();
    let docs = YamlLoader::load_from_str(&text).expect(".pre-commit-hooks.yaml is YAML");
    docs[0].as_vec().expect("a list of hooks").clone()
}

fn hook(id: &str) -> Yaml {
    hooks()
        .into_iter()
        .find(|h| h["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no hook `{id}`"))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_manifest_declares_a_cargo_built_and_a_system_hook() {
    for (id, language) in [("charterlint", "rust"), ("charterlint-system", "system")] {
        let h = hook(id);
        assert_eq!(h["language"].as_str(), Some(language), "{id}");
        assert_eq!(
            h["entry"].as_str(),
            Some("charterlint check --staged"),
            "{id}"
        );
        // pre-commit searches file names with this (Python) regex.
        let files = regex::Regex::new(h["files"].as_str().expect("files")).unwrap();
        for name in [
            "charter.toml",
            "products/ledger/charter.toml",
            "ledger.charter.toml",
            "products/ledger.charter.toml",
            "charterlint.toml",
            "okrs.toml",
            "strategy/okrs.toml",
        ] {
            assert!(files.is_match(name), "{id} misses {name}");
        }
        for name in [
            "README.md",
            "charter.toml.bak",
            "src/charter.rs",
            "mycharter.toml",
            "products/.charter.toml",
        ] {
            assert!(!files.is_match(name), "{id} matches {name}");
        }
    }
}

#[test]
fn files_passed_by_the_framework_select_what_to_check() {
    let repo = Repo::new();
    let bad = CLEAN.replace("\"General Ledger\"", "\"TBD\"");
    repo.write("a/charter.toml", &bad)
        .write("b/charter.toml", &bad.replace("\"ledger\"", "\"billing\""))
        .write("other/okrs.toml", "not a registry at all")
        .write("strategy/okrs.toml", "okrs = 1\n")
        .write("charterlint.toml", "registry = \"strategy/okrs.toml\"\n");
    repo.git(&["add", "-A"]);
    let paths = |args: &[&str]| {
        let (_, report) = repo.check_json(&[&["--staged"], args].concat());
        let mut paths: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect();
        paths.dedup();
        paths
    };
    assert_eq!(paths(&["a/charter.toml"]), ["a/charter.toml"]);
    // An OKR file that is not the registry is not a charter.
    assert_eq!(
        paths(&["a/charter.toml", "other/okrs.toml"]),
        ["a/charter.toml"]
    );
    assert!(paths(&["other/okrs.toml"]).is_empty());
    // The registry or the config concern every charter.
    for all in ["strategy/okrs.toml", "charterlint.toml"] {
        assert_eq!(paths(&[all]), ["a/charter.toml", "b/charter.toml"], "{all}");
    }
}

// --- the real framework (CHARTERLINT_E2E=1) -------------------------------

fn e2e() -> bool {
    std::env::var("CHARTERLINT_E2E").as_deref() == Ok("1")
}

/// Runs a command in the throwaway repository the way a developer would:
/// the framework's cache in `home`, cargo's build cache under target/ so that
/// building the `language: rust` hook is done once across runs.
fn run(repo: &Repo, home: &Path, program: &str, args: &[&str], with_binary: bool) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", home)
        .env(
            "CARGO_TARGET_DIR",
            manifest_dir().join("target/pre-commit-e2e"),
        )
        .env("PRE_COMMIT_COLOR", "never")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    if with_binary {
        cmd.env("PATH", common::path_with_charterlint());
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}); .ci/run installs pre-commit"))
}

/// A charter with one `placeholder` error and nothing that depends on the
/// date (the hooks run without `--today`).
fn bad() -> String {
    CLEAN.replace("\"General Ledger\"", "\"TBD\"")
}

#[test]
fn the_pre_commit_framework_blocks_a_bad_charter_and_passes_a_good_one() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to run the pre-commit framework test");
        return;
    }
    let version = Command::new("pre-commit").arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "CHARTERLINT_E2E=1 but `pre-commit` cannot run: {version:?}; `pip install pre-commit`"
    );
    let home = tempfile::tempdir().unwrap();
    let this = manifest_dir();
    let this = this.to_str().unwrap();

    // try-repo: this repository's hooks, as they are (uncommitted changes
    // included), on the staged files of a throwaway repository.
    for (id, with_binary) in [("charterlint", false), ("charterlint-system", true)] {
        let repo = Repo::new();
        repo.write("products/ledger/charter.toml", &bad());
        repo.git(&["add", "-A"]);
        let out = run(
            &repo,
            home.path(),
            "pre-commit",
            &["try-repo", this, id, "--verbose"],
            with_binary,
        );
        assert!(
            !out.status.success(),
            "{id}: a bad charter passed:\n{}",
            stdout(&out)
        );
        assert!(
            stdout(&out).contains("placeholder"),
            "{id}:\n{}\n{}",
            stdout(&out),
            stderr(&out)
        );
        repo.write(
            "products/ledger/charter.toml",
            &bad().replace("\"TBD\"", "\"Ledger\""),
        );
        repo.git(&["add", "-A"]);
        let out = run(
            &repo,
            home.path(),
            "pre-commit",
            &["try-repo", this, id, "--verbose"],
            with_binary,
        );
        assert!(
            out.status.success(),
            "{id}: a good charter was blocked:\n{}\n{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(
            stdout(&out).contains("1 charter from the index"),
            "{}",
            stdout(&out)
        );
    }

    // The README's .pre-commit-config.yaml, pointed at this repository's
    // HEAD, installed as the repository's hook: commits go through it.
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(this)
        .output()
        .unwrap();
    let head = String::from_utf8(head.stdout).unwrap().trim().to_string();
    let snippet =
        std::fs::read_to_string(manifest_dir().join("docs/ci/pre-commit-config.yaml")).unwrap();
    let config: String = snippet
        .lines()
        .map(|l| match l.trim_start() {
            t if t.starts_with("- repo:") => format!("  - repo: {this}"),
            t if t.starts_with("rev:") => format!("    rev: {head}"),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let repo = Repo::new();
    repo.write(".pre-commit-config.yaml", &config);
    let out = run(
        &repo,
        home.path(),
        "pre-commit",
        &["validate-config", ".pre-commit-config.yaml"],
        false,
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let out = run(&repo, home.path(), "pre-commit", &["install"], false);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));

    repo.write("products/ledger/charter.toml", &bad());
    repo.git(&["add", "-A"]);
    let out = run(
        &repo,
        home.path(),
        "git",
        &["commit", "-q", "-m", "bad charter"],
        false,
    );
    assert!(
        !out.status.success(),
        "the commit went through:\n{}",
        stdout(&out)
    );
    // git shows a hook's output on stderr.
    assert!(
        stderr(&out).contains("placeholder"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    repo.write(
        "products/ledger/charter.toml",
        &bad().replace("\"TBD\"", "\"Ledger\""),
    );
    repo.git(&["add", "-A"]);
    let out = run(
        &repo,
        home.path(),
        "git",
        &["commit", "-q", "-m", "good charter"],
        false,
    );
    assert!(
        out.status.success(),
        "blocked:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(repo.git(&["log", "--format=%s"]), "good charter");
}
