//! `charterlint scan` and `charterlint merge` over real organisations built
//! in each test: bare and non-bare repositories in group folders, broken
//! ones, hostile ones, huge ones.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use charterlint::source::discover::shard_of;
use common::{CLEAN, Org, Repo, TODAY, charterlint, findings_of, parse_json, rules_of};
use serde_json::Value;

/// A clean charter with its own product id.
fn charter(id: &str) -> String {
    CLEAN.replace("id = \"ledger\"", &format!("id = \"{id}\""))
}

/// The product ids of a scan's `"charters"`, by repository.
fn products(report: &Value) -> Vec<(String, String)> {
    report["charters"]
        .as_array()
        .expect("charters array")
        .iter()
        .map(|c| {
            (
                c["repo"].as_str().unwrap().to_string(),
                c["product_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn repositories(report: &Value) -> Vec<String> {
    report["repositories"]
        .as_array()
        .expect("repositories array")
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

/// The `repo-unreadable` messages, by repository.
fn unreadable(report: &Value) -> BTreeMap<String, String> {
    findings_of(report, "repo-unreadable")
        .into_iter()
        .map(|f| {
            (
                f["repo"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Runs git in `dir`, whatever the outcome.
fn git_in(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .output()
        .expect("git runs")
}

/// The loose object file of `rev` in a non-bare repository.
fn object_file(repo: &Repo, rev: &str) -> PathBuf {
    let id = repo.git(&["rev-parse", rev]);
    repo.path()
        .join(".git/objects")
        .join(&id[..2])
        .join(&id[2..])
}

/// Every file under `dir` with its bytes (links with their targets), to show
/// that nothing was written.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(path, target.as_os_str().as_bytes().to_vec());
            } else if meta.is_dir() {
                out.insert(path.clone(), b"<dir>".to_vec());
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn finds_bare_and_non_bare_repositories_in_group_folders() {
    let org = Org::new();
    let src = Repo::new();
    src.write("charter.toml", &charter("payroll"));
    src.commit("charter", None);
    org.bare_clone(&src, "team-a/payroll.git");
    org.bare_clone(&src, "ledger.git");
    // Named like a folder, not like a repository: bare all the same.
    let deep = org.bare_clone(&src, "x/y/z/deep");
    std::fs::write(deep.join("description"), "deep\n").unwrap();
    let web = org.repo_with_charter("team-b/web", &charter("web"));
    // A repository inside another's work tree, and a submodule: both are the
    // other repository's files, not repositories of the organisation.
    Repo::at(web.path().join("vendor/inner"))
        .write("charter.toml", &charter("inner"))
        .commit("inner", None);
    let lib = Repo::new();
    lib.write("charter.toml", &charter("lib"))
        .commit("lib", None);
    web.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        lib.path().to_str().unwrap(),
        "modules/lib",
    ]);
    web.commit("submodule", None);
    // A linked work tree: its `.git` is a file pointing into web's.
    web.git(&["branch", "other"]);
    web.git(&[
        "worktree",
        "add",
        "-q",
        org.path().join("team-b/web-other").to_str().unwrap(),
        "other",
    ]);
    // Symbolic links are never followed: neither a loop nor a link to a repository.
    std::os::unix::fs::symlink("..", org.path().join("team-a/loop")).unwrap();
    std::os::unix::fs::symlink(org.path().join("ledger.git"), org.path().join("alias.git"))
        .unwrap();
    std::fs::create_dir_all(org.path().join("empty-group/sub")).unwrap();

    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        repositories(&report),
        [
            "ledger.git",
            "team-a/payroll.git",
            "team-b/web",
            "team-b/web-other",
            "x/y/z/deep"
        ]
    );
    assert_eq!(report["summary"]["repos"], 5);
    assert_eq!(
        products(&report),
        [
            ("ledger.git".into(), "payroll".into()),
            ("team-a/payroll.git".into(), "payroll".into()),
            ("team-b/web".into(), "web".into()),
            ("team-b/web-other".into(), "web".into()),
            ("x/y/z/deep".into(), "payroll".into()),
        ]
    );
    // One product in three repositories, another in two: each is reported.
    let dups = findings_of(&report, "duplicate-product-id");
    assert_eq!(dups.len(), 5, "{report}");
}

#[test]
fn reads_the_commit_from_the_object_database_not_the_work_tree_or_index() {
    let org = Org::new();
    let repo = org.repo_with_charter("web", &charter("committed"));
    repo.git(&["tag", "v1"]);
    repo.write("charter.toml", &charter("second"));
    repo.commit("second", None);
    repo.write("charter.toml", &charter("staged"));
    repo.git(&["add", "charter.toml"]);
    repo.write("charter.toml", &charter("in-work-tree"));
    repo.write("new.charter.toml", &charter("untracked"));

    let (_, report) = org.scan_json(&[]);
    assert_eq!(products(&report), [("web".into(), "second".into())]);
    org.repo_with_charter("untagged", &charter("untagged"));
    let (code, report) = org.scan_json(&["--rev", "v1"]);
    assert_eq!(code, 1);
    assert_eq!(products(&report), [("web".into(), "committed".into())]);
    assert!(unreadable(&report)["untagged"].contains("`v1`"), "{report}");

    // A folder that is itself a repository is named after its folder.
    let out = charterlint()
        .args(["scan", "--format", "json"])
        .arg(repo.path())
        .output()
        .unwrap();
    assert_eq!(repositories(&parse_json(&out)), ["web"]);
}

#[test]
fn detached_head_and_shallow_clones_are_read() {
    let org = Org::new();
    let repo = org.repo_with_charter("detached", &charter("first"));
    repo.write("charter.toml", &charter("latest"));
    repo.commit("latest", None);
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    let source = Repo::new();
    source
        .write("charter.toml", &charter("old"))
        .commit("1", None);
    source
        .write("charter.toml", &charter("shallow"))
        .commit("2", None);
    let url = format!("file://{}", source.path().display());
    let out = git_in(
        org.path(),
        &["clone", "-q", "--bare", "--depth", "1", &url, "shallow.git"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(org.path().join("shallow.git/shallow").exists());

    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        products(&report),
        [
            ("detached".into(), "first".into()),
            ("shallow.git".into(), "shallow".into())
        ]
    );
}

#[test]
fn each_repository_s_own_config_applies_laid_over_the_command_line_s() {
    let org = Org::new();
    let strict = org.repo("strict");
    strict.write("charter.toml", &charter("strict"));
    strict.write("legacy/charter.toml", "charter = 1\n");
    strict.write(
        "charterlint.toml",
        "exclude = [\"legacy/**\"]\nregistry = \"okrs.toml\"\n[rules]\ngolden-thread-unresolved = \"warning\"\n",
    );
    strict.write(
        "okrs.toml",
        "okrs = 1\n[[goals]]\nid = \"G-OTHER\"\nstatement = \"Another goal\"\n",
    );
    strict.commit("config", None);
    org.repo_with_charter("plain", &charter("plain"));

    // strict: legacy/ excluded, its own registry lacks G-TRUST (a warning
    // there); plain: no registry, nothing to resolve.
    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    let unresolved = findings_of(&report, "golden-thread-unresolved");
    assert!(!unresolved.is_empty());
    assert!(
        unresolved
            .iter()
            .all(|f| f["repo"] == "strict" && f["severity"] == "warning")
    );
    assert!(!rules_of(&report).contains(&"unknown-version".to_string()));
    assert_eq!(report["summary"]["charters"], 2);

    // --config ORG is every repository's base: strict's own file is laid
    // over it (its `exclude` still holds), ORG's rules apply where the
    // repository does not set them, and --registry applies to all.
    let outside = tempfile::tempdir().unwrap();
    let config = outside.path().join("org.toml");
    std::fs::write(&config, "[rules]\ngolden-thread-unmeasured = \"off\"\n").unwrap();
    let registry = outside.path().join("okrs.toml");
    std::fs::write(
        &registry,
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Trust\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close\"\nends = 2027-12-31\n",
    )
    .unwrap();
    let (code, report) = org.scan_json(&[
        "--config",
        config.to_str().unwrap(),
        "--registry",
        registry.to_str().unwrap(),
    ]);
    assert!(
        rules_of(&report)
            .iter()
            .all(|r| r != "golden-thread-unmeasured"),
        "{report}"
    );
    assert_eq!(code, 0, "legacy/charter.toml is still excluded: {report}");
    assert_eq!(report["summary"]["charters"], 2);
    assert!(findings_of(&report, "golden-thread-unresolved").is_empty());
    assert!(
        findings_of(&report, "config-invalid").is_empty(),
        "{report}"
    );
}

#[test]
fn a_repository_with_no_commits_has_no_charter_and_is_not_unreadable() {
    let org = Org::new();
    git_in(org.path(), &["init", "-q", "--bare", "empty.git"]);
    org.repo("empty-work");
    org.repo_with_charter("full", &charter("full"));

    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["repos"], 3);
    assert!(rules_of(&report).is_empty(), "{report}");

    let (code, report) = org.scan_json(&["--require-charter"]);
    assert_eq!(code, 1);
    let missing: Vec<&str> = findings_of(&report, "charter-missing")
        .iter()
        .map(|f| f["repo"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["empty-work", "empty.git"]);
    assert!(unreadable(&report).is_empty());
}

#[test]
fn unreadable_repositories_are_reported_with_their_cause_and_the_scan_goes_on() {
    let org = Org::new();
    let break_object = |name: &str, rev: &str, damage: &dyn Fn(&Path)| {
        let repo = org.repo(name);
        repo.write("charter.toml", &charter(name));
        repo.write("src/main.rs", "fn main() {}\n");
        repo.commit("charter", None);
        let file = object_file(&repo, rev);
        damage(&file);
    };
    let corrupt = |f: &Path| {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::write(f, b"this is not a zlib stream").unwrap();
    };
    let delete = |f: &Path| std::fs::remove_file(f).unwrap();
    break_object("corrupt-blob", "HEAD:charter.toml", &corrupt);
    break_object("missing-blob", "HEAD:charter.toml", &delete);
    break_object("missing-tree", "HEAD^{tree}", &delete);
    break_object("missing-commit", "HEAD", &delete);
    let nowhere = org.repo_with_charter("head-nowhere", &charter("nowhere"));
    nowhere.write(".git/HEAD", "ref: refs/heads/nowhere\n");
    let garbage = org.repo_with_charter("head-garbage", &charter("garbage"));
    garbage.write(".git/HEAD", "not a ref at all\n");
    std::fs::create_dir_all(org.path().join("dangling")).unwrap();
    std::fs::write(
        org.path().join("dangling/.git"),
        "gitdir: ../gone/.git/worktrees/dangling\n",
    )
    .unwrap();
    org.repo_with_charter("healthy", &charter("healthy"));

    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 1, "{report}");
    let causes = unreadable(&report);
    let expect = [
        ("corrupt-blob", "charter.toml"),
        (
            "dangling",
            "gone/.git/worktrees/dangling, which does not exist",
        ),
        ("head-garbage", "HEAD"),
        (
            "head-nowhere",
            "HEAD points to `refs/heads/nowhere`, which does not exist",
        ),
        ("missing-blob", "charter.toml"),
        ("missing-commit", "HEAD's commit"),
        ("missing-tree", "tree"),
    ];
    assert_eq!(
        causes.keys().map(String::as_str).collect::<Vec<_>>(),
        expect.map(|(r, _)| r),
        "{report}"
    );
    for (repo, cause) in expect {
        assert!(
            causes[repo].contains(cause),
            "{repo}: {:?} should name {cause:?}",
            causes[repo]
        );
    }
    assert!(causes["missing-blob"].contains("not found"), "{causes:?}");
    // The scan went on: the healthy repository was read and checked. The
    // charters whose blob could not be read are counted, with no product.
    assert_eq!(
        products(&report),
        [
            ("corrupt-blob".into(), "".into()),
            ("healthy".into(), "healthy".into()),
            ("missing-blob".into(), "".into())
        ]
    );
    assert_eq!(report["summary"]["repos"], 8);
}

/// As root, permissions do not deny anything: the scan then runs as
/// `nobody` through `setpriv`, which also shows that repositories owned by
/// another user are read.
fn unprivileged(cmd: Command) -> Option<Command> {
    let probe = tempfile::NamedTempFile::new().unwrap();
    std::fs::set_permissions(probe.path(), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(probe.path()).is_err() {
        return Some(cmd);
    }
    let setpriv = Command::new("setpriv").arg("--version").output();
    if !setpriv.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let mut wrapped = Command::new("setpriv");
    wrapped
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env_clear()
        .env("PATH", "/usr/bin:/bin");
    Some(wrapped)
}

#[test]
fn a_repository_without_read_permission_is_unreadable() {
    let org = Org::new();
    let locked = org.repo_with_charter("locked-objects", &charter("locked"));
    org.repo_with_charter("healthy", &charter("healthy"));
    let src = Repo::new();
    src.write("charter.toml", &charter("secret"))
        .commit("s", None);
    let secret = org.bare_clone(&src, "secret.git");
    // Everyone may traverse the organisation, but not these two.
    let out = Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(org.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let objects = locked.path().join(".git/objects");
    std::fs::set_permissions(&objects, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();

    let mut cmd = charterlint();
    cmd.arg("scan")
        .arg(org.path())
        .args(["--format", "json", "--today", TODAY]);
    let Some(mut cmd) = unprivileged(cmd) else {
        eprintln!(
            "note: running as root without setpriv: permissions deny nothing here, so the no-permission case is not tested"
        );
        return;
    };
    let out = cmd.output().unwrap();
    std::fs::set_permissions(&objects, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o755)).unwrap();
    let report = parse_json(&out);
    let causes = unreadable(&report);
    assert_eq!(
        causes.keys().collect::<Vec<_>>(),
        ["locked-objects", "secret.git"],
        "{report}"
    );
    assert!(
        causes.values().all(|c| c.contains("ermission denied")),
        "{causes:?}"
    );
    assert_eq!(products(&report), [("healthy".into(), "healthy".into())]);
}

#[test]
fn a_charter_over_one_mib_is_reported_without_being_read() {
    let org = Org::new();
    let big = format!("{}\n{}", charter("big"), "# padding\n".repeat(120_000));
    org.repo_with_charter("big", &big);
    org.repo_with_charter("small", &charter("small"));
    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 1);
    let parse = findings_of(&report, "parse-error");
    assert_eq!(parse.len(), 1);
    assert_eq!(parse[0]["repo"], "big");
    assert!(parse[0]["message"].as_str().unwrap().contains("1.1 MiB"));
    // Read, not parsed: an entry with no product (SPEC 7).
    assert_eq!(
        products(&report),
        [("big".into(), "".into()), ("small".into(), "small".into())]
    );
    assert_eq!(report["summary"]["charters"], 2);
}

#[test]
fn repository_paths_with_spaces_and_non_utf8_bytes() {
    let org = Org::new();
    org.repo_with_charter("team one/pay roll", &charter("payroll"));
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9");
    let repo = Repo::at(org.path().join(name));
    repo.write("charter.toml", "charter = 1\n")
        .commit("c", None);

    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(repositories(&report), ["caf\\xe9", "team one/pay roll"]);
    assert!(
        findings_of(&report, "product-missing")
            .iter()
            .all(|f| f["repo"] == "caf\\xe9")
    );
    assert!(unreadable(&report).is_empty());
}

/// Builds a bare repository of 100,000 files with `git fast-import`.
fn huge_repository(org: &Org, name: &str) {
    let path = org.path().join(name);
    let out = git_in(org.path(), &["init", "-q", "--bare", "-b", "main", name]);
    assert!(out.status.success());
    let mut stream = String::new();
    let blob = |stream: &mut String, mark: u32, text: &str| {
        stream.push_str(&format!(
            "blob\nmark :{mark}\ndata {}\n{text}\n",
            text.len()
        ));
    };
    blob(&mut stream, 1, "vendored file\n");
    blob(&mut stream, 2, &charter("ledger"));
    blob(&mut stream, 3, "include = [\"products/**/charter.toml\"]\n");
    blob(&mut stream, 4, &charter("vendored"));
    stream.push_str(
        "commit refs/heads/main\ncommitter T <t@example.com> 1700000000 +0000\ndata 4\nhuge\n",
    );
    stream.push_str("M 100644 :2 products/ledger/charter.toml\n");
    stream.push_str("M 100644 :3 charterlint.toml\n");
    stream.push_str("M 100644 :4 vendor/pkg42/charter.toml\n");
    for i in 0..100_000 {
        stream.push_str(&format!("M 100644 :1 vendor/pkg{}/file{i}.txt\n", i / 1000));
    }
    stream.push('\n');
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&path)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_tree_of_100_000_files_is_walked_only_where_include_globs_can_match() {
    let org = Org::new();
    huge_repository(&org, "huge.git");
    // The repository's include globs limit the walk to products/.
    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(products(&report), [("huge.git".into(), "ledger".into())]);
    // An organisation's --config with the default globs is its base: the
    // repository's own include globs still hold, and the vendored charter
    // among the 100,000 files is still not looked for.
    let outside = tempfile::tempdir().unwrap();
    let defaults = outside.path().join("defaults.toml");
    std::fs::write(&defaults, "include = [\"**/charter.toml\"]\n").unwrap();
    let (_, report) = org.scan_json(&["--config", defaults.to_str().unwrap()]);
    assert_eq!(products(&report), [("huge.git".into(), "ledger".into())]);
}

#[test]
fn folders_the_include_globs_rule_out_are_never_read() {
    // vendor/'s tree object is gone: reading it would fail, so a scan that
    // succeeds never opened it.
    let org = Org::new();
    let repo = org.repo("pruned");
    repo.write("products/ledger/charter.toml", &charter("ledger"))
        .write("vendor/lib/a.txt", "a\n")
        .write(
            "charterlint.toml",
            "include = [\"products/**/charter.toml\"]\n",
        );
    repo.commit("c", None);
    std::fs::remove_file(object_file(&repo, "HEAD:vendor")).unwrap();

    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(products(&report), [("pruned".into(), "ledger".into())]);

    // Under an organisation's --config too: the repository's own globs are
    // laid over it.
    let outside = tempfile::tempdir().unwrap();
    let defaults = outside.path().join("defaults.toml");
    std::fs::write(&defaults, "include = [\"**/charter.toml\"]\n").unwrap();
    let (code, report) = org.scan_json(&["--config", defaults.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(products(&report), [("pruned".into(), "ledger".into())]);

    // Without globs of its own, the walk reaches vendor/ and reports it.
    let bare = org.repo("bare-globs");
    bare.write("products/ledger/charter.toml", &charter("other"))
        .write("vendor/lib/a.txt", "a\n");
    bare.commit("c", None);
    std::fs::remove_file(object_file(&bare, "HEAD:vendor")).unwrap();
    let (_, report) = org.scan_json(&[]);
    assert!(
        unreadable(&report)["bare-globs"].contains("vendor"),
        "{report}"
    );
}

/// A script `dir/file` that leaves `markers/marker` when run, then runs `then`.
fn marker_script(dir: &Path, file: &str, markers: &Path, marker: &str, then: &str) -> String {
    let path = dir.join(file);
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\ntouch '{}/{marker}'\n{then}\n",
            markers.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

const HOOKS: &[&str] = &[
    "pre-commit",
    "post-checkout",
    "post-index-change",
    "reference-transaction",
    "pre-receive",
    "update",
    "post-receive",
    "post-update",
    "pre-auto-gc",
    "fsmonitor-watchman",
];

#[test]
fn nothing_a_scanned_repository_configures_runs_and_nothing_is_written() {
    let outside = tempfile::tempdir().unwrap();
    let bin = outside.path().join("bin");
    let markers = outside.path().join("markers");
    let hooks = outside.path().join("hooks");
    for d in [&bin, &markers, &hooks] {
        std::fs::create_dir_all(d).unwrap();
    }
    let org = Org::new();

    // A work tree configured every way git can run a program.
    let web = org.repo("hostile/web");
    web.write("charter.toml", &charter("hostile-web"))
        .write("data.txt", "one\n");
    web.commit("one", None);
    web.write("data.txt", "two\n");
    web.commit("two", None);
    web.write(".gitattributes", "* filter=evil diff=evil\n");
    let mut config = vec![
        (
            "core.fsmonitor",
            marker_script(&bin, "fsmonitor", &markers, "fsmonitor", "exit 1"),
        ),
        (
            "core.sshCommand",
            marker_script(&bin, "ssh", &markers, "ssh", "exit 1"),
        ),
        (
            "filter.evil.smudge",
            marker_script(&bin, "smudge", &markers, "smudge", "exec cat"),
        ),
        (
            "filter.evil.clean",
            marker_script(&bin, "clean", &markers, "clean", "exec cat"),
        ),
        (
            "diff.evil.textconv",
            marker_script(&bin, "textconv", &markers, "textconv", "cat \"$1\""),
        ),
        ("core.hooksPath", hooks.display().to_string()),
    ];
    for (key, name) in [
        ("core.pager", "pager"),
        ("core.editor", "editor"),
        ("core.askPass", "askpass"),
        ("credential.helper", "credential"),
        ("gpg.program", "gpg"),
        ("core.alternateRefsCommand", "alternate-refs"),
        ("uploadpack.packObjectsHook", "pack-objects-hook"),
    ] {
        config.push((key, marker_script(&bin, name, &markers, name, "exit 1")));
    }
    for (key, value) in &config {
        web.git(&["config", key, value]);
    }
    web.git(&["config", "filter.evil.required", "true"]);
    for hook in HOOKS {
        marker_script(
            &hooks,
            hook,
            &markers,
            &format!("hookspath-{hook}"),
            "exit 0",
        );
    }
    // A bare repository with hooks of its own.
    let src = Repo::new();
    src.write("charter.toml", &charter("hostile-bare"))
        .commit("c", None);
    let bare = org.bare_clone(&src, "hostile/bare.git");
    for hook in HOOKS {
        marker_script(
            &bare.join("hooks"),
            hook,
            &markers,
            &format!("hook-{hook}"),
            "exit 0",
        );
    }
    for (key, value) in &config {
        if *key != "core.hooksPath" {
            git_in(&bare, &["config", key, value]);
        }
    }

    // Controls, on copies: git itself does run each of these.
    let copies = tempfile::tempdir().unwrap();
    let copy = |from: &Path, name: &str| {
        let to = copies.path().join(name);
        let out = Command::new("cp")
            .arg("-a")
            .arg(from)
            .arg(&to)
            .output()
            .unwrap();
        assert!(out.status.success());
        to
    };
    let web_copy = copy(web.path(), "web");
    git_in(&web_copy, &["status"]);
    std::fs::remove_file(web_copy.join("data.txt")).unwrap();
    git_in(&web_copy, &["checkout", "--", "data.txt"]);
    std::fs::write(web_copy.join("data.txt"), "three\n").unwrap();
    git_in(&web_copy, &["add", "data.txt"]);
    git_in(&web_copy, &["show", "HEAD~0"]);
    git_in(
        &web_copy,
        &["-c", "core.fsmonitor=false", "commit", "-q", "-m", "x"],
    );
    git_in(&web_copy, &["ls-remote", "ssh://example.invalid/repo"]);
    let bare_copy = copy(&bare, "bare.git");
    let pusher = git_in(
        copies.path(),
        &["clone", "-q", bare_copy.to_str().unwrap(), "pusher"],
    );
    assert!(pusher.status.success(), "{}", stderr(&pusher));
    git_in(
        &copies.path().join("pusher"),
        &["push", "-q", "origin", "HEAD:refs/heads/x"],
    );
    let fired: BTreeSet<String> = std::fs::read_dir(&markers)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for control in [
        "fsmonitor",
        "smudge",
        "clean",
        "textconv",
        "ssh",
        "hookspath-pre-commit",
        "hook-pre-receive",
    ] {
        assert!(
            fired.contains(control),
            "control {control} did not fire: {fired:?}"
        );
    }
    for m in &fired {
        std::fs::remove_file(markers.join(m)).unwrap();
    }

    let before = snapshot(org.path());
    for args in [
        &["--format", "json"][..],
        &["--format", "human", "--rev", "HEAD"][..],
        &["--format", "json", "--require-charter", "--jobs", "2"][..],
    ] {
        let out = org.scan(&[args, &["--today", TODAY]].concat());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        if args[1] == "json" {
            assert_eq!(
                products(&parse_json(&out)),
                [
                    ("hostile/bare.git".into(), "hostile-bare".into()),
                    ("hostile/web".into(), "hostile-web".into())
                ]
            );
        }
    }
    let left: Vec<_> = std::fs::read_dir(&markers).unwrap().collect();
    assert!(
        left.is_empty(),
        "a scanned repository ran a program: {left:?}"
    );
    assert!(
        snapshot(org.path()) == before,
        "the scan wrote into a scanned repository"
    );
}

#[test]
fn git_environment_variables_do_not_redirect_what_is_read() {
    let org = Org::new();
    org.repo_with_charter("web", &charter("web"));
    let elsewhere = Repo::new();
    elsewhere
        .write("charter.toml", &charter("elsewhere"))
        .commit("c", None);
    elsewhere.write("charter.toml", &charter("elsewhere-staged"));
    elsewhere.git(&["add", "charter.toml"]);
    let markers = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let fsmonitor = marker_script(
        bin.path(),
        "fsmonitor",
        markers.path(),
        "fsmonitor",
        "exit 1",
    );
    let hostile_config = bin.path().join("gitconfig");
    std::fs::write(
        &hostile_config,
        format!("[core]\n\tfsmonitor = {fsmonitor}\n\thooksPath = /nonexistent\n"),
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::copy(&hostile_config, home.path().join(".gitconfig")).unwrap();

    let clean = org.scan(&["--format", "json", "--today", TODAY]);
    let git_dir = elsewhere.path().join(".git");
    let out = charterlint()
        .arg("scan")
        .arg(org.path())
        .args(["--format", "json", "--today", TODAY])
        .env("SOURCE_DATE_EPOCH", common::SCAN_EPOCH)
        .current_dir(elsewhere.path())
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", elsewhere.path())
        .env("GIT_INDEX_FILE", git_dir.join("index"))
        .env("GIT_OBJECT_DIRECTORY", git_dir.join("objects"))
        .env("GIT_ALTERNATE_OBJECT_DIRECTORIES", git_dir.join("objects"))
        .env("GIT_COMMON_DIR", &git_dir)
        .env("GIT_NAMESPACE", "elsewhere")
        .env("GIT_CEILING_DIRECTORIES", "/")
        .env("GIT_CONFIG_GLOBAL", &hostile_config)
        .env("GIT_CONFIG_SYSTEM", &hostile_config)
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "core.fsmonitor")
        .env("GIT_CONFIG_VALUE_0", &fsmonitor)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), stdout(&clean));
    assert_eq!(products(&parse_json(&out)), [("web".into(), "web".into())]);
    assert_eq!(std::fs::read_dir(markers.path()).unwrap().count(), 0);
}

/// An organisation with a bit of everything, for comparing runs.
fn varied_org() -> Org {
    let org = Org::new();
    let src = Repo::new();
    src.write("charter.toml", &charter("shared-id"))
        .commit("c", None);
    for i in 0..6 {
        org.bare_clone(&src, &format!("group-{}/bare-{i}.git", i % 3));
    }
    for i in 0..6 {
        let mut text = charter(&format!("product-{i}"));
        if i % 2 == 0 {
            text = text.replace(
                "decision = \"buy\"",
                "decision = \"build\"\ncapability = \"payments\"\nalternatives = [\"Stripe\"]",
            );
        }
        org.repo_with_charter(&format!("group-{}/work-{i}", i % 2), &text);
    }
    let broken = org.repo_with_charter("broken", &charter("broken"));
    broken.write(".git/HEAD", "ref: refs/heads/gone\n");
    let waiving = format!(
        "{}\n[[waivers]]\nrule = \"duplicate-product-id\"\nreason = \"Being folded into the shared product\"\nexpires = 2999-01-01\n",
        charter("shared-id")
    );
    org.repo_with_charter("waiving", &waiving);
    org.repo("no-commits");
    org
}

#[test]
fn output_does_not_depend_on_jobs() {
    let org = varied_org();
    for format in ["json", "human"] {
        let one = org.scan(&["--format", format, "--jobs", "1", "--today", TODAY]);
        let four = org.scan(&["--format", format, "--jobs", "4", "--today", TODAY]);
        assert_eq!(one.status.code(), Some(1));
        assert_eq!(stdout(&one), stdout(&four), "{format}");
        assert_eq!(stderr(&one), stderr(&four), "{format}");
    }
    let (_, report) = org.scan_json(&["--jobs", "3"]);
    assert_eq!(report["summary"]["repos"], 15);
    assert_eq!(findings_of(&report, "duplicate-product-id").len(), 6);
    assert_eq!(findings_of(&report, "duplicate-capability").len(), 3);
}

#[test]
fn shards_partition_the_organisation_and_merge_equals_the_full_scan() {
    let org = varied_org();
    // Two more charters sharing an id, placed in different shards of 3.
    let first = "split-0".to_string();
    let second = (1..)
        .map(|i| format!("split-{i}"))
        .find(|n| shard_of(n, 3) != shard_of(&first, 3))
        .unwrap();
    let names = [first, second];
    for name in &names {
        org.repo_with_charter(name, &charter("split-product"));
    }
    let (_, full) = org.scan_json(&[]);
    let full_text = stdout(&org.scan(&["--format", "json", "--today", TODAY]));

    let outside = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut seen = BTreeSet::new();
    for k in 1..=3 {
        let (_, shard) = org.scan_json(&["--shard", &format!("{k}/3")]);
        for repo in repositories(&shard) {
            assert!(seen.insert(repo.clone()), "{repo} is in two shards");
            assert_eq!(shard_of(&repo, 3), k - 1);
        }
        // Within a shard, the two split charters do not meet.
        assert!(
            findings_of(&shard, "duplicate-product-id")
                .iter()
                .all(|f| !f["message"].as_str().unwrap().contains("split-product"))
        );
        let file = outside.path().join(format!("shard-{k}.json"));
        std::fs::write(&file, serde_json::to_string(&shard).unwrap()).unwrap();
        files.push(file);
    }
    assert_eq!(seen, repositories(&full).into_iter().collect());

    let out = charterlint()
        .arg("merge")
        .args(&files)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), full_text);
    let merged = parse_json(&out);
    let split: Vec<&str> = findings_of(&merged, "duplicate-product-id")
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("split-product"))
        .map(|f| f["repo"].as_str().unwrap())
        .collect();
    assert_eq!(split, names.iter().map(String::as_str).collect::<Vec<_>>());
    // The waiver of `waiving` is used once all shards are together.
    assert!(findings_of(&merged, "waiver-unused").is_empty(), "{merged}");

    // --config sets the severity of the recomputed rules.
    let config = outside.path().join("severities.toml");
    std::fs::write(&config, "[rules]\nduplicate-product-id = \"warning\"\n").unwrap();
    let out = charterlint()
        .arg("merge")
        .args(&files)
        .args(["--format", "json", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let reweighed = parse_json(&out);
    let dups = findings_of(&reweighed, "duplicate-product-id");
    assert_eq!(dups.len(), 8);
    assert!(dups.iter().all(|f| f["severity"] == "warning"));

    // Human output of a merge: a summary per repository, and a receipt.
    let out = charterlint().arg("merge").args(&files).output().unwrap();
    assert!(stdout(&out).contains("waiving "), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("in 17 repositories"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn merge_refuses_what_is_not_a_scan_result() {
    let dir = tempfile::tempdir().unwrap();
    let not_json = dir.path().join("not.json");
    std::fs::write(&not_json, "hello").unwrap();
    let check_json = dir.path().join("check.json");
    std::fs::write(
        &check_json,
        r#"{"version":1,"findings":[],"summary":{"repos":0,"charters":0,"errors":0,"warnings":0,"notes":0}}"#,
    )
    .unwrap();
    let missing = dir.path().join("missing.json");
    for (file, says) in [
        (&not_json, "is not charterlint JSON"),
        (&check_json, "has no \"charters\""),
        (&missing, "cannot read"),
    ] {
        let out = charterlint().arg("merge").arg(file).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains(says) && err.contains(file.to_str().unwrap()),
            "{err}"
        );
    }
}

#[test]
fn bad_arguments_and_empty_folders() {
    let org = Org::new();
    for shard in ["0/3", "4/3", "x", "1/0"] {
        let out = org.scan(&["--shard", shard]);
        assert_eq!(out.status.code(), Some(2), "{shard}");
        assert!(stderr(&out).contains("--shard"), "{}", stderr(&out));
    }
    let out = org.scan(&["--jobs", "0"]);
    assert_eq!(out.status.code(), Some(2));

    let out = charterlint()
        .args(["scan", "/nonexistent/org"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/org"));

    // An empty folder: nothing to scan, and the receipt says so.
    std::fs::create_dir_all(org.path().join("group/empty")).unwrap();
    let out = org.scan(&[]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("no git repository found"), "{err}");
    assert!(err.contains("0 repositories"), "{err}");
}

#[test]
fn human_output_summarises_each_repository_and_stderr_holds_only_the_receipt() {
    let org = Org::new();
    org.repo_with_charter("good", &charter("good"));
    org.repo_with_charter("bad", "charter = 1\n");
    org.repo("none");
    let warn = charter("warn").replace("kpis = [\"days-to-close\"]\n", "");
    org.repo_with_charter("warn", &warn);
    let out = org.scan(&["--today", TODAY]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let table: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.starts_with("repository "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        table[0],
        ["repository", "charters", "errors", "warnings", "status"]
    );
    assert_eq!(table[1][0], "bad");
    // The HTML report's five statuses, in its words (issue 21).
    assert_eq!(table[1][4], "fails");
    assert_eq!(table[2], ["good", "1", "0", "0", "passes"]);
    assert_eq!(table[3][..2], ["none", "0"]);
    assert_eq!(table[3][4..], ["no", "charter"]);
    assert_eq!(table[4], ["warn", "1", "0", "1", "warnings", "only"]);
    // No progress bar when stderr is not a terminal: only the receipt.
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("charterlint scan: 3 charters in 4 repositories"),
        "{err}"
    );
}

#[test]
fn the_html_report_is_written_and_escapes_charter_text() {
    let org = Org::new();
    let hostile = charter("html")
        .replace("General Ledger", "<script>alert(1)</script>")
        .replace(
            "Every entity closes its books in one day",
            "<img src=x onerror=alert(1)>",
        );
    org.repo_with_charter("web", &hostile);
    let outside = tempfile::tempdir().unwrap();
    let page = outside.path().join("report.html");
    let out = org.scan(&["--html", page.to_str().unwrap(), "--today", TODAY]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
}

#[test]
fn a_progress_bar_shows_on_a_terminal_only() {
    let org = Org::new();
    for i in 0..3 {
        org.repo_with_charter(&format!("r{i}"), &charter(&format!("p{i}")));
    }
    // `script` runs the scan with a terminal as its stderr.
    let command = format!(
        "{} scan {} --format json --output /dev/null",
        env!("CARGO_BIN_EXE_charterlint"),
        org.path().display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    let screen = stdout(&out);
    assert!(screen.contains("/3 repositories ("), "{screen:?}");
    assert!(screen.contains("/s, "), "{screen:?}");
    assert!(screen.contains("charterlint scan: 3 charters in 3 repositories"));
    let piped = org.scan(&["--format", "json", "--output", "/dev/null"]);
    assert!(!stderr(&piped).contains("/3 repositories"));
}

#[test]
fn a_malformed_registry_on_the_command_line_is_reported_once_against_itself() {
    let org = Org::new();
    org.repo_with_charter("a", &charter("a"));
    org.repo_with_charter("b", &charter("b"));
    let outside = tempfile::tempdir().unwrap();
    let registry = outside.path().join("okrs.toml");
    std::fs::write(
        &registry,
        "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatment = \"typo\"\n",
    )
    .unwrap();
    let (code, report) = org.scan_json(&["--registry", registry.to_str().unwrap()]);
    assert_ne!(code, 2, "{report}");
    let against_registry: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == registry.to_str().unwrap())
        .collect();
    assert!(!against_registry.is_empty(), "{report}");
    assert!(against_registry.iter().all(|f| f["repo"].is_null()));
    let unknown = against_registry
        .iter()
        .filter(|f| f["rule"] == "unknown-key")
        .count();
    assert_eq!(unknown, 1, "{report}");
}

#[test]
fn charter_stale_is_read_from_each_repositorys_history() {
    let org = tempfile::tempdir().unwrap();
    let stale = Repo::at(org.path().join("stale"));
    stale.write("charter.toml", CLEAN);
    stale.commit("charter", Some("2020-01-01T00:00:00Z"));
    stale.write("README.md", "later work");
    stale.commit("code", Some("2026-06-01T00:00:00Z"));
    let fresh = Repo::at(org.path().join("fresh"));
    fresh.write("charter.toml", &CLEAN.replace("ledger", "fresh"));
    fresh.commit("charter", Some("2026-06-01T00:00:00Z"));
    let out = charterlint()
        .args(["scan", "--format", "json", "--today", TODAY])
        .arg(org.path())
        .output()
        .unwrap();
    let report = parse_json(&out);
    let stale_findings = findings_of(&report, "charter-stale");
    assert_eq!(stale_findings.len(), 1, "{report}");
    assert_eq!(stale_findings[0]["repo"], "stale");
    assert_eq!(stale_findings[0]["severity"], "note");
}

/// Issue 9 item 10: one count everywhere. A charter that does not parse is
/// one of the charters read: it has its entry (fields null), and the
/// receipt, `summary.charters`, the `charters` array, the repository table
/// and the HTML header agree.
#[test]
fn a_charter_that_does_not_parse_is_counted_once_everywhere() {
    let org = Org::new();
    let repo = org.repo("finance");
    repo.write("ledger/charter.toml", &charter("ledger"))
        .write("broken/charter.toml", "charter = 1\n[product\nid = \"x\"\n");
    repo.commit("two charters, one broken", None);
    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 1, "{report}");
    let charters = report["charters"].as_array().unwrap();
    assert_eq!(report["summary"]["charters"], 2, "{report}");
    assert_eq!(charters.len(), 2, "{report}");
    let broken = charters
        .iter()
        .find(|c| c["path"] == "broken/charter.toml")
        .expect("the broken charter has an entry");
    assert_eq!(broken["repo"], "finance");
    for field in [
        "product_id",
        "name",
        "kind",
        "decision",
        "goal",
        "objectives",
    ] {
        assert!(broken[field].is_null(), "{field}: {broken}");
    }
    assert_eq!(findings_of(&report, "parse-error").len(), 1);

    let page = org.path().join("report.html");
    let out = org.scan(&["--today", TODAY, "--html", page.to_str().unwrap()]);
    let table_row: Vec<String> = stdout(&out)
        .lines()
        .find(|l| l.starts_with("finance "))
        .expect("a row for the repository")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    assert_eq!(table_row[1], "2", "{table_row:?}");
    assert!(
        stderr(&out).starts_with("charterlint scan: 2 charters in 1 repository"),
        "{}",
        stderr(&out)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("1 repository · 2 charters ·"),
        "the HTML header"
    );
}

/// Issue 9 item 11: a finding about a whole repository has `path` null and
/// no line in JSON, names the repository in human output (never `.:1:1`),
/// and survives a merge as it was.
#[test]
fn repository_level_findings_have_no_path_and_show_the_repository() {
    let org = Org::new();
    org.repo_with_charter("team/empty", "");
    std::fs::remove_file(org.path().join("team/empty/charter.toml")).unwrap();
    org.repo("team/empty").commit("no charter", None);
    let broken = org.repo_with_charter("team/broken", &charter("broken"));
    broken.write(".git/HEAD", "ref: refs/heads/nowhere\n");
    let (_, report) = org.scan_json(&["--require-charter"]);
    for rule in ["charter-missing", "repo-unreadable"] {
        let found = findings_of(&report, rule);
        assert_eq!(found.len(), 1, "{rule}: {report}");
        let f = found[0].as_object().unwrap();
        assert!(f["path"].is_null(), "{rule}: {f:?}");
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(!f.contains_key(key), "{rule} has {key}: {f:?}");
        }
    }
    let out = org.scan(&["--require-charter", "--today", TODAY]);
    let text = stdout(&out);
    assert!(!text.contains(".:1:1"), "{text}");
    assert!(
        text.lines().any(|l| l == "team/empty"),
        "the repository names the finding: {text}"
    );
    assert!(text.lines().any(|l| l == "team/broken"), "{text}");

    // Through a merge, unchanged.
    let shard = org.path().join("all.json");
    std::fs::write(&shard, serde_json::to_string(&report).unwrap()).unwrap();
    let out = charterlint()
        .args(["merge", "--format", "json", "--today", TODAY])
        .arg(&shard)
        .output()
        .unwrap();
    let merged = parse_json(&out);
    assert_eq!(merged["findings"], report["findings"]);
}

/// Issue 9 item 12: an invalid `charterlint.toml` in a scanned repository is
/// `config-invalid`, pointing into that file, not `repo-unreadable`; the
/// repository's charters are still checked, with the default configuration.
#[test]
fn an_invalid_repository_config_is_config_invalid_and_its_charters_are_checked() {
    let org = Org::new();
    let repo = org.repo("bad-config");
    let failing =
        charter("bad-config").replace("skills_plan = \"Two analysts certified by Q2\"\n", "");
    repo.write("charter.toml", &failing).write(
        "charterlint.toml",
        "exclude = [\"charter.toml\"]\n[rules]\nbuy-without-skills-plan = \"off\"\nplaceholder = \"loud\"\n",
    );
    repo.commit("typo", None);
    let bytes = org.repo("binary-config");
    bytes.write("charter.toml", &charter("binary"));
    bytes.write_bytes("charterlint.toml", b"\xff\xfe not utf-8");
    bytes.commit("binary config", None);
    let (code, report) = org.scan_json(&[]);
    assert_eq!(code, 1, "{report}");
    assert!(unreadable(&report).is_empty(), "{report}");
    let invalid = findings_of(&report, "config-invalid");
    assert_eq!(invalid.len(), 2, "{report}");
    let f = invalid
        .iter()
        .find(|f| f["repo"] == "bad-config")
        .expect("bad-config's finding");
    assert_eq!(f["path"], "charterlint.toml");
    assert_eq!(f["line"], 4, "{f}");
    assert_eq!(f["column"], 15, "{f}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("default configuration")
    );
    let binary = invalid
        .iter()
        .find(|f| f["repo"] == "binary-config")
        .unwrap();
    assert!(
        binary["message"].as_str().unwrap().contains("UTF-8"),
        "{binary}"
    );
    // Checked with the defaults: not excluded, and the rule not off.
    assert_eq!(
        products(&report),
        [
            ("bad-config".into(), "bad-config".into()),
            ("binary-config".into(), "binary".into())
        ]
    );
    let plan = findings_of(&report, "buy-without-skills-plan");
    assert_eq!(plan.len(), 1, "{report}");
    assert_eq!(plan[0]["repo"], "bad-config");
}

/// `--link-template` and `link_template` accept only http(s) URLs that
/// name the file: no `javascript:` link can reach the report.
#[test]
fn link_templates_must_be_web_urls() {
    let org = Org::new();
    let a = org.repo_with_charter("a", &charter("a"));
    let out = org.scan(&["--link-template", "javascript:alert(1)//{path}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an http:// or https:// URL"),
        "{}",
        stderr(&out)
    );
    let out = org.scan(&["--link-template", "https://git.example.com/"]);
    assert_eq!(out.status.code(), Some(2));
    let config = org.path().join("org.toml");
    std::fs::write(&config, "link_template = \"file:///etc/{path}\"\n").unwrap();
    let out = org.scan(&["--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("link template"), "{}", stderr(&out));
    std::fs::write(
        &config,
        "link_template = \"https://git.example.com/{repo}/blob/{rev}/{path}#L{line}\"\n",
    )
    .unwrap();
    let page = org.path().join("r.html");
    let out = org.scan(&[
        "--config",
        config.to_str().unwrap(),
        "--today",
        TODAY,
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    // `{rev}` is the commit read, so that the link does not drift when the
    // repository moves on.
    let commit = a.git(&["rev-parse", "HEAD"]);
    let link = format!("href=\"https://git.example.com/a/blob/{commit}/charter.toml#L4\"");
    assert!(html.contains(&link), "{link} in {html}");
    a.write("other.txt", "x\n").commit("moves on", None);
    let moved = org.path().join("moved.html");
    let (_, json) = org.scan_json(&[
        "--config",
        config.to_str().unwrap(),
        "--html",
        moved.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&moved).unwrap();
    assert!(!html.contains(&link), "the new commit is linked");
    let now = a.git(&["rev-parse", "HEAD"]);
    assert_eq!(json["charters"][0]["commit"], now.as_str());
    assert!(html.contains(&format!("/a/blob/{now}/charter.toml#L4")));
}
