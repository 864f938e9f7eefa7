//! `floor [--find] DIR [THREADS] [K/N]`: the least a scan must do — open
//! each bare repository under DIR's group folders, read `HEAD:charter.toml`
//! and parse it with spans (`toml::de::DeTable`, the parser charterlint
//! uses) — with git2 alone, libgit2 tuned as a scan can afford: no config
//! file search, no ownership check, no object hash verification. `K/N` takes
//! the K-th of N interleaved shares of the repositories, so that N processes
//! side by side give the multi-process floor. `charterlint scan` is measured
//! against it.
//!
//! With `--find`, the charters are found as a scan with the default globs
//! must find them: every folder of HEAD's tree is listed, and every blob
//! named `charter.toml` or `*.charter.toml` is read and parsed (the fair
//! floor, as `bench/history.sh`'s `ls-tree` one is for `check --rev`).

use std::path::{Path, PathBuf};

use git2::{ConfigLevel, Repository, RepositoryOpenFlags};

/// A bare repository, opened without searching.
fn open(path: &Path) -> Repository {
    Repository::open_ext(
        path,
        RepositoryOpenFlags::NO_SEARCH | RepositoryOpenFlags::BARE,
        &[] as &[&std::ffi::OsStr],
    )
    .unwrap()
}

fn read_one(path: &Path) -> usize {
    let repo = open(path);
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    let entry = tree.get_path(Path::new("charter.toml")).unwrap();
    let blob = repo.find_blob(entry.id()).unwrap();
    let text = std::str::from_utf8(blob.content()).unwrap();
    toml::de::DeTable::parse(text).unwrap().get_ref().len()
}

/// Every charter of HEAD's tree, found by listing every folder.
fn find_all(path: &Path) -> usize {
    let repo = open(path);
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    let mut charters = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
        let name = entry.name_bytes();
        if entry.kind() == Some(git2::ObjectType::Blob)
            && (name == b"charter.toml" || name.ends_with(b".charter.toml"))
        {
            charters.push(entry.id());
        }
        git2::TreeWalkResult::Ok
    })
    .unwrap();
    charters
        .into_iter()
        .map(|id| {
            let blob = repo.find_blob(id).unwrap();
            let text = std::str::from_utf8(blob.content()).unwrap();
            toml::de::DeTable::parse(text).unwrap().get_ref().len()
        })
        .sum()
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let find = args.iter().any(|a| a == "--find");
    args.retain(|a| a != "--find");
    let read: fn(&Path) -> usize = if find { find_all } else { read_one };
    let dir = Path::new(
        args.get(1)
            .expect("usage: floor [--find] DIR [THREADS] [K/N]"),
    );
    let threads: usize = args.get(2).map_or(1, |t| t.parse().unwrap());
    let (share, shares): (usize, usize) = args.get(3).map_or((0, 1), |s| {
        let (k, n) = s.split_once('/').expect("K/N");
        (k.parse().unwrap(), n.parse().unwrap())
    });
    git2::opts::strict_hash_verification(false);
    // SAFETY: set once, before any repository is opened.
    unsafe {
        for level in [
            ConfigLevel::System,
            ConfigLevel::XDG,
            ConfigLevel::Global,
            ConfigLevel::ProgramData,
        ] {
            git2::opts::set_search_path(level, "").unwrap();
        }
        git2::opts::set_verify_owner_validation(false).unwrap();
    }
    let mut repos: Vec<PathBuf> = Vec::new();
    for group in std::fs::read_dir(dir).unwrap() {
        for repo in std::fs::read_dir(group.unwrap().path()).unwrap() {
            repos.push(repo.unwrap().path());
        }
    }
    repos.sort();
    let repos: Vec<PathBuf> = repos.into_iter().skip(share).step_by(shares).collect();
    let chunk = repos.len().div_ceil(threads).max(1);
    let keys: usize = std::thread::scope(|s| {
        let workers: Vec<_> = repos
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|p| read(p)).sum::<usize>()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    println!("{} repositories, {keys} top-level keys", repos.len());
}
