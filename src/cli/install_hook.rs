//! `charterlint install-hook`: a git pre-commit hook that checks the charters
//! about to be committed.

use std::io::Write;
use std::path::PathBuf;

use super::output::Fatal;

#[derive(Debug, clap::Args)]
pub struct InstallHookArgs {
    /// Replace an existing pre-commit hook.
    #[arg(long)]
    pub force: bool,
}

/// The hook: `charterlint check --staged`, which reads the index git is
/// about to commit (the one `GIT_INDEX_FILE` names under `commit -a`). It
/// runs the binary that wrote it, by its absolute path: git runs hooks with
/// the committer's PATH, which need not hold charterlint (a GUI client, an
/// install in a virtual environment). If that binary has gone, charterlint
/// on PATH is used.
pub fn hook(binary: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(
        b"#!/bin/sh
# pre-commit hook written by `charterlint install-hook`: runs
# `charterlint check --staged`, which checks the product charters about to be
# committed, as the index holds them.
# It runs the charterlint that wrote it; to run another, change CHARTERLINT
# below, or run `charterlint install-hook --force` with the one you want.
CHARTERLINT=",
    );
    out.extend_from_slice(&shell_quoted(binary));
    out.extend_from_slice(
        br#"
if [ ! -x "$CHARTERLINT" ]; then
    CHARTERLINT=charterlint
    if ! command -v charterlint >/dev/null 2>&1; then
        echo "pre-commit: charterlint is neither where install-hook found it nor on PATH; install it, or remove $0" >&2
        exit 1
    fi
fi
exec "$CHARTERLINT" check --staged
"#,
    );
    out
}

/// `s` as one word for the shell: in single quotes, each `'` as `'\''`.
fn shell_quoted(s: &[u8]) -> Vec<u8> {
    let mut out = vec![b'\''];
    for &b in s {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
    out
}

/// The absolute path of the running charterlint.
fn this_binary() -> Result<PathBuf, Fatal> {
    std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| {
            Fatal(format!(
                "cannot tell where this charterlint is ({e}), so the hook could not run it; call `charterlint check --staged` from a hook of your own"
            ))
        })
}

pub fn run(args: InstallHookArgs) -> Result<u8, Fatal> {
    let repo = git2::Repository::open_from_env().map_err(|e| {
        Fatal(format!(
            "not in a git repository ({}); install-hook writes a hook for one",
            e.message()
        ))
    })?;
    let binary = this_binary()?;
    let text = hook(binary.as_os_str().as_encoded_bytes());
    let dir = hooks_dir(&repo)?;
    let hook = dir.join("pre-commit");
    let shown = charterlint::paths::display_os(hook.as_os_str());
    std::fs::create_dir_all(&dir).map_err(|e| {
        Fatal(format!(
            "cannot create the hooks folder {}: {e}",
            charterlint::paths::display_os(dir.as_os_str())
        ))
    })?;
    let mut file = match super::new_file::create(&hook, args.force, Some(0o755)) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if std::fs::read(&hook).is_ok_and(|b| b == text) {
                eprintln!("charterlint install-hook: {shown} is already charterlint's hook");
                return Ok(0);
            }
            return Err(Fatal(format!(
                "a pre-commit hook already exists at {shown}; not overwriting it (use --force to replace it, or call `charterlint check --staged` from it)"
            )));
        }
        Err(e) => return Err(Fatal(format!("cannot write {shown}: {e}"))),
    };
    file.write_all(&text)
        .map_err(|e| Fatal(format!("cannot write {shown}: {e}")))?;
    // `--force` over an existing file keeps its old mode: make it runnable.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Fatal(format!("cannot make {shown} executable: {e}")))?;
    }
    eprintln!(
        "charterlint install-hook: wrote {shown}; every commit now runs `{} check --staged`",
        charterlint::paths::display_os(binary.as_os_str())
    );
    Ok(0)
}

/// Where git runs hooks from: `core.hooksPath` (relative to the work tree,
/// where hooks run, or to the repository itself when bare), else the
/// `hooks` folder of the repository (shared by its linked work trees).
fn hooks_dir(repo: &git2::Repository) -> Result<PathBuf, Fatal> {
    let config = repo.config().map_err(|e| {
        Fatal(format!(
            "cannot read the git configuration: {}",
            e.message()
        ))
    })?;
    match config.get_path("core.hooksPath") {
        Ok(path) if path.is_absolute() => Ok(path),
        Ok(path) => Ok(repo.workdir().unwrap_or(repo.path()).join(path)),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(repo.commondir().join("hooks")),
        Err(e) => Err(Fatal(format!(
            "cannot read core.hooksPath: {}",
            e.message()
        ))),
    }
}
