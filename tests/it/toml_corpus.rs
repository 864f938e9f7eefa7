//! The public TOML conformance corpus (toml-test, from ../shared or the copy
//! in tests/data): every invalid
//! document must give a finding and exit 1, never a panic; every valid one
//! must parse (no `parse-error`).

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Repo, parse_json};

fn corpus(kind: &str) -> Vec<PathBuf> {
    let root = common::corpus_path("toml-test/tests").join(kind);
    assert!(
        root.is_dir(),
        "the TOML corpus is missing at {}",
        root.display()
    );
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Copies every corpus file into one repository as `N.charter.toml` and runs
/// one check over all of them; returns the findings by corpus file.
fn check_all(files: &[PathBuf]) -> (i32, BTreeMap<PathBuf, Vec<String>>, Vec<String>) {
    let repo = Repo::new();
    let mut names = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        let name = format!("c{i:04}.charter.toml");
        std::fs::copy(f, repo.path().join(&name)).unwrap();
        names.insert(name, f.clone());
    }
    let out = repo.run(&["check", "--format", "json"]);
    let code = out.status.code().expect("exited, not killed by a signal");
    let report = parse_json(&out);
    let mut by_file: BTreeMap<PathBuf, Vec<String>> =
        files.iter().map(|f| (f.clone(), Vec::new())).collect();
    for f in report["findings"].as_array().unwrap() {
        let original = &names[f["path"].as_str().unwrap()];
        by_file.get_mut(original).unwrap().push(format!(
            "{}: {}",
            f["rule"].as_str().unwrap(),
            f["message"]
        ));
    }
    let stderr = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect();
    (code, by_file, stderr)
}

fn short(p: &Path) -> String {
    p.to_string_lossy()
        .split("toml-test/tests/")
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

#[test]
fn every_invalid_document_gives_a_finding() {
    let files = corpus("invalid");
    assert!(
        files.len() > 400,
        "expected the whole corpus, found {}",
        files.len()
    );
    let (code, by_file, stderr) = check_all(&files);
    assert_eq!(code, 1, "{stderr:?}");
    let silent: Vec<String> = by_file
        .iter()
        .filter(|(_, f)| f.is_empty())
        .map(|(p, _)| short(p))
        .collect();
    assert!(
        silent.is_empty(),
        "invalid TOML passed without a finding: {silent:?}"
    );
    // The parser, not a later rule, catches (nearly) all of them; those it
    // accepts are TOML 1.1 relaxations of 1.0-era files.
    let parsed: Vec<String> = by_file
        .iter()
        .filter(|(_, f)| !f.iter().any(|m| m.starts_with("parse-error")))
        .map(|(p, _)| short(p))
        .collect();
    assert!(
        parsed.len() < 10,
        "too many invalid files parsed: {parsed:?}"
    );
}

#[test]
fn every_valid_document_parses() {
    let files = corpus("valid");
    assert!(files.len() > 200);
    let (code, by_file, stderr) = check_all(&files);
    assert_ne!(code, 2, "{stderr:?}");
    let failed: Vec<String> = by_file
        .iter()
        .filter(|(_, f)| f.iter().any(|m| m.starts_with("parse-error")))
        .map(|(p, f)| {
            format!(
                "{}: {:?}",
                short(p),
                f.iter().find(|m| m.starts_with("parse-error"))
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "valid TOML reported as a parse error: {failed:#?}"
    );
}
