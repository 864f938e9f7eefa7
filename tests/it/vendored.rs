//! The copies of the public corpora in `tests/data/` (used when `../shared`
//! is not beside the clone) are the same, file for file, as `../shared`.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

/// Every file below `root`, by its path relative to `root`, with its bytes.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn vendored_corpora_equal_the_shared_ones() {
    let shared = common::manifest_dir().join("../shared");
    let vendored = common::manifest_dir().join("tests/data");
    if !shared.is_dir() {
        // Nothing to compare with on a clone alone; the copies are what the
        // tests use then. Under CI (CHARTERLINT_E2E=1) ../shared must be there.
        assert!(
            std::env::var_os("CHARTERLINT_E2E").is_none(),
            "CHARTERLINT_E2E is set but ../shared is not beside the clone"
        );
        return;
    }
    let toml_shared = files(&shared.join("toml-test"));
    let toml_vendored = files(&vendored.join("toml-test"));
    assert!(toml_shared.len() > 700, "{} files", toml_shared.len());
    assert!(
        toml_shared == toml_vendored,
        "tests/data/toml-test differs from ../shared/toml-test: copy it again"
    );
    assert_eq!(
        std::fs::read(shared.join("sarif-schema-2.1.0.json")).unwrap(),
        std::fs::read(vendored.join("sarif-schema-2.1.0.json")).unwrap(),
        "tests/data/sarif-schema-2.1.0.json differs from ../shared"
    );
}
