//! Human output: miette's graphical diagnostics, one per finding, a table
//! of the repositories in a scan, then a receipt on stderr.

use std::collections::BTreeMap;
use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::engine::Results;
use crate::finding::{Finding, Severity};

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Always,
    Never,
}

struct Rendered<'a> {
    finding: &'a Finding,
    source: Option<NamedSource<String>>,
    help: Option<String>,
    /// Labels before the primary span in the file. miette shows snippets in
    /// file order, so these are shown after it, as a related snippet: the
    /// first place a finding shows is always the one it is about.
    earlier: Option<Earlier<'a>>,
}

/// The labels of a finding that come before its primary span.
struct Earlier<'a> {
    labels: Vec<&'a crate::finding::Label>,
}

impl fmt::Debug for Earlier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("where it comes from")
    }
}

impl fmt::Display for Earlier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.labels.len() == 1 {
            "and the field it concerns, earlier in the file"
        } else {
            "and the fields it concerns, earlier in the file"
        })
    }
}

impl std::error::Error for Earlier<'_> {}

impl Diagnostic for Earlier<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        // Context for the finding above, not another finding.
        Some(miette::Severity::Advice)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().map(|l| {
            LabeledSpan::new_with_span(
                Some(crate::text::visible(&l.message)),
                (l.span.start, l.span.len()),
            )
        })))
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.finding.severity,
            crate::text::visible(&self.finding.message)
        )
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette_severity(self.finding.severity))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        let earlier = self.earlier.as_ref().filter(|_| self.source.is_some())?;
        Some(Box::new(std::iter::once(earlier as &dyn Diagnostic)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let f = self.finding;
        let primary = LabeledSpan::new_primary_with_span(None, (f.span.start, f.span.len()));
        let others = f.labels.iter().filter(|l| !is_earlier(l, f)).map(|l| {
            LabeledSpan::new_with_span(
                Some(crate::text::visible(&l.message)),
                (l.span.start, l.span.len()),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// Does a label stand before the finding's primary span, far enough for
/// miette to show it in a snippet of its own (and so first)? A label on the
/// lines just above shares the primary's snippet, whose header is the
/// primary's position.
fn is_earlier(l: &crate::finding::Label, f: &Finding) -> bool {
    l.span.start < f.span.start && l.position.end_line + 2 * CONTEXT_LINES + 1 < f.position.line
}

/// The longest source line shown in a snippet; longer ones (minified or
/// generated files) are reported by position only.
const MAX_SNIPPET_LINE: usize = 400;

// Context lines shown around a span; `snippet_fits` checks them too.
const CONTEXT_LINES: usize = 1;

/// Can the finding's lines (and their context) be shown as a snippet?
/// `line_lengths` are the byte lengths of the file's lines.
fn snippet_fits(f: &Finding, line_lengths: &[usize]) -> bool {
    if f.span.end == 0 && f.position == crate::span::Position::FILE_START {
        return false;
    }
    let ranges = std::iter::once((f.position.line, f.position.end_line)).chain(
        f.labels
            .iter()
            .map(|l| (l.position.line, l.position.end_line)),
    );
    ranges.into_iter().all(|(first, last)| {
        let from = first.saturating_sub(1 + CONTEXT_LINES);
        let to = (last + CONTEXT_LINES).min(line_lengths.len());
        from < to
            && line_lengths[from..to]
                .iter()
                .all(|&n| n <= MAX_SNIPPET_LINE)
    })
}

/// Replaces control characters with `?` of the same byte length, so that
/// spans stay valid and nothing in a file can act on the terminal.
fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let dangerous = (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
        if dangerous {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn render(report: &Results, color: Color, width: usize) -> String {
    let theme = match color {
        Color::Always => GraphicalTheme::unicode(),
        Color::Never => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_show_related_as_nested(true)
        .with_context_lines(CONTEXT_LINES);
    let mut out = String::new();
    let mut line_lengths: std::collections::HashMap<_, Vec<usize>> =
        std::collections::HashMap::new();
    for f in &report.findings {
        let name = f.file().to_string();
        let key = (f.repo.clone(), f.path.clone());
        let source = report.sources.get(&key).filter(|text| {
            let lengths = line_lengths
                .entry(key)
                .or_insert_with(|| text.split('\n').map(str::len).collect());
            snippet_fits(f, lengths)
        });
        let earlier: Vec<_> = f.labels.iter().filter(|l| is_earlier(l, f)).collect();
        let rendered = Rendered {
            finding: f,
            source: source.map(|t| NamedSource::new(name.clone(), neutralise(t))),
            help: f.help.as_deref().map(crate::text::visible_multiline),
            earlier: (!earlier.is_empty()).then_some(Earlier { labels: earlier }),
        };
        if rendered.source.is_none() {
            out.push_str(&f.place());
            out.push('\n');
        }
        let mut one = String::new();
        // miette is a third-party renderer: should it ever fail on some
        // input, the finding is still reported, without its snippet.
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            handler.render_report(&mut one, &rendered).is_ok()
        }))
        .unwrap_or(false);
        if !ok {
            one = format!(
                "{}: {}: {}\n",
                f.severity,
                f.rule,
                crate::text::visible(&f.message)
            );
        }
        out.push_str(&one);
        out.push('\n');
    }
    if !report.repositories.is_empty() {
        out.push_str(&repository_table(report));
    }
    out
}

/// A scan's summary, one line per repository: how many charters, errors
/// and warnings, and a status.
pub fn repository_table(report: &Results) -> String {
    #[derive(Default)]
    struct Row {
        charters: usize,
        errors: usize,
        warnings: usize,
        unreadable: bool,
    }
    let mut rows: BTreeMap<&str, Row> = report
        .repositories
        .iter()
        .map(|r| (r.as_str(), Row::default()))
        .collect();
    for c in &report.charters {
        if let Some(r) = &c.repo {
            rows.entry(r).or_default().charters += 1;
        }
    }
    for f in &report.findings {
        let Some(r) = &f.repo else { continue };
        let row = rows.entry(r).or_default();
        match f.severity {
            Severity::Error => row.errors += 1,
            Severity::Warning => row.warnings += 1,
            Severity::Note => {}
        }
        row.unreadable |= f.rule == crate::rules::REPO_UNREADABLE.id;
    }
    let names: Vec<String> = rows.keys().map(|r| crate::text::visible(r)).collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .chain([10])
        .max()
        .unwrap_or(10);
    let mut out = format!(
        "{:<width$}  charters  errors  warnings  status\n",
        "repository"
    );
    for (name, row) in names.iter().zip(rows.values()) {
        // The HTML report's five statuses, in its words.
        let status = super::status::Status::of(
            row.unreadable,
            row.charters == 0,
            crate::finding::Counts {
                errors: row.errors,
                warnings: row.warnings,
                notes: 0,
            },
        )
        .label();
        out.push_str(&format!(
            "{name:<width$}  {:>8}  {:>6}  {:>8}  {status}\n",
            row.charters, row.errors, row.warnings
        ));
    }
    out
}

/// The receipt: what was checked and from where, so that a hook that checked
/// nothing says so instead of passing in silence.
pub fn receipt(report: &Results, command: &str) -> String {
    let c = report.counts();
    let n = report.charters_checked;
    let charters = if n == 1 {
        "1 charter".to_string()
    } else {
        format!("{n} charters")
    };
    let scanned = matches!(command, "scan" | "merge");
    let repos = match report.repos {
        1 => " in 1 repository".to_string(),
        r if r > 0 || scanned => format!(" in {r} repositories"),
        _ => String::new(),
    };
    let mut origins = report.origins.clone();
    origins.dedup();
    let from = if origins.len() == 1 {
        format!(" from {}", origins[0])
    } else {
        String::new()
    };
    let mut s = format!(
        "charterlint {command}: {charters}{repos}{from}: {} error{}, {} warning{}, {} note{}",
        c.errors,
        plural(c.errors),
        c.warnings,
        plural(c.warnings),
        c.notes,
        plural(c.notes)
    );
    match report.not_new {
        0 => {}
        1 => s.push_str("; 1 finding already present at the base not shown (--new-only)"),
        n => s.push_str(&format!(
            "; {n} findings already present at the base not shown (--new-only)"
        )),
    }
    match report.without_registry {
        0 => {}
        _ if !scanned => s.push_str(
            "; no OKR registry, so the golden thread was checked for shape only (set `registry` in charterlint.toml)",
        ),
        1 => s.push_str(
            "; 1 repository has no OKR registry: its golden threads were checked for shape only",
        ),
        r => s.push_str(&format!(
            "; {r} repositories have no OKR registry: their golden threads were checked for shape only"
        )),
    }
    if scanned && report.repos == 0 {
        s.push_str(" (no git repository found: nothing was scanned)");
    } else if n == 0 && report.errors.is_empty() {
        if origins.len() == 1 && origins[0].is_changed_since() {
            s.push_str(" (no charter changed: nothing was checked)");
        } else {
            s.push_str(" (no file matched the include globs: nothing was checked)");
        }
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
