//! The rule framework: what a rule is ([`Rule`], where it runs, its
//! examples) and how a check reports ([`Emitter`], [`Draft`]). The rules
//! themselves are in the sibling modules, and their list in `rules`.

use crate::charter::Charter;
use crate::codeowners::CodeOwners;
use crate::date::Date;
use crate::finding::{Finding, Label, Place, Severity};
use crate::registry::Registry;
use crate::span::{LineIndex, Span};

/// A rule: what it checks, why, and how.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub default: Severity,
    /// One line, for `rules` and tables.
    pub summary: &'static str,
    /// What it checks and why (the idea behind it), for `explain`.
    pub explanation: &'static str,
    pub fails: Example,
    pub passes: Example,
    pub check: Check,
}

/// Where a rule's check runs.
#[derive(Debug)]
pub enum Check {
    /// On one parsed charter.
    Charter(fn(&Charter, &Context, &mut Emitter)),
    /// While parsing any document (charter, registry).
    Document,
    /// When waivers are applied to a charter's findings.
    Waiver,
    /// Across all the charters of a run (or a scan).
    Portfolio,
    /// Only where history is read (`--changed-since`, `--rev`, scan).
    History,
    /// Only in a scan.
    Scan,
}

/// Files that show a rule failing or passing, each a real file under
/// `src/rules/examples/<rule>/` (`fails.toml` and `passes.toml` when the
/// example is one charter). `before`, when not empty, is
/// committed first and `files` on top of it (for the history rules). When
/// `args` starts with `scan`, the files make up one repository in an
/// organisation folder that is scanned, and files under `.git/` are written
/// into its git folder after the commit (to break it).
#[derive(Debug)]
pub struct Example {
    pub files: &'static [(&'static str, &'static str)],
    pub before: &'static [(&'static str, &'static str)],
    /// Extra command-line arguments the example is run with.
    pub args: &'static [&'static str],
}

/// An example that is one `charter.toml`.
macro_rules! charter_example {
    ($text:expr) => {
        $crate::rules::framework::Example {
            files: &[("charter.toml", $text)],
            before: &[],
            args: &[],
        }
    };
}
pub(crate) use charter_example;

/// A rule's explanation, from its `src/rules/docs/<rule>.md`: the Markdown
/// `rules --reference` and the SARIF rule help print (and `explain` wraps),
/// without the file's final newline.
macro_rules! explanation {
    ($path:literal) => {
        $crate::rules::framework::without_final_newline(include_str!($path))
    };
}
pub(crate) use explanation;

/// `text` less one final `\n`, at compile time.
pub(crate) const fn without_final_newline(text: &'static str) -> &'static str {
    match text.as_bytes().split_last() {
        Some((b'\n', rest)) => match std::str::from_utf8(rest) {
            Ok(text) => text,
            Err(_) => panic!("a newline ends a character"),
        },
        _ => text,
    }
}

/// What a charter check may consult besides the charter.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub today: Date,
    pub registry: Option<&'a Registry>,
    /// Every rule (for the waivers, which name rules).
    pub rules: &'a [&'static Rule],
    /// The repository's CODEOWNERS, when it has one and it was read.
    pub codeowners: Option<&'a CodeOwners>,
    /// The charter's path in its tree (relative, with `/`); empty where a
    /// charter is checked without one.
    pub path: &'a str,
}

impl<'a> Context<'a> {
    /// The same, with the tree's CODEOWNERS.
    pub fn with_codeowners(self, codeowners: Option<&'a CodeOwners>) -> Context<'a> {
        Context { codeowners, ..self }
    }

    /// The same, about the charter at `path`.
    pub fn at<'b>(&self, path: &'b str) -> Context<'b>
    where
        'a: 'b,
    {
        Context { path, ..*self }
    }

    /// The rule `id`, if there is one.
    pub fn rule(&self, id: &str) -> Option<&'static Rule> {
        self.rules.iter().copied().find(|r| r.id == id)
    }

    /// The known rule id closest to `id`, for "did you mean".
    pub fn closest_rule_id(&self, id: &str) -> Option<&'static str> {
        crate::shape::closest(id, self.rules.iter().map(|r| r.id))
    }
}

impl Rule {
    /// A finding of this rule at its default severity, about the file at
    /// `place` (at the start of it until `Finding::at` says where).
    pub fn finding(&'static self, place: Place<'_>, message: String) -> Finding {
        Finding::new(self.id, self.default, place, message)
    }
}

/// A finding as a rule produces it: spans in bytes, severity not yet applied.
#[derive(Debug, Clone)]
pub struct Draft {
    pub rule: &'static Rule,
    pub span: Span,
    pub field: String,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
    pub fix: Option<crate::fix::Fix>,
}

/// Collects the drafts of one charter's checks.
#[derive(Default)]
pub struct Emitter {
    pub drafts: Vec<Draft>,
}

impl Emitter {
    /// Starts a finding of `rule` at `span`, about the key path `field`.
    pub fn emit(
        &mut self,
        rule: &'static Rule,
        span: Span,
        field: &str,
        message: impl Into<String>,
    ) -> &mut Draft {
        self.drafts.push(Draft::new(rule, span, message));
        self.drafts.last_mut().expect("just pushed").field(field)
    }
}

impl Draft {
    /// The one constructor of a draft: a finding of `rule` at `span`.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Draft {
        Draft {
            rule,
            span,
            field: String::new(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// About the key path `field` (`relationship.type`).
    pub fn field(&mut self, field: &str) -> &mut Self {
        self.field = field.to_string();
        self
    }

    /// The one place a draft becomes a finding: its spans given lines and
    /// columns in `lines`, the file's text, at the rule's default severity.
    pub fn locate(self, lines: &LineIndex, place: Place<'_>) -> Finding {
        let labels = self.labels.into_iter().map(|(span, message)| Label {
            message,
            span,
            position: lines.position(span),
        });
        let mut finding = self
            .rule
            .finding(place, self.message)
            .at(self.span, lines.position(self.span))
            .field(self.field)
            .fix(self.fix.map(|f| f.locate(lines)));
        finding.help = self.help;
        finding.labels = labels.collect();
        finding
    }

    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push((span, message.into()));
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn fix(&mut self, fix: crate::fix::Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }
}
