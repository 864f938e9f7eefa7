//! Sources of files: the working tree, the git index, a commit, a repository
//! in a scan. A source hands out plain data — paths and bytes — and knows
//! nothing of charters or rules.

pub mod discover;
mod error;
pub mod git;
pub mod log;
pub mod memory;
pub mod overlay;
pub mod untrusted;
pub mod worktree;

use crate::select::Selector;

pub use error::{SHALLOW_HINT, SourceError};

/// The largest file read as a charter, registry or config. Larger ones are
/// reported without being read.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The largest OKR registry read: a company's registry can hold 100,000
/// objectives (about 12 MiB).
pub const MAX_REGISTRY_SIZE: u64 = 64 * 1024 * 1024;

/// What is at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Larger than `MAX_FILE_SIZE`: its size, not read.
    TooLarge(u64),
    /// A symbolic link (never followed), with its target.
    Symlink(String),
    /// A submodule entry in a git tree.
    Submodule,
    /// Could not be read; the reason.
    Unreadable(String),
}

impl Content {
    /// The text of a file that holds UTF-8 text; `None` for anything else
    /// (links, submodules, files too large or unreadable are never text).
    pub fn into_text(self) -> Option<String> {
        match self {
            Content::Bytes(bytes) => String::from_utf8(bytes).ok(),
            _ => None,
        }
    }
}

/// The charters a source holds, and what it passed over.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    pub paths: Vec<String>,
    /// Paths that look like charters but are not files (a folder named
    /// `charter.toml`), with the reason.
    pub skipped: Vec<(String, String)>,
}

pub trait Source: Sync {
    /// How the receipt names it: "the working tree", "the index", "commit 1a2b3c4".
    fn describe(&self) -> String;

    /// A file by its path relative to the root (for the config and registry);
    /// `None` if there is nothing there.
    fn read(&self, path: &str) -> Option<Content> {
        self.read_limited(path, MAX_FILE_SIZE)
    }

    /// Is there a file (not a folder) at `path`? Cheaper than `read`: the
    /// index and trees answer from their entries, without reading the blob.
    fn has_file(&self, path: &str) -> bool {
        self.read(path).is_some()
    }

    /// Like `read`, with another size limit (for the registry).
    fn read_limited(&self, path: &str, limit: u64) -> Option<Content>;

    /// Every charter path (relative, with `/`) the selector accepts, sorted.
    fn list(&self, selector: &Selector) -> Result<Listing, SourceError>;
}
