//! `floor DIR [THREADS]`: the least a scan must do — open each bare
//! repository under DIR's group folders, read `HEAD:charter.toml` and parse
//! it as TOML — with git2 alone. `charterlint scan` is measured against it.

use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryOpenFlags};

fn read_one(path: &Path) -> usize {
    let repo = Repository::open_ext(
        path,
        RepositoryOpenFlags::NO_SEARCH | RepositoryOpenFlags::BARE,
        &[] as &[&std::ffi::OsStr],
    )
    .unwrap();
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    let entry = tree.get_path(Path::new("charter.toml")).unwrap();
    let blob = repo.find_blob(entry.id()).unwrap();
    let text = std::str::from_utf8(blob.content()).unwrap();
    text.parse::<toml::Table>().unwrap().len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).expect("usage: floor DIR [THREADS]"));
    let threads: usize = args.get(2).map_or(1, |t| t.parse().unwrap());
    git2::opts::strict_hash_verification(false);
    let mut repos: Vec<PathBuf> = Vec::new();
    for group in std::fs::read_dir(dir).unwrap() {
        for repo in std::fs::read_dir(group.unwrap().path()).unwrap() {
            repos.push(repo.unwrap().path());
        }
    }
    repos.sort();
    let chunk = repos.len().div_ceil(threads).max(1);
    let keys: usize = std::thread::scope(|s| {
        let workers: Vec<_> = repos
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|p| read_one(p)).sum::<usize>()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    println!("{} repositories, {keys} top-level keys", repos.len());
}
