//! Helpers shared by the integration tests: running the binary, building
//! throwaway git repositories, reading JSON output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The fixed "today" of the tests, so that dates in fixtures do not age.
pub const TODAY: &str = "2026-11-22";

/// The scan time of `Org::scan` (`SOURCE_DATE_EPOCH`): 2025-11-22T08:00:00Z.
pub const SCAN_EPOCH: &str = "1763798400";

/// The charterlint binary, with an environment that no outer git hook or
/// user setting can leak into.
pub fn charterlint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_charterlint"));
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_CEILING_DIRECTORIES",
        "NO_COLOR",
        "COLUMNS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// A git repository with a work tree: a throwaway one in its own temporary
/// folder, or one at a path inside an `Org`.
pub struct Repo {
    /// Keeps a throwaway repository's folder alive.
    pub dir: Option<tempfile::TempDir>,
    root: PathBuf,
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("charterlint-test")
        .tempdir()
        .expect("temp dir")
}

impl Repo {
    /// A new, empty repository (no commits).
    pub fn new() -> Repo {
        let dir = temp_dir();
        let root = dir.path().to_path_buf();
        Repo::init(Repo {
            dir: Some(dir),
            root,
        })
    }

    /// A new, empty repository at `root` (created with its folders).
    pub fn at(root: impl Into<PathBuf>) -> Repo {
        let root = root.into();
        std::fs::create_dir_all(&root).unwrap();
        Repo::init(Repo { dir: None, root })
    }

    fn init(repo: Repo) -> Repo {
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Writes a file (creating folders), relative to the repository root.
    pub fn write(&self, path: &str, text: &str) -> &Repo {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) -> &Repo {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
        self
    }

    /// Runs git in the repository; panics if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    /// Stages everything and commits it, dated `date` (ISO 8601) if given.
    pub fn commit(&self, message: &str, date: Option<&str>) -> String {
        self.git(&["add", "-A"]);
        self.git_dated(date, &["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Runs git in the repository with its author and committer dates set to
    /// `date` (ISO 8601) if given; panics if it fails.
    pub fn git_dated(&self, date: Option<&str>, args: &[&str]) {
        let mut cmd = Command::new("git");
        cmd.args(args).current_dir(self.path());
        if let Some(d) = date {
            cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `charterlint ARGS` run in the repository.
    pub fn run(&self, args: &[&str]) -> Output {
        charterlint()
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap()
    }

    /// `charterlint check --format json --today TODAY ARGS`, parsed.
    pub fn check_json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["check", "--format", "json", "--today", TODAY];
        all.extend_from_slice(args);
        let out = self.run(&all);
        (out.status.code().unwrap_or(-1), parse_json(&out))
    }
}

pub fn parse_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "output is not JSON ({e}):\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The rule ids of a JSON report's findings.
pub fn rules_of(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// The findings of one rule.
pub fn findings_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// The repository's own folder (for `../shared` and the examples).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A public test corpus (`toml-test/tests`, `sarif-schema-2.1.0.json`):
/// from `../shared` beside the clone when it is there, else the copy kept in
/// `tests/data/`, so that `cargo test` passes on a clone with nothing beside
/// it. `tests/it/vendored.rs` keeps the copy equal to `../shared`.
pub fn corpus_path(rel: &str) -> PathBuf {
    let shared = manifest_dir().join("../shared").join(rel);
    if shared.exists() {
        shared
    } else {
        manifest_dir().join("tests/data").join(rel)
    }
}

/// A complete charter that passes every rule, for tests to vary.
pub const CLEAN: &str = r#"charter = 1

[product]
id = "ledger"
name = "General Ledger"
owner = "team-finance-platform"
kind = "internal-tool"
end_customer_impact = "Statements are right the first time"

[vision]
statement = "Every entity closes its books in one day"

[golden_thread]
goal = "G-TRUST"
objectives = ["O-2026Q4-CLOSE"]
kpis = ["days-to-close"]

[[personas]]
name = "Finance analyst"
role = "user"
internal = true
needs = ["close the books in one day"]

[relationship]
type = "partner"
choice = false
value_exchange = "none"
rationale = "Finance cannot leave the ledger and we cannot drop them"

[sourcing]
decision = "buy"
differentiation = "low"
criticality = "high"
rationale = "A ledger is a parity capability"
skills_plan = "Two analysts certified by Q2"
"#;

/// A folder of repositories, as an organisation's mirror looks to `scan`.
pub struct Org {
    pub dir: tempfile::TempDir,
}

impl Org {
    pub fn new() -> Org {
        Org { dir: temp_dir() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A new repository with a work tree at `rel` (e.g. `team-a/web`).
    pub fn repo(&self, rel: &str) -> Repo {
        Repo::at(self.path().join(rel))
    }

    /// A repository at `rel` holding one commit of `charter.toml` = `text`.
    pub fn repo_with_charter(&self, rel: &str, text: &str) -> Repo {
        let repo = self.repo(rel);
        repo.write("charter.toml", text);
        repo.commit("charter", None);
        repo
    }

    /// A bare clone of `source` at `rel` (e.g. `team-a/payroll.git`).
    pub fn bare_clone(&self, source: &Repo, rel: &str) -> PathBuf {
        let target = self.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let out = Command::new("git")
            .args(["clone", "-q", "--bare"])
            .arg(source.path())
            .arg(&target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        target
    }

    /// `charterlint scan ORG ARGS`, run from the organisation's folder.
    /// (The scan time is fixed, so that two scans can be compared.)
    pub fn scan(&self, args: &[&str]) -> Output {
        charterlint()
            .env("SOURCE_DATE_EPOCH", SCAN_EPOCH)
            .arg("scan")
            .arg(self.path())
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap()
    }

    /// `charterlint scan ORG --format json --today TODAY ARGS`: exit code and JSON.
    pub fn scan_json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--format", "json", "--today", TODAY];
        all.extend_from_slice(args);
        let out = self.scan(&all);
        (out.status.code().unwrap_or(-1), parse_json(&out))
    }
}

/// Runs git in `dir`, untouched by any outer hook's environment; panics if it
/// fails. Returns its output, trimmed.
pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `PATH` with the folder of this build's binary first, as an installed
/// `charterlint` would be found by a hook or a CI job.
pub fn path_with_charterlint() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_charterlint"))
        .parent()
        .unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// The paths of a JSON report's findings, deduplicated (findings are
/// sorted by path, so this is sorted too).
pub fn paths_of(report: &Value) -> Vec<String> {
    let mut paths: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    paths
}
