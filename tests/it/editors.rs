//! Real editors' clients driving `charterlint server` end to end: pytest-lsp
//! (PyPI) over stdio, and headless Neovim's built-in client. Under
//! CHARTERLINT_E2E=1 (`.ci/run` installs both) these run, and fail if a tool
//! is missing; without it they are not run.

use crate::common;

use std::process::Command;

use common::CLEAN;

fn e2e() -> bool {
    std::env::var_os("CHARTERLINT_E2E").is_some()
}

const REGISTRY: &str = "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Be the bank customers trust\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close the books in a day\"\nends = 2999-12-31\n";

/// A workspace with a registry, a configuration and a charter whose
/// customer has no choice (one finding) after non-ASCII text.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("okrs.toml"), REGISTRY).unwrap();
    std::fs::write(
        dir.path().join("charterlint.toml"),
        "registry = \"okrs.toml\"\n",
    )
    .unwrap();
    let charter = CLEAN
        .replace("name = \"General Ledger\"", "name = \"Grand Livre 😀\"")
        .replace("type = \"partner\"", "type = \"customer\"")
        .replace("value_exchange = \"none\"", "value_exchange = \"payment\"");
    std::fs::write(dir.path().join("charter.toml"), charter).unwrap();
    dir
}

#[test]
fn pytest_lsp_drives_the_server() {
    if !e2e() {
        return;
    }
    let dir = workspace();
    let suite = common::manifest_dir().join("tests/e2e/lsp");
    let out = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(&suite)
        .current_dir(&suite)
        .env("CHARTERLINT_BIN", env!("CARGO_BIN_EXE_charterlint"))
        .env("CHARTERLINT_WORKSPACE", dir.path())
        .output()
        .expect("python3 runs (CHARTERLINT_E2E=1 needs python3 with pytest-lsp)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pytest-lsp failed:\n{text}");
    assert!(text.contains("2 passed"), "{text}");
}

#[test]
fn neovim_shows_the_servers_diagnostics() {
    if !e2e() {
        return;
    }
    let dir = workspace();
    let result = dir.path().join("diagnostics.txt");
    let script = common::manifest_dir().join("tests/e2e/nvim/diagnostics.lua");
    let out = Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("CHARTERLINT_BIN", env!("CARGO_BIN_EXE_charterlint"))
        .env("CHARTERLINT_CHARTER", dir.path().join("charter.toml"))
        .env("CHARTERLINT_OUT", &result)
        .output()
        .expect("nvim runs (CHARTERLINT_E2E=1 needs Debian's neovim)");
    let got = std::fs::read_to_string(&result).unwrap_or_else(|e| {
        panic!(
            "Neovim wrote no diagnostics ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let line = CLEAN.lines().position(|l| l.starts_with("type =")).unwrap() + 1;
    assert_eq!(
        got.trim(),
        format!("{line}:1 customer-without-choice a customer has a choice, but `choice = false`"),
        "{got}"
    );
}
