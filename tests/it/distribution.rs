//! How charterlint reaches its users: one home and one version everywhere,
//! the generated rule reference, shell completions, the man page, the
//! colour and `--quiet` conventions, and (with CHARTERLINT_E2E=1) the
//! Python wheel installed with no Rust toolchain.

use crate::common;
use crate::wheel;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{charterlint, manifest_dir};

const HOME: &str = "https://github.com/charterlint/charterlint";

fn e2e() -> bool {
    std::env::var("CHARTERLINT_E2E").as_deref() == Ok("1")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(manifest_dir().join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The repository's text files: tracked ones and new ones not ignored.
fn tree_files() -> Vec<(String, String)> {
    let out = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(manifest_dir())
        .output()
        .expect("git runs");
    assert!(out.status.success(), "{}", text(&out));
    out.stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .filter_map(|p| {
            let bytes = std::fs::read(manifest_dir().join(&p)).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some((p, text))
        })
        .collect()
}

#[test]
fn the_home_is_one_url_and_no_placeholder_is_left() {
    assert_eq!(env!("CARGO_PKG_REPOSITORY"), HOME);
    assert_eq!(env!("CARGO_PKG_HOMEPAGE"), HOME);
    let files = tree_files();
    assert!(files.len() > 50, "{} files", files.len());
    // Written in pieces, so that this file does not match itself.
    let placeholder = regex::Regex::new(&format!(
        r"\b(?:{}|{}|{}|{})\b|{}",
        ["OWN", "ER"].concat(),
        ["YOUR", "_ORG"].concat(),
        ["your", "-org"].concat(),
        ["USER", "NAME/charterlint"].concat(),
        ["<", "home>"].concat(),
    ))
    .unwrap();
    let hosted = regex::Regex::new(r"github\.com/([A-Za-z0-9_.-]+)/charterlint\b").unwrap();
    let mut wrong = Vec::new();
    for (path, text) in &files {
        for (n, line) in text.lines().enumerate() {
            if placeholder.is_match(line) {
                wrong.push(format!("{path}:{}: {line}", n + 1));
            }
            for c in hosted.captures_iter(line) {
                if &c[1] != "charterlint" {
                    wrong.push(format!("{path}:{}: {line}", n + 1));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "placeholders of the home:\n{}",
        wrong.join("\n")
    );
    // The schemas live at the home, and say so.
    for schema in [
        "charter.schema.json",
        "okrs.schema.json",
        "charterlint.schema.json",
    ] {
        let value: serde_json::Value =
            serde_json::from_str(&read(&format!("schemas/{schema}"))).unwrap();
        assert_eq!(
            value["$id"],
            format!("{HOME}/raw/main/schemas/{schema}"),
            "{schema}"
        );
    }
}

#[test]
fn every_version_pin_is_the_crates_version() {
    let version = env!("CARGO_PKG_VERSION");
    // The CHANGELOG's top entry is this version.
    let changelog = read("CHANGELOG.md");
    let top = changelog
        .lines()
        .find(|l| l.starts_with("## "))
        .expect("a CHANGELOG entry");
    let semver = regex::Regex::new(r"\d+\.\d+\.\d+").unwrap();
    assert_eq!(
        semver.find(top).map(|m| m.as_str()),
        Some(version),
        "CHANGELOG.md's top entry: {top}"
    );
    let major = format!("v{}", version.split('.').next().unwrap());

    let pins = [
        // pre-commit `rev:`, release tags
        regex::Regex::new(r"\brev:\s*v(\d+\.\d+\.\d+)").unwrap(),
        // pip, pipx, uv
        regex::Regex::new(r"\bcharterlint==(\d+\.\d+\.\d+)").unwrap(),
        regex::Regex::new(r#"CHARTERLINT_VERSION = "(\d+\.\d+\.\d+)""#).unwrap(),
        regex::Regex::new(r"releases/download/v(\d+\.\d+\.\d+)").unwrap(),
    ];
    let action_ref = regex::Regex::new(r"charterlint/charterlint@(v[0-9][^\s`'\x22]*)").unwrap();
    let mut seen = 0;
    let mut wrong = Vec::new();
    for (path, text) in tree_files() {
        let documented = path == "README.md"
            || path.starts_with("docs/")
            || path.starts_with(".github/")
            || path == "action.yml"
            || path == "setup.py"
            || path.starts_with("python/");
        if !documented {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            for pin in &pins {
                for c in pin.captures_iter(line) {
                    seen += 1;
                    if &c[1] != version {
                        wrong.push(format!("{path}:{}: {line}", n + 1));
                    }
                }
            }
            for c in action_ref.captures_iter(line) {
                seen += 1;
                if c[1] != major {
                    wrong.push(format!(
                        "{path}:{}: {line} (the Action follows {major})",
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "pins of another version:\n{}",
        wrong.join("\n")
    );
    // README + docs/ci's pre-commit rev, the GitLab pip pin, setup.py, the
    // Action's uses in README + docs/ci.
    assert!(seen >= 6, "only {seen} pins found");
    // The Action's default version is this one.
    let action = read("action.yml");
    assert!(
        action.contains(&format!("default: \"{version}\"")),
        "action.yml's version input"
    );
}

#[test]
fn binstall_fetches_what_the_release_workflow_uploads() {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    assert_eq!(
        binstall["pkg-url"].as_str(),
        Some("{ repo }/releases/download/v{ version }/{ name }-{ target }{ archive-suffix }")
    );
    assert_eq!(
        binstall["bin-dir"].as_str(),
        Some("{ name }-{ target }/{ bin }{ binary-ext }")
    );
    let release = read(".github/workflows/release.yml");
    // The archive holds `charterlint-TARGET/charterlint[.exe]`.
    assert!(release.contains("name=\"charterlint-$TARGET\""));
    assert!(release.contains("tar -C dist -czf \"dist/$name.tar.gz\" \"$name\""));
    assert!(release.contains("7z a -tzip \"$name.zip\" \"$name\""));
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            release.contains(&format!("target: {target}, os:")),
            "no binary for {target}"
        );
    }
    assert!(release.contains("sha256sum"));
    assert!(release.contains("pypa/gh-action-pypi-publish@release/v1"));
    assert!(release.contains("cargo publish"));
    assert!(release.contains("id-token: write"));
    assert!(release.contains(r#"tags: ["v[0-9]+.[0-9]+.[0-9]+"]"#));
}

#[test]
fn docs_rules_md_is_generated_from_the_rule_declarations() {
    let out = charterlint()
        .args(["rules", "--reference"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        read("docs/rules.md"),
        generated,
        "docs/rules.md is out of date: `charterlint rules --reference > docs/rules.md`"
    );
    // Each rule's helpUri anchor (`#rule-id`) is a heading of its own.
    for rule in charterlint::rules::ALL {
        assert!(
            generated.contains(&format!("\n## {}\n", rule.id)),
            "{}",
            rule.id
        );
        assert!(generated.contains(rule.explanation.trim()), "{}", rule.id);
    }
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = charterlint().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", text(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("charterlint"), "{shell}");
        assert!(script.contains("install-hook"), "{shell}: no subcommands");
    }
    let out = charterlint()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Sources the bash script in a clean bash and asks it to complete `words`
/// (the last one being typed).
fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "set -e; source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
         _charterlint charterlint '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_bash_completion_sources_cleanly_and_completes_subcommands() {
    let out = charterlint()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("charterlint.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // Sourcing prints nothing and fails on nothing.
    let sourced = Command::new("bash")
        .args(["--noprofile", "--norc", "-c"])
        .arg(format!(
            "set -eu; source '{}'; complete -p charterlint",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(sourced.status.success(), "{}", text(&sourced));
    assert!(
        String::from_utf8_lossy(&sourced.stdout).contains("charterlint"),
        "{}",
        text(&sourced)
    );
    assert_eq!(bash_complete(&script, &["charterlint", "ch"]), ["check"]);
    let all = bash_complete(&script, &["charterlint", ""]);
    for sub in ["check", "scan", "merge", "explain", "completions", "man"] {
        assert!(all.iter().any(|w| w == sub), "{sub} not in {all:?}");
    }
    assert!(
        !all.iter().any(|w| w == "scan-worker"),
        "a hidden command: {all:?}"
    );
    assert!(all.iter().any(|w| w == "--version"), "{all:?}");
    let flags = bash_complete(&script, &["charterlint", "check", "--sta"]);
    assert_eq!(flags, ["--staged"]);
    let shells = bash_complete(&script, &["charterlint", "completions", "fi"]);
    assert_eq!(shells, ["fish"]);
    // A global flag after the subcommand, and a value enum.
    let colour = bash_complete(&script, &["charterlint", "check", "--qu"]);
    assert_eq!(colour, ["--quiet"]);
    let formats = bash_complete(&script, &["charterlint", "check", "--format", "sa"]);
    assert_eq!(formats, ["sarif"]);
}

#[test]
fn the_man_page_renders() {
    let out = charterlint().arg("man").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH charterlint 1"), "{}", &page[..200]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("charterlint.1");
    std::fs::write(&file, &page).unwrap();
    let man = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output();
    let man = match man {
        Ok(out) => out,
        Err(e) if !e2e() => {
            eprintln!("man cannot run ({e}); with CHARTERLINT_E2E=1 this fails");
            return;
        }
        Err(e) => panic!("CHARTERLINT_E2E=1 but man cannot run ({e}); `apt-get install man-db`"),
    };
    assert!(man.status.success(), "{}", text(&man));
    let shown = String::from_utf8_lossy(&man.stdout);
    for part in [
        "NAME",
        "SYNOPSIS",
        "charterlint",
        "SUBCOMMANDS",
        "install-hook",
    ] {
        assert!(shown.contains(part), "{part} not in:\n{shown}");
    }
    assert!(!shown.contains(".TH"), "roff left unrendered:\n{shown}");
}

/// `check` on this repository's examples (which fail) with an environment.
fn check_examples(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = charterlint();
    cmd.args(args).current_dir(manifest_dir());
    for var in ["CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn quiet_prints_the_findings_and_no_receipt() {
    let loud = check_examples(&["check"], &[]);
    let quiet = check_examples(&["check", "--quiet"], &[]);
    assert_eq!(loud.status.code(), Some(1));
    assert_eq!(quiet.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&loud.stderr).contains("charterlint check: 5 charters"));
    assert_eq!(quiet.stdout, loud.stdout);
    assert!(
        !String::from_utf8_lossy(&quiet.stderr).contains("charterlint check:"),
        "{}",
        text(&quiet)
    );
    // Also before the subcommand, and with --output.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.json");
    let out = check_examples(
        &[
            "-q",
            "check",
            "--format",
            "json",
            "--output",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", text(&out));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"findings\"")
    );
}

fn coloured(out: &Output) -> bool {
    out.stdout.windows(2).any(|w| w == b"\x1b[")
}

#[test]
fn clicolor_force_colours_a_pipe_and_no_color_wins() {
    assert!(!coloured(&check_examples(&["check"], &[])));
    assert!(coloured(&check_examples(
        &["check"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(coloured(&check_examples(
        &["check"],
        &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]
    )));
    assert!(!coloured(&check_examples(
        &["check"],
        &[("CLICOLOR_FORCE", "0")]
    )));
    assert!(!coloured(&check_examples(
        &["check"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    assert!(!coloured(&check_examples(
        &["--color", "never", "check"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(coloured(&check_examples(
        &["--color", "always", "check"],
        &[("NO_COLOR", "1")]
    )));
}

/// On a terminal (a pseudo-terminal from util-linux's `script`): colour,
/// unless TERM=dumb or CLICOLOR=0.
#[test]
fn on_a_terminal_term_dumb_and_clicolor_0_turn_colour_off() {
    let on_terminal = |env: &[(&str, &str)]| -> bool {
        let mut cmd = Command::new("script");
        cmd.args(["-qec"])
            .arg(format!("'{}' check", env!("CARGO_BIN_EXE_charterlint")))
            .arg("/dev/null")
            .current_dir(manifest_dir())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        match cmd.output() {
            Ok(out) => coloured(&out),
            Err(e) => panic!("cannot run `script` ({e}): util-linux is on every Debian"),
        }
    };
    assert!(on_terminal(&[]), "no colour on a terminal");
    assert!(!on_terminal(&[("TERM", "dumb")]));
    assert!(!on_terminal(&[("CLICOLOR", "0")]));
    assert!(!on_terminal(&[("NO_COLOR", "1")]));
    assert!(on_terminal(&[("CLICOLOR", "1")]));
}

/// `pip install` of the wheel into a fresh virtual environment, with no
/// Rust on PATH and pip offline: the binary runs and checks the examples.
#[test]
fn the_wheel_installs_with_pip_and_checks_the_examples() {
    if !e2e() {
        eprintln!("set CHARTERLINT_E2E=1 to build and install the wheel");
        return;
    }
    let house = wheel::wheelhouse("distribution");
    let wheel = wheel::wheel_in(&house).unwrap();
    let path = wheel::path_without_rust();
    let venv = tempfile::tempdir().unwrap();
    let env_dir = venv.path().join("env");
    let run = |program: &Path, args: &[&str], dir: &Path| -> Output {
        Command::new(program)
            .args(args)
            .current_dir(dir)
            .env("PATH", &path)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &house)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env_remove("CARGO_TARGET_DIR")
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()))
    };
    let out = run(
        Path::new("python3"),
        &["-m", "venv", env_dir.to_str().unwrap()],
        venv.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let bin: PathBuf = env_dir.join("bin");
    let started = std::time::Instant::now();
    let out = run(
        &bin.join("pip"),
        &["install", "--quiet", wheel.to_str().unwrap()],
        venv.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    eprintln!("pip install of the wheel: {:?}", started.elapsed());
    let installed = bin.join("charterlint");
    let out = run(&installed, &["--version"], venv.path());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("charterlint {}", env!("CARGO_PKG_VERSION"))
    );
    let out = run(&installed, &["check"], &manifest_dir());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("5 charters from the working tree"),
        "{stderr}"
    );
    // The same findings as this build.
    let this = charterlint()
        .args(["--color", "never", "check", "--format", "json"])
        .current_dir(manifest_dir())
        .output()
        .unwrap();
    let out = run(
        &installed,
        &["--color", "never", "check", "--format", "json"],
        &manifest_dir(),
    );
    assert_eq!(out.stdout, this.stdout);
}
