//! `gen-tree DIR CHARTERS [OTHER]`: a working tree of CHARTERS realistic
//! charters (`products/gNN/product-NNNNN/charter.toml`, 100 per folder), the
//! OKR registry they point at with a `charterlint.toml` naming it, and OTHER
//! small non-charter files (`src/mNNN/fNNNNN.rs`, 100 per folder).
//! Deterministic: the same arguments give the same bytes.

use std::fs;
use std::path::Path;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, charters, other) = match &args[..] {
        [_, dir, n] => (dir, n, "0"),
        [_, dir, n, other] => (dir, n, other.as_str()),
        _ => {
            eprintln!("usage: gen-tree DIR CHARTERS [OTHER]");
            std::process::exit(2);
        }
    };
    let dir = Path::new(dir);
    let charters: usize = charters.parse().expect("CHARTERS is a number");
    let other: usize = other.parse().expect("OTHER is a number");
    write(&dir.join("okrs.toml"), charterlint_bench::REGISTRY);
    write(&dir.join("charterlint.toml"), "registry = \"okrs.toml\"\n");
    for i in 0..charters {
        let path = dir.join(format!(
            "products/g{:03}/product-{i:05}/charter.toml",
            i / 100
        ));
        write(&path, &charterlint_bench::charter(i));
    }
    for i in 0..other {
        let path = dir.join(format!("src/m{:03}/f{i:05}.rs", i / 100));
        write(
            &path,
            &format!("//! Module {i}.\npub fn f{i}() -> usize {{ {i} }}\n"),
        );
    }
}
