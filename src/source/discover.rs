//! Finding the git repositories under the folders a scan is given: bare
//! (`payroll.git`) and non-bare, nested in group folders. A repository's own
//! files (and so its submodules) are never descended into, and symbolic
//! links are never followed, so a link loop cannot trap the walk.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::SourceError;
use super::worktree::relative;

/// A repository found under a scanned folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its path relative to the scanned folder, with `/` (non-UTF-8 bytes
    /// shown as `\xNN`): the `repo` of its findings.
    pub name: String,
    pub path: PathBuf,
    /// Why it cannot be read, when the walk already knows.
    pub problem: Option<String>,
}

/// What a walk found, and what it passed over.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted by name.
    pub repos: Vec<Found>,
    pub notices: Vec<String>,
}

/// Every repository under `root`. `root` itself may be one; it is then named
/// after its folder. Fails only when `root` is not a readable folder.
pub fn discover(root: &Path) -> Result<Discovery, SourceError> {
    let shown = crate::paths::display_os(root.as_os_str());
    let scan = |source| SourceError::Scan {
        dir: shown.clone(),
        source,
    };
    let meta = fs::metadata(root).map_err(scan)?;
    if !meta.is_dir() {
        return Err(SourceError::NotAFolder(shown));
    }
    let mut found = Discovery::default();
    let entries = list(root).map_err(scan)?;
    if is_repository(&entries) {
        let name = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(crate::paths::display_os))
            .unwrap_or_else(|| ".".into());
        found.repos.push(Found {
            name,
            path: root.to_path_buf(),
            problem: None,
        });
        return Ok(found);
    }
    walk(root, root, entries, &mut found);
    found.repos.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// A folder's entries: name and whether it is a folder (links are not).
fn list(dir: &Path) -> std::io::Result<Vec<(OsString, bool)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        entries.push((entry.file_name(), is_dir));
    }
    entries.sort();
    Ok(entries)
}

/// A work tree (it has `.git`, a folder or a link file) or a bare repository
/// (`HEAD` beside `objects` or `refs`).
fn is_repository(entries: &[(OsString, bool)]) -> bool {
    let has = |name: &str, dir: Option<bool>| {
        entries
            .iter()
            .any(|(n, d)| n == name && dir.is_none_or(|want| want == *d))
    };
    has(".git", None)
        || (has("HEAD", Some(false)) && (has("objects", Some(true)) || has("refs", Some(true))))
}

/// Lists the folders below `dir` on rayon's threads (10,000 repositories
/// are 10,000 folders to list: one thread left the other cores idle at the
/// start of every scan); what each subfolder holds is appended in the
/// folders' order, as a walk on one thread would.
fn walk(root: &Path, dir: &Path, entries: Vec<(OsString, bool)>, found: &mut Discovery) {
    let below: Vec<Discovery> = entries
        .into_par_iter()
        .filter(|(_, is_dir)| *is_dir)
        .map(|(name, _)| {
            let mut here = Discovery::default();
            let path = dir.join(&name);
            match list(&path) {
                Ok(children) if is_repository(&children) => here.repos.push(Found {
                    name: relative(root, &path),
                    path,
                    problem: None,
                }),
                Ok(children) => walk(root, &path, children, &mut here),
                // A folder named like a bare repository that cannot be listed
                // is most likely one we may not read: report it rather than
                // skip it.
                Err(e) if name.as_encoded_bytes().ends_with(b".git") => here.repos.push(Found {
                    name: relative(root, &path),
                    path,
                    problem: Some(format!("cannot read its folder: {e}")),
                }),
                Err(e) => here.notices.push(format!(
                    "cannot read folder {}: {e}; repositories below it were not scanned",
                    relative(root, &path)
                )),
            }
            here
        })
        .collect();
    for mut here in below {
        found.repos.append(&mut here.repos);
        found.notices.append(&mut here.notices);
    }
}

/// Which shard of `count` a repository belongs to (0-based): the first 8
/// bytes of the SHA-256 of its name (the path relative to the scanned folder
/// with `/`, as charterlint prints it), big-endian, modulo `count`. Stable
/// across machines, platforms and versions, so a CI matrix splits an
/// organisation the same way every run.
pub fn shard_of(name: &str, count: u64) -> u64 {
    let digest = Sha256::digest(name.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_hash_is_the_documented_one() {
        // printf 'team-a/payroll.git' | sha256sum → 470c8de08c3cd305…
        // 0x470c8de08c3cd305 % 4 = 1, % 7 = 0
        assert_eq!(shard_of("team-a/payroll.git", 4), 1);
        assert_eq!(shard_of("team-a/payroll.git", 7), 0);
        assert_eq!(shard_of("team-a/payroll.git", 1), 0);
    }
}
