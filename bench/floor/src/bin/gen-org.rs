//! `gen-org DIR N`: N bare repositories under DIR in 20 group folders, each
//! with one commit of a realistic charter (varied per repository) and 24
//! other small files, packed like a mirror. Deterministic: the same N gives
//! the same commits.

use std::io::Write;
use std::path::Path;

use git2::{Oid, Repository, RepositoryInitOptions, Signature, Time};

fn other_files(i: usize) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "README.md".to_string(),
            format!("# Product {i}\n\nSee charter.toml.\n"),
        ),
        (".gitignore".into(), "/target\n".into()),
        (
            "Cargo.toml".into(),
            format!("[package]\nname = \"product-{i}\"\nversion = \"0.1.{i}\"\n"),
        ),
        (
            "docs/architecture.md".into(),
            format!("# Architecture of product {i}\n"),
        ),
        (
            "docs/runbook.md".into(),
            "# Runbook\n\nRestart it.\n".into(),
        ),
        (
            ".github/workflows/ci.yml".into(),
            "on: push\njobs: {}\n".into(),
        ),
    ];
    for m in 0..18 {
        files.push((
            format!("src/module_{m:02}.rs"),
            format!(
                "//! Module {m} of product {i}.\npub fn f{m}() -> u32 {{ {} }}\n",
                i * 31 + m
            ),
        ));
    }
    files
}

/// Inserts `path` = `blob` into nested tree builders, returning the root tree.
fn write_tree(repo: &Repository, files: &[(String, Oid)]) -> Oid {
    fn build(repo: &Repository, files: &[(&str, Oid)]) -> Oid {
        let mut tb = repo.treebuilder(None).unwrap();
        let mut dirs: std::collections::BTreeMap<&str, Vec<(&str, Oid)>> = Default::default();
        for (path, id) in files {
            match path.split_once('/') {
                Some((dir, rest)) => dirs.entry(dir).or_default().push((rest, *id)),
                None => {
                    tb.insert(path, *id, 0o100644).unwrap();
                }
            }
        }
        for (dir, entries) in dirs {
            let sub = build(repo, &entries);
            tb.insert(dir, sub, 0o040000).unwrap();
        }
        tb.write().unwrap()
    }
    let refs: Vec<(&str, Oid)> = files.iter().map(|(p, id)| (p.as_str(), *id)).collect();
    build(repo, &refs)
}

fn generate(path: &Path, i: usize) {
    // No template: the same files whatever git is installed.
    let repo = Repository::init_opts(
        path,
        RepositoryInitOptions::new()
            .bare(true)
            .external_template(false)
            .initial_head("main"),
    )
    .unwrap();
    // Objects go to memory, then to disk as one pack, as in a mirror (and
    // far faster than writing loose objects).
    let odb = repo.odb().unwrap();
    let mempack = odb.add_new_mempack_backend(1000).unwrap();
    let mut files = vec![(
        "charter.toml".to_string(),
        repo.blob(charterlint_bench::charter(i).as_bytes()).unwrap(),
    )];
    for (p, text) in other_files(i) {
        files.push((p, repo.blob(text.as_bytes()).unwrap()));
    }
    let tree = repo.find_tree(write_tree(&repo, &files)).unwrap();
    let when = Signature::new(
        "Bench",
        "bench@example.com",
        &Time::new(1_700_000_000 + i as i64, 0),
    )
    .unwrap();
    let commit = repo
        .commit(None, &when, &when, "Initial commit", &tree, &[])
        .unwrap();
    let mut pack = git2::Buf::new();
    mempack.dump(&repo, &mut pack).unwrap();
    let mut writer = odb.packwriter().unwrap();
    writer.write_all(&pack).unwrap();
    writer.commit().unwrap();
    repo.reference("refs/heads/main", commit, true, "bench")
        .unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, n] = &args[..] else {
        eprintln!("usage: gen-org DIR N");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");
    for i in 0..n {
        let path = Path::new(dir).join(format!("group-{:02}/repo-{i:05}.git", i % 20));
        generate(&path, i);
    }
}
