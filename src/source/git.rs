//! Sources read from git's object database through `git2`: a commit's tree
//! and the index. Nothing here writes to the repository, and nothing runs
//! what the repository configures (filters, hooks): blobs are read raw.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository, Tree};

use crate::config::Selector;

use super::{Content, Listing, MAX_FILE_SIZE, Source};

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
fn read_blob(repo: &Repository, id: Oid, kind: EntryKind) -> Content {
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
        Ok((size, _)) if size as u64 > MAX_FILE_SIZE && kind == EntryKind::File => {
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

/// The files of a commit's tree.
pub struct TreeSource {
    repo: Mutex<Repository>,
    tree: Oid,
    label: String,
    /// The blob and mode of each listed charter, so it is read by id (its
    /// shown path may differ from its bytes in the tree).
    listed: Mutex<HashMap<String, (Oid, u32)>>,
}

impl TreeSource {
    /// The tree of the commit `rev` resolves to.
    pub fn at_rev(repo: Repository, rev: &str) -> Result<TreeSource, String> {
        let (tree, commit) = {
            let object = repo.revparse_single(rev).map_err(|e| {
                format!(
                    "unknown revision `{}`: {}",
                    crate::text::visible(rev),
                    e.message()
                )
            })?;
            let commit = object.peel_to_commit().map_err(|e| {
                format!(
                    "`{}` does not name a commit: {}",
                    crate::text::visible(rev),
                    e.message()
                )
            })?;
            (commit.tree_id(), commit.id())
        };
        let short = commit.to_string()[..12].to_string();
        Ok(TreeSource::from_tree(
            repo,
            tree,
            format!("commit {short} ({})", crate::text::visible(rev)),
        ))
    }

    pub fn from_tree(repo: Repository, tree: Oid, label: String) -> TreeSource {
        TreeSource {
            repo: Mutex::new(repo),
            tree,
            label,
            listed: Mutex::default(),
        }
    }

    fn with_tree<T>(&self, f: impl FnOnce(&Repository, &Tree<'_>) -> T) -> Result<T, String> {
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let tree = repo
            .find_tree(self.tree)
            .map_err(|e| format!("cannot read tree {}: {}", self.tree, e.message()))?;
        Ok(f(&repo, &tree))
    }
}

impl Source for TreeSource {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn read(&self, path: &str) -> Option<Content> {
        let listed = self
            .listed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .copied();
        if let Some((id, mode)) = listed {
            let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
            return Some(read_blob(&repo, id, kind_of(mode)));
        }
        self.with_tree(|repo, tree| {
            let entry = tree.get_path(Path::new(path)).ok()?;
            Some(read_blob(
                repo,
                entry.id(),
                kind_of(entry.filemode() as u32),
            ))
        })
        .unwrap_or_else(|e| Some(Content::Unreadable(e)))
    }

    fn list(&self, selector: &Selector) -> Result<Listing, String> {
        let mut found = HashMap::new();
        let listing = self.with_tree(|repo, tree| {
            let mut listing = Listing::default();
            walk(repo, tree, "", selector, &mut listing, &mut found)?;
            listing.paths.sort();
            Ok::<_, String>(listing)
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
) -> Result<(), String> {
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
                        .map_err(|e| format!("cannot read folder {path}: {}", e.message()))?;
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

/// The index: the content about to be committed. Inside a hook, the index is
/// the one `GIT_INDEX_FILE` names (`git commit -a` and `git commit PATH` use
/// a temporary one).
pub struct IndexSource {
    repo: Mutex<Repository>,
    /// (path, blob, mode) of every stage-0 entry, sorted by path.
    entries: Vec<(String, Oid, u32)>,
    label: String,
}

impl IndexSource {
    pub fn open(repo: Repository) -> Result<IndexSource, String> {
        let (index, label) = match std::env::var_os("GIT_INDEX_FILE") {
            Some(file) if !file.is_empty() => {
                let path = Path::new(&file);
                let index = git2::Index::open(path).map_err(|e| {
                    format!("cannot read the index {}: {}", path.display(), e.message())
                })?;
                (index, "the index (GIT_INDEX_FILE)".to_string())
            }
            _ => (
                repo.index()
                    .map_err(|e| format!("cannot read the index: {}", e.message()))?,
                "the index".to_string(),
            ),
        };
        if index.has_conflicts() {
            let mut conflicted: Vec<String> = index
                .conflicts()
                .map_err(|e| e.message().to_string())?
                .filter_map(Result::ok)
                .filter_map(|c| c.our.or(c.their).or(c.ancestor))
                .map(|e| crate::paths::display_bytes(&e.path))
                .collect();
            conflicted.sort();
            conflicted.dedup();
            return Err(format!(
                "the index has unresolved merge conflicts in: {}; resolve them (and `git add` the result) before checking",
                conflicted.join(", ")
            ));
        }
        let entries = index
            .iter()
            .map(|e| (crate::paths::display_bytes(&e.path), e.id, e.mode))
            .collect();
        Ok(IndexSource {
            repo: Mutex::new(repo),
            entries,
            label,
        })
    }

    fn find(&self, path: &str) -> Option<&(String, Oid, u32)> {
        self.entries
            .binary_search_by(|(p, _, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| &self.entries[i])
    }
}

impl Source for IndexSource {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn read(&self, path: &str) -> Option<Content> {
        let (_, id, mode) = self.find(path)?;
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        Some(read_blob(&repo, *id, kind_of(*mode)))
    }

    fn list(&self, selector: &Selector) -> Result<Listing, String> {
        let mut listing = Listing::default();
        for (path, _, _) in &self.entries {
            if selector.is_charter(path) {
                listing.paths.push(path.clone());
            }
        }
        Ok(listing)
    }
}
