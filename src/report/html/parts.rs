//! The small pieces every section of the HTML report uses: counted
//! nouns, clipped and wrapped text, a product's name and place, links to
//! the source.

use maud::{Markup, html};
use percent_encoding::utf8_percent_encode;

use crate::record::{CharterRecord, ScanInfo};
use crate::text::visible;

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Cuts a text to `max` characters, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    let text = visible(text);
    if text.chars().count() <= max {
        return text;
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Breaks a text into at most `lines` lines of about `width` characters (SVG
/// text does not wrap), with an ellipsis when something is left over.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in visible(text).split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            if out.len() + 1 == lines {
                // No room left: the last line is cut, which adds the ellipsis.
                out.push(clip(&format!("{line} {word}"), width));
                return out;
            }
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out.into_iter().map(|l| clip(&l, width)).collect()
}

pub fn display_name(c: &CharterRecord) -> String {
    visible(
        c.name
            .as_deref()
            .or(c.product_id.as_deref())
            .unwrap_or(&c.path),
    )
}

pub fn location(c: &CharterRecord) -> String {
    c.place().visible()
}

/// An RFC 3339 UTC time as people read it: `2026-11-22 07:30 UTC`.
pub fn when(rfc3339: &str) -> String {
    let t = visible(rfc3339);
    match (t.get(..10), t.get(11..16), t.ends_with('Z')) {
        (Some(day), Some(hm), true) if t.as_bytes().get(10) == Some(&b'T') => {
            format!("{day} {hm} UTC")
        }
        _ => t,
    }
}

/// `{repo}`, `{rev}`, `{path}` and `{line}` of a template, filled in with
/// percent-encoded values (the template itself is the user's own).
pub fn link(
    info: Option<&ScanInfo>,
    repo: Option<&str>,
    commit: Option<&str>,
    path: &str,
    line: usize,
) -> Option<String> {
    let info = info?;
    let template = info.link_template.as_deref()?;
    let encode = |s: &str| utf8_percent_encode(s, crate::text::URI_PATH).to_string();
    Some(
        template
            .replace("{repo}", &encode(repo.unwrap_or("")))
            .replace("{rev}", &encode(commit.unwrap_or(&info.rev)))
            .replace("{path}", &encode(path))
            .replace("{line}", &line.to_string()),
    )
}

/// A text, as a link to its source when the report has a link template.
pub fn linked(href: Option<String>, body: Markup) -> Markup {
    html! {
        @match href {
            Some(href) => a.source href=(href) rel="noreferrer" { (body) },
            None => (body),
        }
    }
}

/// How the charts draw a severity.
pub const fn severity_colour(s: crate::finding::Severity) -> &'static str {
    match s {
        crate::finding::Severity::Error => "#c92a2a",
        crate::finding::Severity::Warning => "#e8a317",
        crate::finding::Severity::Note => "#5c7cfa",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(template: Option<&str>) -> ScanInfo {
        ScanInfo {
            rev: "main".into(),
            link_template: template.map(str::to_string),
            ..ScanInfo::default()
        }
    }

    #[test]
    fn links_fill_the_template_with_encoded_values() {
        let i = info(Some(
            "https://git.example.com/{repo}/blob/{rev}/{path}#L{line}",
        ));
        assert_eq!(
            link(
                Some(&i),
                Some("team a/x.git"),
                None,
                "products/my \"ledger\"/charter.toml",
                7
            )
            .as_deref(),
            Some(
                "https://git.example.com/team%20a/x.git/blob/main/products/my%20%22ledger%22/charter.toml#L7"
            )
        );
        // The commit a repository was read at, where it is known.
        assert_eq!(
            link(Some(&i), Some("r"), Some("0a1b2c"), "p", 3).as_deref(),
            Some("https://git.example.com/r/blob/0a1b2c/p#L3")
        );
        assert_eq!(link(Some(&info(None)), Some("r"), None, "p", 1), None);
        assert_eq!(link(None, Some("r"), None, "p", 1), None);
    }

    #[test]
    fn times_read_as_utc() {
        assert_eq!(when("2026-11-22T07:30:05Z"), "2026-11-22 07:30 UTC");
        assert_eq!(when("yesterday"), "yesterday");
        assert_eq!(when("é"), "é");
    }
}
