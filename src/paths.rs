//! Showing paths safely: whatever bytes a file name holds, what reaches a
//! terminal or a report is printable text.

use std::borrow::Cow;
use std::ffi::OsStr;

/// A path component as text: invalid UTF-8 bytes as `\xNN`, control
/// characters escaped.
pub fn display_os(s: &OsStr) -> String {
    display_bytes(s.as_encoded_bytes())
}

/// Like `display_bytes`, without allocating when the bytes are printable
/// ASCII (nearly every path): for walking thousands of index entries.
pub fn display_cow(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) if bytes.iter().all(|b| (0x20..0x7f).contains(b)) => Cow::Borrowed(s),
        _ => Cow::Owned(display_bytes(bytes)),
    }
}

pub fn display_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&crate::text::visible(chunk.valid()));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_and_escapes_are_shown_safely() {
        assert_eq!(super::display_bytes(b"a\xffb"), "a\\xffb");
        assert_eq!(super::display_bytes(b"x\x1b[2Jy"), "x\\u{1b}[2Jy");
        assert_eq!(super::display_bytes("d\u{e9}j\u{e0}".as_bytes()), "déjà");
        assert!(matches!(
            super::display_cow(b"a/b.toml"),
            super::Cow::Borrowed("a/b.toml")
        ));
        assert_eq!(super::display_cow(b"a\xffb"), "a\\xffb");
    }
}
