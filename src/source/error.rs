//! Why a source (a commit, the index, a repository of a scan) could not be
//! opened or listed. The messages are the ones the user reads.

use git2::Oid;

/// Why a source could not be opened or listed.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("unknown revision `{rev}`: {}{}", .source.message(), shallow_hint(*.shallow))]
    UnknownRevision {
        rev: String,
        source: git2::Error,
        shallow: bool,
    },
    #[error("`{rev}` does not name a commit: {}", .source.message())]
    NotACommit { rev: String, source: git2::Error },
    #[error("cannot read commit {commit}: {}", .source.message())]
    Commit { commit: Oid, source: git2::Error },
    #[error("cannot read tree {tree}: {}", .source.message())]
    Tree { tree: Oid, source: git2::Error },
    #[error("cannot read folder {path}: {}", .source.message())]
    Folder { path: String, source: git2::Error },
    #[error("GIT_INDEX_FILE names {0}, which does not exist")]
    NoIndexFile(String),
    /// (The cause is gix-index's, on one line.)
    #[error("cannot read the index {path}: {cause}")]
    IndexFile { path: String, cause: String },
    #[error("{0} is a bare repository: it has no index to check (use --rev)")]
    Bare(String),
    #[error("cannot read the index: {0}")]
    Index(String),
    #[error(
        "the index has unresolved merge conflicts in {}; resolve them (and `git add` the result) before checking",
        .0.join(", ")
    )]
    Conflicts(Vec<String>),
    /// A registry in another repository (`{ repo, rev, path }`).
    #[error("cannot open the repository {repo}: {}", .source.message())]
    OtherRepository { repo: String, source: git2::Error },
    #[error("in the repository {repo}: {source}")]
    InOtherRepository {
        repo: String,
        source: Box<SourceError>,
    },
    #[error("cannot read commit {commit} in {repo}: {}", .source.message())]
    CommitIn {
        commit: Oid,
        repo: String,
        source: git2::Error,
    },
    #[error("the repository {repo} has no file {path} at `{rev}`")]
    NoFile {
        repo: String,
        path: String,
        rev: String,
    },
    /// A repository of a scan.
    #[error("cannot open the repository: {}", .0.message())]
    Open(git2::Error),
    #[error("cannot read its .git file: {0}")]
    DotGit(std::io::Error),
    #[error("its .git file is not a link to a git folder (`gitdir: PATH`)")]
    DotGitNotALink,
    #[error("its .git file points to {0}, which does not exist")]
    DotGitTarget(String),
    #[error("HEAD's commit {id} cannot be read: {}", .source.message())]
    HeadCommit { id: Oid, source: git2::Error },
    #[error("cannot read its refs: {}", .0.message())]
    Refs(git2::Error),
    #[error("HEAD points to `{0}`, which does not exist (the repository has other refs)")]
    HeadMissing(String),
    #[error("HEAD cannot be read: {}", .0.message())]
    Head(git2::Error),
    /// A folder a scan was given.
    #[error("cannot scan {dir}: {source}")]
    Scan { dir: String, source: std::io::Error },
    #[error("cannot scan {0}: not a folder")]
    NotAFolder(String),
}

fn shallow_hint(shallow: bool) -> &'static str {
    if shallow { SHALLOW_HINT } else { "" }
}

/// What to do about history a shallow clone lacks.
pub const SHALLOW_HINT: &str = "; this is a shallow clone, so the history may simply not have been fetched: fetch more (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)";
