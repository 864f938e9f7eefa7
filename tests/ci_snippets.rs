//! The CI snippets of `docs/ci/` (pasted into the README) are parsed, and
//! their charterlint command lines are run as the CI system would run them,
//! against a real repository whose pull request branch leaves `main`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::ValueEnum;
use common::{CLEAN, Repo, manifest_dir};
use yaml_rust2::{Yaml, YamlLoader};

fn load(name: &str) -> Yaml {
    let path = manifest_dir().join("docs/ci").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut docs = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()));
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

/// The shell lines of a list of commands, or of one `run:` block.
fn lines_of(commands: &Yaml) -> Vec<String> {
    match commands {
        Yaml::String(s) => s.lines().map(str::to_string).collect(),
        Yaml::Array(items) => items.iter().flat_map(lines_of).collect(),
        _ => Vec::new(),
    }
}

/// The lines that run charterlint itself (not the ones installing it).
fn charterlint_lines(lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| l.starts_with("charterlint "))
        .collect()
}

fn github_commands() -> Vec<String> {
    let workflow = load("github-actions.yml");
    let jobs = workflow["jobs"].as_hash().expect("jobs");
    let mut lines = Vec::new();
    for job in jobs.values() {
        for step in job["steps"].as_vec().expect("steps") {
            lines.extend(lines_of(&step["run"]));
        }
    }
    let steps = &jobs.values().next().unwrap()["steps"];
    let checkout = steps
        .as_vec()
        .unwrap()
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout"))
        })
        .expect("a checkout step");
    assert_eq!(
        checkout["with"]["fetch-depth"].as_i64(),
        Some(0),
        "--changed-since needs the whole history"
    );
    assert!(
        steps.as_vec().unwrap().iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))),
        "the SARIF upload step"
    );
    charterlint_lines(lines)
        .into_iter()
        .map(|l| l.replace("${{ github.base_ref }}", "main"))
        .collect()
}

fn gitlab_commands() -> Vec<String> {
    let pipeline = load("gitlab-ci.yml");
    let job = &pipeline["charterlint"];
    assert_eq!(job["variables"]["GIT_DEPTH"].as_str(), Some("0"));
    assert_eq!(
        job["artifacts"]["reports"]["codequality"].as_str(),
        Some("gl-code-quality-report.json")
    );
    let mut lines = lines_of(&job["before_script"]);
    lines.extend(lines_of(&job["script"]));
    charterlint_lines(lines)
}

/// A command line as this build can run it: a `--format` this build does
/// not have yet (the machine formats come from their own branch) runs as
/// `json`, so the rest of the line is still exercised; once the format
/// exists, the line runs as written.
fn runnable(line: &str) -> (String, Option<String>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(i) = words.iter().position(|w| *w == "--format") else {
        return (line.to_string(), None);
    };
    let format = words[i + 1];
    if charterlint::report::Format::from_str(format, false).is_ok() {
        return (line.to_string(), Some(format.to_string()));
    }
    assert!(
        ["sarif", "github", "gitlab", "markdown"].contains(&format),
        "`{format}` is not a format of SPEC section 6"
    );
    (
        line.replace(&format!("--format {format}"), "--format json"),
        Some("json".into()),
    )
}

/// Runs a line with `sh`, charterlint first on PATH, as a CI job would.
fn sh(repo: &Path, line: &str) -> Output {
    let path = common::path_with_charterlint();
    Command::new("sh")
        .args(["-c", line])
        .current_dir(repo)
        .env("PATH", path)
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

/// A clone's view: `origin/main` with a good and a bad charter, and a pull
/// request branch checked out that changes the good one to `feature`.
fn pull_request(feature: &str) -> Repo {
    let repo = Repo::new();
    repo.write("products/ledger/charter.toml", CLEAN).write(
        "products/legacy/charter.toml",
        &CLEAN
            .replace("\"ledger\"", "\"legacy\"")
            .replace("\"General Ledger\"", "\"TBD\""),
    );
    repo.commit("main", None);
    repo.git(&["update-ref", "refs/remotes/origin/main", "main"]);
    repo.git(&["checkout", "-q", "-b", "pull-request"]);
    repo.write("products/ledger/charter.toml", feature);
    repo.commit("change the ledger's charter", None);
    repo
}

fn output_file(line: &str) -> Option<PathBuf> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let i = words.iter().position(|w| *w == "--output")?;
    Some(PathBuf::from(words[i + 1]))
}

fn exercise(snippet: &str, commands: Vec<String>) {
    assert!(!commands.is_empty(), "{snippet}: no charterlint command");
    let broken = CLEAN.replace("name = \"General Ledger\"", "name = \"TODO\"");
    let renamed = CLEAN.replace("Finance analyst", "Controller");
    for line in &commands {
        assert!(
            line.contains("--changed-since"),
            "{snippet}: `{line}` should check the changes only"
        );
        let (line, format) = runnable(line);
        // The pull request breaks the ledger's charter: the job fails, on the
        // ledger only (the legacy charter's old problem is not its doing).
        let repo = pull_request(&broken);
        let out = sh(repo.path(), &line);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{snippet}: `{line}`: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(file) = output_file(&line) {
            let written = std::fs::read_to_string(repo.path().join(&file))
                .unwrap_or_else(|e| panic!("{snippet}: `{line}` wrote no {}: {e}", file.display()));
            assert!(
                written.contains("products/ledger/charter.toml"),
                "{written}"
            );
            assert!(!written.contains("products/legacy"), "{written}");
            if format.as_deref() == Some("json") {
                let report: serde_json::Value = serde_json::from_str(&written).unwrap();
                assert_eq!(common::rules_of(&report), ["placeholder"]);
            }
        }
        // A pull request that keeps the charter sound passes.
        let repo = pull_request(&renamed);
        let out = sh(repo.path(), &line);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{snippet}: `{line}`: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_github_actions_snippet_gates_a_pull_request() {
    exercise("github-actions.yml", github_commands());
}

#[test]
fn the_gitlab_ci_snippet_gates_a_merge_request() {
    exercise("gitlab-ci.yml", gitlab_commands());
}

#[test]
fn the_readme_shows_the_snippets_as_they_are() {
    let guide = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    for name in [
        "github-actions.yml",
        "gitlab-ci.yml",
        "pre-commit-config.yaml",
    ] {
        let snippet = std::fs::read_to_string(manifest_dir().join("docs/ci").join(name)).unwrap();
        assert!(
            guide.contains(snippet.trim()),
            "README.md does not show docs/ci/{name} as it is"
        );
    }
}
