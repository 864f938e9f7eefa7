//! charterlint as a pre-commit framework hook: the hook manifest, the way
//! the framework passes files, and (with CHARTERLINT_E2E=1) the real
//! framework installing and running the hooks of this repository: the
//! default one from the wheel on a machine with no Rust, the cargo-built one
//! and the system one.

use crate::common;
use crate::wheel;

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
fn the_manifest_declares_a_python_a_cargo_built_and_a_system_hook() {
    let ids: Vec<String> = hooks()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["charterlint", "charterlint-src", "charterlint-system"]
    );
    for (id, language) in [
        ("charterlint", "python"),
        ("charterlint-src", "rust"),
        ("charterlint-system", "system"),
    ] {
        let h = hook(id);
        assert_eq!(h["language"].as_str(), Some(language), "{id}");
        // The cross-charter rules need every file in one process.
        assert_eq!(h["require_serial"].as_bool(), Some(true), "{id}");
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

/// The `language: python` hook installs the repository root with pip: the
/// placeholder setup.py, which requires the wheel of this very version.
#[test]
fn the_python_hook_installs_the_wheel_of_this_version() {
    let setup = std::fs::read_to_string(manifest_dir().join("setup.py")).unwrap();
    let pin = format!("CHARTERLINT_VERSION = \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(setup.contains(&pin), "setup.py lacks {pin}");
    assert!(setup.contains("install_requires=[f\"charterlint=={CHARTERLINT_VERSION}\"]"));
    // pip must see setup.py, not the wheel's maturin project, at the root.
    assert!(!manifest_dir().join("pyproject.toml").exists());
    let pyproject = std::fs::read_to_string(manifest_dir().join("python/pyproject.toml")).unwrap();
    let pyproject: toml::Table = pyproject.parse().expect("python/pyproject.toml is TOML");
    assert_eq!(pyproject["project"]["name"].as_str(), Some("charterlint"));
    assert_eq!(
        pyproject["tool"]["maturin"]["bindings"].as_str(),
        Some("bin")
    );
    assert_eq!(
        pyproject["build-system"]["build-backend"].as_str(),
        Some("maturin")
    );
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

/// Fails, never skips, when the framework is missing under CHARTERLINT_E2E=1.
fn require_pre_commit() {
    let version = Command::new("pre-commit").arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "CHARTERLINT_E2E=1 but `pre-commit` cannot run: {version:?}; `pip install pre-commit`"
    );
}

/// How a command of the tests below runs.
#[derive(Clone, Copy)]
enum Env<'a> {
    /// As a developer with a Rust toolchain would (cargo's build cache
    /// under target/, so building the `language: rust` hook is done once).
    Rust,
    /// The same, this build of charterlint first on PATH.
    WithBinary,
    /// A machine with no Rust toolchain: `cargo` and `rustc` off PATH, and
    /// pip offline, installing from this folder only.
    NoRust { wheelhouse: &'a Path, path: &'a str },
}

/// Runs a command in the throwaway repository, the framework's cache in
/// `home`.
fn run(repo: &Repo, home: &Path, program: &str, args: &[&str], env: Env) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", home)
        .env("PRE_COMMIT_COLOR", "never")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    match env {
        Env::Rust => {
            cmd.env(
                "CARGO_TARGET_DIR",
                manifest_dir().join("target/pre-commit-e2e"),
            );
        }
        Env::WithBinary => {
            cmd.env("PATH", common::path_with_charterlint());
        }
        Env::NoRust { wheelhouse, path } => {
            cmd.env("PATH", path)
                .env("PIP_NO_INDEX", "1")
                .env("PIP_FIND_LINKS", wheelhouse)
                .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
                .env_remove("CARGO_TARGET_DIR");
        }
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}); .ci/run installs pre-commit"))
}

/// A charter with one `placeholder` error and nothing that depends on the
/// date (the hooks run without `--today`).
fn bad() -> String {
    CLEAN.replace("\"General Ledger\"", "\"TBD\"")
}

fn good() -> String {
    bad().replace("\"TBD\"", "\"Ledger\"")
}

/// `pre-commit try-repo THIS HOOK` on a bad, then a good staged charter:
/// this repository's hooks as they are (uncommitted changes included).
fn try_repo_blocks_bad_and_passes_good(id: &str, home: &Path, env: Env) {
    let this = manifest_dir();
    let this = this.to_str().unwrap();
    let repo = Repo::new();
    repo.write("products/ledger/charter.toml", &bad());
    repo.git(&["add", "-A"]);
    let out = run(
        &repo,
        home,
        "pre-commit",
        &["try-repo", this, id, "--verbose"],
        env,
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
    repo.write("products/ledger/charter.toml", &good());
    repo.git(&["add", "-A"]);
    let out = run(
        &repo,
        home,
        "pre-commit",
        &["try-repo", this, id, "--verbose"],
        env,
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

#[test]
fn the_cargo_built_and_the_system_hooks_block_a_bad_charter_and_pass_a_good_one() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to run the pre-commit framework test");
        return;
    }
    require_pre_commit();
    let home = tempfile::tempdir().unwrap();
    try_repo_blocks_bad_and_passes_good("charterlint-src", home.path(), Env::Rust);
    try_repo_blocks_bad_and_passes_good("charterlint-system", home.path(), Env::WithBinary);
}

/// The default hook on a machine with no Rust: pre-commit installs the
/// placeholder package and the charterlint wheel with pip (offline, from a
/// local folder), in seconds; the README's `.pre-commit-config.yaml` then
/// blocks a commit of a bad charter and lets a good one through.
#[test]
fn the_python_hook_needs_no_rust_and_installs_in_seconds() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to run the pre-commit framework test");
        return;
    }
    require_pre_commit();
    let wheelhouse = wheel::wheelhouse("pre-commit");
    let path = wheel::path_without_rust();
    let env = Env::NoRust {
        wheelhouse: &wheelhouse,
        path: &path,
    };
    let home = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    try_repo_blocks_bad_and_passes_good("charterlint", home.path(), env);
    let took = started.elapsed();
    eprintln!("the python hook: installed and ran twice in {took:?}");
    assert!(
        took < std::time::Duration::from_secs(60),
        "installing the python hook took {took:?}"
    );

    // The README's .pre-commit-config.yaml, pointed at this repository's
    // HEAD, installed as the repository's hook: commits go through it.
    let this = manifest_dir();
    let this = this.to_str().unwrap();
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
    assert!(config.contains("id: charterlint\n") || config.ends_with("id: charterlint"));
    let repo = Repo::new();
    repo.write(".pre-commit-config.yaml", &config);
    let home = tempfile::tempdir().unwrap();
    let out = run(
        &repo,
        home.path(),
        "pre-commit",
        &["validate-config", ".pre-commit-config.yaml"],
        env,
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let out = run(&repo, home.path(), "pre-commit", &["install"], env);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));

    repo.write("products/ledger/charter.toml", &bad());
    repo.git(&["add", "-A"]);
    let out = run(
        &repo,
        home.path(),
        "git",
        &["commit", "-q", "-m", "bad charter"],
        env,
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

    repo.write("products/ledger/charter.toml", &good());
    repo.git(&["add", "-A"]);
    let out = run(
        &repo,
        home.path(),
        "git",
        &["commit", "-q", "-m", "good charter"],
        env,
    );
    assert!(
        out.status.success(),
        "blocked:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(repo.git(&["log", "--format=%s"]), "good charter");
}

/// The lines that open a finding in human output (`  × error: …`).
fn finding_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| {
            let rest = l.strip_prefix("  ").unwrap_or("");
            let mut words = rest.splitn(2, ' ');
            let mark = words.next().unwrap_or("");
            mark.chars().count() == 1
                && words.next().is_some_and(|w| {
                    ["error: ", "warning: ", "note: "]
                        .iter()
                        .any(|s| w.starts_with(s))
                })
        })
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Issue 9: `pre-commit run --all-files` on the examples prints each
/// finding once. Without `require_serial` the framework splits the files
/// across processes, and each process given `charterlint.toml` or the
/// registry checks every charter (and the cross-charter rules need every
/// charter in one process anyway): 47 findings instead of 25 on the
/// examples when this test was written.
#[test]
fn all_files_prints_each_finding_once() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to run the pre-commit framework test");
        return;
    }
    require_pre_commit();
    let repo = Repo::new();
    let examples = manifest_dir().join("examples");
    copy_tree(&examples, &repo.path().join("examples"));
    std::fs::copy(
        manifest_dir().join("charterlint.toml"),
        repo.path().join("charterlint.toml"),
    )
    .unwrap();
    repo.git(&["add", "-A"]);
    let direct = repo.run(&["check", "--staged", "--color", "never"]);
    let expected = finding_lines(&stdout(&direct));
    assert!(expected.len() >= 20, "{}", stdout(&direct));
    let home = tempfile::tempdir().unwrap();
    let this = manifest_dir();
    let out = run(
        &repo,
        home.path(),
        "pre-commit",
        &[
            "try-repo",
            this.to_str().unwrap(),
            "charterlint-system",
            "--all-files",
            "--verbose",
        ],
        Env::WithBinary,
    );
    assert!(!out.status.success(), "{}", stdout(&out));
    let got = finding_lines(&stdout(&out));
    assert_eq!(
        got.len(),
        expected.len(),
        "pre-commit run --all-files printed {} findings, a direct check {}:\n{}",
        got.len(),
        expected.len(),
        stdout(&out)
    );
    assert_eq!(got, expected);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
