//! `floor-index PATH`: the least `charterlint check --staged` must do —
//! start a process, open the repository of the current folder, read its
//! index (libgit2, as charterlint does), read the blob staged at PATH and
//! parse it with spans (`toml::de::DeTable`).

use std::path::Path;

fn main() {
    let path = std::env::args().nth(1).expect("usage: floor-index PATH");
    let repo = git2::Repository::open_from_env().unwrap();
    let index = repo.index().unwrap();
    let entry = index.get_path(Path::new(&path), 0).expect("PATH is staged");
    let blob = repo.find_blob(entry.id).unwrap();
    let text = std::str::from_utf8(blob.content()).unwrap();
    let keys = toml::de::DeTable::parse(text).unwrap().get_ref().len();
    println!("{} index entries, {keys} top-level keys", index.len());
}
