//! Reporters: a finished report rendered for people or for machines.

pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod status;

use crate::finding::Finding;

/// The file a finding is in, as one relative path: `repo/path` in a scan,
/// the repository itself for a finding about a whole repository (`.`).
pub fn file_of(f: &Finding) -> String {
    match (&f.repo, f.path.as_str()) {
        (Some(repo), "." | "") => repo.clone(),
        (Some(repo), path) => format!("{repo}/{path}"),
        (None, path) => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::span::{Position, Span};

    fn finding(repo: Option<&str>, path: &str) -> Finding {
        Finding {
            rule: "charter-missing",
            severity: Severity::Error,
            message: "no charter".into(),
            repo: repo.map(str::to_string),
            path: path.into(),
            span: Span::default(),
            position: Position::FILE_START,
            labels: Vec::new(),
            help: None,
            field: "charter".into(),
            fix: None,
        }
    }

    #[test]
    fn a_scan_names_files_repo_first() {
        assert_eq!(file_of(&finding(None, "a/charter.toml")), "a/charter.toml");
        assert_eq!(
            file_of(&finding(Some("team/ledger"), "a/charter.toml")),
            "team/ledger/a/charter.toml"
        );
        assert_eq!(file_of(&finding(Some("team/ledger"), ".")), "team/ledger");
        let github = github::annotation(&finding(Some("team/ledger"), "charter.toml"));
        assert!(
            github.starts_with("::error file=team/ledger/charter.toml,line=1,"),
            "{github}"
        );
    }
}
