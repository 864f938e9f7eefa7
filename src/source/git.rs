//! Sources read from git's object database through `git2`: a commit's tree
//! and the index. Nothing here writes to the repository, and nothing runs
//! what the repository configures (filters, hooks): blobs are read raw.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository, Tree};

use crate::select::Selector;

use super::{Content, Listing, MAX_REGISTRY_SIZE, Source, SourceError};

const MODE_LINK: u32 = 0o120000;
const MODE_SUBMODULE: u32 = 0o160000;
const MODE_TREE: u32 = 0o040000;

/// What a tree or index entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Link,
    Submodule,
    Folder,
}

fn kind_of(mode: u32) -> EntryKind {
    match mode & 0o170000 {
        MODE_LINK => EntryKind::Link,
        MODE_SUBMODULE => EntryKind::Submodule,
        MODE_TREE => EntryKind::Folder,
        _ => EntryKind::File,
    }
}

/// A blob's content as a source reports it: size-checked before it is read.
fn read_blob(repo: &Repository, id: Oid, kind: EntryKind, limit: u64) -> Content {
    match kind {
        EntryKind::Submodule => return Content::Submodule,
        EntryKind::Folder => return Content::Unreadable("a folder, not a file".into()),
        _ => {}
    }
    let odb = match repo.odb() {
        Ok(o) => o,
        Err(e) => return Content::Unreadable(e.message().to_string()),
    };
    match odb.read_header(id) {
        Ok((size, _)) if size as u64 > limit && kind == EntryKind::File => {
            return Content::TooLarge(size as u64);
        }
        Ok(_) => {}
        Err(e) => {
            return Content::Unreadable(format!("object {id} cannot be read: {}", e.message()));
        }
    }
    match repo.find_blob(id) {
        Ok(blob) if kind == EntryKind::Link => {
            Content::Symlink(String::from_utf8_lossy(blob.content()).into_owned())
        }
        Ok(blob) => Content::Bytes(blob.content().to_vec()),
        Err(e) => Content::Unreadable(format!("object {id} cannot be read: {}", e.message())),
    }
}

/// The first 12 hex digits of an object id.
pub fn short(id: Oid) -> String {
    id.to_string()[..12].to_string()
}

/// The commit a revision names (`HEAD~2`, a tag, a branch, an abbreviated
/// id). The error names the revision; in a shallow clone it says that the
/// commit may simply not have been fetched.
pub fn resolve_commit(repo: &Repository, rev: &str) -> Result<Oid, SourceError> {
    let shown = crate::text::visible(rev);
    let object = repo
        .revparse_single(rev)
        .map_err(|source| SourceError::UnknownRevision {
            rev: shown.clone(),
            source,
            shallow: repo.is_shallow(),
        })?;
    let commit = object
        .peel_to_commit()
        .map_err(|source| SourceError::NotACommit { rev: shown, source })?;
    Ok(commit.id())
}

/// The files of a commit's tree.
pub struct TreeSource {
    repo: Mutex<Repository>,
    tree: Oid,
    /// The commit the tree is from, when it came from a revision.
    commit: Option<Oid>,
    label: String,
    /// The blob and mode of each listed charter, so it is read by id (its
    /// shown path may differ from its bytes in the tree).
    listed: Mutex<HashMap<String, (Oid, u32)>>,
}

impl TreeSource {
    /// The tree of the commit `rev` resolves to.
    pub fn at_rev(repo: Repository, rev: &str) -> Result<TreeSource, SourceError> {
        let commit = resolve_commit(&repo, rev)?;
        let tree = repo
            .find_commit(commit)
            .map_err(|source| SourceError::Commit { commit, source })?
            .tree_id();
        let mut source = TreeSource::from_tree(
            repo,
            tree,
            format!("commit {} ({})", short(commit), crate::text::visible(rev)),
        );
        source.commit = Some(commit);
        Ok(source)
    }

    pub fn from_tree(repo: Repository, tree: Oid, label: String) -> TreeSource {
        TreeSource {
            repo: Mutex::new(repo),
            tree,
            commit: None,
            label,
            listed: Mutex::default(),
        }
    }

    /// Lends the repository (its lock held): for reading more of it than
    /// the tree, such as the history.
    pub fn with_repo<T>(&self, f: impl FnOnce(&Repository) -> T) -> T {
        f(&self.repo.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The commit `at_rev` resolved.
    pub fn commit(&self) -> Option<Oid> {
        self.commit
    }

    fn with_tree<T>(&self, f: impl FnOnce(&Repository, &Tree<'_>) -> T) -> Result<T, SourceError> {
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let tree = repo
            .find_tree(self.tree)
            .map_err(|source| SourceError::Tree {
                tree: self.tree,
                source,
            })?;
        Ok(f(&repo, &tree))
    }
}

impl Source for TreeSource {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn read_limited(&self, path: &str, limit: u64) -> Option<Content> {
        let listed = self
            .listed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .copied();
        if let Some((id, mode)) = listed {
            let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
            return Some(read_blob(&repo, id, kind_of(mode), limit));
        }
        self.with_tree(|repo, tree| {
            let entry = tree.get_path(Path::new(path)).ok()?;
            Some(read_blob(
                repo,
                entry.id(),
                kind_of(entry.filemode() as u32),
                limit,
            ))
        })
        .unwrap_or_else(|e| Some(Content::Unreadable(e.to_string())))
    }

    fn has_file(&self, path: &str) -> bool {
        self.with_tree(|_, tree| {
            tree.get_path(Path::new(path))
                .is_ok_and(|e| kind_of(e.filemode() as u32) != EntryKind::Folder)
        })
        .unwrap_or(false)
    }

    fn list(&self, selector: &Selector) -> Result<Listing, SourceError> {
        let mut found = HashMap::new();
        let listing = self.with_tree(|repo, tree| {
            let mut listing = Listing::default();
            walk(repo, tree, "", selector, &mut listing, &mut found)?;
            listing.paths.sort();
            Ok::<_, SourceError>(listing)
        })??;
        *self.listed.lock().unwrap_or_else(|e| e.into_inner()) = found;
        Ok(listing)
    }
}

/// Walks a tree, descending only into folders the selector may find charters in.
fn walk(
    repo: &Repository,
    tree: &Tree<'_>,
    prefix: &str,
    selector: &Selector,
    listing: &mut Listing,
    found: &mut HashMap<String, (Oid, u32)>,
) -> Result<(), SourceError> {
    for entry in tree.iter() {
        let name = crate::paths::display_bytes(entry.name_bytes());
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        match entry.kind() {
            Some(ObjectType::Tree) => {
                if selector.is_charter(&path) {
                    listing
                        .skipped
                        .push((path.clone(), "a folder, not a file".into()));
                }
                if selector.may_contain(&path) {
                    let sub = repo
                        .find_tree(entry.id())
                        .map_err(|source| SourceError::Folder {
                            path: path.clone(),
                            source,
                        })?;
                    walk(repo, &sub, &path, selector, listing, found)?;
                }
            }
            _ => {
                if selector.is_charter(&path) {
                    found.insert(path.clone(), (entry.id(), entry.filemode() as u32));
                    listing.paths.push(path);
                }
            }
        }
    }
    Ok(())
}

/// The resolved (stage 0) entry of the index at `path`: a binary search of
/// the sorted entries (an empty, absolute or `./` path finds nothing, as in
/// git). Under `core.ignorecase` a path that names no entry exactly may name
/// one in another case (ASCII, as libgit2 compared). A path shown with
/// escapes (`\xNN`) is not its bytes, so only then are entries compared one
/// by one.
fn index_entry<'a>(
    index: &'a gix_index::File,
    path: &str,
    ignore_case: bool,
) -> Option<&'a gix_index::Entry> {
    let resolved = gix_index::entry::Stage::Unconflicted;
    index
        .entry_by_path_and_stage(path.as_bytes().into(), resolved)
        .or_else(|| {
            if !ignore_case {
                return None;
            }
            index.entries().iter().find(|e| {
                e.stage() == resolved && e.path(index).eq_ignore_ascii_case(path.as_bytes())
            })
        })
        .or_else(|| {
            if !path.contains('\\') {
                return None;
            }
            index
                .entries()
                .iter()
                .find(|e| e.stage() == resolved && crate::paths::display_cow(e.path(index)) == path)
        })
}

/// Reads the index file at `path` (`gix-index`: mapped, decoded, not
/// hashed: like git, whose reads do not verify the index's checksum, and
/// several times faster than libgit2's load on a large index, which hashes
/// all of it and builds a hash map). Nothing is written: no lock file, no
/// refresh. A split index (`git update-index --split-index`) is read with its
/// shared index. `missing_is_empty`: a repository's own index may not exist
/// yet (a fresh repository), which is an empty index.
fn read_index(path: &Path, missing_is_empty: bool) -> Result<gix_index::File, String> {
    let options = gix_index::decode::Options {
        // One thread: the decode is a few milliseconds, and a pre-commit
        // hook shares the machine with whatever else runs.
        thread_limit: Some(1),
        ..Default::default()
    };
    let read = if missing_is_empty {
        gix_index::File::at_or_default(path, gix_hash::Kind::Sha1, true, options)
    } else {
        gix_index::File::at(path, gix_hash::Kind::Sha1, true, options)
    };
    read.map_err(|e| one_line(&e))
}

/// An error and its causes on one line, "outer: inner" (gix's alternate
/// format shows its messages' debug form).
fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = c.source();
    }
    message
}

/// The index: the content about to be committed. Inside a hook, the index is
/// the one `GIT_INDEX_FILE` names (`git commit -a` and `git commit PATH` use
/// a temporary one). The index is read once and never written: no refresh,
/// no lock file. Blobs are read from the repository's object database.
pub struct IndexSource {
    /// The repository, for its objects.
    repo: Mutex<Repository>,
    index: gix_index::File,
    /// `core.ignorecase` of the repository's own index, as libgit2 honoured
    /// it for `repo.index()` (not for a `GIT_INDEX_FILE`).
    ignore_case: bool,
    /// Paths with unresolved merge conflicts (entries at stages 1 to 3).
    conflicted: Vec<String>,
    label: String,
}

impl IndexSource {
    pub fn open(repo: Repository) -> Result<IndexSource, SourceError> {
        let (index, ignore_case, label) = match std::env::var_os("GIT_INDEX_FILE") {
            Some(file) if !file.is_empty() => {
                let path = Path::new(&file);
                if !path.exists() {
                    return Err(SourceError::NoIndexFile(crate::paths::display_os(
                        path.as_os_str(),
                    )));
                }
                let index = read_index(path, false).map_err(|cause| SourceError::IndexFile {
                    path: crate::paths::display_os(path.as_os_str()),
                    cause,
                })?;
                (index, false, "the index (GIT_INDEX_FILE)".to_string())
            }
            _ if repo.is_bare() => {
                return Err(SourceError::Bare(crate::paths::display_os(
                    repo.path().as_os_str(),
                )));
            }
            _ => {
                // The git dir's index: a linked worktree's git dir holds its own.
                let index =
                    read_index(&repo.path().join("index"), true).map_err(SourceError::Index)?;
                let ignore_case = repo
                    .config()
                    .and_then(|c| c.get_bool("core.ignorecase"))
                    .unwrap_or(false);
                (index, ignore_case, "the index".to_string())
            }
        };
        let mut conflicted: Vec<String> = index
            .entries()
            .iter()
            .filter(|e| e.stage() != gix_index::entry::Stage::Unconflicted)
            .map(|e| crate::paths::display_bytes(e.path(&index)))
            .collect();
        conflicted.dedup();
        Ok(IndexSource {
            repo: Mutex::new(repo),
            index,
            ignore_case,
            conflicted,
            label,
        })
    }

    fn is_conflicted(&self, path: &str) -> bool {
        self.conflicted.iter().any(|c| c == path)
    }

    fn entry(&self, path: &str) -> Option<&gix_index::Entry> {
        index_entry(&self.index, path, self.ignore_case)
    }
}

/// An index entry's object id as libgit2's.
fn oid_of(entry: &gix_index::Entry) -> Oid {
    Oid::from_bytes(entry.id.as_bytes()).unwrap_or(Oid::ZERO_SHA1)
}

impl Source for IndexSource {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn read_limited(&self, path: &str, limit: u64) -> Option<Content> {
        if self.is_conflicted(path) {
            return Some(Content::Unreadable(
                "unresolved merge conflict in the index; resolve it and `git add` the result"
                    .into(),
            ));
        }
        let entry = self.entry(path)?;
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        Some(read_blob(
            &repo,
            oid_of(entry),
            kind_of(entry.mode.bits()),
            limit,
        ))
    }

    fn has_file(&self, path: &str) -> bool {
        self.entry(path)
            .is_some_and(|e| kind_of(e.mode.bits()) != EntryKind::Folder)
    }

    fn list(&self, selector: &Selector) -> Result<Listing, SourceError> {
        let conflicted: Vec<&str> = self
            .conflicted
            .iter()
            .map(String::as_str)
            .filter(|p| selector.is_charter(p))
            .collect();
        if !conflicted.is_empty() {
            return Err(SourceError::Conflicts(
                conflicted.into_iter().map(str::to_string).collect(),
            ));
        }
        let mut listing = Listing::default();
        for entry in self.index.entries() {
            if entry.stage() != gix_index::entry::Stage::Unconflicted {
                continue;
            }
            let path = crate::paths::display_cow(entry.path(&self.index));
            if selector.is_charter(&path) {
                listing.paths.push(path.into_owned());
            }
        }
        listing.paths.sort();
        Ok(listing)
    }
}

/// A file of another local repository at a revision (a registry kept in a
/// strategy repository), read from its object database: whatever its working
/// tree holds. It is opened as exactly that folder, ignoring `GIT_DIR` and
/// friends, which concern the repository being checked.
pub fn read_in_repo(dir: &Path, rev: &str, path: &str) -> Result<Content, SourceError> {
    let shown = crate::paths::display_os(dir.as_os_str());
    let repo = Repository::open_ext(
        dir,
        git2::RepositoryOpenFlags::NO_SEARCH,
        std::iter::empty::<&std::ffi::OsStr>(),
    )
    .map_err(|source| SourceError::OtherRepository {
        repo: shown.clone(),
        source,
    })?;
    let commit = resolve_commit(&repo, rev).map_err(|e| SourceError::InOtherRepository {
        repo: shown.clone(),
        source: Box::new(e),
    })?;
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|source| SourceError::CommitIn {
            commit,
            repo: shown.clone(),
            source,
        })?;
    let entry = tree
        .get_path(Path::new(path))
        .map_err(|_| SourceError::NoFile {
            repo: shown.clone(),
            path: crate::text::visible(path),
            rev: crate::text::visible(rev),
        })?;
    Ok(read_blob(
        &repo,
        entry.id(),
        kind_of(entry.filemode() as u32),
        MAX_REGISTRY_SIZE,
    ))
}
