//! Findings: what the rules report. Plain data; rendering happens in `report`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::span::{Position, Span};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity as configured: a rule can also be turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

impl RuleLevel {
    pub const NAMES: &'static [&'static str] = &["error", "warning", "note", "off"];

    /// The level as configured: a severity's name, or `off`.
    pub fn name(self) -> &'static str {
        match self {
            RuleLevel::Off => "off",
            RuleLevel::On(s) => s.as_str(),
        }
    }
}

impl FromStr for RuleLevel {
    type Err = ();
    fn from_str(s: &str) -> Result<RuleLevel, ()> {
        Ok(match s {
            "error" => RuleLevel::On(Severity::Error),
            "warning" => RuleLevel::On(Severity::Warning),
            "note" => RuleLevel::On(Severity::Note),
            "off" => RuleLevel::Off,
            _ => return Err(()),
        })
    }
}

/// A secondary span with its own message, e.g. the other side of a contradiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub message: String,
    pub span: Span,
    pub position: Position,
}

/// A rule's id. (An alias, so that serde does not take the `&'static str`
/// for text borrowed from its input.)
pub type RuleId = &'static str;

/// One problem in one file. (Serialisable whole, spans and all, for scan
/// workers; the JSON report has its own shape in `report::json`.)
/// Read back where rules are known (`rules`), which looks the id up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// The repository relative to the scanned folder, in a scan.
    pub repo: Option<String>,
    /// Relative to the repository root, with `/`.
    pub path: String,
    pub span: Span,
    pub position: Position,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The key path the finding concerns (`relationship.type`), so that a
    /// finding keeps its identity when lines move (`--new-only`).
    pub field: String,
    /// A mechanical repair, when the rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<crate::fix::Fix>,
}

/// The `path` of a finding about a repository as a whole rather than one of
/// its files (`charter-missing`, `repo-unreadable`). Machine output shows it
/// as `"path": null` with no line (SPEC section 7), people see the
/// repository's name.
pub const WHOLE_REPOSITORY: &str = ".";

/// Where a file is: `repo: path` in a scan, the path alone otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub repo: Option<&'a str>,
    pub path: &'a str,
}

impl<'a> Place<'a> {
    pub fn new(repo: Option<&'a str>, path: &'a str) -> Place<'a> {
        Place { repo, path }
    }

    /// The same with every character visible (`text::visible`), for people.
    pub fn visible(&self) -> String {
        let visible = crate::text::visible;
        match self.repo {
            Some(repo) => format!("{}: {}", visible(repo), visible(self.path)),
            None => visible(self.path),
        }
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repo {
            Some(repo) => write!(f, "{repo}: {}", self.path),
            None => f.write_str(self.path),
        }
    }
}

impl Finding {
    /// The one constructor: a finding of the rule `rule` at `severity`,
    /// about the file at `place`, at the start of it until `at` says where.
    /// (Rules call it through `Rule::finding`, at their default severity.)
    pub fn new(rule: RuleId, severity: Severity, place: Place<'_>, message: String) -> Finding {
        Finding {
            rule,
            severity,
            message,
            repo: place.repo.map(str::to_string),
            path: place.path.to_string(),
            span: Span::default(),
            position: Position::FILE_START,
            labels: Vec::new(),
            help: None,
            field: String::new(),
            fix: None,
        }
    }

    /// At `span`, whose lines and columns are `position`.
    pub fn at(self, span: Span, position: Position) -> Finding {
        Finding {
            span,
            position,
            ..self
        }
    }

    /// About the key path `field` (its identity for `--new-only`).
    pub fn field(self, field: impl Into<String>) -> Finding {
        Finding {
            field: field.into(),
            ..self
        }
    }

    pub fn help(self, help: impl Into<String>) -> Finding {
        Finding {
            help: Some(help.into()),
            ..self
        }
    }

    pub fn label(mut self, label: Label) -> Finding {
        self.labels.push(label);
        self
    }

    pub fn fix(self, fix: Option<crate::fix::Fix>) -> Finding {
        Finding { fix, ..self }
    }

    /// Where the finding's file is.
    pub fn file(&self) -> Place<'_> {
        Place::new(self.repo.as_deref(), &self.path)
    }

    /// Does the finding concern a repository as a whole, not one of its files?
    pub fn is_about_repository(&self) -> bool {
        self.path == WHOLE_REPOSITORY || self.path.is_empty()
    }

    /// Where the finding is, for people: `repo: path:line:column`, or the
    /// repository's name alone for a finding about the whole repository.
    pub fn place(&self) -> String {
        match (&self.repo, self.is_about_repository()) {
            (Some(repo), true) => crate::text::visible(repo),
            (None, true) => "(this repository)".into(),
            (_, false) => format!(
                "{}:{}:{}",
                self.file().visible(),
                self.position.line,
                self.position.column
            ),
        }
    }

    /// The order every output uses: repo, path, line, column, rule.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.repo.as_deref(),
            self.path.as_str(),
            self.position.line,
            self.position.column,
            self.rule,
            self.message.as_str(),
        )
    }

    /// An identity that survives lines moving: rule, where, which field.
    pub fn identity(&self) -> (Option<&str>, &str, &str, &str) {
        (
            self.repo.as_deref(),
            self.path.as_str(),
            self.rule,
            self.field.as_str(),
        )
    }

    pub fn fails(&self, deny_warnings: bool) -> bool {
        match self.severity {
            Severity::Error => true,
            Severity::Warning => deny_warnings,
            Severity::Note => false,
        }
    }
}

pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Note => c.notes += 1,
            }
        }
        c
    }
}
