//! `floor-check PATH [THREADS]`: the least `charterlint check` must do —
//! start a process, find the `.toml` files under PATH (or take PATH itself if
//! it is a file), read each and parse it with spans (`toml::de::DeTable`,
//! the parser charterlint uses) — split over THREADS threads (default 1).

use std::path::{Path, PathBuf};

fn find(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            find(&path, found);
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
}

fn parse(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    toml::de::DeTable::parse(&text).unwrap().get_ref().len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = Path::new(args.get(1).expect("usage: floor-check PATH [THREADS]"));
    let threads: usize = args.get(2).map_or(1, |t| t.parse().unwrap());
    let mut files = Vec::new();
    if path.is_dir() {
        find(path, &mut files);
    } else {
        files.push(path.to_path_buf());
    }
    let chunk = files.len().div_ceil(threads).max(1);
    let keys: usize = if threads == 1 {
        files.iter().map(|p| parse(p)).sum()
    } else {
        std::thread::scope(|s| {
            let workers: Vec<_> = files
                .chunks(chunk)
                .map(|part| s.spawn(move || part.iter().map(|p| parse(p)).sum::<usize>()))
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).sum()
        })
    };
    println!("{} files, {keys} top-level keys", files.len());
}
