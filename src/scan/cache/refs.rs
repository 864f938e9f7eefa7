//! What a repository's revision names, read from its refs as git stores
//! them (`HEAD`, loose refs, `packed-refs`) without opening the repository:
//! a handful of small reads, where opening it with libgit2 reads its
//! configuration, lists its packs and maps their indexes. It is how a scan
//! with a cache tells that a repository has not changed.
//!
//! The answer is a fingerprint, not a resolution: it is only ever compared
//! with the fingerprint taken when an entry was written (and that entry
//! holds the commit libgit2 resolved then). Anything this reader does not
//! know for certain (a revision expression, an abbreviated id, a reftable,
//! an unreadable ref) gives no fingerprint, and the repository is opened
//! and resolved as without a cache.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A repository's ref stores: its git folder and the common folder shared
/// by its linked work trees (the same folder for most repositories).
pub struct Refs {
    git_dir: PathBuf,
    common: PathBuf,
    /// `packed-refs`, read when first needed: `None` not read yet.
    packed: std::cell::OnceCell<Option<Vec<u8>>>,
}

/// Symbolic refs followed at most (git stops at 5 too).
const MAX_DEPTH: usize = 5;

/// The largest loose ref (or `commondir`) read: one holds an id or a name.
const REF_LIMIT: usize = 4096;

/// The largest `packed-refs` read (a line per ref).
const PACKED_LIMIT: usize = 256 << 20;

/// The largest `shallow` or `info/grafts` file read (a line per commit).
const HISTORY_LIMIT: usize = 64 << 20;

/// A ref as stored.
enum Value {
    Id(String),
    Symbolic(String),
}

impl Refs {
    /// The ref stores of the repository at `path` (a work tree or a bare
    /// repository, as a scan finds it).
    pub fn of(path: &Path) -> Option<Refs> {
        let git_dir = crate::source::untrusted::git_dir(path).ok()?;
        let common = match read_small(&git_dir.join("commondir"), REF_LIMIT) {
            Ok(text) => {
                let text = std::str::from_utf8(&text).ok()?.trim();
                git_dir.join(text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => git_dir.clone(),
            Err(_) => return None,
        };
        Some(Refs {
            git_dir,
            common,
            packed: std::cell::OnceCell::new(),
        })
    }

    /// What `rev` names now, as a text to compare with an earlier one; `None`
    /// when this reader cannot tell for certain.
    pub fn fingerprint(&self, rev: &str) -> Option<String> {
        if rev == "HEAD" {
            return self.resolve("HEAD");
        }
        if is_full_id(rev) {
            return Some(rev.to_ascii_lowercase());
        }
        if !is_plain_name(rev) {
            return None;
        }
        // libgit2 (as git) tries these in turn and takes the first that
        // exists: the fingerprint holds them all, so that it changes
        // whichever one was taken.
        let candidates = [
            rev.to_string(),
            format!("refs/{rev}"),
            format!("refs/tags/{rev}"),
            format!("refs/heads/{rev}"),
            format!("refs/remotes/{rev}"),
            format!("refs/remotes/{rev}/HEAD"),
        ];
        let mut fingerprint = String::new();
        let mut any = false;
        for name in &candidates {
            match self.lookup(name, 0)? {
                Some(id) => {
                    any = true;
                    fingerprint.push_str(&id);
                }
                None => fingerprint.push('-'),
            }
            fingerprint.push(' ');
        }
        any.then_some(fingerprint)
    }

    /// What the history of a commit depends on besides the commit itself:
    /// the `shallow` and `info/grafts` files (a deepened clone has more
    /// history). `None` when they cannot be read.
    pub fn history_key(&self) -> Option<String> {
        let mut hash = Sha256::new();
        let mut any = false;
        for name in ["shallow", "info/grafts"] {
            match read_small(&self.common.join(name), HISTORY_LIMIT) {
                Ok(bytes) => {
                    any = true;
                    hash.update(name.as_bytes());
                    hash.update((bytes.len() as u64).to_le_bytes());
                    hash.update(&bytes);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(_) => return None,
            }
        }
        if !any {
            return Some("-".into());
        }
        Some(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The object id `name` resolves to, following symbolic refs; `None`
    /// inside when there is no such ref; `None` outside when it cannot be
    /// told.
    fn resolve(&self, name: &str) -> Option<String> {
        self.lookup(name, 0)?
    }

    fn lookup(&self, name: &str, depth: usize) -> Option<Option<String>> {
        if depth > MAX_DEPTH || !is_ref_name(name) {
            return None;
        }
        match self.read(name)? {
            None => Some(None),
            Some(Value::Id(id)) => Some(Some(id)),
            Some(Value::Symbolic(target)) => self.lookup(&target, depth + 1),
        }
    }

    /// A ref as stored: its loose file, or else its line in `packed-refs`.
    fn read(&self, name: &str) -> Option<Option<Value>> {
        let dir = if per_worktree(name) {
            &self.git_dir
        } else {
            &self.common
        };
        match read_small(&dir.join(name), REF_LIMIT) {
            Ok(bytes) => return parse(&bytes).map(Some),
            Err(e) if is_absent(&e) => {}
            Err(_) => return None,
        }
        if !name.starts_with("refs/") {
            return Some(None);
        }
        let packed = self
            .packed
            .get_or_init(
                || match read_small(&self.common.join("packed-refs"), PACKED_LIMIT) {
                    Ok(bytes) => Some(bytes),
                    Err(e) if is_absent(&e) => Some(Vec::new()),
                    Err(_) => None,
                },
            )
            .as_ref()?;
        for line in packed.split(|b| *b == b'\n') {
            if line.starts_with(b"#") || line.starts_with(b"^") {
                continue;
            }
            let Some(space) = line.iter().position(|b| *b == b' ') else {
                continue;
            };
            let (id, rest) = line.split_at(space);
            if &rest[1..] == name.as_bytes() {
                let id = std::str::from_utf8(id).ok()?;
                return is_full_id(id).then(|| Some(Value::Id(id.to_ascii_lowercase())));
            }
        }
        Some(None)
    }
}

/// A small file's bytes in as few system calls as can be (open, read,
/// close: a scan with a cache reads a few such files per repository, and
/// the calls are most of its time). A read shorter than asked is taken as
/// the end of the file, as it is for a regular file. A file larger than
/// `limit` is an error.
pub fn read_small(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt;
    // A FIFO (in a repository that is not ours) would block the open:
    // opened without blocking, it reads as empty.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let mut bytes = vec![0; 8192.min(limit + 1)];
    let mut len = 0;
    loop {
        if len > limit {
            return Err(std::io::Error::other(format!("larger than {limit} bytes")));
        }
        if len == bytes.len() {
            bytes.resize(len * 2, 0);
        }
        let asked = bytes.len() - len;
        let n = match file.read(&mut bytes[len..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        len += n;
        if n < asked {
            break;
        }
    }
    bytes.truncate(len);
    Ok(bytes)
}

/// A loose ref's content: an object id or `ref: NAME`.
fn parse(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?.trim_end();
    if let Some(target) = text.strip_prefix("ref:") {
        return Some(Value::Symbolic(target.trim().to_string()));
    }
    is_full_id(text).then(|| Value::Id(text.to_ascii_lowercase()))
}

fn is_absent(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound
            | std::io::ErrorKind::NotADirectory
            | std::io::ErrorKind::IsADirectory
    )
}

/// A whole SHA-1 or SHA-256 object id in hexadecimal.
fn is_full_id(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Refs kept per work tree (in the git folder, not the common one).
fn per_worktree(name: &str) -> bool {
    !name.starts_with("refs/")
        || ["refs/bisect/", "refs/worktree/", "refs/rewritten/"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// A name this reader looks up as it is: plain characters, no part that
/// is empty, starts with a dot or ends with `.lock`.
fn is_ref_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && !part.ends_with(".lock")
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.+".contains(&b))
        })
}

/// A revision that libgit2 resolves only as a ref name: no revision
/// syntax (`~`, `^`, `@`, `:`), nothing that may be read as an abbreviated
/// id or `git describe` output (`v1.0-3-gabc123`).
fn is_plain_name(rev: &str) -> bool {
    is_ref_name(rev)
        && !rev.bytes().all(|b| b.is_ascii_hexdigit())
        && !rev.contains("-g")
        && !rev.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> (tempfile::TempDir, Refs) {
        let dir = tempfile::tempdir().unwrap();
        for d in ["refs/heads", "refs/tags", "objects"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        let refs = Refs::of(dir.path()).unwrap();
        (dir, refs)
    }

    const A: &str = "a1bb9e330cb36c2a1e4826bc89631bc8a1bb9e33";
    const B: &str = "b1bb9e330cb36c2a1e4826bc89631bc8a1bb9e33";

    #[test]
    fn head_follows_loose_then_packed_refs() {
        let (dir, _) = repo();
        let write = |p: &str, t: &str| std::fs::write(dir.path().join(p), t).unwrap();
        write("HEAD", "ref: refs/heads/main\n");
        assert_eq!(Refs::of(dir.path()).unwrap().fingerprint("HEAD"), None);
        write(
            "packed-refs",
            &format!("# pack-refs with: peeled\n{A} refs/heads/main\n"),
        );
        let refs = Refs::of(dir.path()).unwrap();
        assert_eq!(refs.fingerprint("HEAD").as_deref(), Some(A));
        write("refs/heads/main", &format!("{B}\n"));
        let refs = Refs::of(dir.path()).unwrap();
        assert_eq!(refs.fingerprint("HEAD").as_deref(), Some(B));
        write("HEAD", &format!("{A}\n"));
        assert_eq!(
            Refs::of(dir.path()).unwrap().fingerprint("HEAD").as_deref(),
            Some(A)
        );
    }

    #[test]
    fn a_name_is_fingerprinted_by_every_place_it_may_be() {
        let (dir, refs) = repo();
        assert_eq!(refs.fingerprint("main"), None);
        std::fs::write(dir.path().join("refs/heads/main"), A).unwrap();
        let heads = Refs::of(dir.path()).unwrap().fingerprint("main").unwrap();
        std::fs::write(dir.path().join("refs/tags/main"), B).unwrap();
        let both = Refs::of(dir.path()).unwrap().fingerprint("main").unwrap();
        assert_ne!(heads, both, "a tag of the same name changes it");
        for expression in [
            "HEAD~1",
            "main^{tree}",
            "@{1}",
            "abc1234",
            "v1-2-gabc",
            "a..b",
        ] {
            assert_eq!(refs.fingerprint(expression), None, "{expression}");
        }
        assert_eq!(refs.fingerprint(A).as_deref(), Some(A));
    }

    #[test]
    fn a_fifo_for_a_ref_gives_no_fingerprint_and_does_not_block() {
        let (dir, _) = repo();
        let fifo = dir.path().join("HEAD");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        assert_eq!(Refs::of(dir.path()).unwrap().fingerprint("HEAD"), None);
    }

    #[test]
    fn shallow_and_grafts_change_the_history_key() {
        let (dir, refs) = repo();
        assert_eq!(refs.history_key().as_deref(), Some("-"));
        std::fs::write(dir.path().join("shallow"), format!("{A}\n")).unwrap();
        let shallow = refs.history_key().unwrap();
        assert_ne!(shallow, "-");
        std::fs::write(dir.path().join("shallow"), format!("{B}\n")).unwrap();
        assert_ne!(refs.history_key().unwrap(), shallow);
    }
}
