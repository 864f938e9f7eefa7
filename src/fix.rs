//! Fixes: mechanical repairs a rule offers with its finding, in ruff's
//! model. An edit replaces a byte range of the file; a fix is a set of edits
//! with an applicability. `fix`, `check --fix`, the JSON and SARIF reports and
//! the language server all use the same fixes.

use serde::{Deserialize, Serialize};

use crate::span::{LineIndex, Position, Span};

/// How safe a fix is to apply without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps what the charter means: a misspelt key renamed, a quoted
    /// boolean unquoted. `fix` applies it.
    Safe,
    /// Changes what the charter says, or which rules apply: applied only
    /// with `--unsafe-fixes`.
    Unsafe,
    /// Shown, never applied.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes of `span` with `content` (an insertion when the span
/// is empty, a deletion when the content is).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    /// Lines and columns of `span`, filled in with the finding's own.
    pub position: Position,
    pub content: String,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit {
            span,
            position: Position::FILE_START,
            content: content.into(),
        }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Edit {
        Edit::replace(Span::new(at, at), content)
    }

    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, as a code action's title says it.
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    pub fn unsafe_edit(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }

    /// Fills in the lines and columns of every edit.
    pub fn locate(mut self, lines: &LineIndex) -> Fix {
        for e in &mut self.edits {
            e.position = lines.position(e.span);
        }
        self
    }

    /// The smallest span covering every edit.
    fn extent(&self) -> Option<Span> {
        self.edits.iter().map(|e| e.span).reduce(Span::to)
    }

    /// Can it be applied to `text`: every edit inside it, on character
    /// boundaries, none overlapping another?
    fn fits(&self, text: &str) -> bool {
        let mut spans: Vec<Span> = self.edits.iter().map(|e| e.span).collect();
        spans.sort();
        spans.iter().all(|s| {
            s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end)
        }) && spans.windows(2).all(|w| w[0].end <= w[1].start)
    }
}

/// A deletion that starts a line takes the line's end with it, so that
/// removing a table leaves no blank line behind.
fn whole_lines(text: &str, edit: &Edit) -> Edit {
    let starts_line = edit.span.start == 0 || text.as_bytes()[edit.span.start - 1] == b'\n';
    let mut edit = edit.clone();
    if edit.content.is_empty() && starts_line {
        if text[edit.span.end..].starts_with('\n') {
            edit.span.end += 1;
        } else if text[edit.span.end..].starts_with("\r\n") {
            edit.span.end += 2;
        }
    }
    edit
}

/// `content` with the file's line ending: a file written with CRLF gets
/// CRLF in what is inserted too, never a mix.
fn with_line_ending(content: &str, crlf: bool) -> String {
    if !crlf || !content.contains('\n') {
        return content.to_string();
    }
    let mut out = String::with_capacity(content.len() + 8);
    let mut previous = '\0';
    for c in content.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
}

/// Does the file end its lines with CRLF? (Its first line end decides.)
fn uses_crlf(text: &str) -> bool {
    text.find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

/// Applies the fixes that fit, in order of their position; a fix that
/// overlaps one already applied (or does not fit the text) is left for
/// another round. Returns the new text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut chosen: Vec<(Span, &Fix)> = fixes
        .iter()
        .filter(|f| f.fits(text))
        .filter_map(|f| Some((f.extent()?, *f)))
        .collect();
    chosen.sort_by_key(|(extent, _)| (extent.start, extent.end));
    let mut taken: Vec<&Fix> = Vec::new();
    let mut last_end: Option<usize> = None;
    for (extent, fix) in chosen {
        // Strictly after the last one: two edits touching at one point
        // (an insertion at the end of a replacement) would be ambiguous.
        if last_end.is_some_and(|end| extent.start <= end) || taken.contains(&fix) {
            continue;
        }
        last_end = Some(extent.end);
        taken.push(fix);
    }
    let mut edits: Vec<Edit> = taken
        .iter()
        .flat_map(|f| f.edits.iter().map(|e| whole_lines(text, e)))
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let crlf = uses_crlf(text);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in &edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&with_line_ending(&e.content, crlf));
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, taken.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_overlaps_wait() {
        let text = "[visoin]\nstatement = \"x\"\nchoice = \"true\"\n";
        let rename = Fix::safe("rename", vec![Edit::replace(Span::new(1, 7), "vision")]);
        let unquote = Fix::safe("unquote", vec![Edit::replace(Span::new(34, 40), "true")]);
        let overlapping = Fix::safe("other", vec![Edit::replace(Span::new(3, 5), "zz")]);
        let (out, n) = apply(text, &[&unquote, &overlapping, &rename]);
        assert_eq!(n, 2);
        assert_eq!(out, "[vision]\nstatement = \"x\"\nchoice = true\n");
    }

    #[test]
    fn a_deleted_table_takes_its_line_ends() {
        let text = "a = 1\n[[waivers]]\nrule = \"x\"\n[b]\n";
        let start = text.find("[[").unwrap();
        let end = text.find("[b]").unwrap() - 1;
        let remove = Fix::unsafe_edit("remove", vec![Edit::delete(Span::new(start, end))]);
        assert_eq!(apply(text, &[&remove]).0, "a = 1\n[b]\n");
    }

    #[test]
    fn a_crlf_file_keeps_its_line_ends() {
        let text = "\u{feff}a = 1\r\n[[waivers]]\r\nrule = \"x\"\r\n[b]\r\n";
        let start = text.find("[[").unwrap();
        let end = text.find("[b]").unwrap() - 2;
        let remove = Fix::unsafe_edit("remove", vec![Edit::delete(Span::new(start, end))]);
        let add = Fix::unsafe_edit("add", vec![Edit::insert(text.len(), "\n[c]\nk = 1\n")]);
        assert_eq!(
            apply(text, &[&remove, &add]).0,
            "\u{feff}a = 1\r\n[b]\r\n\r\n[c]\r\nk = 1\r\n"
        );
    }

    #[test]
    fn a_fix_that_does_not_fit_is_not_applied() {
        let text = "é";
        let bad = Fix::safe("split a character", vec![Edit::delete(Span::new(1, 2))]);
        let outside = Fix::safe("past the end", vec![Edit::delete(Span::new(5, 9))]);
        assert_eq!(apply(text, &[&bad, &outside]), ("é".to_string(), 0));
    }
}
