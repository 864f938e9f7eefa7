//! `--format gitlab`: a GitLab Code Quality report (a subset of the Code
//! Climate format): a JSON array, one object per finding.

use serde::Serialize;

use crate::engine::Results;
use crate::finding::{Finding, Severity};

#[derive(Debug, Serialize)]
pub struct Issue {
    pub description: String,
    pub check_name: &'static str,
    pub fingerprint: String,
    pub severity: &'static str,
    pub location: IssueLocation,
}

#[derive(Debug, Serialize)]
pub struct IssueLocation {
    pub path: String,
    pub lines: Lines,
}

#[derive(Debug, Serialize)]
pub struct Lines {
    pub begin: usize,
    pub end: usize,
}

/// GitLab's severity for ours. GitLab knows info, minor, major, critical and
/// blocker: an error is `major`, a warning `minor`, a note `info`. None is
/// `critical` or `blocker`, which GitLab keeps for defects that break
/// software; a charter finding fails the run without being one.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

pub fn render(report: &Results) -> String {
    let fingerprints = super::fingerprint::fingerprints(&report.findings);
    let issues: Vec<Issue> = report
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| issue(f, fingerprint))
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).expect("report serialises");
    s.push('\n');
    s
}

fn issue(f: &Finding, fingerprint: String) -> Issue {
    Issue {
        description: f.message.clone(),
        check_name: f.rule,
        fingerprint,
        severity: severity(f.severity),
        location: IssueLocation {
            path: super::file_of(f),
            lines: Lines {
                begin: f.position.line,
                end: f.position.end_line,
            },
        },
    }
}
