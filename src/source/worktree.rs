//! The working tree (or any folder) on disk.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::select::Selector;

use super::{Content, Listing, MAX_FILE_SIZE, Source, SourceError};

pub struct WorkTree {
    root: PathBuf,
    label: String,
    /// Listed paths whose shown form differs from the name on disk (bytes
    /// that are not UTF-8, control characters), to read them back.
    escaped: Mutex<HashMap<String, PathBuf>>,
}

impl WorkTree {
    pub fn new(root: impl Into<PathBuf>, label: impl Into<String>) -> Self {
        WorkTree {
            root: root.into(),
            label: label.into(),
            escaped: Mutex::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Reads a file from disk the way every source reports it: links are not
/// followed, large files are not read whole.
pub fn read_path(path: &Path) -> Option<Content> {
    read_path_limited(path, MAX_FILE_SIZE)
}

/// `read_path` with another size limit.
pub fn read_path_limited(path: &Path, limit: u64) -> Option<Content> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Content::Unreadable(e.to_string())),
    };
    if meta.file_type().is_symlink() {
        let target = fs::read_link(path)
            .map(|t| t.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Some(Content::Symlink(target));
    }
    if meta.is_dir() {
        return None;
    }
    if !meta.is_file() {
        // A FIFO or device would block or never end: never open one.
        return Some(Content::Unreadable(
            "not a regular file (a FIFO, socket or device)".into(),
        ));
    }
    if meta.len() > limit {
        return Some(Content::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    match fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)) {
        Ok(n) if n as u64 > limit => Some(Content::TooLarge(n as u64)),
        Ok(_) => Some(Content::Bytes(bytes)),
        Err(e) => Some(Content::Unreadable(e.to_string())),
    }
}

/// `a/b/c` from a path below `root`; non-UTF-8 bytes are shown escaped.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    // One String per path, not one per component: called for every entry of
    // a walk (4% of `check` on 1,000 charters, callgrind).
    let mut out = String::with_capacity(rel.as_os_str().len());
    for c in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&crate::paths::display_cow(c.as_os_str().as_encoded_bytes()));
    }
    out
}

impl Source for WorkTree {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn read_limited(&self, path: &str, limit: u64) -> Option<Content> {
        let escaped = self
            .escaped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned();
        read_path_limited(&escaped.unwrap_or_else(|| self.root.join(path)), limit)
    }

    fn list(&self, selector: &Selector) -> Result<Listing, SourceError> {
        let root = self.root.clone();
        let prune = selector.clone();
        // In parallel: on a tree of 10,000 charters the walk alone (a few
        // stats per folder for ignore files) took longer sequentially than
        // reading and parsing every charter on two threads.
        let walker = ignore::WalkBuilder::new(&self.root)
            .hidden(false)
            .follow_links(false)
            .require_git(true)
            .filter_entry(move |e| {
                if e.depth() == 0 {
                    return true;
                }
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                if is_dir && e.file_name() == ".git" {
                    return false;
                }
                !is_dir || prune.may_contain(&relative(&root, e.path()))
            })
            .build_parallel();
        let listing = Mutex::new(Listing::default());
        walker.run(|| {
            Box::new(|entry| {
                if let Some((rel, outcome)) = self.classify(selector, entry) {
                    let mut listing = listing.lock().unwrap_or_else(|e| e.into_inner());
                    match outcome {
                        Ok(()) => listing.paths.push(rel),
                        Err(why) => listing.skipped.push((rel, why)),
                    }
                }
                ignore::WalkState::Continue
            })
        });
        let mut listing = listing.into_inner().unwrap_or_else(|e| e.into_inner());
        listing.paths.sort();
        listing.skipped.sort();
        Ok(listing)
    }
}

impl WorkTree {
    /// What a walked entry is: `None` when not a charter, else its shown
    /// path and whether it is listed (`Ok`) or skipped with a reason.
    fn classify(
        &self,
        selector: &Selector,
        entry: Result<ignore::DirEntry, ignore::Error>,
    ) -> Option<(String, Result<(), String>)> {
        let entry = match entry {
            Ok(e) => e,
            // An unreadable folder: say so rather than pass in silence.
            Err(e) => return Some((String::new(), Err(e.to_string()))),
        };
        if entry.depth() == 0 {
            return None;
        }
        let rel = relative(&self.root, entry.path());
        if !selector.is_charter(&rel) {
            return None;
        }
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            return Some((rel, Err("a folder, not a file".into())));
        }
        if self.root.join(&rel) != entry.path() {
            let mut escaped = self.escaped.lock().unwrap_or_else(|e| e.into_inner());
            escaped.insert(rel.clone(), entry.path().to_path_buf());
        }
        Some((rel, Ok(())))
    }
}
