//! `scan --cache DIR`: what a scan learnt of each repository, kept for the
//! next scan, so that it reads again only the repositories that changed.
//!
//! An entry per repository (and revision) holds the [`Facts`] its check
//! read (never a finding), keyed by what they were read from: the commit
//! libgit2 resolved, what the repository's refs said then (a fingerprint,
//! [`refs`]), its `shallow` and `info/grafts` files, the charterlint version
//! and the entry format. The next scan replays the facts through the same
//! check, with its own day, configuration, registry and levels; a
//! repository whose refs say something else is opened, and replayed only
//! if it resolves to the same commit, else read again and its entry
//! rewritten.
//!
//! An entry is a file `DIR/ab/cdef…` (the SHA-256 of the repository's
//! absolute path and the revision), written to a temporary file beside it
//! and renamed, so that a scan running at the same time reads the old
//! entry or the new one, never half of one. Its first line carries the
//! format, the version and the SHA-256 of the rest: an entry that is
//! corrupt or of another version is read as no entry, with a warning; a
//! folder that cannot be written is a warning, and the scan goes on.

mod facts;
pub mod refs;

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::source::discover::Found;

pub use facts::{Facts, Recording, Replay};
use refs::Refs;

/// The first word of every entry.
const MAGIC: &str = "charterlint-scan-cache";

/// The entry format: a change of what is kept, or how, changes it.
const FORMAT: u32 = 1;

/// The largest entry read: more than the largest registry and a few
/// hundred charters of the largest size.
const ENTRY_LIMIT: usize = 1 << 30;

/// The charterlint that writes and reads entries.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The cache of a scan (or of one of its workers).
pub struct Cache {
    dir: PathBuf,
    writable: bool,
    /// Relative repository paths are keyed from here.
    cwd: PathBuf,
    problems: Mutex<Vec<Problem>>,
}

/// Something wrong with the cache, for one warning per kind at the end of
/// the scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Problem {
    /// The folder cannot be written: nothing of this scan is kept.
    Unwritable(String),
    /// An entry that is not what was written (its file, why).
    Corrupt(String, String),
    /// An entry of another charterlint or entry format.
    Foreign(String),
    /// An entry that could not be written (its file, why).
    Write(String, String),
}

/// What a scan does with a repository, given its entry.
pub enum Probe {
    /// Unchanged: replay these facts.
    Hit(Box<Entry>),
    /// Read it (and keep what was read).
    Read(Prior),
}

/// What the reading of a repository knows of its entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Prior {
    /// No usable entry: read the repository.
    #[default]
    None,
    /// An entry whose refs have moved: replay it if the repository still
    /// resolves to its commit.
    Compare,
    /// An entry whose facts did not answer this scan's questions: read
    /// the repository, and keep both.
    Merge,
}

/// What is kept of a repository.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    /// The repository's absolute path (its bytes, in base64).
    repo: String,
    rev: String,
    /// The commit the facts were read from.
    pub commit: String,
    /// The refs' fingerprint when it was read (`None`: none could be taken).
    pub head: Option<String>,
    /// The `shallow` and `info/grafts` files then.
    pub history: String,
    pub facts: Facts,
}

/// A repository's place in the cache.
struct Key {
    /// The entry's file.
    file: PathBuf,
    /// The repository's absolute path, as the entry keeps it.
    repo: String,
}

impl Cache {
    /// The cache in `dir`, created if need be. A folder that cannot be
    /// created or written is a problem (warned about), and the cache is
    /// then only read.
    pub fn open(dir: &Path) -> Cache {
        let mut cache = Cache::new(dir, true);
        if let Err(e) = cache.prepare() {
            cache.writable = false;
            cache.problem(Problem::Unwritable(e.to_string()));
        }
        cache
    }

    /// The cache of a scan worker: as the scan opened it.
    pub fn new(dir: &Path, writable: bool) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
            writable,
            cwd: std::env::current_dir().unwrap_or_default(),
            problems: Mutex::new(Vec::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn writable(&self) -> bool {
        self.writable
    }

    /// Creates the folder (private to its owner: it holds what the
    /// repositories hold) and proves that it can be written.
    fn prepare(&self) -> std::io::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)?;
        let tag = self.dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            // The tag that backup and archiving tools skip a cache by
            // (https://bford.info/cachedir/).
            self.write_atomically(
                &tag,
                b"Signature: 8a477f597d28d172789f06886806bc55\n\
                  # This folder is a cache of `charterlint scan --cache`; it can be deleted.\n",
            )?;
        }
        let probe = self.temp_file(&self.dir);
        std::fs::File::create(&probe)?;
        std::fs::remove_file(&probe)
    }

    fn problem(&self, problem: Problem) {
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(problem);
    }

    /// The problems met since the last call.
    pub fn take_problems(&self) -> Vec<Problem> {
        std::mem::take(&mut *self.problems.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Problems met elsewhere (by a worker).
    pub fn add_problems(&self, problems: Vec<Problem>) {
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(problems);
    }

    /// One warning per kind of problem met.
    pub fn warnings(&self) -> Vec<String> {
        let problems = self.take_problems();
        let dir = crate::paths::display_os(self.dir.as_os_str());
        let mut warnings = Vec::new();
        if let Some(why) = problems.iter().find_map(|p| match p {
            Problem::Unwritable(why) => Some(why),
            _ => None,
        }) {
            warnings.push(format!(
                "cache {dir} cannot be written ({why}): what this scan read is not kept; its results are not affected"
            ));
        }
        let corrupt: Vec<_> = problems
            .iter()
            .filter_map(|p| match p {
                Problem::Corrupt(file, why) => Some((file, why)),
                _ => None,
            })
            .collect();
        if let Some((file, why)) = corrupt.first() {
            warnings.push(format!(
                "cache {dir}: {} be used, corrupt or unreadable (first: {file}: {why}); {} read again",
                plural(corrupt.len(), "entry cannot", "entries cannot"),
                if corrupt.len() == 1 { "its repository was" } else { "their repositories were" },
            ));
        }
        let foreign: Vec<_> = problems
            .iter()
            .filter_map(|p| match p {
                Problem::Foreign(by) => Some(by),
                _ => None,
            })
            .collect();
        if let Some(by) = foreign.first() {
            warnings.push(format!(
                "cache {dir}: {} written by {by}, not charterlint {VERSION} (entry format {FORMAT}); {} read again and {} rewritten",
                plural(foreign.len(), "entry was", "entries were"),
                if foreign.len() == 1 { "its repository was" } else { "their repositories were" },
                if foreign.len() == 1 { "the entry" } else { "the entries" },
            ));
        }
        let failed: Vec<_> = problems
            .iter()
            .filter_map(|p| match p {
                Problem::Write(file, why) => Some((file, why)),
                _ => None,
            })
            .collect();
        if let Some((file, why)) = failed.first() {
            warnings.push(format!(
                "cache {dir}: {} could not be written (first: {file}: {why}); results are not affected",
                plural(failed.len(), "entry", "entries"),
            ));
        }
        warnings
    }

    fn key(&self, repo: &Path, rev: &str) -> Key {
        let absolute: PathBuf = if repo.is_absolute() {
            repo.components().collect()
        } else {
            self.cwd.join(repo).components().collect()
        };
        let bytes = absolute.as_os_str().as_bytes();
        let mut hash = Sha256::new();
        hash.update(bytes);
        hash.update([0]);
        hash.update(rev.as_bytes());
        let hex = hex(&hash.finalize());
        Key {
            file: self.dir.join(&hex[..2]).join(&hex[2..]),
            repo: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    /// What a scan does with the repository `found` at `rev`: replay its
    /// entry when its refs are as they were, or read it.
    pub fn probe(&self, found: &Found, rev: &str) -> Probe {
        if found.problem.is_some() {
            return Probe::Read(Prior::None);
        }
        let Some(entry) = self.read(&found.path, rev) else {
            return Probe::Read(Prior::None);
        };
        let unchanged = entry.head.is_some()
            && Refs::of(&found.path).is_some_and(|refs| {
                refs.fingerprint(rev) == entry.head
                    && refs.history_key().as_ref() == Some(&entry.history)
            });
        if unchanged {
            Probe::Hit(Box::new(entry))
        } else {
            Probe::Read(Prior::Compare)
        }
    }

    /// The entry of the repository at `repo` and `rev`, if there is a
    /// usable one.
    pub fn read(&self, repo: &Path, rev: &str) -> Option<Entry> {
        let key = self.key(repo, rev);
        let bytes = match refs::read_small(&key.file, ENTRY_LIMIT) {
            Ok(b) => b,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return None;
            }
            Err(e) => {
                self.problem(Problem::Corrupt(self.shown(&key.file), e.to_string()));
                return None;
            }
        };
        match parse(&bytes) {
            Ok(entry) if entry.repo == key.repo && entry.rev == rev => Some(entry),
            // Another repository's entry under the same hash: never seen.
            Ok(_) => None,
            Err(Unusable::Foreign(by)) => {
                self.problem(Problem::Foreign(by));
                None
            }
            Err(Unusable::Corrupt(why)) => {
                self.problem(Problem::Corrupt(self.shown(&key.file), why));
                None
            }
        }
    }

    /// Keeps what was read of the repository at `repo` and `rev`.
    pub fn write(
        &self,
        repo: &Path,
        rev: &str,
        commit: String,
        head: Option<String>,
        history: String,
        facts: Facts,
    ) {
        if !self.writable {
            return;
        }
        let key = self.key(repo, rev);
        let entry = Entry {
            repo: key.repo,
            rev: rev.to_string(),
            commit,
            head,
            history,
            facts,
        };
        let written = serde_json::to_vec(&entry)
            .map_err(std::io::Error::other)
            .and_then(|body| {
                let mut bytes = format!(
                    "{MAGIC} {FORMAT} {VERSION} {}\n",
                    hex(&Sha256::digest(&body))
                )
                .into_bytes();
                bytes.extend_from_slice(&body);
                if let Some(shard) = key.file.parent() {
                    std::fs::create_dir_all(shard)?;
                }
                self.write_atomically(&key.file, &bytes)
            });
        if let Err(e) = written {
            self.problem(Problem::Write(self.shown(&key.file), e.to_string()));
        }
    }

    /// Writes `bytes` to a new file beside `path`, then renames it to
    /// `path`: a reader sees the old file or the new one.
    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(&self.dir);
        let temp = self.temp_file(dir);
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .and_then(|mut f| f.write_all(bytes))
            .and_then(|()| std::fs::rename(&temp, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }

    /// A name no other writer uses: this process's id and a counter.
    fn temp_file(&self, dir: &Path) -> PathBuf {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        dir.join(format!(".tmp-{}-{n}", std::process::id()))
    }

    fn shown(&self, file: &Path) -> String {
        let rel = file.strip_prefix(&self.dir).unwrap_or(file);
        crate::paths::display_os(rel.as_os_str())
    }
}

/// Why an entry cannot be used.
enum Unusable {
    /// Written by another charterlint (or format): its version.
    Foreign(String),
    Corrupt(String),
}

fn parse(bytes: &[u8]) -> Result<Entry, Unusable> {
    let corrupt = |why: &str| Unusable::Corrupt(why.to_string());
    let newline = memchr::memchr(b'\n', bytes).ok_or_else(|| corrupt("no header line"))?;
    let (header, body) = (&bytes[..newline], &bytes[newline + 1..]);
    let header = std::str::from_utf8(header).map_err(|_| corrupt("header is not text"))?;
    let mut words = header.split(' ');
    if words.next() != Some(MAGIC) {
        return Err(corrupt("not a charterlint cache entry"));
    }
    let (Some(format), Some(version), Some(sum), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(corrupt("header is not `format version checksum`"));
    };
    if format != FORMAT.to_string() || version != VERSION {
        return Err(Unusable::Foreign(format!(
            "charterlint {} (entry format {})",
            crate::text::visible(version),
            crate::text::visible(format)
        )));
    }
    if hex(&Sha256::digest(body)) != sum {
        return Err(corrupt("checksum does not match"));
    }
    serde_json::from_slice(body).map_err(|e| Unusable::Corrupt(e.to_string()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
