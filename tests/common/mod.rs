//! Helpers shared by the integration tests: running the binary, building
//! throwaway git repositories, reading JSON output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The fixed "today" of the tests, so that dates in fixtures do not age.
pub const TODAY: &str = "2026-11-22";

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

/// A temporary folder that is also a git repository.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    /// A new, empty repository (no commits).
    pub fn new() -> Repo {
        let dir = tempfile::Builder::new()
            .prefix("charterlint-test")
            .tempdir()
            .expect("temp dir");
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
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
        let out = Command::new("git")
            .args(args)
            .current_dir(self.path())
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

    /// Stages everything and commits it, dated `date` (ISO 8601) if given.
    pub fn commit(&self, message: &str, date: Option<&str>) -> String {
        self.git(&["add", "-A"]);
        let mut cmd = Command::new("git");
        cmd.args(["commit", "-q", "--allow-empty", "-m", message])
            .current_dir(self.path());
        if let Some(d) = date {
            cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.git(&["rev-parse", "HEAD"])
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
