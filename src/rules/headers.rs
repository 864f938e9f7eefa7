//! Every header of a misspelt table (issue 23): `[[persona]]` written twice,
//! or `[visoin.a]` and `[visoin.b]`, name the same key in several headers,
//! and renaming only the first would leave the rest stuck (the target then
//! exists, so no later round renames them). The rename fix edits them all.

use crate::fix::{Edit, Fix};
use crate::span::Span;

/// The spans of `written` as the key at depth `parent.len()` of every
/// table header (`[a.b]`, `[[a.b]]`) under `parent`. Headers with quoted
/// keys, and lines inside multi-line strings, are left alone.
pub fn header_key_spans(text: &str, parent: &[&str], written: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut in_basic = false;
    let mut in_literal = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let was_in_string = in_basic || in_literal;
        if line.matches("\"\"\"").count() % 2 == 1 {
            in_basic = !in_basic;
        }
        if line.matches("'''").count() % 2 == 1 {
            in_literal = !in_literal;
        }
        if was_in_string {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let open = if trimmed.starts_with("[[") {
            2
        } else if trimmed.starts_with('[') {
            1
        } else {
            continue;
        };
        let Some(close) = trimmed.find(']') else {
            continue;
        };
        if close < open {
            continue;
        }
        let inner = &trimmed[open..close];
        if inner.contains(['"', '\'']) {
            continue;
        }
        let mut at = start + indent + open;
        for (depth, part) in inner.split('.').enumerate() {
            let lead = part.len() - part.trim_start().len();
            let key = part.trim();
            if depth < parent.len() {
                if key != parent[depth] {
                    break;
                }
            } else {
                if key == written {
                    spans.push(Span::new(at + lead, at + lead + key.len()));
                }
                break;
            }
            at += part.len() + 1;
        }
    }
    spans
}

/// A rename fix of a key (its one edit at the key's first place) made to
/// rename the key in every table header that names it.
pub fn rename_everywhere(text: &str, path: &str, written: &str, fix: &Fix) -> Fix {
    let [first] = fix.edits.as_slice() else {
        return fix.clone();
    };
    if path.contains(['[', '"', '\'']) || written.contains('.') {
        return fix.clone();
    }
    let parent: Vec<&str> = match path.rsplit_once('.') {
        Some((parent, _)) => parent.split('.').collect(),
        None => Vec::new(),
    };
    let mut spans = header_key_spans(text, &parent, written);
    if spans.len() < 2 {
        return fix.clone();
    }
    if !spans.contains(&first.span) {
        spans.push(first.span);
    }
    spans.sort();
    spans.dedup();
    let mut all = fix.clone();
    all.edits = spans
        .into_iter()
        .map(|s| Edit::replace(s, first.content.clone()))
        .collect();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_of_the_key_is_found() {
        let text = "a = 1\n[[persona]]\nx = 1\n  [[ persona ]]\n[visoin.a]\ns = \"\"\"\n[[persona]]\n\"\"\"\n[visoin . b]\n[\"persona\"]\n";
        let spans = header_key_spans(text, &[], "persona");
        let found: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(found, ["persona", "persona"]);
        assert_eq!(header_key_spans(text, &[], "visoin").len(), 2);
        let nested = "[relationship.autonomi]\n[relationship.autonomi.x]\n[other.autonomi]\n";
        assert_eq!(
            header_key_spans(nested, &["relationship"], "autonomi").len(),
            2
        );
    }
}
