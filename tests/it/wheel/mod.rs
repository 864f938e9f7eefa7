//! The Python wheel for the end-to-end tests (CHARTERLINT_E2E=1): a folder
//! with the charterlint wheel and what pip needs beside it to install the
//! pre-commit placeholder package (setuptools), so that pip can run with
//! `PIP_NO_INDEX=1 PIP_FIND_LINKS=<folder>`, offline.
//!
//! `.ci/run` builds the release wheel once and names the folder in
//! CHARTERLINT_WHEELHOUSE; without it, the first test that asks builds one
//! (`maturin build --release`, a few minutes) into `target/wheelhouse-NAME`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub const WHEELHOUSE_VAR: &str = "CHARTERLINT_WHEELHOUSE";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target"))
}

/// The folder, built once per test binary (`name` keeps two test binaries
/// from writing the same folder at once).
pub fn wheelhouse(name: &str) -> PathBuf {
    static HOUSE: OnceLock<PathBuf> = OnceLock::new();
    HOUSE
        .get_or_init(|| match std::env::var_os(WHEELHOUSE_VAR) {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                assert!(
                    wheel_in(&dir).is_some(),
                    "{WHEELHOUSE_VAR}={} holds no charterlint wheel",
                    dir.display()
                );
                dir
            }
            None => build(&target_dir().join(format!("wheelhouse-{name}"))),
        })
        .clone()
}

/// The charterlint wheel in a folder.
pub fn wheel_in(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&format!("charterlint-{}-", env!("CARGO_PKG_VERSION")))
                    && n.ends_with(".whl")
            })
        })
}

fn build(dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let out = Command::new("maturin")
        .args(["build", "--release", "--quiet", "--out"])
        .arg(dir)
        .current_dir(manifest_dir().join("python"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturin ({e}); `pip install maturin`"));
    assert!(
        out.status.success(),
        "maturin build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--dest"])
        .arg(dir)
        .arg("setuptools")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "pip download setuptools failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        wheel_in(dir).is_some(),
        "maturin wrote no wheel to {}",
        dir.display()
    );
    dir.to_path_buf()
}

/// PATH without any folder holding `cargo` or `rustc`: a machine with no
/// Rust toolchain.
pub fn path_without_rust() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| {
            !["cargo", "rustc", "rustup"]
                .iter()
                .any(|t| dir.join(t).exists())
        })
        .collect();
    let joined = std::env::join_paths(kept).expect("PATH entries join");
    let joined = joined.to_string_lossy().into_owned();
    for tool in ["cargo", "rustc"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .env("PATH", &joined)
            .output()
            .expect("sh runs");
        assert!(!found.status.success(), "{tool} is still on PATH: {joined}");
    }
    joined
}
