//! `scan --cache DIR` (SPEC v1.2 section 6): the report is byte for byte
//! the one of a scan without the cache, whatever the day, the levels or
//! the globs; a repository is read again when its commit, its own
//! configuration or registry, or its history changed; a cache that is
//! corrupt, of another version or unwritable is a warning, never a wrong
//! result.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{CLEAN, Org, Repo, TODAY};

/// A day on which the ledger's waiver has expired, the payroll's objective
/// has ended and the ledger's charter has gone stale.
const LATER: &str = "2027-06-01";

/// A clean charter with its own product id.
fn charter(id: &str) -> String {
    CLEAN.replace("id = \"ledger\"", &format!("id = \"{id}\""))
}

const OKRS: &str = "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"s\"\n\
    [[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"s\"\nends = 2026-12-31\n";

/// An organisation whose findings depend on the day, on the repositories'
/// own configurations and registries, and on history: a work tree whose
/// waiver expires and whose charter goes stale, a bare repository with its
/// own registry, a repository with its own globs and levels, a linked work
/// tree, a repository without commits and one whose HEAD points nowhere.
fn org() -> Org {
    let org = Org::new();
    let ledger = org.repo("team-a/ledger");
    ledger.write(
        "charter.toml",
        &format!(
            "{}\n[[waivers]]\nrule = \"build-closed-internal\"\nreason = \"Opened next year\"\nexpires = 2027-01-31\n",
            charter("ledger")
        ),
    );
    ledger.commit("charter", Some("2026-01-05T10:00:00Z"));
    ledger.write("README.md", "ledger\n");
    ledger.commit("readme", Some("2026-02-05T10:00:00Z"));
    ledger.git(&["branch", "feature"]);
    ledger.git(&[
        "worktree",
        "add",
        "-q",
        org.path().join("team-a/ledger-feature").to_str().unwrap(),
        "feature",
    ]);

    let payroll = Repo::new();
    payroll
        .write("charter.toml", &charter("payroll"))
        .write("charterlint.toml", "registry = \"okrs.toml\"\n")
        .write("okrs.toml", OKRS);
    payroll.commit("charter", None);
    org.bare_clone(&payroll, "team-b/payroll.git");

    let web = org.repo("team-b/web");
    web.write(
        "charterlint.toml",
        "include = [\"products/*/charter.toml\"]\n[rules]\ngolden-thread-unmeasured = \"error\"\n",
    )
    .write("products/a/charter.toml", &charter("web-a"))
    .write(
        "products/b/charter.toml",
        &charter("web-b").replace("kpis = [\"days-to-close\"]\n", ""),
    )
    .write("charter.toml", &charter("not-included"))
    // owner-not-codeowner: CODEOWNERS gives product b to another team.
    .write(
        ".github/CODEOWNERS",
        "* @acme/team-finance-platform\nproducts/b/ @acme/other\n",
    );
    web.commit("charters", None);

    org.repo("empty");
    let broken = org.repo_with_charter("broken", &charter("broken"));
    broken.git(&["symbolic-ref", "HEAD", "refs/heads/nowhere"]);
    org
}

/// `scan ORG ARGS`, with `--cache CACHE` when given.
fn scan(org: &Org, cache: Option<&Path>, args: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    if let Some(dir) = cache {
        all.extend(["--cache", dir.to_str().unwrap()]);
    }
    org.scan(&all)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The scan with the cache prints exactly what the scan without it prints
/// (standard output, exit code); its standard error.
fn same_as_without(org: &Org, cache: &Path, args: &[&str]) -> String {
    let without = scan(org, None, args);
    let with = scan(org, Some(cache), args);
    assert!(
        without.stdout == with.stdout,
        "{args:?}: the cache changed the output\n--- without\n{}\n--- with\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&without.stdout),
        String::from_utf8_lossy(&with.stdout),
        stderr(&with)
    );
    assert_eq!(without.status.code(), with.status.code(), "{args:?}");
    assert!(!without.stdout.is_empty(), "{args:?}");
    stderr(&with)
}

/// The cache's shard files (every file but the tag).
fn shards(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "CACHEDIR.TAG"))
        .collect();
    found.sort();
    found
}

/// How many repositories the cache keeps.
fn entries(cache: &Path) -> usize {
    shards(cache)
        .iter()
        .map(|s| {
            std::fs::read_to_string(s)
                .unwrap()
                .matches("\"learnt\":")
                .count()
        })
        .sum()
}

fn cache_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("charterlint-cache")
        .tempdir()
        .unwrap()
}

fn json_at(today: &str) -> [&str; 4] {
    ["--format", "json", "--today", today]
}

#[test]
fn the_report_is_the_same_with_the_cache_whatever_the_day_and_format() {
    let org = org();
    let cache = cache_dir();
    for today in [TODAY, LATER, TODAY, "2030-01-01"] {
        for format in ["json", "sarif", "human", "markdown"] {
            let warnings =
                same_as_without(&org, cache.path(), &["--format", format, "--today", today]);
            assert!(!warnings.contains("cache"), "{warnings}");
        }
    }
    // Each repository with a commit has its entry; the one without a
    // commit and the one whose HEAD points nowhere have none.
    assert_eq!(entries(cache.path()), 4);
    // The findings that change with the day did change.
    let before = scan(&org, Some(cache.path()), &json_at(TODAY));
    let after = scan(&org, Some(cache.path()), &json_at(LATER));
    let rules = |out: &Output| common::rules_of(&common::parse_json(out));
    for rule in ["waiver-expired", "golden-thread-stale", "charter-stale"] {
        assert!(!rules(&before).contains(&rule.to_string()), "{rule}");
        assert!(rules(&after).contains(&rule.to_string()), "{rule}");
    }
}

#[test]
fn an_unchanged_repository_is_not_read_again() {
    let org = org();
    let cache = cache_dir();
    let first = scan(&org, Some(cache.path()), &json_at(TODAY));
    // The web repository loses its objects but keeps its refs: a scan
    // without the cache finds it unreadable; with the cache it is never
    // opened, and its charters are checked from what the cache kept.
    let objects = org.path().join("team-b/web/.git/objects");
    std::fs::rename(&objects, objects.with_file_name("objects-away")).unwrap();
    std::fs::create_dir(&objects).unwrap();
    let again = scan(&org, Some(cache.path()), &json_at(TODAY));
    assert_eq!(first.stdout, again.stdout);
    let without = common::parse_json(&scan(&org, None, &json_at(TODAY)));
    let unreadable: Vec<_> = common::findings_of(&without, "repo-unreadable")
        .iter()
        .map(|f| f["repo"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(unreadable, ["broken", "team-b/web"]);
}

#[test]
fn levels_globs_and_registry_of_the_scan_apply_to_what_the_cache_kept() {
    let org = org();
    let cache = cache_dir();
    same_as_without(&org, cache.path(), &json_at(TODAY));
    let config = org.path().join("org.toml");
    let registry = org.path().join("okrs.toml");
    let with = |extra: &[&str]| {
        let mut args = json_at(TODAY).to_vec();
        args.extend_from_slice(extra);
        same_as_without(&org, cache.path(), &args)
    };
    let config_arg = ["--config", config.to_str().unwrap()];
    // A level changed, a rule turned off.
    std::fs::write(
        &config,
        "[rules]\nwaiver-unused = \"error\"\ncharter-stale = \"off\"\n",
    )
    .unwrap();
    with(&config_arg);
    // Rules rolled out on a date between TODAY and LATER, on either side
    // of it, and links to each repository's commit.
    std::fs::write(
        &config,
        "link_template = \"https://git.example.com/{repo}/blob/{rev}/{path}#L{line}\"\n\
         [rules]\ngolden-thread-unmeasured = { level = \"error\", from = 2027-01-01 }\n\
         owner-not-codeowner = { level = \"warning\", from = 2027-01-01 }\n",
    )
    .unwrap();
    for today in [TODAY, LATER] {
        for format in ["json", "sarif", "markdown"] {
            same_as_without(
                &org,
                cache.path(),
                &[
                    "--format",
                    format,
                    "--today",
                    today,
                    "--config",
                    config.to_str().unwrap(),
                ],
            );
        }
    }
    let report = common::parse_json(&scan(
        &org,
        Some(cache.path()),
        &[
            "--format",
            "json",
            "--today",
            LATER,
            "--config",
            config.to_str().unwrap(),
        ],
    ));
    assert!(!common::findings_of(&report, "owner-not-codeowner").is_empty());
    assert!(
        report["charters"][0]["commit"].is_string(),
        "{}",
        report["charters"][0]
    );
    // Other globs: the root charter of `team-b/web` is now one, which the
    // cache has never listed: it is read again.
    std::fs::write(
        &config,
        "include = [\"**/*.toml\"]\nexclude = [\"okrs.toml\"]\n",
    )
    .unwrap();
    with(&config_arg);
    with(&config_arg);
    // A registry for every repository, then the same file changed.
    std::fs::write(&registry, OKRS).unwrap();
    with(&["--registry", registry.to_str().unwrap()]);
    std::fs::write(&registry, OKRS.replace("2026-12-31", "2026-06-30")).unwrap();
    with(&["--registry", registry.to_str().unwrap()]);
    with(&["--require-charter"]);
}

#[test]
fn a_repository_is_read_again_when_its_commit_config_or_registry_changes() {
    let org = org();
    let cache = cache_dir();
    let scan_json = || same_as_without(&org, cache.path(), &json_at(LATER));
    let report = |org: &Org| common::parse_json(&scan(org, Some(cache.path()), &json_at(LATER)));
    scan_json();
    let web = Repo::at(org.path().join("team-b/web"));

    // A new commit: the charter changed.
    web.write(
        "products/a/charter.toml",
        &charter("web-a").replace("owner = \"team-finance-platform\"", "owner = \"TBD\""),
    );
    web.commit("owner", None);
    scan_json();
    assert!(
        common::findings_of(&report(&org), "placeholder")
            .iter()
            .any(|f| f["repo"] == "team-b/web"),
    );

    // The repository's own configuration.
    web.write(
        "charterlint.toml",
        "[rules]\ngolden-thread-unmeasured = \"off\"\n",
    );
    web.commit("config", None);
    scan_json();
    assert!(common::findings_of(&report(&org), "golden-thread-unmeasured").is_empty());

    // The repository's own registry (pushed to the bare repository).
    let payroll = org.path().join("team-b/payroll.git");
    let work = Repo::new();
    common::git_in(
        work.path(),
        &["pull", "-q", payroll.to_str().unwrap(), "main"],
    );
    work.write("okrs.toml", &OKRS.replace("2026-12-31", "2027-12-31"));
    work.commit("objectives extended", None);
    common::git_in(
        work.path(),
        &["push", "-q", payroll.to_str().unwrap(), "HEAD:main"],
    );
    scan_json();
    assert!(common::findings_of(&report(&org), "golden-thread-stale").is_empty());

    // The linked work tree's branch moves; its main work tree's does not.
    let feature = Repo::at(org.path().join("team-a/ledger-feature"));
    feature.write("charter.toml", &charter("ledger-feature"));
    feature.commit("feature", None);
    scan_json();
    // Packed refs, a detached HEAD, a branch reset to an older commit.
    web.git(&["pack-refs", "--all"]);
    scan_json();
    web.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    scan_json();
    web.git(&["checkout", "-q", "main"]);
    web.git(&["reset", "-q", "--hard", "HEAD~2"]);
    scan_json();
}

#[test]
fn revisions_other_than_head_are_keyed_by_what_they_resolve_to() {
    let org = org();
    let cache = cache_dir();
    let web = Repo::at(org.path().join("team-b/web"));
    web.git(&["tag", "-a", "-m", "release", "v1"]);
    for rev in ["main", "v1", "HEAD~0", "refs/heads/main"] {
        let mut args = json_at(TODAY).to_vec();
        args.extend(["--rev", rev]);
        same_as_without(&org, cache.path(), &args);
        same_as_without(&org, cache.path(), &args);
    }
    web.write("products/c/charter.toml", &charter("web-c"));
    web.commit("c", None);
    // A tag of the same name as the branch, and the tag moved.
    web.git(&["tag", "main", "HEAD~1"]);
    web.git(&["tag", "-f", "-a", "-m", "again", "v1"]);
    for rev in ["main", "v1", "HEAD~0", "refs/heads/main"] {
        let mut args = json_at(TODAY).to_vec();
        args.extend(["--rev", rev]);
        same_as_without(&org, cache.path(), &args);
    }
}

#[test]
fn a_deepened_shallow_clone_is_read_again() {
    let org = Org::new();
    let src = Repo::new();
    src.write("charter.toml", &charter("deep"));
    src.commit("charter", Some("2024-01-01T10:00:00Z"));
    src.write("README.md", "x\n");
    src.commit("readme", Some("2024-03-01T10:00:00Z"));
    let url = format!("file://{}", src.path().display());
    let clone = org.path().join("deep");
    common::git_in(
        org.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    let cache = cache_dir();
    // Shallow: the charter's last change is the one commit there is.
    same_as_without(&org, cache.path(), &json_at(TODAY));
    common::git_in(&clone, &["fetch", "-q", "--unshallow"]);
    // The same commit, more history: charter-stale now sees the old change.
    same_as_without(&org, cache.path(), &json_at(TODAY));
    let report = common::parse_json(&scan(&org, Some(cache.path()), &json_at(TODAY)));
    assert_eq!(common::findings_of(&report, "charter-stale").len(), 1);
}

#[test]
fn an_entry_of_another_version_is_a_warning_and_is_replaced() {
    let org = org();
    let cache = cache_dir();
    same_as_without(&org, cache.path(), &json_at(TODAY));
    let version = env!("CARGO_PKG_VERSION");
    let files = shards(cache.path());
    for shard in &files {
        let text = std::fs::read_to_string(shard).unwrap();
        assert!(text.contains(&format!(" {version} ")), "{text}");
        std::fs::write(
            shard,
            text.replacen(&format!(" {version} "), " 0.0.1-old ", 1),
        )
        .unwrap();
    }
    let warnings = same_as_without(&org, cache.path(), &json_at(LATER));
    let expected = match files.len() {
        1 => "1 file was written by charterlint 0.0.1-old".to_string(),
        n => format!("{n} files were written by charterlint 0.0.1-old"),
    };
    assert!(warnings.contains(&expected), "{warnings}");
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    // Rewritten by this version: no warning the next time.
    let warnings = same_as_without(&org, cache.path(), &json_at(LATER));
    assert!(!warnings.contains("cache"), "{warnings}");
    assert_eq!(entries(cache.path()), 4);
}

#[test]
fn a_corrupt_cache_file_is_a_warning_and_its_repositories_are_read_again() {
    let org = org();
    let cache = cache_dir();
    same_as_without(&org, cache.path(), &json_at(TODAY));
    let files = shards(cache.path());
    assert!(!files.is_empty());
    // Truncated, garbage, one byte changed in a charter's text, empty.
    for (k, shard) in files.iter().enumerate() {
        let text = std::fs::read(shard).unwrap();
        let corrupt = match k % 4 {
            0 => text[..text.len() / 2].to_vec(),
            1 => b"\x00\xffnot a cache file at all".to_vec(),
            2 => {
                let text = String::from_utf8(text).unwrap();
                let flipped = text.replacen("charter = 1", "charter = 2", 1);
                assert_ne!(text, flipped);
                flipped.into_bytes()
            }
            _ => Vec::new(),
        };
        std::fs::write(shard, corrupt).unwrap();
    }
    let warnings = same_as_without(&org, cache.path(), &json_at(LATER));
    let expected = match files.len() {
        1 => "1 file cannot be used".to_string(),
        n => format!("{n} files cannot be used"),
    };
    assert!(warnings.contains(&expected), "{warnings}");
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    let warnings = same_as_without(&org, cache.path(), &json_at(LATER));
    assert!(!warnings.contains("cache"), "{warnings}");
    assert_eq!(entries(cache.path()), 4);
    // The same with worker processes.
    for shard in shards(cache.path()) {
        std::fs::write(&shard, b"garbage\n{}").unwrap();
    }
    let mut args = json_at(TODAY).to_vec();
    args.extend(["--jobs", "2"]);
    let warnings = same_as_without(&org, cache.path(), &args);
    assert!(warnings.contains(&expected), "{warnings}");
    assert_eq!(entries(cache.path()), 4);
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning() {
    let org = org();
    let file = org.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let cache = file.join("cache");
    for jobs in ["1", "2"] {
        let mut args = json_at(TODAY).to_vec();
        args.extend(["--jobs", jobs]);
        let warnings = same_as_without(&org, &cache, &args);
        assert!(
            warnings.contains("cannot be written") && warnings.contains("not-a-folder/cache"),
            "{warnings}"
        );
        assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    }
}

#[test]
fn worker_processes_read_and_write_the_same_cache() {
    let org = org();
    let cache = cache_dir();
    let at = |jobs: &'static str, today: &'static str| {
        let mut args = json_at(today).to_vec();
        args.extend(["--jobs", jobs]);
        args
    };
    same_as_without(&org, cache.path(), &at("2", TODAY));
    assert_eq!(entries(cache.path()), 4);
    same_as_without(&org, cache.path(), &at("2", LATER));
    same_as_without(&org, cache.path(), &at("1", TODAY));
    let web = Repo::at(org.path().join("team-b/web"));
    web.write("products/c/charter.toml", &charter("web-c"));
    web.commit("c", None);
    same_as_without(&org, cache.path(), &at("2", LATER));
    same_as_without(&org, cache.path(), &at("3", TODAY));
}

#[test]
fn scans_sharing_a_cache_at_once_do_not_corrupt_it() {
    let org = org();
    let cache = cache_dir();
    let web = Repo::at(org.path().join("team-b/web"));
    for round in 0..3 {
        let expected = scan(&org, None, &json_at(TODAY)).stdout;
        let runs: Vec<_> = (0..4)
            .map(|k| {
                let mut cmd = common::charterlint();
                cmd.env("SOURCE_DATE_EPOCH", common::SCAN_EPOCH)
                    .arg("scan")
                    .arg(org.path())
                    .args(json_at(TODAY))
                    .args(["--jobs", if k % 2 == 0 { "1" } else { "2" }])
                    .arg("--cache")
                    .arg(cache.path())
                    .current_dir(org.path())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        for run in runs {
            let out = run.wait_with_output().unwrap();
            assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
            assert!(out.stdout == expected, "round {round}");
        }
        // Something new to write in the next round.
        web.write(
            "products/c/charter.toml",
            &charter(&format!("web-c{round}")),
        );
        web.commit("c", None);
    }
    // Nothing torn, no temporary file left behind.
    let warnings = same_as_without(&org, cache.path(), &json_at(TODAY));
    assert!(!warnings.contains("cache"), "{warnings}");
    for file in shards(cache.path()) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.starts_with(".tmp"), "{name}");
    }
    assert_eq!(entries(cache.path()), 4);
}
