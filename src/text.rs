//! Text helpers: placeholder detection and safe display of untrusted text.

/// Does a free text count as missing? Empty, only white space, or one of the
/// placeholders of SPEC section 2, ignoring case and surrounding white space
/// and punctuation.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || is_punct(c));
    if t.starts_with('<') && t.ends_with('>') {
        return true;
    }
    let t = t.to_lowercase();
    t.is_empty()
        || matches!(
            t.as_str(),
            "tbd" | "todo" | "fixme" | "n/a" | "none" | "xxx" | "tba" | "tbc"
        )
        || t.starts_with("lorem ipsum")
}

fn is_punct(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '<' && c != '>')
        || matches!(
            c,
            '…' | '–' | '—' | '‘' | '’' | '“' | '”' | '«' | '»' | '¿' | '¡'
        )
}

/// "a" or "an", for the word that follows it ("an internal-tool").
pub fn article(word: &str) -> &'static str {
    match word.trim_start_matches('`').chars().next() {
        Some(c) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    }
}

/// Text from a charter quoted for a message: in backticks, with control
/// characters (terminal escapes among them) shown escaped, and cut short.
pub fn quoted(text: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::from("`");
    for (n, c) in text.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        push_visible(&mut out, c);
    }
    out.push('`');
    out
}

/// Escapes control characters so nothing from a file can act on a terminal.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

fn push_visible(out: &mut String, c: char) {
    if c.is_control() || is_bidi_control(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

/// Bidirectional overrides can make text display differently from what it is.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Like `visible`, but keeps line breaks (for multi-line help).
pub fn visible_multiline(text: &str) -> String {
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}

/// Characters kept as they are in a relative URI: RFC 3986's unreserved
/// ones and the path separator. Everything else is percent-encoded.
pub const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_of_the_spec() {
        for p in [
            "",
            "  ",
            "TBD",
            "todo",
            " FIXME. ",
            "N/A",
            "none",
            "?",
            "...",
            "xxx",
            "XXX!",
            "Lorem ipsum dolor sit amet",
            "lorem ipsum…",
            "<vision here>",
            "  <who?> ",
            "…",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
        for real in [
            "Close the books in one day",
            "None of our competitors do this",
            "a < b > c",
            "TBD later: to be decided by the board",
            "nonetheless",
        ] {
            assert!(!is_placeholder(real), "{real:?} is real text");
        }
    }

    #[test]
    fn articles() {
        assert_eq!(article("internal-tool"), "an");
        assert_eq!(article("`internal-tool`"), "an");
        assert_eq!(article("platform"), "a");
        assert_eq!(article("customer-facing"), "a");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(visible("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(quoted("x\ny"), "`x\\u{a}y`");
        assert!(quoted(&"a".repeat(100)).ends_with("…`"));
        assert_eq!(visible("\u{202E}abc"), "\\u{202e}abc");
    }
}
