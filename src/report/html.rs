//! `scan --html FILE` and `merge --html FILE` (SPEC section 6): one
//! self-contained page for a finished run, for people who will not open a
//! terminal: the summary, the products on the differentiation × criticality
//! grid, the golden thread from goals to products, and the findings per rule
//! and per repository, filterable.
//!
//! Self-contained means no network: the style sheet and the one script are
//! inline, the charts are inline SVG drawn here, and a Content-Security-Policy
//! carrying the script's hash lets the browser load nothing else. Every text
//! from a charter, registry or path goes through maud, which escapes it, and
//! through `text::visible`, which shows control and bidi characters escaped.

mod overview;
mod parts;
mod portfolio;
mod since;
mod teams;
mod thread;
mod trend;
mod upcoming;

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use crate::engine::Results;
use crate::finding::{Counts, Finding, Severity};
use crate::record::CharterRecord;
use crate::registry::Registry;
use crate::rules;
use crate::text::visible;
use parts::plural;

const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/filter.js");

/// Up to this many repositories with findings, and findings in all, their
/// sections start open; a larger organisation gets them folded.
const OPEN_REPOS_AT_MOST: usize = 8;
const OPEN_FINDINGS_AT_MOST: usize = 200;

/// One self-contained HTML page for a finished run.
pub fn render(report: &Results, registry: Option<&Registry>, title: &str) -> String {
    let repos = Repos::of(report);
    let counts = report.counts();
    let today = overview::today_of(report);
    let coverage = repos
        .scan
        .then(|| crate::record::Coverage::of(&report.repositories, &report.charters))
        .filter(|c| c.repos > 0);
    let teams = crate::teams::of(report);
    let upcoming = crate::upcoming::of(report);
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy(SCRIPT));
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(generator());
                // An empty icon, so that no browser goes looking for favicon.ico.
                link rel="icon" href="data:,";
                title { (visible(title)) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                div.page {
                    header.top {
                        div.kicker { "Product charter report" }
                        h1 { (visible(title)) }
                        p.lede {
                            (plural(repos.total, "repository", "repositories")) " · "
                            (plural(report.charters.len(), "charter", "charters")) " · "
                            (plural(report.findings.len(), "finding", "findings"))
                        }
                        (overview::about(report.scan.as_ref(), repos.total))
                        nav.toc aria-label="Sections" {
                            a href="#summary" { "Summary" }
                            @if !upcoming.is_empty() { a href="#upcoming" { "Upcoming" } }
                            @if report.baseline.is_some() { a href="#since" { "Since the last scan" } }
                            @if report.trend.is_some() { a href="#trend" { "Trend" } }
                            @if coverage.is_some() { a href="#coverage" { "Coverage" } }
                            a href="#portfolio" { "Buy or build" }
                            a href="#golden-thread" { "Golden thread" }
                            a href="#teams" { "Teams" }
                            a href="#waivers" { "Accepted risks" }
                            a href="#by-rule" { "Findings by rule" }
                            a href="#findings" { "Findings by repository" }
                        }
                    }
                    main {
                        (summary(report, registry, &repos, counts, today))
                        @if !upcoming.is_empty() { (upcoming::section(&upcoming, today)) }
                        @if let Some(b) = &report.baseline { (since::section(b)) }
                        @if let Some(t) = &report.trend { (trend::section(t)) }
                        @if let Some(c) = &coverage { (overview::coverage(c)) }
                        (portfolio::section(&report.charters, report.scan.as_ref()))
                        (thread::section(&report.charters, registry, today))
                        (teams::section(&teams))
                        (overview::waivers(&report.charters, today))
                        (by_rule(&report.findings))
                        (by_repository(report, &repos))
                    }
                    footer {
                        "Generated by " (generator()) ". Charters are linted against the product charter format v1; "
                        "names, statements and paths are shown as the charters and the registry write them."
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    page.into_string()
}

fn generator() -> &'static str {
    concat!("charterlint ", env!("CARGO_PKG_VERSION"))
}

/// The policy that keeps the page offline: nothing may load, only the inline
/// styles and the one script whose hash is given here may run.
fn content_security_policy(script: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script));
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; \
         img-src data:; base-uri 'none'; form-action 'none'"
    )
}

use super::status::Status;

impl Status {
    const ALL: [Status; 5] = [
        Status::Fails,
        Status::Warnings,
        Status::Passes,
        Status::NoCharter,
        Status::Unreadable,
    ];

    fn of_row(row: &RepoRow, scan: bool) -> Status {
        Status::of(
            row.unreadable,
            scan && row.name.is_some() && row.charters == 0,
            row.counts,
        )
    }

    /// The legend's words for `n` repositories of this status.
    fn legend(self) -> &'static str {
        match self {
            Status::Unreadable => " cannot be read",
            Status::NoCharter => " hold no charter",
            Status::Fails => " fail (errors)",
            Status::Warnings => " with warnings only",
            Status::Passes => " pass",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Status::Unreadable => "#5f3dc4",
            Status::NoCharter => "#adb5bd",
            Status::Fails => "#c92a2a",
            Status::Warnings => "#e8a317",
            Status::Passes => "#40a05a",
        }
    }

    fn badge(self) -> Markup {
        html! { span class=(format!("sev status-{}", self.slug())) { (self.label()) } }
    }
}

/// One repository of the run (or, outside a scan, the files outside any).
struct RepoRow<'a> {
    name: Option<&'a str>,
    charters: usize,
    findings: Vec<&'a Finding>,
    counts: Counts,
    /// A `repo-unreadable` finding is among them.
    unreadable: bool,
}

impl RepoRow<'_> {
    fn label(&self, scan: bool) -> String {
        match (self.name, scan) {
            (Some(n), _) => visible(n),
            (None, true) => "(outside the scanned repositories)".into(),
            (None, false) => "(this repository)".into(),
        }
    }

    /// The value the repository filter matches on.
    fn key(&self) -> String {
        self.name.map(visible).unwrap_or_default()
    }
}

/// The repositories the report names, and how many it counts in all: a
/// scanned repository with no charter and no finding is counted, not named.
struct Repos<'a> {
    rows: Vec<RepoRow<'a>>,
    total: usize,
    scan: bool,
}

impl<'a> Repos<'a> {
    fn of(report: &'a Results) -> Repos<'a> {
        fn row<'m, 'a>(
            rows: &'m mut BTreeMap<Option<&'a str>, RepoRow<'a>>,
            name: Option<&'a str>,
        ) -> &'m mut RepoRow<'a> {
            rows.entry(name).or_insert_with(|| RepoRow {
                name,
                charters: 0,
                findings: Vec::new(),
                counts: Counts::default(),
                unreadable: false,
            })
        }
        let mut rows = BTreeMap::new();
        for r in &report.repositories {
            row(&mut rows, Some(r.as_str()));
        }
        for c in &report.charters {
            row(&mut rows, c.repo.as_deref()).charters += 1;
        }
        for f in &report.findings {
            row(&mut rows, f.repo.as_deref()).findings.push(f);
        }
        let mut rows: Vec<RepoRow> = rows.into_values().collect();
        for r in &mut rows {
            r.counts = Counts::of(r.findings.iter().copied());
            r.unreadable = r
                .findings
                .iter()
                .any(|f| f.rule == rules::REPO_UNREADABLE.id);
        }
        let scan = report.repos > 0;
        let named = rows.iter().filter(|r| r.name.is_some() || !scan).count();
        Repos {
            total: report.repos.max(named),
            rows,
            scan,
        }
    }

    /// How many repositories have each status, in `Status::ALL` order. A
    /// scanned repository the report does not name (no charter, no
    /// finding, not listed) holds no charter.
    fn statuses(&self) -> [usize; 5] {
        let mut n = [0; 5];
        let counted = self.rows.iter().filter(|r| r.name.is_some() || !self.scan);
        let mut named = 0;
        for r in counted {
            named += 1;
            let s = Status::of_row(r, self.scan);
            if let Some(i) = Status::ALL.iter().position(|x| *x == s) {
                n[i] += 1;
            }
        }
        n[3] += self.total.saturating_sub(named);
        n
    }
}

fn summary(
    report: &Results,
    registry: Option<&Registry>,
    repos: &Repos,
    counts: Counts,
    today: Option<crate::date::Date>,
) -> Markup {
    // Every repository with an error, whatever its status.
    let fails = repos
        .rows
        .iter()
        .filter(|r| r.counts.errors > 0 && (r.name.is_some() || !repos.scan))
        .count();
    html! {
        section #summary {
            h2 { "Summary" }
            @if counts.errors > 0 || !report.errors.is_empty() {
                div.verdict.fail role="status" {
                    span { "✗ The run fails." }
                    span.detail {
                        (plural(counts.errors, "error", "errors")) " in "
                        (plural(fails, "repository", "repositories"))
                        @if !report.errors.is_empty() {
                            "; " (plural(report.errors.len(), "file or repository", "files or repositories"))
                            " could not be read"
                        }
                        "."
                    }
                }
            } @else {
                div.verdict.pass role="status" {
                    span { "✓ The run passes." }
                    span.detail { "No charter has an error." }
                }
            }
            div.cards {
                div.card { div.value { (repos.total) } div.label { "repositories" } }
                div.card { div.value { (report.charters.len()) } div.label { "charters" } }
                div.card.error { div.value { (counts.errors) } div.label { "errors" } }
                div.card.warning { div.value { (counts.warnings) } div.label { "warnings" } }
                div.card.note { div.value { (counts.notes) } div.label { "notes" } }
            }
            (status_bar(repos))
            (highlights(&report.charters, registry, today))
            @if !report.errors.is_empty() {
                div.callout.alert {
                    p { strong { "Could not be read" } " — these parts of the run are missing from the report:" }
                    ul { @for e in &report.errors { li { (visible(e)) } } }
                }
            }
            @if !report.notices.is_empty() {
                details {
                    summary { (plural(report.notices.len(), "notice", "notices")) " (files passed over)" }
                    div.body { ul { @for n in &report.notices { li { (visible(n)) } } } }
                }
            }
        }
    }
}

/// What a reader should take away from the grid and the thread.
fn highlights(
    charters: &[CharterRecord],
    registry: Option<&Registry>,
    today: Option<crate::date::Date>,
) -> Markup {
    const NAMED: usize = 5;
    let odd = portfolio::at_odds_products(charters);
    let unserved = registry.map(|r| thread::unserved(charters, r));
    let ended = registry
        .zip(today)
        .map(|(r, t)| thread::ended(charters, r, t))
        .unwrap_or_default();
    html! {
        h3 { "What stands out" }
        ul.highlights {
            @if odd.is_empty() {
                li.good { "✓ Every sourcing decision agrees with its quadrant of the alignment grid." }
            } @else {
                li.bad {
                    strong { "⚠ " (plural(odd.len(), "product is", "products are")) " sourced against their quadrant: " }
                    @for (i, (c, o)) in odd.iter().take(NAMED).enumerate() {
                        @if i > 0 { ", " }
                        (parts::display_name(c)) span.muted { " (" (o.label) ", " (parts::location(c)) ")" }
                    }
                    @if odd.len() > NAMED { " and " (odd.len() - NAMED) " more" }
                    ". " a href="#portfolio" { "See the grid" }
                }
            }
            @match &unserved {
                None => li.muted { "No OKR registry was given: the golden thread is checked for shape only." },
                Some((ids, total)) if ids.is_empty() => li.good { "✓ Each of the " (total) " objectives is served by at least one product." },
                Some((ids, total)) => li.bad {
                    strong { "⚠ " (ids.len()) " of " (total) " objectives " (if ids.len() == 1 { "is" } else { "are" }) " served by no product: " }
                    @for (i, id) in ids.iter().take(NAMED).enumerate() {
                        @if i > 0 { ", " }
                        code { (visible(id)) }
                    }
                    @if ids.len() > NAMED { " and " (ids.len() - NAMED) " more" }
                    ". " a href="#golden-thread" { "See the golden thread" }
                },
            }
            @if !ended.stranded.is_empty() {
                li.bad #stranded {
                    strong { "⚠ " (plural(ended.stranded.len(), "product is", "products are")) " tied only to objectives that have ended: " }
                    @for (i, c) in ended.stranded.iter().take(NAMED).enumerate() {
                        @if i > 0 { ", " }
                        (parts::display_name(c)) span.muted { " (" (parts::location(c)) ")" }
                    }
                    @if ended.stranded.len() > NAMED { " and " (ended.stranded.len() - NAMED) " more" }
                    ". " a href="#golden-thread" { "See the golden thread" }
                }
            }
        }
    }
}

/// The repositories by status as one stacked bar, with the numbers beside it.
fn status_bar(repos: &Repos) -> Markup {
    let n = repos.statuses();
    let total = n.iter().sum::<usize>().max(1) as f64;
    let mut x = 0.0;
    let segments: Vec<(Status, usize, f64, f64)> = Status::ALL
        .iter()
        .zip(n)
        .map(|(s, k)| {
            let w = k as f64 / total * 1000.0;
            x += w;
            (*s, k, x - w, w)
        })
        .collect();
    let label = segments
        .iter()
        .map(|(s, k, _, _)| format!("{k}{}", s.legend()))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        svg.statusbar viewBox="0 0 1000 14" preserveAspectRatio="none" role="img" aria-label=(label) {
            rect x="0" y="0" width="1000" height="14" fill="#f1f3f5" {}
            @for (s, _, x, w) in &segments {
                rect data-status=(s.slug()) x=(format!("{x:.1}")) y="0" width=(format!("{w:.1}")) height="14" fill=(s.colour()) {}
            }
        }
        ul.status-legend {
            @for (s, k, _, _) in &segments {
                li data-status=(s.slug()) {
                    span.swatch style=(format!("background:{}", s.colour())) {}
                    strong { (k) } (s.legend())
                }
            }
        }
    }
}

fn severity_badge(s: Severity) -> Markup {
    html! { span class=(format!("sev {}", s.as_str())) { (s.as_str()) } }
}

/// Findings counted per rule, most severe and most frequent first.
fn by_rule(findings: &[Finding]) -> Markup {
    struct RuleRow<'a> {
        id: &'a str,
        worst: Severity,
        counts: Counts,
        repos: BTreeSet<Option<&'a str>>,
    }
    let mut rows: BTreeMap<&str, RuleRow> = BTreeMap::new();
    for f in findings {
        let row = rows.entry(f.rule).or_insert_with(|| RuleRow {
            id: f.rule,
            worst: f.severity,
            counts: Counts::default(),
            repos: BTreeSet::new(),
        });
        row.worst = row.worst.max(f.severity);
        row.counts = add(row.counts, f.severity);
        row.repos.insert(f.repo.as_deref());
    }
    let mut rows: Vec<RuleRow> = rows.into_values().collect();
    let total = |c: &Counts| c.errors + c.warnings + c.notes;
    rows.sort_by(|a, b| {
        b.worst
            .cmp(&a.worst)
            .then(total(&b.counts).cmp(&total(&a.counts)))
            .then(a.id.cmp(b.id))
    });
    html! {
        section #by-rule {
            h2 { "Findings by rule" }
            @if rows.is_empty() {
                p.lede { "No rule found anything." }
            } @else {
                p.lede { "Which rules the charters break, and how widely. Select a rule to list its findings below." }
                (overview::findings_chart(findings))
                div.table-scroll {
                    table {
                        thead { tr { th { "Rule" } th { "Severity" } th.num { "Findings" } th.num { "Repositories" } th { "What it checks" } } }
                        tbody {
                            @for r in &rows {
                                tr.rule {
                                    td.nowrap { a.mono href="#findings" data-rule=(r.id) { (r.id) } }
                                    td { (severity_badge(r.worst)) }
                                    td.num { (total(&r.counts)) }
                                    td.num { (r.repos.len()) }
                                    td.small { (prose(rules::find(r.id).map(|r| r.summary).unwrap_or(""))) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn add(mut c: Counts, s: Severity) -> Counts {
    match s {
        Severity::Error => c.errors += 1,
        Severity::Warning => c.warnings += 1,
        Severity::Note => c.notes += 1,
    }
    c
}

fn counts_text(c: Counts) -> String {
    let mut parts = Vec::new();
    for (n, one, many) in [
        (c.errors, "error", "errors"),
        (c.warnings, "warning", "warnings"),
        (c.notes, "note", "notes"),
    ] {
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    if parts.is_empty() {
        "no findings".into()
    } else {
        parts.join(" · ")
    }
}

/// Every finding, one folding section per repository, with the filters.
fn by_repository(report: &Results, repos: &Repos) -> Markup {
    // `{rev}` of the links: the commit each repository was read at.
    let commits: BTreeMap<Option<&str>, &str> = report
        .charters
        .iter()
        .filter_map(|c| Some((c.repo.as_deref(), c.commit.as_deref()?)))
        .collect();
    let with_findings: Vec<&RepoRow> = repos
        .rows
        .iter()
        .filter(|r| !r.findings.is_empty())
        .collect();
    let clean: Vec<&RepoRow> = repos
        .rows
        .iter()
        .filter(|r| r.findings.is_empty() && r.charters > 0)
        .collect();
    let open =
        with_findings.len() <= OPEN_REPOS_AT_MOST && report.findings.len() <= OPEN_FINDINGS_AT_MOST;
    let rule_ids: BTreeSet<&str> = report.findings.iter().map(|f| f.rule).collect();
    let mut worst: Vec<&RepoRow> = repos.rows.iter().filter(|r| r.counts.errors > 0).collect();
    worst.sort_by(|a, b| {
        b.counts
            .errors
            .cmp(&a.counts.errors)
            .then(a.name.cmp(&b.name))
    });
    worst.truncate(5);
    html! {
        section #findings {
            h2 { "Findings by repository" }
            p.lede {
                "Every finding, by repository. Each names the charter, the line and column, and how to fix it."
                @if !open { " Open a repository to see its findings, or filter them." }
            }
            // Worth a table only when some repositories have several errors.
            @if worst.len() > 1 && worst[0].counts.errors > 1 {
                h3 { "Repositories with the most errors" }
                div.table-scroll {
                    table {
                        thead { tr { th { "Repository" } th.num { "Errors" } th.num { "Warnings" } th.num { "Charters" } } }
                        tbody {
                            @for r in &worst {
                                tr {
                                    td { (r.label(repos.scan)) }
                                    td.num { (r.counts.errors) }
                                    td.num { (r.counts.warnings) }
                                    td.num { (r.charters) }
                                }
                            }
                        }
                    }
                }
            }
            // Shown by the script; without it the sections below still open.
            div #filters .filters role="search" hidden {
                label { "Text" input #filter-text type="search" placeholder="message, path, product…"; }
                label {
                    "Severity"
                    select #filter-severity {
                        option value="" { "any" }
                        option value="error" { "error" }
                        option value="warning" { "warning" }
                        option value="note" { "note" }
                    }
                }
                label {
                    "Rule"
                    select #filter-rule {
                        option value="" { "any" }
                        @for id in &rule_ids { option value=(id) { (id) } }
                    }
                }
                label {
                    "Repository"
                    select #filter-repo {
                        option value="" { "any" }
                        @for r in &with_findings { option value=(r.key()) { (r.label(repos.scan)) } }
                    }
                }
                button #filter-clear type="button" { "Clear" }
                button #filter-expand type="button" { "Expand all" }
                button #filter-collapse type="button" { "Collapse all" }
                span #filter-status .status aria-live="polite" {}
            }
            @for r in &with_findings {
                details.repo data-repo=(r.key()) open[open] {
                    summary {
                        span.name { (r.label(repos.scan)) }
                        (Status::of_row(r, repos.scan).badge())
                        span.counts {
                            (counts_text(r.counts)) " · " (plural(r.charters, "charter", "charters"))
                        }
                        span.shown {}
                    }
                    div.body.table-scroll {
                        table {
                            thead { tr { th { "Severity" } th { "Rule" } th { "Where" } th { "Finding" } } }
                            tbody {
                                @for f in &r.findings {
                                    tr.finding data-severity=(f.severity.as_str()) data-rule=(f.rule) {
                                        td { (severity_badge(f.severity)) }
                                        td.mono.nowrap { (f.rule) }
                                        td.where.mono {
                                            @if f.is_about_repository() { (r.label(repos.scan)) }
                                            @else {
                                                (parts::linked(
                                                    parts::link(report.scan.as_ref(), f.repo.as_deref(), commits.get(&f.repo.as_deref()).copied(), &f.path, f.position.line),
                                                    html! { (visible(&f.path)) ":" (f.position.line) ":" (f.position.column) },
                                                ))
                                            }
                                        }
                                        td {
                                            (prose(&f.message))
                                            @if let Some(h) = &f.help { div.help { "Help: " (prose(h)) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @let silent = repos.total.saturating_sub(with_findings.len());
            @if silent > 0 {
                details {
                    summary { (plural(silent, "repository has", "repositories have")) " no findings" }
                    div.body {
                        @if clean.is_empty() {
                            p.muted { "None of them holds a charter." }
                        } @else {
                            ul {
                                @for r in &clean {
                                    li { (r.label(repos.scan)) " — " (plural(r.charters, "charter", "charters")) }
                                }
                            }
                            @if silent > clean.len() {
                                p.muted { (plural(silent - clean.len(), "more holds", "more hold")) " no charter." }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A message as prose: the values it quotes in backticks set as code.
fn prose(text: &str) -> Markup {
    let text = visible(text);
    let balanced = text.matches('`').count() % 2 == 0;
    html! {
        @if balanced {
            @for (i, part) in text.split('`').enumerate() {
                @if i % 2 == 1 { code { (part) } } @else { (part) }
            }
        } @else {
            (text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parts::{clip, wrap};
    use super::*;
    use crate::finding::Label;
    use crate::record::CharterRecord;
    use crate::rules::Emitter;
    use crate::span::{Position, Span};

    pub(super) fn product(
        repo: &str,
        id: &str,
        decision: &str,
        diff: &str,
        crit: &str,
    ) -> CharterRecord {
        CharterRecord {
            repo: Some(repo.into()),
            path: "charter.toml".into(),
            product_id: Some(id.into()),
            name: Some(format!("Product {id}")),
            kind: Some(crate::charter::Kind::InternalTool),
            decision: crate::charter::Decision::from_name(decision),
            differentiation: crate::charter::Level::from_name(diff),
            criticality: crate::charter::Level::from_name(crit),
            ..CharterRecord::default()
        }
    }

    pub(super) fn registry(text: &str) -> Registry {
        let mut out = Emitter::default();
        let r = crate::rules::check_registry("okrs.toml", text, &mut out).expect("registry parses");
        assert!(out.drafts.is_empty(), "registry fixture has problems");
        r
    }

    fn finding(repo: &str, rule: &'static str, severity: Severity, message: &str) -> Finding {
        Finding {
            rule,
            severity,
            message: message.into(),
            repo: Some(repo.into()),
            path: "charter.toml".into(),
            span: Span::default(),
            position: Position::FILE_START,
            labels: Vec::<Label>::new(),
            help: Some("fix it".into()),
            field: String::new(),
            fix: None,
        }
    }

    fn scan(charters: Vec<CharterRecord>, findings: Vec<Finding>, repos: usize) -> Results {
        Results {
            charters,
            findings,
            repos,
            ..Results::default()
        }
    }

    /// Issue 21: a team's stale charter is flagged in its Teams entry, and
    /// the product's card links to the team.
    #[test]
    fn a_team_shows_its_stale_charters_and_each_card_links_to_it() {
        let mut a = product("core/a", "a", "build", "high", "high");
        a.owner = Some("@org/Core".into());
        let report = scan(
            vec![a],
            vec![finding(
                "core/a",
                rules::CHARTER_STALE.id,
                Severity::Warning,
                "old",
            )],
            1,
        );
        let page = render(&report, None, "t");
        let team = page
            .split("id=\"team-core\"")
            .nth(1)
            .and_then(|t| t.split("</details>").next())
            .expect("the team's entry");
        assert!(team.contains("1 stale charter"), "{team}");
        assert!(team.contains("class=\"flag stale\""), "{team}");
        assert!(page.contains("<a class=\"team-link\" href=\"#team-core\">"));
    }

    /// `--owner`: the page says whose products it shows.
    #[test]
    fn a_page_for_one_team_says_so() {
        let mut report = scan(
            vec![product("core/a", "a", "build", "high", "high")],
            vec![],
            1,
        );
        report.scan = Some(crate::record::ScanInfo {
            owner: Some("@org/core".into()),
            ..Default::default()
        });
        let page = render(&report, None, "t");
        assert!(
            page.contains("<dd id=\"owner\">@org/core only</dd>"),
            "{page}"
        );
    }

    /// The "What stands out" list of a page.
    fn standout_of(page: &str) -> &str {
        page.split("What stands out")
            .nth(1)
            .and_then(|s| s.split("</ul>").next())
            .expect("the page has a What stands out list")
    }

    /// Every `<script` of the page: only ours may be there.
    fn script_tags(page: &str) -> usize {
        page.to_ascii_lowercase().matches("<script").count()
    }

    #[test]
    fn text_from_charters_is_escaped() {
        let mut evil = product("team-<b>", "evil", "build", "high", "high");
        evil.name = Some("<script>alert(1)</script>".into());
        let mut quote = product("team-q", "quote", "buy", "low", "high");
        quote.name = Some(r#"" onerror="x"#.into());
        quote.objectives = Some(vec![r#"O-"><img src=x onerror=alert(2)>"#.into()]);
        let page = render(
            &scan(
                vec![evil, quote],
                vec![finding(
                    "team-<b>",
                    "placeholder",
                    Severity::Error,
                    "<img src=x onerror=alert(3)>",
                )],
                2,
            ),
            None,
            "Org <script>alert(4)</script>",
        );
        assert_eq!(script_tags(&page), 1, "only the page's own script");
        for raw in [
            "<img",
            "onerror=\"x",
            "onerror=x",
            "<b>",
            "alert(1)</script>",
        ] {
            assert!(!page.contains(raw), "{raw:?} reached the page unescaped");
        }
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&quot; onerror=&quot;x"));
        assert!(page.contains("&lt;img src=x onerror=alert(3)&gt;"));
        assert!(page.contains("Org &lt;script&gt;alert(4)&lt;/script&gt;"));
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        let mut p = product("r", "bidi", "buy", "low", "high");
        p.name = Some("abc\u{202E}fed\u{1b}[2J".into());
        let page = render(&scan(vec![p], vec![], 1), None, "t");
        assert!(!page.contains('\u{202E}') && !page.contains('\u{1b}'));
        assert!(page.contains("abc\\u{202e}fed\\u{1b}[2J"));
    }

    #[test]
    fn the_page_loads_nothing_from_anywhere() {
        let reg = registry(
            "okrs = 1\n[[goals]]\nid = \"G-1\"\nstatement = \"See https://example.com\"\n\
             [[objectives]]\nid = \"O-1\"\ngoal = \"G-1\"\nstatement = \"One\"\n",
        );
        let page = render(
            &scan(vec![product("r", "a", "build", "high", "high")], vec![], 1),
            Some(&reg),
            "t",
        );
        // The only URL is one a registry wrote as text: it is shown, never loaded.
        assert_eq!(page.matches("https://").count(), 1);
        assert!(!page.contains("http://"));
        for attr in [" src=", " href=", " xlink:href=", "url(", "@import"] {
            for (at, _) in page.match_indices(attr) {
                let value = page[at + attr.len()..].trim_start_matches('"');
                assert!(
                    value.starts_with('#') || value.starts_with("data:"),
                    "{attr} refers to {}",
                    &value[..value.len().min(40)]
                );
            }
        }
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_script() {
        let page = render(&Results::default(), None, "t");
        let body = page
            .split("<script>")
            .nth(1)
            .and_then(|s| s.split("</script>").next())
            .unwrap();
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body));
        let policy = page
            .split("http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        assert!(policy.starts_with("default-src 'none';"), "{policy}");
        assert!(
            policy.contains(&format!("script-src 'sha256-{hash}'")),
            "{policy}"
        );
        assert!(!policy.contains("unsafe-eval") && !policy.contains("script-src 'unsafe-inline'"));
        // The policy comes before anything it governs.
        assert!(page.find("Content-Security-Policy").unwrap() < page.find("<style>").unwrap());
    }

    #[test]
    fn summary_tells_five_statuses_apart() {
        let mut report = scan(
            vec![
                product("a", "a", "buy", "low", "high"),
                product("b", "b", "buy", "low", "high"),
                product("c", "c", "buy", "low", "high"),
            ],
            vec![
                finding("a", "placeholder", Severity::Error, "m"),
                finding("a", "placeholder", Severity::Warning, "m"),
                finding("b", "build-who-cares", Severity::Warning, "m"),
                finding("d", "charter-missing", Severity::Error, "m"),
                finding("e", "repo-unreadable", Severity::Error, "m"),
            ],
            6,
        );
        report.repositories = ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec();
        let repos = Repos::of(&report);
        // fails, warnings only, passes, no charter, unreadable
        assert_eq!(repos.statuses(), [1, 1, 1, 2, 1]);
        let page = render(&report, None, "t");
        assert!(page.contains("3 errors in 3 repositories"));
        assert!(page.contains(
            "aria-label=\"1 fail (errors), 1 with warnings only, 1 pass, 2 hold no charter, 1 cannot be read\""
        ));
        for badge in ["fails", "warnings", "no-charter", "unreadable"] {
            assert!(
                page.contains(&format!("class=\"sev status-{badge}\"")),
                "{badge}"
            );
        }
        // Without the list of repositories, the unnamed ones hold no charter.
        report.repositories.clear();
        assert_eq!(Repos::of(&report).statuses(), [1, 1, 1, 2, 1]);
    }

    #[test]
    fn what_stands_out_names_the_decisions_and_objectives_to_question() {
        let reg = registry(
            "okrs = 1\n[[goals]]\nid = \"G\"\nstatement = \"g\"\n\
             [[objectives]]\nid = \"O-SERVED\"\ngoal = \"G\"\nstatement = \"s\"\n\
             [[objectives]]\nid = \"O-ALONE\"\ngoal = \"G\"\nstatement = \"a\"\n",
        );
        let mut payroll = product("r", "payroll", "build", "low", "high");
        payroll.objectives = Some(vec!["O-SERVED".into()]);
        let good = product("r", "core", "build", "high", "high");
        let page = render(
            &scan(vec![payroll, good.clone()], vec![], 1),
            Some(&reg),
            "t",
        );
        let standout = standout_of(&page);
        assert!(
            standout.contains("1 product is sourced against their quadrant"),
            "{standout}"
        );
        assert!(
            standout.contains(
                "Product payroll<span class=\"muted\"> (build in parity, r: charter.toml)"
            )
        );
        assert!(!standout.contains("Product core"));
        assert!(standout.contains("1 of 2 objectives is served by no product"));
        assert!(standout.contains("<code>O-ALONE</code>") && !standout.contains("O-SERVED"));

        let page = render(&scan(vec![good], vec![], 1), None, "t");
        let standout = standout_of(&page);
        assert!(standout.contains("Every sourcing decision agrees with its quadrant"));
        assert!(standout.contains("No OKR registry was given"));
    }

    /// Issue 9 item 13: "What stands out" leaves out a waived decision, and
    /// names the repository of each product it lists.
    #[test]
    fn what_stands_out_honours_waivers_and_names_repositories() {
        let mut waived = product("it/intranet", "intranet", "build", "low", "low");
        waived.waived = vec!["build-who-cares".into()];
        let odd = product("it/fax", "fax", "build", "low", "low");
        let page = render(&scan(vec![waived, odd], vec![], 2), None, "t");
        let standout = standout_of(&page);
        assert!(
            standout.contains("1 product is sourced against"),
            "{standout}"
        );
        assert!(
            standout.contains(
                "Product fax<span class=\"muted\"> (build in “who cares”, it/fax: charter.toml)"
            ),
            "{standout}"
        );
        assert!(!standout.contains("Product intranet"), "{standout}");
    }

    #[test]
    fn quoted_values_become_code_and_stay_escaped() {
        assert_eq!(
            prose("`vision.statement` is `<b>` here").into_string(),
            "<code>vision.statement</code> is <code>&lt;b&gt;</code> here"
        );
        assert_eq!(prose("a ` alone").into_string(), "a ` alone");
    }

    #[test]
    fn a_large_organisation_stays_folded() {
        let charters: Vec<CharterRecord> = (0..2000)
            .map(|i| {
                product(
                    &format!("repo-{i:04}"),
                    &format!("p{i}"),
                    "build",
                    "low",
                    "high",
                )
            })
            .collect();
        let findings: Vec<Finding> = (0..2000)
            .map(|i| {
                finding(
                    &format!("repo-{i:04}"),
                    "build-without-alternatives",
                    Severity::Error,
                    "m",
                )
            })
            .collect();
        let page = render(&scan(charters, findings, 2000), None, "t");
        assert_eq!(page.matches("<details class=\"repo\"").count(), 2000);
        assert!(!page.contains("<details class=\"repo\" data-repo=\"repo-0000\" open"));
        assert_eq!(page.matches("<option value=\"repo-").count(), 2000);
    }

    #[test]
    fn svg_text_is_wrapped_and_clipped() {
        assert_eq!(wrap("one two three", 7, 2), vec!["one two", "three"]);
        let lines = wrap("alpha beta gamma delta epsilon", 11, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 11), "{lines:?}");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
