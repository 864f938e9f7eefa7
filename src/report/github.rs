//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding, e.g.
//! `::error file=charter.toml,line=3,col=1,endLine=3,endColumn=9,title=placeholder::…`.

use crate::engine::Results;
use crate::finding::{Finding, Severity};
use crate::text::visible_multiline;

pub fn render(report: &Results) -> String {
    report.findings.iter().map(annotation).collect()
}

/// One workflow command (with its newline). The help follows the message
/// on a line of its own.
pub fn annotation(f: &Finding) -> String {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let p = &f.position;
    let mut message = visible_multiline(&f.message);
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(&visible_multiline(help));
    }
    // A finding about a whole repository has no line: the annotation names
    // the repository's folder alone.
    let place = if f.is_about_repository() {
        String::new()
    } else {
        format!(
            ",line={},col={},endLine={},endColumn={}",
            p.line, p.column, p.end_line, p.end_column
        )
    };
    format!(
        "::{command} file={}{place},title={}::{}\n",
        escape_property(&super::file_of(f)),
        escape_property(f.rule),
        escape_data(&message)
    )
}

/// GitHub's escaping of a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a property value: the message's, and the
/// separators `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repository_level_finding_has_no_line() {
        let f = crate::rules::repo_unreadable("team/broken".into(), "HEAD points nowhere");
        let a = annotation(&f);
        assert!(
            a.starts_with("::error file=team/broken,title=repo-unreadable::"),
            "{a}"
        );
    }

    #[test]
    fn escaping_follows_github_rules() {
        assert_eq!(escape_data("100%\r\nb: c, d"), "100%25%0D%0Ab: c, d");
        assert_eq!(escape_property("a%b:c,d\ne"), "a%25b%3Ac%2Cd%0Ae");
    }
}
