//! `scan --cache DIR`: what a scan learnt of each repository, kept for the
//! next scan, so that it reads again only the repositories that changed.
//!
//! An entry per repository (and revision) holds the [`Facts`] its check
//! read (never a finding), with what they were read from: the commit
//! libgit2 resolved, what the repository's refs said then (a fingerprint,
//! [`refs`]), its `shallow` and `info/grafts` files. The next scan replays
//! the facts through the same check, with its own day, configuration,
//! registry and levels, when the refs still say the same; a repository
//! whose refs moved is read as without a cache, its entry used only if it
//! still resolves to the entry's commit, and rewritten otherwise.
//!
//! Entries live in 256 shard files, `DIR/00` to `DIR/ff`, by the first
//! byte of the SHA-256 of the repository's absolute path and revision: a
//! scan of 10,000 repositories reads 256 files, not 10,000, and its first
//! run creates as few (a file per repository cost a first scan 7 s of
//! kernel time on ext4 allocating inodes, and 4,096 shards 4 s). Only the scan's own process reads and writes them
//! (its workers send back what they learnt). A shard is rewritten at the
//! end of a scan that learnt something of one of its repositories: read
//! again, the new entries laid over it, written to a temporary file beside
//! it and renamed, so that a scan running at the same time reads the old
//! shard or the new one, never half of one (two scans writing one shard at
//! once may lose the other's new entries: those repositories are read
//! again next time). Its first line carries the entry format, the
//! charterlint version and the SHA-256 of the rest: a shard that is
//! corrupt or of another version is read as no entry, with a warning; a
//! folder that cannot be written is a warning, and the scan goes on.

mod facts;
pub mod refs;

use std::collections::{BTreeMap, HashMap};
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

/// The first word of every shard.
const MAGIC: &str = "charterlint-scan-cache";

/// The entry format: a change of what is kept, or how, changes it.
const FORMAT: u32 = 1;

/// The charterlint that writes and reads entries.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The largest shard read.
const SHARD_LIMIT: usize = 4 << 30;

/// The cache of a scan.
pub struct Cache {
    dir: PathBuf,
    writable: bool,
    /// Relative repository paths are keyed from here.
    cwd: PathBuf,
    problems: Mutex<Vec<Problem>>,
}

/// Something wrong with the cache, for one warning per kind at the end of
/// the scan.
#[derive(Debug, Clone)]
enum Problem {
    /// The folder cannot be written: nothing of this scan is kept.
    Unwritable(String),
    /// A shard that is not what was written (its file, why).
    Corrupt(String, String),
    /// A shard of another charterlint or entry format.
    Foreign(String),
    /// A shard that could not be written (its file, why).
    Write(String, String),
}

/// What a scan learnt of a repository.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Learnt {
    /// The commit the facts were read from.
    pub commit: String,
    /// The refs' fingerprint when it was read (`None`: none could be taken).
    pub head: Option<String>,
    /// The `shallow` and `info/grafts` files then.
    pub history: String,
    pub facts: Facts,
}

/// What the reading of a repository knows of its entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub enum Prior {
    /// No usable entry: read the repository.
    #[default]
    None,
    /// An entry whose refs have moved: replay it if the repository still
    /// resolves to its commit.
    Compare(Box<Learnt>),
    /// An entry whose facts did not answer this scan's questions: read
    /// the repository, and keep what both know.
    Merge(Box<Learnt>),
}

/// An entry as a shard keeps it.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The repository's absolute path (its bytes, in base64).
    repo: String,
    rev: String,
    learnt: Learnt,
}

/// A repository's place in the cache.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    shard: u8,
    /// The repository's absolute path, as entries keep it.
    repo: String,
    rev: String,
}

impl Key {
    /// Its shard, `00` to `ff`.
    pub fn shard(&self) -> u8 {
        self.shard
    }
}

/// The entries of one shard, by repository and revision.
pub struct Shard {
    entries: HashMap<(String, String), Learnt>,
}

impl Shard {
    /// The entry of `key`, taken out.
    pub fn take(&mut self, key: &Key) -> Option<Learnt> {
        self.entries.remove(&(key.repo.clone(), key.rev.clone()))
    }
}

impl Cache {
    /// The cache in `dir`, created if need be. A folder that cannot be
    /// created or written is a problem (warned about), and the cache is
    /// then only read.
    pub fn open(dir: &Path) -> Cache {
        let mut cache = Cache {
            dir: dir.to_path_buf(),
            writable: true,
            cwd: std::env::current_dir().unwrap_or_default(),
            problems: Mutex::new(Vec::new()),
        };
        if let Err(e) = cache.prepare() {
            cache.writable = false;
            cache.problem(Problem::Unwritable(e.to_string()));
        }
        cache
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
        let probe = self.temp_file();
        std::fs::File::create(&probe)?;
        std::fs::remove_file(&probe)
    }

    fn problem(&self, problem: Problem) {
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(problem);
    }

    /// One warning per kind of problem met.
    pub fn warnings(&self) -> Vec<String> {
        let problems =
            std::mem::take(&mut *self.problems.lock().unwrap_or_else(|e| e.into_inner()));
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
                "cache {dir}: {} be used, corrupt or unreadable (first: {file}: {why}); the repositories kept there were read again",
                plural(corrupt.len(), "file cannot", "files cannot"),
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
                "cache {dir}: {} written by {by}, not charterlint {VERSION} (entry format {FORMAT}); the repositories kept there were read again",
                plural(foreign.len(), "file was", "files were"),
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
                "cache {dir}: {} be written (first: {file}: {why}); results are not affected",
                plural(failed.len(), "file could not", "files could not"),
            ));
        }
        warnings
    }

    /// The place of the repository at `repo` scanned at `rev`.
    pub fn key(&self, repo: &Path, rev: &str) -> Key {
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
        Key {
            shard: hash.finalize()[0],
            repo: base64::engine::general_purpose::STANDARD.encode(bytes),
            rev: rev.to_string(),
        }
    }

    fn shard_file(&self, shard: u8) -> PathBuf {
        self.dir.join(format!("{shard:02x}"))
    }

    /// The entries of a shard; none when it does not exist or cannot be
    /// used (a problem, warned about).
    pub fn read(&self, shard: u8) -> Shard {
        let file = self.shard_file(shard);
        let entries = match self.entries_of(&file) {
            Ok(entries) => entries,
            Err(problem) => {
                if let Some(problem) = problem {
                    self.problem(problem);
                }
                Vec::new()
            }
        };
        Shard {
            entries: entries
                .into_iter()
                .map(|e| ((e.repo, e.rev), e.learnt))
                .collect(),
        }
    }

    /// A shard file's entries, or the problem with it (`None`: there is
    /// no such file).
    fn entries_of(&self, file: &Path) -> Result<Vec<Entry>, Option<Problem>> {
        let bytes = match refs::read_small(file, SHARD_LIMIT) {
            Ok(b) => b,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(None);
            }
            Err(e) => return Err(Some(Problem::Corrupt(self.shown(file), e.to_string()))),
        };
        parse(&bytes).map_err(|unusable| {
            Some(match unusable {
                Unusable::Foreign(by) => Problem::Foreign(by),
                Unusable::Corrupt(why) => Problem::Corrupt(self.shown(file), why),
            })
        })
    }

    /// Keeps what was learnt: each shard concerned is read again (for what
    /// another scan may have written since), the new entries laid over it,
    /// and written.
    pub fn write(&self, learnt: Vec<(Key, Learnt)>) {
        if !self.writable || learnt.is_empty() {
            return;
        }
        let mut shards: BTreeMap<u8, Vec<(Key, Learnt)>> = BTreeMap::new();
        for (key, l) in learnt {
            shards.entry(key.shard).or_default().push((key, l));
        }
        use rayon::prelude::*;
        shards.into_par_iter().for_each(|(shard, new)| {
            let file = self.shard_file(shard);
            let mut entries: Vec<Entry> = self.entries_of(&file).unwrap_or_default();
            let mut at: HashMap<(String, String), usize> = entries
                .iter()
                .enumerate()
                .map(|(i, e)| ((e.repo.clone(), e.rev.clone()), i))
                .collect();
            for (key, learnt) in new {
                let entry = Entry {
                    repo: key.repo,
                    rev: key.rev,
                    learnt,
                };
                match at.get(&(entry.repo.clone(), entry.rev.clone())) {
                    Some(&i) => entries[i] = entry,
                    None => {
                        at.insert((entry.repo.clone(), entry.rev.clone()), entries.len());
                        entries.push(entry);
                    }
                }
            }
            let written = serde_json::to_vec(&entries)
                .map_err(std::io::Error::other)
                .and_then(|body| {
                    let sum = hex(&Sha256::digest(&body));
                    let mut bytes = format!("{MAGIC} {FORMAT} {VERSION} {sum}\n").into_bytes();
                    bytes.extend_from_slice(&body);
                    self.write_atomically(&file, &bytes)
                });
            if let Err(e) = written {
                self.problem(Problem::Write(self.shown(&file), e.to_string()));
            }
        });
    }

    /// Writes `bytes` to a new file in the folder, then renames it to
    /// `path`: a reader sees the old file or the new one.
    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let temp = self.temp_file();
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
    fn temp_file(&self) -> PathBuf {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        self.dir.join(format!(".tmp-{}-{n}", std::process::id()))
    }

    fn shown(&self, file: &Path) -> String {
        let rel = file.strip_prefix(&self.dir).unwrap_or(file);
        crate::paths::display_os(rel.as_os_str())
    }
}

/// What a scan does with a repository, given its entry: replay it when its
/// refs say what they said when it was written, or read the repository.
pub fn probe(found: &Found, rev: &str, entry: Option<Learnt>) -> Result<Box<Learnt>, Prior> {
    let Some(learnt) = entry.filter(|_| found.problem.is_none()) else {
        return Err(Prior::None);
    };
    let unchanged = learnt.head.is_some()
        && Refs::of(&found.path).is_some_and(|refs| {
            refs.fingerprint(rev) == learnt.head
                && refs.history_key().as_ref() == Some(&learnt.history)
        });
    if unchanged {
        Ok(Box::new(learnt))
    } else {
        Err(Prior::Compare(Box::new(learnt)))
    }
}

/// Why a shard cannot be used.
enum Unusable {
    /// Written by another charterlint (or format): which.
    Foreign(String),
    Corrupt(String),
}

fn parse(bytes: &[u8]) -> Result<Vec<Entry>, Unusable> {
    let corrupt = |why: &str| Unusable::Corrupt(why.to_string());
    let newline = memchr::memchr(b'\n', bytes).ok_or_else(|| corrupt("no header line"))?;
    let (header, body) = (&bytes[..newline], &bytes[newline + 1..]);
    let header = std::str::from_utf8(header).map_err(|_| corrupt("header is not text"))?;
    let mut words = header.split(' ');
    if words.next() != Some(MAGIC) {
        return Err(corrupt("not a charterlint cache file"));
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
