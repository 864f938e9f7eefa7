//! The checker: files from a source in, findings out. One path for every use
//! (working tree, index, commit, scanned repository): a tree is checked file
//! by file in parallel, then the runs' trees are finished together, where the
//! cross-charter rules, waivers and configured severities apply.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::charter::{self, Charter};
use crate::codeowners::{self, CodeOwners};
use crate::config::Config;
use crate::date::Date;
use crate::finding::{Finding, Place, sort_findings};
use crate::levels::Levels;
use crate::record::{Anchor, Anchors, CharterRecord};
use crate::registry::Registry;
use crate::rules::{
    self, Context, Draft, Emitter, LastChange, PARSE_ERROR, apply_waivers, check_document,
};
use crate::rules::{ActiveWaiver, active_waivers};
use crate::source::{Content, Listing, MAX_FILE_SIZE, Source};
use crate::span::{LineIndex, Span};

/// The outcome of checking one file, before waivers and severities.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileOutcome {
    pub path: String,
    pub findings: Vec<Finding>,
    pub record: Option<CharterRecord>,
    pub waivers: Vec<ActiveWaiver>,
    /// The text, kept for rendering source snippets.
    pub text: Option<Arc<str>>,
    /// A reason the file could not be read at all (exit 2).
    pub error: Option<String>,
}

/// What history knows about one file, for the rules that read it. Given to
/// the check of the file, so that those rules run on the charter already
/// parsed.
#[derive(Debug, Default)]
pub struct FileHistory {
    /// The charter at the base of `--changed-since` (its path there may
    /// differ): `rationale-not-updated`.
    pub base: Option<Charter>,
    /// When the file last changed, if it is unchanged since the commit the
    /// check stands on: `charter-stale`.
    pub last_change: Option<LastChange>,
}

/// Where what history knows comes from: asked once per tree, with the
/// paths of the selected charters, before they are read.
pub trait History {
    /// Why history could not be read (git's errors, for the git history).
    type Error;

    fn of(&self, paths: &[String]) -> Result<HashMap<String, FileHistory>, Self::Error>;
}

/// No history: the rules of history do not run.
struct NoHistory;

impl History for NoHistory {
    type Error = std::convert::Infallible;

    fn of(&self, _: &[String]) -> Result<HashMap<String, FileHistory>, Self::Error> {
        Ok(HashMap::new())
    }
}

/// Checks one file as a charter. Pure: no I/O.
pub fn check_file(
    repo: Option<&str>,
    path: &str,
    content: Content,
    cx: &Context,
    keep_text: bool,
) -> FileOutcome {
    match read_file(repo, path, content, keep_text) {
        Read::Done(outcome) => outcome,
        Read::Parsed(parsed) => check_read(repo, parsed, cx, &FileHistory::default(), 0),
    }
}

/// A file read: either done with (it is no text), or parsed as far as it goes.
// Each is made and moved once per file: no need to box either.
#[allow(clippy::large_enum_variant)]
enum Read {
    Done(FileOutcome),
    Parsed(Parsed),
}

struct Parsed {
    path: String,
    text: String,
    keep_text: bool,
    /// What the parse found.
    out: Emitter,
    charter: Option<Charter>,
}

/// Reads a file's text and parses it; what cannot be text is a finding.
fn read_file(repo: Option<&str>, path: &str, content: Content, keep_text: bool) -> Read {
    let mut outcome = FileOutcome {
        path: path.to_string(),
        findings: Vec::new(),
        record: None,
        waivers: Vec::new(),
        text: None,
        error: None,
    };
    let place = Place::new(repo, path);
    let whole_file = |message: String, help: &str| {
        let mut draft = Draft::new(&PARSE_ERROR, Span::default(), message);
        draft.help(help);
        draft
    };
    let text = match content {
        Content::Bytes(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let mut draft = whole_file(
                    format!("the file is not UTF-8 text (invalid byte at offset {at})"),
                    "save the charter as UTF-8",
                );
                draft.span = Span::new(at, at + 1);
                outcome
                    .findings
                    .push(draft.locate(&LineIndex::new(&text), place));
                outcome.text = keep_text.then(|| text.into());
                return Read::Done(outcome);
            }
        },
        Content::TooLarge(size) => {
            let draft = whole_file(
                format!(
                    "the file is {} and was not read: charters are limited to {}",
                    human_size(size),
                    human_size(MAX_FILE_SIZE)
                ),
                "a charter is a short document; check that this is the file you meant",
            );
            outcome
                .findings
                .push(draft.locate(&LineIndex::new(""), place));
            return Read::Done(outcome);
        }
        Content::Symlink(target) => {
            let draft = whole_file(
                format!(
                    "the charter is a symbolic link (to {}), which charterlint does not follow",
                    crate::text::quoted(&target)
                ),
                "commit the charter itself, not a link to it",
            );
            outcome
                .findings
                .push(draft.locate(&LineIndex::new(""), place));
            return Read::Done(outcome);
        }
        Content::Submodule => {
            let draft = whole_file(
                "a submodule stands where a charter was expected; it is not read".into(),
                "keep the charter in the repository itself, or exclude this path",
            );
            outcome
                .findings
                .push(draft.locate(&LineIndex::new(""), place));
            return Read::Done(outcome);
        }
        Content::Unreadable(reason) => {
            outcome.error = Some(reason);
            return Read::Done(outcome);
        }
    };
    let mut out = Emitter::default();
    let charter = check_document(
        &text,
        charter::format::CHARTER,
        &charter::format::WORDS,
        "charter",
        &mut out,
    )
    .map(|document| {
        charter::read(
            document.root.get_ref(),
            document.top,
            &text,
            &document.problems,
        )
    });
    Read::Parsed(Parsed {
        path: outcome.path,
        text,
        keep_text,
        out,
        charter,
    })
}

/// Runs the rules on a parsed file, those of history with what it knows.
fn check_read(
    repo: Option<&str>,
    parsed: Parsed,
    cx: &Context,
    history: &FileHistory,
    stale_after_days: u32,
) -> FileOutcome {
    let Parsed {
        path,
        text,
        keep_text,
        mut out,
        charter,
    } = parsed;
    let mut outcome = FileOutcome {
        path,
        findings: Vec::new(),
        record: None,
        waivers: Vec::new(),
        text: None,
        error: None,
    };
    let path = outcome.path.as_str();
    let place = Place::new(repo, path);
    let lines = LineIndex::new(&text);
    if let Some(c) = &charter {
        rules::check_charter(c, &cx.at(path), &mut out);
        if let Some(before) = &history.base {
            rules::rationale_not_updated(before, c, &mut out);
        }
        if let Some(change) = &history.last_change
            && rules::is_stale(change, cx.today, stale_after_days)
        {
            rules::charter_stale(c, change, cx.today, stale_after_days, &mut out);
        }
        outcome.waivers = active_waivers(c, cx);
        for w in &mut outcome.waivers {
            w.position = lines.position(w.span);
            w.removal = w.removal.take().map(|f| f.locate(&lines));
        }
        outcome.record = Some(record(c, repo, path, &outcome.waivers, |span| Anchor {
            start: span.start,
            end: span.end,
            position: lines.position(span),
        }));
    }
    outcome.findings = out
        .drafts
        .into_iter()
        .map(|d| d.locate(&lines, place))
        .collect();
    outcome.text = keep_text.then(|| text.into());
    outcome
}

/// A charter's text parsed into the model the rules read; what the parse
/// itself finds is `check_file`'s business and dropped here.
pub fn parse_charter(text: &str) -> Option<Charter> {
    let mut ignored = Emitter::default();
    let document = check_document(
        text,
        charter::format::CHARTER,
        &charter::format::WORDS,
        "charter",
        &mut ignored,
    )?;
    Some(charter::read(
        document.root.get_ref(),
        document.top,
        text,
        &document.problems,
    ))
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

fn record(
    c: &Charter,
    repo: Option<&str>,
    path: &str,
    waivers: &[ActiveWaiver],
    anchor: impl Fn(Span) -> Anchor,
) -> CharterRecord {
    let p = c.product.as_ref();
    let s = c.sourcing.as_ref();
    let g = c.golden_thread.as_ref();
    let value = |f: &Option<crate::toml_doc::Field<String>>| f.as_ref().map(|f| f.value.clone());
    CharterRecord {
        repo: repo.map(str::to_string),
        path: path.to_string(),
        product_id: p.and_then(|p| value(&p.id)),
        name: p.and_then(|p| value(&p.name)),
        kind: c.kind(),
        decision: s.and_then(|s| s.decision.as_ref()).map(|d| d.value),
        differentiation: s.and_then(|s| s.differentiation.as_ref()).map(|d| d.value),
        criticality: s.and_then(|s| s.criticality.as_ref()).map(|d| d.value),
        capability: s.and_then(|s| value(&s.capability)),
        goal: g.and_then(|g| value(&g.goal)),
        objectives: g
            .and_then(|g| g.objectives.as_ref())
            .map(|l| l.value.iter().map(|f| f.value.clone()).collect()),
        waived: waivers.iter().map(|w| w.rule.clone()).collect(),
        owner: p.and_then(|p| value(&p.owner)),
        relationship: c
            .relationship
            .as_ref()
            .and_then(|r| r.kind.as_ref())
            .map(|k| k.value),
        waivers: crate::record::waivers_of(c),
        anchors: Anchors {
            product_id: p.and_then(|p| p.id.as_ref()).map(|f| anchor(f.whole())),
            capability: s
                .and_then(|s| s.capability.as_ref())
                .map(|f| anchor(f.whole())),
            decision: s
                .and_then(|s| s.decision.as_ref())
                .map(|f| anchor(f.whole())),
        },
        commit: None,
    }
}

/// Where a tree's charters were read, as the receipt says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// A source as it describes itself: the working tree, plain files,
    /// the index, a commit, a repository of a scan.
    Source(String),
    /// A repository of a scan that could not be read.
    UnreadableRepository,
    /// One charter read from standard input as if it stood at `path`,
    /// with the configuration of `within`.
    Stdin { path: String, within: Box<Scope> },
    /// Only the charters of `within` changed since `base`, the merge base
    /// with `rev` (`--changed-since`).
    ChangedSince {
        within: Box<Scope>,
        base: String,
        rev: String,
    },
    /// A result read back by `merge`: its file.
    Result(String),
}

impl Scope {
    /// Only the charters changed since a base were checked.
    pub fn is_changed_since(&self) -> bool {
        matches!(self, Scope::ChangedSince { .. })
    }
}

impl From<&str> for Scope {
    /// A source described in words.
    fn from(described: &str) -> Scope {
        Scope::Source(described.to_string())
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Source(s) | Scope::Result(s) => f.write_str(s),
            Scope::UnreadableRepository => f.write_str("an unreadable repository"),
            Scope::Stdin { path, within } => write!(
                f,
                "standard input (as {}, with the configuration of {within})",
                crate::text::visible(path)
            ),
            Scope::ChangedSince { within, base, rev } => write!(
                f,
                "{within}, charters changed since {base} (the merge base with {})",
                crate::text::visible(rev)
            ),
        }
    }
}

/// Which of a tree's charters to report on. Cross-charter rules always see
/// every charter of the tree.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub enum Selection {
    #[default]
    All,
    Only(BTreeSet<String>),
}

impl Selection {
    pub fn includes(&self, path: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Only(set) => set.contains(path),
        }
    }
}

/// What checking a tree needs besides its files.
pub struct TreeInput<'a> {
    pub repo: Option<String>,
    pub source: &'a dyn Source,
    pub config: &'a Config,
    pub registry: Option<&'a Registry>,
    /// Findings against the registry itself.
    pub registry_findings: Vec<Finding>,
    pub selection: Selection,
    /// Files named on the command line that the include globs do not match.
    pub extra_paths: Vec<String>,
    /// List the tree's charters (true), or check only the selected and
    /// extra paths (false: files named on the command line, as the
    /// pre-commit framework passes them; no walk of the tree).
    pub walk: bool,
    pub today: Date,
    pub keep_text: bool,
}

/// One tree, checked, waiting to be finished with the others of its run.
/// Serialisable, so that scan workers in other processes can hand it over.
#[derive(Serialize, Deserialize)]
pub struct CheckedTree {
    pub repo: Option<String>,
    pub origin: Scope,
    /// Its rules' levels on the run's day.
    pub levels: Levels,
    pub files: Vec<FileOutcome>,
    pub selection: Selection,
    pub extra_findings: Vec<Finding>,
    pub notices: Vec<String>,
    pub errors: Vec<TreeError>,
    /// No OKR registry was used: golden threads were checked for shape only.
    #[serde(default)]
    pub without_registry: bool,
    /// The commit read, in a scan (each charter's record carries it).
    #[serde(default)]
    pub commit: Option<String>,
}

/// Lists and checks every charter of a tree.
pub fn check_tree(input: TreeInput<'_>) -> CheckedTree {
    check_tree_with(input, None::<&NoHistory>).0
}

/// Lists and checks every charter of a tree, the rules of history with what
/// `history` knows of the selected charters that parse (asked only when
/// there is one). Why history could not be read comes apart from the tree:
/// the check decides whether that stops the run.
pub fn check_tree_with<H: History>(
    input: TreeInput<'_>,
    history: Option<&H>,
) -> (CheckedTree, Result<(), H::Error>) {
    let cx = Context::new(input.today, input.registry);
    let selector = input.config.selector();
    let mut errors = Vec::new();
    let mut notices = Vec::new();
    let mut listing = if input.walk {
        input.source.list(&selector).unwrap_or_else(|e| {
            errors.push(TreeError::Listing(e.to_string()));
            Default::default()
        })
    } else {
        let mut named = Listing::default();
        if let Selection::Only(set) = &input.selection {
            named.paths.extend(set.iter().cloned());
        }
        named
    };
    listing.paths.extend(input.extra_paths);
    listing.paths.sort();
    listing.paths.dedup();
    for (path, why) in listing.skipped {
        if path.is_empty() {
            notices.push(why);
        } else {
            notices.push(format!(
                "{}: skipped: {why}",
                Place::new(input.repo.as_deref(), &path)
            ));
        }
    }
    let repo = input.repo.as_deref();
    // History is asked before the files are read, about every selected
    // path, so that each file is read, parsed and checked in one pass and
    // dropped: holding every parsed charter for one question cost 2.8x the
    // memory of a 10,000-charter tree. Only the charters that parse read
    // the answers, so a history that cannot be read matters only then.
    let selected: Vec<String> = listing
        .paths
        .iter()
        .filter(|p| input.selection.includes(p))
        .cloned()
        .collect();
    let (known, history_read) = match history {
        Some(h) if !selected.is_empty() => match h.of(&selected) {
            Ok(known) => (known, Ok(())),
            Err(e) => (HashMap::new(), Err(e)),
        },
        _ => (HashMap::new(), Ok(())),
    };
    // CODEOWNERS: at most three lookups, and only when its rule is on and
    // there is a charter to report on.
    let codeowners = (!selected.is_empty()
        && input
            .config
            .reports(&rules::OWNER_NOT_CODEOWNER, input.today))
    .then(|| read_codeowners(input.source, repo, &mut notices))
    .flatten();
    let cx = cx.with_codeowners(codeowners.as_ref());
    let stale_after_days = input.config.stale_after_days;
    let no_history = FileHistory::default();
    let check = |path: &String| {
        let content = input
            .source
            .read(path)
            .unwrap_or_else(|| Content::Unreadable("it disappeared while being checked".into()));
        match read_file(repo, path, content, input.keep_text) {
            Read::Done(outcome) => outcome,
            Read::Parsed(p) => {
                let history = known.get(path).unwrap_or(&no_history);
                check_read(repo, p, &cx, history, stale_after_days)
            }
        }
    };
    // One file (a hook naming its charter, most repositories of a scan) is
    // checked on this thread: starting rayon's pool costs more than the
    // check (two thread starts, a third of the run's system time).
    let files: Vec<FileOutcome> = if listing.paths.len() >= 2 {
        listing.paths.par_iter().map(check).collect()
    } else {
        listing.paths.iter().map(check).collect()
    };
    let history_read = match history_read {
        Err(_)
            if !files
                .iter()
                .any(|f| f.record.is_some() && input.selection.includes(&f.path)) =>
        {
            Ok(())
        }
        read => read,
    };
    for f in &files {
        if let Some(e) = &f.error {
            errors.push(TreeError::Unreadable {
                repo: input.repo.clone(),
                path: f.path.clone(),
                cause: e.clone(),
            });
        }
    }
    let mut extra_findings = input.registry_findings;
    if input.config.require_charter && files.is_empty() {
        let anchor = input
            .config
            .path
            .as_ref()
            .zip(input.config.require_charter_span)
            .and_then(|(path, span)| {
                let text = input.source.read(path)?.into_text()?;
                let position = LineIndex::new(&text).position(span);
                Some((
                    path.clone(),
                    Anchor {
                        start: span.start,
                        end: span.end,
                        position,
                    },
                ))
            });
        extra_findings.push(rules::charter_missing(input.repo.clone(), anchor));
    }
    let tree = CheckedTree {
        repo: input.repo,
        origin: Scope::Source(input.source.describe()),
        levels: input.config.levels(input.today),
        files,
        selection: input.selection,
        extra_findings,
        notices,
        errors,
        without_registry: input.registry.is_none(),
        commit: None,
    };
    (tree, history_read)
}

/// The tree's CODEOWNERS as GitHub finds it: the first of its locations
/// that holds a file. One that cannot be read as text is named in a notice
/// and not used.
fn read_codeowners(
    source: &dyn Source,
    repo: Option<&str>,
    notices: &mut Vec<String>,
) -> Option<CodeOwners> {
    for path in codeowners::LOCATIONS {
        let content = match source.read_limited(path, codeowners::MAX_SIZE) {
            None => continue,
            // A folder of that name, in a git tree.
            Some(Content::Unreadable(_)) if !source.has_file(path) => continue,
            Some(content) => content,
        };
        let why = match content {
            Content::Bytes(bytes) if !bytes.contains(&0) => {
                return Some(CodeOwners::parse(path, &String::from_utf8_lossy(&bytes)));
            }
            Content::Bytes(_) => "it is not text".to_string(),
            Content::TooLarge(size) => format!(
                "it is {}, and GitHub does not load one of 3 MB or more",
                human_size(size)
            ),
            Content::Symlink(target) => format!(
                "it is a symbolic link (to {}), which charterlint does not follow",
                crate::text::quoted(&target)
            ),
            Content::Submodule => "a submodule stands there".to_string(),
            Content::Unreadable(reason) => reason,
        };
        notices.push(format!(
            "{}: not read as CODEOWNERS: {why}; `{}` is not checked",
            Place::new(repo, path),
            rules::OWNER_NOT_CODEOWNER.id
        ));
        return None;
    }
    None
}

/// Why (part of) a tree could not be read; the run fails with exit 2.
#[derive(Debug, Clone, Serialize, Deserialize, thiserror::Error)]
pub enum TreeError {
    /// Its charters could not be listed.
    #[error("{0}")]
    Listing(String),
    #[error("{}: cannot read: {cause}", Place::new(.repo.as_deref(), .path))]
    Unreadable {
        repo: Option<String>,
        path: String,
        cause: String,
    },
}

impl TreeError {
    /// The message without the repository's name (a finding of a scan is
    /// about its repository already).
    pub fn within_repo(&self) -> String {
        match self {
            TreeError::Listing(e) => e.clone(),
            TreeError::Unreadable { path, cause, .. } => TreeError::Unreadable {
                repo: None,
                path: path.clone(),
                cause: cause.clone(),
            }
            .to_string(),
        }
    }
}

/// The results of a run: the findings after waivers and severities, every
/// charter read, and what the run says about itself. The `report` module
/// renders them.
#[derive(Debug, Default)]
pub struct Results {
    pub findings: Vec<Finding>,
    pub charters: Vec<CharterRecord>,
    /// File texts by (repo, path), for human output.
    pub sources: HashMap<(Option<String>, String), Arc<str>>,
    pub repos: usize,
    /// The repositories scanned, by name, sorted (in a scan or merge).
    pub repositories: Vec<String>,
    /// Where the charters came from, for the receipt.
    pub origins: Vec<Scope>,
    /// Problems that make the run fail with exit 2, each naming its file.
    pub errors: Vec<String>,
    /// Things passed over that the user should know about.
    pub notices: Vec<String>,
    /// How many charter files were checked (parsed or not).
    pub charters_checked: usize,
    /// What a scan or merge says about itself (HTML header, JSON `"scan"`).
    pub scan: Option<crate::record::ScanInfo>,
    /// The comparison with a previous scan (`--baseline`).
    pub baseline: Option<crate::result_file::Comparison>,
    /// The trend over earlier results (`--history`).
    pub trend: Option<crate::result_file::Trend>,
    /// The rules rolled out on a later date than the run's, by date (their
    /// counts are the report's to make: `upcoming::of`).
    pub upcoming: Vec<crate::result_file::Upcoming>,
    /// Findings already present at the base, left out by `--new-only`.
    pub not_new: usize,
    /// How many trees with charters checked had no OKR registry, so that
    /// their golden threads were checked for shape only.
    pub without_registry: usize,
}

impl Results {
    pub fn counts(&self) -> crate::finding::Counts {
        crate::finding::Counts::of(&self.findings)
    }

    /// 0 when nothing fails, 1 when a finding fails the run, 2 when the run
    /// itself could not be done.
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if self.findings.iter().any(|f| f.fails(deny_warnings)) {
            1
        } else {
            0
        }
    }
}

/// Applies waivers and the configured levels to one file's findings.
pub fn settle(
    mut findings: Vec<Finding>,
    waivers: &[ActiveWaiver],
    levels: &Levels,
    file: Option<Place<'_>>,
) -> Vec<Finding> {
    let unused = match file {
        Some(file) => apply_waivers(&mut findings, waivers, file),
        None => Vec::new(),
    };
    findings.extend(unused);
    findings.retain_mut(|f| levels.settle(f));
    findings
}

/// Finishes a run: cross-charter rules over every tree, then waivers and
/// severities per file, sorted.
pub fn finish(trees: Vec<CheckedTree>, count_repos: bool) -> Results {
    let mut report = Results {
        repos: if count_repos { trees.len() } else { 0 },
        ..Results::default()
    };
    if count_repos {
        report.repositories = trees.iter().filter_map(|t| t.repo.clone()).collect();
        report.repositories.sort();
    }
    let records = trees
        .iter()
        .flat_map(|t| t.files.iter().filter_map(|f| f.record.as_ref()));
    let mut cross: HashMap<(Option<String>, String), Vec<Finding>> = HashMap::new();
    let mut upcoming = BTreeSet::new();
    for f in rules::check_portfolio(records) {
        cross
            .entry((f.repo.clone(), f.path.clone()))
            .or_default()
            .push(f);
    }
    for tree in trees {
        let checked_before = report.charters_checked;
        for file in tree.files {
            let key = (tree.repo.clone(), file.path.clone());
            let mut findings = file.findings;
            findings.extend(cross.remove(&key).unwrap_or_default());
            if !tree.selection.includes(&file.path) {
                continue;
            }
            report.charters_checked += 1;
            report.findings.extend(settle(
                findings,
                &file.waivers,
                &tree.levels,
                Some(Place::new(tree.repo.as_deref(), &file.path)),
            ));
            // One entry per charter read, parsed or not (SPEC section 7).
            let mut record = file
                .record
                .unwrap_or_else(|| CharterRecord::unparsed(tree.repo.clone(), &file.path));
            record.commit.clone_from(&tree.commit);
            report.charters.push(record);
            if let Some(text) = file.text {
                report.sources.insert(key, text);
            }
        }
        if tree.without_registry && report.charters_checked > checked_before {
            report.without_registry += 1;
        }
        report
            .findings
            .extend(settle(tree.extra_findings, &[], &tree.levels, None));
        upcoming.extend(tree.levels.upcoming());
        report.origins.push(tree.origin);
        report
            .errors
            .extend(tree.errors.iter().map(TreeError::to_string));
        report.notices.extend(tree.notices);
    }
    report.upcoming = upcoming
        .into_iter()
        .map(|(from, rule, level)| crate::result_file::Upcoming::new(from, rule, level))
        .collect();
    sort_findings(&mut report.findings);
    report
        .charters
        .sort_by(|a, b| (&a.repo, &a.path).cmp(&(&b.repo, &b.path)));
    report
}
