//! Charters in folders with odd names: spaces, quotes, newlines, bytes that
//! are not UTF-8, terminal escape sequences. Each is read and reported, the
//! path shown safely (no raw control character reaches the terminal) and the
//! same in every output.

use crate::common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use common::{Repo, parse_json};

const NAMES: &[&[u8]] = &[
    b"with space",
    b"quote\"s and 'single'",
    b"new\nline",
    b"latin1-caf\xe9",
    b"esc\x1b[31mred\x1b[0m",
];

fn shown(name: &[u8]) -> String {
    charterlint::paths::display_bytes(name)
}

fn repo_with_odd_paths() -> Repo {
    let repo = Repo::new();
    for name in NAMES {
        let dir = repo.path().join(OsStr::from_bytes(name));
        std::fs::create_dir_all(&dir).unwrap();
        // A charter with one known finding.
        std::fs::write(
            dir.join("charter.toml"),
            common::CLEAN.replace("[vision]", "[visoin]"),
        )
        .unwrap();
    }
    repo
}

fn check(repo: &Repo, extra: &[&str]) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = repo.run(&args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = parse_json(&out);
    let mut paths: Vec<String> = common::findings_of(&report, "unknown-key")
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    let mut expected: Vec<String> = NAMES
        .iter()
        .map(|n| format!("{}/charter.toml", shown(n)))
        .collect();
    expected.sort();
    assert_eq!(paths, expected, "every charter is read and reported once");
    for p in &paths {
        assert!(
            !p.chars().any(char::is_control),
            "control character in JSON path {p:?}"
        );
    }

    let mut args = vec!["check", "--color", "never"];
    args.extend_from_slice(extra);
    let human = repo.run(&args);
    assert!(
        !human.stdout.contains(&0x1b) && !human.stderr.contains(&0x1b),
        "raw ESC reached the terminal"
    );
    let text = String::from_utf8(human.stdout).expect("human output is UTF-8");
    assert!(text.contains("esc\\u{1b}[31mred"), "{text}");
    assert!(text.contains("latin1-caf\\xe9/charter.toml"), "{text}");
}

#[test]
fn odd_folder_names_in_the_working_tree() {
    let repo = repo_with_odd_paths();
    check(&repo, &[]);
}

#[test]
fn odd_folder_names_in_a_commit() {
    let repo = repo_with_odd_paths();
    repo.commit("odd names", None);
    // Empty the working tree: --rev must read from the commit alone.
    for name in NAMES {
        std::fs::remove_dir_all(repo.path().join(OsStr::from_bytes(name))).unwrap();
    }
    check(&repo, &["--rev", "HEAD"]);
}

#[test]
fn shown_names_escape_what_a_terminal_would_act_on() {
    assert_eq!(shown(b"new\nline"), "new\\u{a}line");
    assert_eq!(shown(b"latin1-caf\xe9"), "latin1-caf\\xe9");
}
