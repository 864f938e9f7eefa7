//! Repositories found by a scan are other people's: they are opened so that
//! nothing they configure can run or redirect what is read. Only the object
//! database and refs are read (no work tree, no index), blobs are read raw
//! (no filter, textconv or hook can apply), and nothing is ever written.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Once;

use git2::{ConfigLevel, ErrorCode, Repository, RepositoryOpenFlags};

use crate::select::Selector;

use super::git::TreeSource;
use super::{Content, Listing, Source, SourceError};

/// Process-wide libgit2 settings for reading untrusted repositories.
/// libgit2 options are global and not thread-safe, so they are set once,
/// before the first repository is opened.
fn configure_libgit2() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Corrupt objects still fail to inflate; checking every hash too
        // costs time on each read for no safety gain when only reading.
        git2::opts::strict_hash_verification(false);
        for level in [
            ConfigLevel::System,
            ConfigLevel::XDG,
            ConfigLevel::Global,
            ConfigLevel::ProgramData,
        ] {
            // SAFETY: libgit2 options are process-global; `Once` sets them
            // exactly once, and no repository is opened before (every open
            // of an untrusted repository goes through `open` below).
            // An empty search path: no user or system config is read, so a
            // scan gives the same result whoever runs it.
            #[allow(unsafe_code)]
            let _ = unsafe { git2::opts::set_search_path(level, "") };
        }
        // Mirrors are often owned by another user than the scanner; we only
        // read, so git's ownership check (which guards against running
        // another user's config) is not needed and would refuse them.
        // SAFETY: as above.
        #[allow(unsafe_code)]
        let _ = unsafe { git2::opts::set_verify_owner_validation(false) };
        // A worker's memory must not grow with a repository's size: packs
        // are mapped in windows of 2 MiB, at most 8 MiB at once (libgit2
        // maps whole packs of up to 1 GiB by default, and a history walk
        // touches most of a pack), and at most 8 MiB of small objects
        // are cached.
        // SAFETY: as above.
        #[allow(unsafe_code)]
        let _ = unsafe {
            git2::opts::set_mwindow_size(2 << 20)
                .and_then(|()| git2::opts::set_mwindow_mapped_limit(8 << 20))
                .and_then(|()| git2::opts::set_cache_max_size(8 << 20))
        };
    });
}

/// Opens the repository at `path` (a bare repository, or a work tree whose
/// `.git` is a folder or a link file) exactly there: no search up the
/// folders, no `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`,
/// `GIT_OBJECT_DIRECTORY` or other environment variable consulted, and
/// opened as bare so that no work tree or index is ever touched.
pub fn open(path: &Path) -> Result<Repository, SourceError> {
    configure_libgit2();
    let git_dir = git_dir(path)?;
    Repository::open_ext(
        &git_dir,
        RepositoryOpenFlags::NO_SEARCH | RepositoryOpenFlags::NO_DOTGIT | RepositoryOpenFlags::BARE,
        &[] as &[&std::ffi::OsStr],
    )
    .map_err(SourceError::Open)
}

/// Where a repository's git folder is: `.git` in a work tree, the target of
/// a `.git` link file (a linked work tree or a submodule), or the folder
/// itself when bare.
pub fn git_dir(path: &Path) -> Result<PathBuf, SourceError> {
    let dot_git = path.join(".git");
    let Ok(meta) = std::fs::symlink_metadata(&dot_git) else {
        return Ok(path.to_path_buf());
    };
    if !meta.is_file() {
        return Ok(dot_git);
    }
    let text = std::fs::read(&dot_git).map_err(SourceError::DotGit)?;
    let target = text
        .strip_prefix(b"gitdir:")
        .map(|t| t.trim_ascii())
        .filter(|t| !t.is_empty())
        .ok_or(SourceError::DotGitNotALink)?;
    let target = path.join(std::ffi::OsStr::from_bytes(target));
    if !target.exists() {
        return Err(SourceError::DotGitTarget(crate::paths::display_os(
            target.as_os_str(),
        )));
    }
    Ok(target)
}

/// The tree to check in an opened repository: at `rev` (`HEAD` by default).
/// `None` when the repository has no commits at all (it then has no charter);
/// an error naming the cause when it cannot be read.
pub fn tree_at(repo: Repository, rev: &str) -> Result<Option<TreeSource>, SourceError> {
    let head = repo.head().map(|h| h.target());
    match head {
        Ok(Some(id)) if rev == "HEAD" => {
            if let Err(source) = repo.find_commit(id) {
                return Err(SourceError::HeadCommit { id, source });
            }
        }
        Ok(_) => {}
        Err(e) if e.code() == ErrorCode::UnbornBranch => {
            let no_refs = repo
                .references()
                .map_err(SourceError::Refs)?
                .next()
                .is_none();
            if no_refs {
                return Ok(None);
            }
            if rev == "HEAD" {
                let target = repo
                    .find_reference("HEAD")
                    .ok()
                    .and_then(|r| r.symbolic_target_bytes().map(crate::paths::display_bytes))
                    .unwrap_or_default();
                return Err(SourceError::HeadMissing(target));
            }
        }
        Err(e) if rev == "HEAD" => return Err(SourceError::Head(e)),
        Err(_) => {}
    }
    TreeSource::at_rev(repo, rev).map(Some)
}

/// libgit2 reports an object it may not read as missing; when permissions
/// are the cause, says so.
pub fn with_access_cause(path: &Path, cause: String) -> String {
    let Ok(git_dir) = git_dir(path) else {
        return cause;
    };
    let objects = git_dir.join("objects");
    let mut candidates = vec![objects.clone(), objects.join("pack")];
    if let Some(id) = object_id_in(&cause) {
        candidates.push(objects.join(&id[..2]));
        candidates.push(objects.join(&id[..2]).join(&id[2..]));
    }
    for candidate in candidates {
        let denied = if candidate.is_dir() {
            std::fs::read_dir(&candidate).err()
        } else {
            std::fs::File::open(&candidate).err()
        };
        if let Some(e) = denied.filter(|e| e.kind() == std::io::ErrorKind::PermissionDenied) {
            let shown = candidate.strip_prefix(&git_dir).unwrap_or(&candidate);
            return format!(
                "{cause} (cannot read {}: {e})",
                crate::paths::display_os(shown.as_os_str())
            );
        }
    }
    cause
}

/// The first 40-digit hexadecimal object id in a message.
fn object_id_in(message: &str) -> Option<&str> {
    message
        .split(|c: char| !c.is_ascii_hexdigit())
        .find(|word| word.len() == 40)
}

/// A repository with no commits: nothing to read.
pub struct NoCommits;

impl Source for NoCommits {
    fn describe(&self) -> String {
        "a repository with no commits".into()
    }

    fn read_limited(&self, _: &str, _: u64) -> Option<Content> {
        None
    }

    fn list(&self, _: &Selector) -> Result<Listing, SourceError> {
        Ok(Listing::default())
    }
}
