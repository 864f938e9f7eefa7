//! What a scan learnt of a repository: every answer its tree and history
//! gave to the check (the listing of its charters under the globs asked,
//! each file read, when each charter last changed), recorded as the check
//! asks, and served back to the same check later. Only what was read is
//! kept, never a finding: the check runs again on these facts with the
//! day, configuration, registry and levels of the scan that replays them,
//! so its findings are those of a scan that reads the repository again.
//!
//! A replay that is asked something the recording was not (other globs,
//! another registry path, history that was not read) says so
//! ([`Replay::missed`]) and its result is thrown away: the repository is
//! read again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::engine::{FileHistory, History};
use crate::rules::LastChange;
use crate::select::Selector;
use crate::source::{Content, Listing, Source, SourceError};

/// The answers a repository's tree (at one commit) and its history gave.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Facts {
    /// How the source describes itself (the receipt's "commit 1a2b3c4 (HEAD)").
    describe: String,
    #[serde(default)]
    lists: Vec<ListFact>,
    #[serde(default)]
    reads: Vec<ReadFact>,
    /// `has_file` answers.
    #[serde(default)]
    files: Vec<(String, bool)>,
    /// When the charters asked about last changed; `None` when history was
    /// not read.
    #[serde(default)]
    history: Option<HistoryFact>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ListFact {
    include: Vec<String>,
    exclude: Vec<String>,
    paths: Vec<String>,
    skipped: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ReadFact {
    path: String,
    limit: u64,
    /// `None`: nothing at that path.
    content: Option<Stored>,
}

/// A file's content as kept: text as it is, other bytes in base64.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Stored {
    Text(String),
    Bytes(String),
    TooLarge(u64),
    Symlink(String),
    Submodule,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct HistoryFact {
    /// Every path history was asked about.
    asked: Vec<String>,
    /// The last change of those that have one.
    changes: Vec<ChangeFact>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ChangeFact {
    path: String,
    commit: String,
    /// Days since 1970-01-01.
    days: i64,
    later_commits: bool,
}

impl Stored {
    /// `None` for what is not kept: a file that could not be read.
    fn of(content: &Content) -> Option<Stored> {
        Some(match content {
            Content::Bytes(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => Stored::Text(text.to_string()),
                Err(_) => Stored::Bytes(base64::engine::general_purpose::STANDARD.encode(bytes)),
            },
            Content::TooLarge(size) => Stored::TooLarge(*size),
            Content::Symlink(target) => Stored::Symlink(target.clone()),
            Content::Submodule => Stored::Submodule,
            Content::Unreadable(_) => return None,
        })
    }

    fn content(&self) -> Option<Content> {
        Some(match self {
            Stored::Text(text) => Content::Bytes(text.as_bytes().to_vec()),
            Stored::Bytes(b64) => {
                Content::Bytes(base64::engine::general_purpose::STANDARD.decode(b64).ok()?)
            }
            Stored::TooLarge(size) => Content::TooLarge(*size),
            Stored::Symlink(target) => Content::Symlink(target.clone()),
            Stored::Submodule => Content::Submodule,
        })
    }
}

impl Facts {
    /// Adds what `older` knows and these facts do not: both were read from
    /// the same commit, so they cannot disagree, and a replay under either
    /// configuration finds its answers.
    pub fn absorb(&mut self, older: Facts) {
        for list in older.lists {
            if !self
                .lists
                .iter()
                .any(|l| l.include == list.include && l.exclude == list.exclude)
            {
                self.lists.push(list);
            }
        }
        for read in older.reads {
            if !self
                .reads
                .iter()
                .any(|r| r.path == read.path && r.limit == read.limit)
            {
                self.reads.push(read);
            }
        }
        for (path, is_file) in older.files {
            if !self.files.iter().any(|(p, _)| *p == path) {
                self.files.push((path, is_file));
            }
        }
        match (&mut self.history, older.history) {
            (None, older) => self.history = older,
            (Some(now), Some(older)) => {
                for path in older.asked {
                    if !now.asked.contains(&path) {
                        if let Some(change) = older.changes.iter().find(|c| c.path == path) {
                            now.changes.push(change.clone());
                        }
                        now.asked.push(path);
                    }
                }
            }
            (Some(_), None) => {}
        }
    }
}

/// A source that answers as `inner` does and keeps every answer.
pub struct Recording<'a> {
    inner: &'a dyn Source,
    log: Mutex<Log>,
}

#[derive(Default)]
struct Log {
    facts: Facts,
    /// Something was read that is not kept (an unreadable file, a listing
    /// or history that failed): the facts are incomplete.
    incomplete: bool,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Source) -> Recording<'a> {
        let log = Log {
            facts: Facts {
                describe: inner.describe(),
                ..Facts::default()
            },
            incomplete: false,
        };
        Recording {
            inner,
            log: Mutex::new(log),
        }
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The history of the same repository, recorded alongside.
    pub fn history<H: History>(&self, inner: H) -> RecordingHistory<'_, 'a, H> {
        RecordingHistory {
            inner,
            recording: self,
        }
    }

    /// The facts, if every answer could be kept.
    pub fn into_facts(self) -> Option<Facts> {
        let log = self.log.into_inner().unwrap_or_else(|e| e.into_inner());
        (!log.incomplete).then_some(log.facts)
    }
}

impl Source for Recording<'_> {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn read_limited(&self, path: &str, limit: u64) -> Option<Content> {
        let content = self.inner.read_limited(path, limit);
        let stored = match &content {
            None => Some(None),
            Some(c) => Stored::of(c).map(Some),
        };
        let mut log = self.log();
        match stored {
            Some(content) => log.facts.reads.push(ReadFact {
                path: path.to_string(),
                limit,
                content,
            }),
            None => log.incomplete = true,
        }
        content
    }

    fn has_file(&self, path: &str) -> bool {
        let answer = self.inner.has_file(path);
        self.log().facts.files.push((path.to_string(), answer));
        answer
    }

    fn list(&self, selector: &Selector) -> Result<Listing, SourceError> {
        let listing = self.inner.list(selector);
        let mut log = self.log();
        match &listing {
            Ok(listing) => {
                let (include, exclude) = selector.globs();
                log.facts.lists.push(ListFact {
                    include: include.to_vec(),
                    exclude: exclude.to_vec(),
                    paths: listing.paths.clone(),
                    skipped: listing.skipped.clone(),
                });
            }
            Err(_) => log.incomplete = true,
        }
        listing
    }
}

/// A history that answers as `inner` does, its answers kept with the
/// recording's facts.
pub struct RecordingHistory<'r, 'a, H> {
    inner: H,
    recording: &'r Recording<'a>,
}

impl<H: History> History for RecordingHistory<'_, '_, H> {
    type Error = H::Error;

    fn of(&self, paths: &[String]) -> Result<HashMap<String, FileHistory>, H::Error> {
        let answer = self.inner.of(paths);
        let mut log = self.recording.log();
        match &answer {
            // A scan reads only when charters last changed; anything more
            // (a base version) is not kept.
            Ok(known) if known.values().all(|h| h.base.is_none()) => {
                let fact = log.facts.history.get_or_insert_with(HistoryFact::default);
                for path in paths {
                    if fact.asked.contains(path) {
                        continue;
                    }
                    fact.asked.push(path.clone());
                    if let Some(change) = known.get(path).and_then(|h| h.last_change.as_ref()) {
                        fact.changes.push(ChangeFact {
                            path: path.clone(),
                            commit: change.commit.clone(),
                            days: change.date.days(),
                            later_commits: change.later_commits,
                        });
                    }
                }
            }
            _ => log.incomplete = true,
        }
        answer
    }
}

/// A source (and history) that answers from recorded facts.
pub struct Replay<'a> {
    facts: &'a Facts,
    missed: AtomicBool,
}

impl<'a> Replay<'a> {
    pub fn new(facts: &'a Facts) -> Replay<'a> {
        Replay {
            facts,
            missed: AtomicBool::new(false),
        }
    }

    /// Was something asked that the facts do not know? Then what was
    /// checked from them is not the repository's.
    pub fn missed(&self) -> bool {
        self.missed.load(Ordering::Relaxed)
    }

    fn miss<T>(&self, answer: T) -> T {
        self.missed.store(true, Ordering::Relaxed);
        answer
    }

    /// The history, from the same facts.
    pub fn history(&self) -> ReplayHistory<'_, 'a> {
        ReplayHistory { replay: self }
    }
}

impl Source for Replay<'_> {
    fn describe(&self) -> String {
        self.facts.describe.clone()
    }

    fn read_limited(&self, path: &str, limit: u64) -> Option<Content> {
        let Some(read) = self
            .facts
            .reads
            .iter()
            .find(|r| r.path == path && r.limit == limit)
        else {
            return self.miss(None);
        };
        match &read.content {
            None => None,
            Some(stored) => match stored.content() {
                Some(content) => Some(content),
                None => self.miss(None),
            },
        }
    }

    fn has_file(&self, path: &str) -> bool {
        match self.facts.files.iter().find(|(p, _)| p == path) {
            Some((_, answer)) => *answer,
            None => self.miss(false),
        }
    }

    fn list(&self, selector: &Selector) -> Result<Listing, SourceError> {
        let (include, exclude) = selector.globs();
        match self
            .facts
            .lists
            .iter()
            .find(|l| l.include == include && l.exclude == exclude)
        {
            Some(l) => Ok(Listing {
                paths: l.paths.clone(),
                skipped: l.skipped.clone(),
            }),
            None => Ok(self.miss(Listing::default())),
        }
    }
}

/// The recorded history.
pub struct ReplayHistory<'r, 'a> {
    replay: &'r Replay<'a>,
}

impl History for ReplayHistory<'_, '_> {
    type Error = std::convert::Infallible;

    fn of(&self, paths: &[String]) -> Result<HashMap<String, FileHistory>, Self::Error> {
        let Some(fact) = &self.replay.facts.history else {
            return Ok(self.replay.miss(HashMap::new()));
        };
        if !paths.iter().all(|p| fact.asked.contains(p)) {
            return Ok(self.replay.miss(HashMap::new()));
        }
        Ok(fact
            .changes
            .iter()
            .filter(|c| paths.contains(&c.path))
            .map(|c| {
                let change = LastChange {
                    commit: c.commit.clone(),
                    date: Date::from_unix_seconds(c.days.saturating_mul(86_400)),
                    later_commits: c.later_commits,
                };
                (
                    c.path.clone(),
                    FileHistory {
                        base: None,
                        last_change: Some(change),
                    },
                )
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::source::memory::Memory;

    fn tree() -> Memory {
        Memory::new()
            .with("charter.toml", "charter = 1\n")
            .with("a/b.charter.toml", b"\xff\xfe".to_vec())
            .with("README.md", "hello")
    }

    #[test]
    fn a_replay_answers_what_was_read_and_notices_what_was_not() {
        let memory = tree();
        let recording = Recording::new(&memory);
        let selector = Config::default().selector();
        let listed = recording.list(&selector).unwrap();
        let bytes = recording.read("a/b.charter.toml");
        assert_eq!(recording.read("missing.toml"), None);
        assert!(recording.has_file("README.md"));
        let facts = recording.into_facts().unwrap();
        // Kept as a cache keeps it.
        let facts: Facts = serde_json::from_str(&serde_json::to_string(&facts).unwrap()).unwrap();

        let replay = Replay::new(&facts);
        assert_eq!(replay.list(&selector).unwrap().paths, listed.paths);
        assert_eq!(replay.read("a/b.charter.toml"), bytes);
        assert_eq!(replay.read("missing.toml"), None);
        assert!(replay.has_file("README.md"));
        assert_eq!(replay.describe(), "memory");
        assert!(!replay.missed());

        let replay = Replay::new(&facts);
        replay.read("README.md");
        assert!(replay.missed(), "a file the recording did not read");
        let replay = Replay::new(&facts);
        let other = crate::select::Selector::new(&["**/*.toml".into()], &[]);
        replay.list(&other).unwrap();
        assert!(replay.missed(), "other globs");
        let replay = Replay::new(&facts);
        replay.read_limited("charter.toml", 1);
        assert!(replay.missed(), "another limit");
        let replay = Replay::new(&facts);
        assert!(
            replay
                .history()
                .of(&["charter.toml".into()])
                .unwrap()
                .is_empty()
        );
        assert!(replay.missed(), "history that was not read");
    }

    #[test]
    fn an_unreadable_file_leaves_nothing_to_keep() {
        struct Broken;
        impl Source for Broken {
            fn describe(&self) -> String {
                "broken".into()
            }
            fn read_limited(&self, _: &str, _: u64) -> Option<Content> {
                Some(Content::Unreadable("object missing".into()))
            }
            fn list(&self, _: &Selector) -> Result<Listing, SourceError> {
                Ok(Listing::default())
            }
        }
        let recording = Recording::new(&Broken);
        recording.read("charter.toml");
        assert!(recording.into_facts().is_none());
    }

    #[test]
    fn facts_of_two_configurations_of_one_commit_add_up() {
        let memory = tree();
        let first = Recording::new(&memory);
        first.read("charter.toml");
        let second = Recording::new(&memory);
        second.read("README.md");
        let mut facts = second.into_facts().unwrap();
        facts.absorb(first.into_facts().unwrap());
        let replay = Replay::new(&facts);
        replay.read("charter.toml");
        replay.read("README.md");
        assert!(!replay.missed());
    }
}
