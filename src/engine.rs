//! The checker: files from a source in, findings out. One path for every use
//! (working tree, index, commit, scanned repository): a tree is checked file
//! by file in parallel, then the runs' trees are finished together, where the
//! cross-charter rules, waivers and configured severities apply.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::charter::{self, Charter};
use crate::config::Config;
use crate::date::Date;
use crate::finding::{Finding, Level, Place, sort_findings};
use crate::record::{Anchor, Anchors, CharterRecord};
use crate::registry::Registry;
use crate::rules::waivers_api::{ActiveWaiver, active_waivers};
use crate::rules::{self, Context, Draft, Emitter, PARSE_ERROR, apply_waivers, check_document};
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

/// Checks one file as a charter. Pure: no I/O.
pub fn check_file(
    repo: Option<&str>,
    path: &str,
    content: Content,
    cx: &Context,
    keep_text: bool,
) -> FileOutcome {
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
                return outcome;
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
            return outcome;
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
            return outcome;
        }
        Content::Submodule => {
            let draft = whole_file(
                "a submodule stands where a charter was expected; it is not read".into(),
                "keep the charter in the repository itself, or exclude this path",
            );
            outcome
                .findings
                .push(draft.locate(&LineIndex::new(""), place));
            return outcome;
        }
        Content::Unreadable(reason) => {
            outcome.error = Some(reason);
            return outcome;
        }
    };
    let mut out = Emitter::default();
    let lines = LineIndex::new(&text);
    if let Some(document) = check_document(&text, charter::format::CHARTER, "charter", &mut out) {
        let c = charter::read(
            document.root.get_ref(),
            document.top,
            text.len(),
            &document.problems,
        );
        rules::check_charter(&c, cx, &mut out);
        outcome.waivers = active_waivers(&c, cx);
        for w in &mut outcome.waivers {
            w.position = lines.position(w.span);
            w.removal = w.removal.take().map(|f| f.locate(&lines));
        }
        outcome.record = Some(record(&c, repo, path, &outcome.waivers, |span| Anchor {
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
    let document = check_document(text, charter::format::CHARTER, "charter", &mut ignored)?;
    Some(charter::read(
        document.root.get_ref(),
        document.top,
        text.len(),
        &document.problems,
    ))
}

/// Runs a check that needs more than the charter itself (another version of
/// it, its history) on a charter's text; its findings point into that text.
pub fn check_parsed(
    repo: Option<&str>,
    path: &str,
    text: &str,
    check: impl FnOnce(&Charter, &mut Emitter),
) -> Vec<Finding> {
    let Some(c) = parse_charter(text) else {
        return Vec::new();
    };
    let mut out = Emitter::default();
    check(&c, &mut out);
    let lines = LineIndex::new(text);
    out.drafts
        .into_iter()
        .map(|d| d.locate(&lines, Place::new(repo, path)))
        .collect()
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
    pub origin: String,
    #[serde(with = "crate::rules::rule_levels")]
    pub severities: HashMap<&'static str, Level>,
    pub files: Vec<FileOutcome>,
    pub selection: Selection,
    pub extra_findings: Vec<Finding>,
    pub notices: Vec<String>,
    pub errors: Vec<String>,
    /// No OKR registry was used: golden threads were checked for shape only.
    #[serde(default)]
    pub without_registry: bool,
}

/// Lists and checks every charter of a tree.
pub fn check_tree(input: TreeInput<'_>) -> CheckedTree {
    let cx = Context {
        today: input.today,
        registry: input.registry,
    };
    let selector = input.config.selector();
    let mut errors = Vec::new();
    let mut notices = Vec::new();
    let mut listing = if input.walk {
        input.source.list(&selector).unwrap_or_else(|e| {
            errors.push(e);
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
    let check = |path: &String| {
        let content = input
            .source
            .read(path)
            .unwrap_or_else(|| Content::Unreadable("it disappeared while being checked".into()));
        check_file(repo, path, content, &cx, input.keep_text)
    };
    // One file (a hook naming its charter, most repositories of a scan) is
    // checked on this thread: starting rayon's pool costs more than the
    // check (two thread starts, a third of the run's system time).
    let files: Vec<FileOutcome> = if listing.paths.len() < 2 {
        listing.paths.iter().map(check).collect()
    } else {
        listing.paths.par_iter().map(check).collect()
    };
    for f in &files {
        if let Some(e) = &f.error {
            errors.push(format!("{}: cannot read: {e}", Place::new(repo, &f.path)));
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
    CheckedTree {
        repo: input.repo,
        origin: input.source.describe(),
        severities: input.config.severities.clone(),
        files,
        selection: input.selection,
        extra_findings,
        notices,
        errors,
        without_registry: input.registry.is_none(),
    }
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub charters: Vec<CharterRecord>,
    /// File texts by (repo, path), for human output.
    pub sources: HashMap<(Option<String>, String), Arc<str>>,
    pub repos: usize,
    /// The repositories scanned, by name, sorted (in a scan or merge).
    pub repositories: Vec<String>,
    /// Where the charters came from, for the receipt.
    pub origins: Vec<String>,
    /// Problems that make the run fail with exit 2, each naming its file.
    pub errors: Vec<String>,
    /// Things passed over that the user should know about.
    pub notices: Vec<String>,
    /// How many charter files were checked (parsed or not).
    pub checked: usize,
    /// What a scan or merge says about itself (HTML header, JSON `"scan"`).
    pub scan: Option<crate::record::ScanInfo>,
    /// The comparison with a previous scan (`--baseline`).
    pub baseline: Option<crate::baseline::Comparison>,
    /// Findings already present at the base, left out by `--new-only`.
    pub not_new: usize,
    /// How many trees with charters checked had no OKR registry, so that
    /// their golden threads were checked for shape only.
    pub without_registry: usize,
}

impl Report {
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

    pub fn charters_checked(&self) -> usize {
        self.checked
    }
}

/// Applies waivers and configured severities to one file's findings.
pub fn settle(
    mut findings: Vec<Finding>,
    waivers: &[ActiveWaiver],
    severities: &HashMap<&'static str, Level>,
    file: Option<Place<'_>>,
) -> Vec<Finding> {
    let unused = match file {
        Some(file) => apply_waivers(&mut findings, waivers, file),
        None => Vec::new(),
    };
    findings.extend(unused);
    findings.retain_mut(|f| match severities.get(f.rule) {
        Some(Level::Off) => false,
        Some(Level::On(s)) => {
            f.severity = *s;
            true
        }
        None => true,
    });
    findings
}

/// Finishes a run: cross-charter rules over every tree, then waivers and
/// severities per file, sorted.
pub fn finish(trees: Vec<CheckedTree>, count_repos: bool) -> Report {
    let mut report = Report {
        repos: if count_repos { trees.len() } else { 0 },
        ..Report::default()
    };
    if count_repos {
        report.repositories = trees.iter().filter_map(|t| t.repo.clone()).collect();
        report.repositories.sort();
    }
    let records: Vec<CharterRecord> = trees
        .iter()
        .flat_map(|t| t.files.iter().filter_map(|f| f.record.clone()))
        .collect();
    let mut cross: HashMap<(Option<String>, String), Vec<Finding>> = HashMap::new();
    for f in rules::check_portfolio(&records) {
        cross
            .entry((f.repo.clone(), f.path.clone()))
            .or_default()
            .push(f);
    }
    for tree in trees {
        let checked_before = report.checked;
        for file in tree.files {
            let key = (tree.repo.clone(), file.path.clone());
            let mut findings = file.findings;
            findings.extend(cross.remove(&key).unwrap_or_default());
            if !tree.selection.includes(&file.path) {
                continue;
            }
            report.checked += 1;
            report.findings.extend(settle(
                findings,
                &file.waivers,
                &tree.severities,
                Some(Place::new(tree.repo.as_deref(), &file.path)),
            ));
            // One entry per charter read, parsed or not (SPEC section 7).
            report.charters.push(
                file.record
                    .unwrap_or_else(|| CharterRecord::unparsed(tree.repo.clone(), &file.path)),
            );
            if let Some(text) = file.text {
                report.sources.insert(key, text);
            }
        }
        if tree.without_registry && report.checked > checked_before {
            report.without_registry += 1;
        }
        report
            .findings
            .extend(settle(tree.extra_findings, &[], &tree.severities, None));
        report.origins.push(tree.origin);
        report.errors.extend(tree.errors);
        report.notices.extend(tree.notices);
    }
    sort_findings(&mut report.findings);
    report
        .charters
        .sort_by(|a, b| (&a.repo, &a.path).cmp(&(&b.repo, &b.path)));
    report
}
