//! The CI snippets of `docs/ci/` (pasted into the README) are parsed and run
//! as the CI system would run them, against a real repository whose pull
//! request branch leaves `main`: the GitLab job's command lines, and the
//! GitHub workflow's charterlint Action (`action.yml`), whose shell steps run
//! here with the variables a runner sets (with CHARTERLINT_E2E=1, installing
//! the wheel from a local folder, with no Rust on PATH).

use crate::common;
use crate::wheel;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{CLEAN, Repo, manifest_dir};
use yaml_rust2::{Yaml, YamlLoader};

fn e2e() -> bool {
    std::env::var("CHARTERLINT_E2E").as_deref() == Ok("1")
}

fn load(path: &Path) -> Yaml {
    let text = std::fs::read_to_string(path).unwrap();
    let mut docs = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()));
    assert_eq!(docs.len(), 1, "{}: one document", path.display());
    docs.remove(0)
}

fn snippet(name: &str) -> Yaml {
    load(&manifest_dir().join("docs/ci").join(name))
}

/// The shell lines of a list of commands, or of one `run:` block.
fn lines_of(commands: &Yaml) -> Vec<String> {
    match commands {
        Yaml::String(s) => s.lines().map(str::to_string).collect(),
        Yaml::Array(items) => items.iter().flat_map(lines_of).collect(),
        _ => Vec::new(),
    }
}

/// The major version tag of this version: what `@vN` follows.
fn major_tag() -> String {
    let major = env!("CARGO_PKG_VERSION").split('.').next().unwrap();
    format!("v{major}")
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

fn broken() -> String {
    CLEAN.replace("name = \"General Ledger\"", "name = \"TODO\"")
}

fn renamed() -> String {
    CLEAN.replace("Finance analyst", "Controller")
}

/// Where charterlint comes from in a test: this build (PATH first), or,
/// with CHARTERLINT_E2E=1, the wheel installed the way the snippet says,
/// with no Rust toolchain on PATH and pip offline.
struct Tools {
    path: String,
    pip: Vec<(&'static str, PathBuf)>,
}

impl Tools {
    fn this_build() -> Tools {
        Tools {
            path: common::path_with_charterlint(),
            pip: Vec::new(),
        }
    }

    fn no_rust() -> Tools {
        let house = wheel::wheelhouse("ci-snippets");
        Tools {
            path: wheel::path_without_rust(),
            pip: vec![
                ("PIP_NO_INDEX", PathBuf::from("1")),
                ("PIP_FIND_LINKS", house),
                ("PIP_DISABLE_PIP_VERSION_CHECK", PathBuf::from("1")),
            ],
        }
    }

    fn command(&self, program: &str, dir: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(dir)
            .env("PATH", &self.path)
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE")
            .env_remove("CI_MERGE_REQUEST_TARGET_BRANCH_NAME");
        for (k, v) in &self.pip {
            cmd.env(k, v);
        }
        cmd
    }
}

fn output_file(line: &str) -> Option<PathBuf> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let i = words.iter().position(|w| *w == "--output")?;
    Some(PathBuf::from(words[i + 1]))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

// --- GitLab -----------------------------------------------------------------

struct GitlabJob {
    install: Vec<String>,
    checks: Vec<String>,
}

fn gitlab_job() -> GitlabJob {
    let pipeline = snippet("gitlab-ci.yml");
    let job = &pipeline["charterlint"];
    assert_eq!(job["variables"]["GIT_DEPTH"].as_str(), Some("0"));
    assert_eq!(
        job["artifacts"]["reports"]["codequality"].as_str(),
        Some("gl-code-quality-report.json")
    );
    // Merge requests, and pushes to the default branch: the Code Quality
    // widget compares a merge request with its target branch's report.
    let rules: Vec<&str> = job["rules"]
        .as_vec()
        .expect("rules")
        .iter()
        .map(|r| r["if"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "$CI_PIPELINE_SOURCE == \"merge_request_event\"",
            "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
        ]
    );
    let mut lines = lines_of(&job["before_script"]);
    lines.extend(lines_of(&job["script"]));
    let lines: Vec<String> = lines.into_iter().map(|l| l.trim().to_string()).collect();
    let install: Vec<String> = lines
        .iter()
        .filter(|l| l.starts_with("pip install"))
        .cloned()
        .collect();
    assert_eq!(install.len(), 1, "one install line: {lines:?}");
    assert!(
        install[0].ends_with(&format!("charterlint=={}", env!("CARGO_PKG_VERSION"))),
        "the wheel of this version: {}",
        install[0]
    );
    assert!(!lines.iter().any(|l| l.contains("cargo")), "{lines:?}");
    let checks: Vec<String> = lines
        .into_iter()
        .filter(|l| l.starts_with("charterlint "))
        .collect();
    assert!(!checks.is_empty(), "no charterlint command");
    GitlabJob { install, checks }
}

/// Runs the job's lines with `sh` in a repository: the merge request's
/// target branch set (a merge request pipeline) or not (a push).
fn run_gitlab(job: &GitlabJob, tools: &Tools, repo: &Repo, target: Option<&str>) -> Vec<Output> {
    job.checks
        .iter()
        .map(|line| {
            let mut cmd = tools.command("sh", repo.path());
            cmd.args(["-c", line]);
            if let Some(target) = target {
                cmd.env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", target);
            }
            cmd.output().unwrap()
        })
        .collect()
}

fn exercise_gitlab(tools: &Tools) {
    let job = gitlab_job();
    for line in &job.checks {
        assert!(
            line.contains("--changed-since"),
            "`{line}` should check a merge request's changes only"
        );
    }
    // A merge request that breaks the ledger's charter fails, on the ledger
    // only (the legacy charter's old problem is not its doing).
    let repo = pull_request(&broken());
    for (line, out) in job
        .checks
        .iter()
        .zip(run_gitlab(&job, tools, &repo, Some("main")))
    {
        assert_eq!(out.status.code(), Some(1), "`{line}`: {}", text(&out));
        let file = output_file(line).expect("--output");
        let report = std::fs::read_to_string(repo.path().join(&file)).unwrap();
        let issues: serde_json::Value = serde_json::from_str(&report).unwrap();
        let paths: Vec<&str> = issues
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["location"]["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["products/ledger/charter.toml"], "{report}");
        assert!(report.contains("placeholder"), "{report}");
    }
    // One that keeps it sound passes.
    let repo = pull_request(&renamed());
    for (line, out) in job
        .checks
        .iter()
        .zip(run_gitlab(&job, tools, &repo, Some("main")))
    {
        assert_eq!(out.status.code(), Some(0), "`{line}`: {}", text(&out));
    }
    // A push to the default branch checks every charter: the legacy one fails.
    for (line, out) in job.checks.iter().zip(run_gitlab(&job, tools, &repo, None)) {
        assert_eq!(out.status.code(), Some(1), "`{line}`: {}", text(&out));
        let file = output_file(line).expect("--output");
        let report = std::fs::read_to_string(repo.path().join(&file)).unwrap();
        assert!(report.contains("products/legacy/charter.toml"), "{report}");
    }
}

#[test]
fn the_gitlab_ci_snippet_gates_merge_requests_and_the_default_branch() {
    exercise_gitlab(&Tools::this_build());
}

/// The job as GitLab runs it, on a machine with no Rust: its `pip install`
/// line (offline, from the local wheel) into a fresh virtual environment,
/// then its charterlint lines with that installed charterlint.
#[test]
fn the_gitlab_ci_snippet_installs_the_wheel() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to install the wheel as the GitLab job does");
        return;
    }
    let mut tools = Tools::no_rust();
    let venv = tempfile::tempdir().unwrap();
    let out = tools
        .command("python3", venv.path())
        .args(["-m", "venv", "env"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    tools.path = format!("{}/env/bin:{}", venv.path().display(), tools.path);
    let job = gitlab_job();
    let out = tools
        .command("sh", venv.path())
        .args(["-c", &job.install[0]])
        .output()
        .unwrap();
    assert!(out.status.success(), "`{}`: {}", job.install[0], text(&out));
    let which = tools
        .command("sh", venv.path())
        .args(["-c", "command -v charterlint"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&which.stdout).starts_with(&venv.path().display().to_string()),
        "{}",
        text(&which)
    );
    exercise_gitlab(&tools);
}

// --- GitHub -----------------------------------------------------------------

/// The workflow: on pull requests and pushes to the default branch, a
/// checkout with the whole history, then the charterlint Action of this
/// major version.
#[test]
fn the_github_workflow_runs_the_action_on_pull_requests_and_the_default_branch() {
    let workflow = snippet("github-actions.yml");
    let on = &workflow["on"];
    assert!(!on["pull_request"].is_badvalue(), "on pull_request");
    assert_eq!(
        on["push"]["branches"].as_vec().map(|b| b.len()),
        Some(1),
        "on push to the default branch"
    );
    assert_eq!(
        workflow["permissions"]["security-events"].as_str(),
        Some("write")
    );
    let jobs = workflow["jobs"].as_hash().expect("jobs");
    let steps = jobs.values().next().unwrap()["steps"].as_vec().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(
        uses,
        [
            "actions/checkout@v7".to_string(),
            format!("charterlint/charterlint@{}", major_tag())
        ]
    );
    assert_eq!(steps[0]["with"]["fetch-depth"].as_i64(), Some(0));
    assert!(steps.iter().all(|s| s["run"].is_badvalue()), "no run step");
}

fn action() -> Yaml {
    load(&manifest_dir().join("action.yml"))
}

#[test]
fn the_action_is_composite_installs_the_pinned_wheel_and_uploads_sarif() {
    let action = action();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    assert_eq!(
        action["inputs"]["version"]["default"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let scripts: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // Installed, never compiled; inputs reach the scripts through env only
    // (no `${{ }}` inside a script: no injection).
    assert!(scripts.contains("pip install"), "{scripts}");
    assert!(!scripts.contains("cargo"), "{scripts}");
    assert!(!scripts.contains("${{"), "{scripts}");
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("an upload-sarif step");
    assert_eq!(
        upload["uses"].as_str(),
        Some("github/codeql-action/upload-sarif@v4")
    );
    assert_eq!(
        upload["with"]["sarif_file"].as_str(),
        Some("${{ steps.check.outputs.sarif-file }}")
    );
}

/// What one run of the Action left behind.
struct ActionRun {
    /// The exit status of each shell step, in order.
    statuses: Vec<i32>,
    outputs: HashMap<String, String>,
    summary: String,
    log: String,
}

impl ActionRun {
    fn failed(&self) -> bool {
        self.statuses.iter().any(|s| *s != 0)
    }
}

/// `${{ inputs.X }}` and `${{ steps.check.outputs.X }}`, as the runner
/// expands them.
fn expand(
    value: &str,
    inputs: &HashMap<String, String>,
    outputs: &HashMap<String, String>,
) -> String {
    let mut s = value.to_string();
    for (k, v) in inputs {
        s = s.replace(&format!("${{{{ inputs.{k} }}}}"), v);
    }
    for (k, v) in outputs {
        s = s.replace(&format!("${{{{ steps.check.outputs.{k} }}}}"), v);
    }
    s = s.replace("${{ steps.check.outputs.exit-code }}", "");
    assert!(!s.contains("${{"), "unexpanded: {s}");
    s
}

/// Runs the Action's shell steps in `repo` as a runner would: each with
/// bash -eo pipefail, fresh GITHUB_OUTPUT, the PATH additions of earlier
/// steps; `uses:` steps are not run (the SARIF upload needs GitHub).
fn run_action(
    tools: &Tools,
    repo: &Repo,
    event: &str,
    with: &[(&str, &str)],
    install: bool,
) -> ActionRun {
    let action = action();
    let mut inputs: HashMap<String, String> = action["inputs"]
        .as_hash()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v["default"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for (k, v) in with {
        assert!(inputs.contains_key(*k), "no input {k}");
        inputs.insert(k.to_string(), v.to_string());
    }
    let runner = tempfile::tempdir().unwrap();
    let temp = runner.path().join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let summary = runner.path().join("summary.md");
    let github_path = runner.path().join("path");
    std::fs::write(&summary, "").unwrap();
    std::fs::write(&github_path, "").unwrap();
    let mut outputs = HashMap::new();
    let mut run = ActionRun {
        statuses: Vec::new(),
        outputs: HashMap::new(),
        summary: String::new(),
        log: String::new(),
    };
    for (n, step) in action["runs"]["steps"].as_vec().unwrap().iter().enumerate() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        if step["id"].as_str() == Some("install") && !install {
            continue;
        }
        assert_eq!(step["shell"].as_str(), Some("bash"));
        let output_file = runner.path().join(format!("output-{n}"));
        std::fs::write(&output_file, "").unwrap();
        let added: Vec<String> = std::fs::read_to_string(&github_path)
            .unwrap()
            .lines()
            .rev()
            .map(str::to_string)
            .collect();
        let mut cmd = tools.command("bash", repo.path());
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .env(
                "PATH",
                added
                    .into_iter()
                    .chain([tools.path.clone()])
                    .collect::<Vec<_>>()
                    .join(":"),
            )
            .env("GITHUB_ACTIONS", "true")
            .env("CI", "true")
            .env("GITHUB_EVENT_NAME", event)
            .env("GITHUB_WORKSPACE", repo.path())
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", &temp);
        if event == "pull_request" {
            cmd.env("GITHUB_BASE_REF", "main")
                .env("GITHUB_HEAD_REF", "pull-request");
        } else {
            cmd.env("GITHUB_REF_NAME", "main");
        }
        if let Some(env) = step["env"].as_hash() {
            for (k, v) in env {
                cmd.env(
                    k.as_str().unwrap(),
                    expand(v.as_str().unwrap(), &inputs, &outputs),
                );
            }
        }
        let out = cmd.output().unwrap();
        run.log.push_str(&text(&out));
        run.statuses.push(out.status.code().unwrap_or(-1));
        if step["id"].as_str() == Some("check") {
            for line in std::fs::read_to_string(&output_file).unwrap().lines() {
                if let Some((k, v)) = line.split_once('=') {
                    outputs.insert(k.to_string(), v.to_string());
                }
            }
        }
        if !out.status.success() {
            break;
        }
    }
    run.summary = std::fs::read_to_string(&summary).unwrap();
    // Keep the SARIF report readable after the runner's folder goes.
    if let Some(sarif) = outputs.get("sarif-file") {
        let text = std::fs::read_to_string(sarif).unwrap_or_default();
        outputs.insert("sarif".into(), text);
    }
    run.outputs = outputs;
    run
}

fn sarif_paths(run: &ActionRun) -> Vec<String> {
    let log: serde_json::Value =
        serde_json::from_str(&run.outputs["sarif"]).expect("the SARIF report is JSON");
    let mut paths: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    paths.dedup();
    paths
}

fn exercise_action(tools: &Tools, install: bool) {
    // A pull request that breaks the ledger's charter: the job fails, the
    // SARIF report and the summary name the ledger only.
    let repo = pull_request(&broken());
    let run = run_action(tools, &repo, "pull_request", &[], install);
    assert!(run.failed(), "{}", run.log);
    assert_eq!(run.statuses.last(), Some(&1), "{}", run.log);
    assert_eq!(run.outputs["exit-code"], "1", "{}", run.log);
    assert_eq!(sarif_paths(&run), ["products/ledger/charter.toml"]);
    assert!(run.summary.contains("placeholder"), "{}", run.summary);
    assert!(!run.summary.contains("legacy"), "{}", run.summary);
    assert!(run.log.contains("placeholder"), "{}", run.log);

    // One that keeps it sound passes, with an empty report.
    let repo = pull_request(&renamed());
    let run = run_action(tools, &repo, "pull_request", &[], install);
    assert!(!run.failed(), "{}", run.log);
    assert_eq!(run.outputs["exit-code"], "0");
    assert!(sarif_paths(&run).is_empty());
    assert!(!run.summary.trim().is_empty(), "no summary");

    // A push to the default branch checks every charter: the legacy one fails.
    let run = run_action(tools, &repo, "push", &[], install);
    assert!(run.failed(), "{}", run.log);
    assert_eq!(sarif_paths(&run), ["products/legacy/charter.toml"]);

    // `args` reach the check: with a config that turns `placeholder` off,
    // the same push passes.
    repo.write("ci.toml", "[rules]\nplaceholder = \"off\"\n");
    let run = run_action(
        tools,
        &repo,
        "push",
        &[("args", "--config ci.toml")],
        install,
    );
    assert!(!run.failed(), "{}", run.log);
}

#[test]
fn the_actions_check_gates_pull_requests_and_pushes() {
    // The check and fail steps with this build on PATH (the install step
    // needs the wheel: below, under CHARTERLINT_E2E=1).
    exercise_action(&Tools::this_build(), false);
}

#[test]
fn the_action_installs_the_wheel_with_no_rust_and_gates() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to run the Action with the wheel");
        return;
    }
    exercise_action(&Tools::no_rust(), true);
}

/// The metadata and the workflows are valid against the schemas GitHub and
/// GitLab publish (check-jsonschema ships them).
#[test]
fn the_action_and_the_workflows_match_their_schemas() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to validate with check-jsonschema");
        return;
    }
    let root = manifest_dir();
    for (schema, file) in [
        ("vendor.github-actions", "action.yml"),
        ("vendor.github-workflows", "docs/ci/github-actions.yml"),
        ("vendor.github-workflows", ".github/workflows/release.yml"),
        ("vendor.gitlab-ci", "docs/ci/gitlab-ci.yml"),
    ] {
        let out = Command::new("check-jsonschema")
            .args(["--builtin-schema", schema])
            .arg(root.join(file))
            .output()
            .unwrap_or_else(|e| {
                panic!("CHARTERLINT_E2E=1 but check-jsonschema cannot run ({e}); `pip install check-jsonschema`")
            });
        assert!(out.status.success(), "{file}: {}", text(&out));
    }
    // The validator does reject what the schema forbids.
    let broken = tempfile::NamedTempFile::with_suffix(".yml").unwrap();
    std::fs::write(
        broken.path(),
        "name: x\nruns:\n  using: composite\n  stepz: []\n",
    )
    .unwrap();
    let out = Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-actions"])
        .arg(broken.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
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
