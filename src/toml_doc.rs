//! Parsing TOML with spans, and reading typed, spanned values out of it.
//!
//! Every format charterlint reads is parsed once into `toml`'s spanned
//! document tree; the typed models (charter, registry, config) are read out
//! of that tree with the helpers here, which keep the span of each key and
//! value so that every finding can point at the exact place.

pub use toml::Spanned;
pub use toml::de::{DeTable, DeValue};

use crate::date::Date;
use crate::span::Span;

/// A value read from a document, with where its key and its value are.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: T,
    pub key: Span,
    pub span: Span,
}

impl<T> Field<T> {
    /// From the start of the key to the end of the value: `type = "customer"`.
    pub fn whole(&self) -> Span {
        self.key.to(self.span)
    }
}

/// A list of strings, each item with its own span.
pub type List = Field<Vec<Field<String>>>;

/// Why a document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    pub message: String,
    pub span: Span,
}

/// The deepest nesting of arrays and inline tables accepted. The `toml`
/// parser guards its own recursion; this keeps ours (the shape walk) bounded
/// and gives the user a plain reason.
pub const MAX_NESTING: usize = 64;

/// Parses a TOML document, keeping spans.
pub fn parse(text: &str) -> Result<Spanned<DeTable<'_>>, ParseFailure> {
    if let Some(at) = too_deep(text) {
        return Err(ParseFailure {
            message: format!("arrays or inline tables are nested more than {MAX_NESTING} deep"),
            span: Span::new(at, at + 1),
        });
    }
    let root = DeTable::parse(text).map_err(|e| {
        let span = e.span().map_or(Span::new(0, 0), Span::from);
        ParseFailure {
            message: first_line(e.message()),
            span,
        }
    })?;
    check_numbers(root.get_ref())?;
    Ok(root)
}

/// The parser keeps numbers as written and leaves their validation to
/// deserialisation, which charterlint does not use: `0b` or `1_0٠` would
/// otherwise pass as TOML.
fn check_numbers(table: &DeTable<'_>) -> Result<(), ParseFailure> {
    for (_, v) in table.iter() {
        check_value(v)?;
    }
    Ok(())
}

fn check_value(v: &Spanned<DeValue<'_>>) -> Result<(), ParseFailure> {
    let bad = |what: &str, raw: &str| ParseFailure {
        message: format!("invalid {what} `{}`", crate::text::visible(raw)),
        span: v.span().into(),
    };
    match v.get_ref() {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits.strip_prefix('+').unwrap_or(&digits);
            if i64::from_str_radix(digits, i.radix()).is_err() {
                return Err(bad("integer", i.as_str()));
            }
        }
        DeValue::Float(f) => {
            let raw = f.as_str();
            let special = matches!(raw.trim_start_matches(['+', '-']), "inf" | "nan");
            if !special && raw.replace('_', "").parse::<f64>().is_err() {
                return Err(bad("float", raw));
            }
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                check_value(item)?;
            }
        }
        DeValue::Table(t) => check_numbers(t)?,
        DeValue::String(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => {}
    }
    Ok(())
}

fn first_line(message: &str) -> String {
    let m = message.trim();
    let mut s = m.lines().next().unwrap_or(m).trim().to_string();
    if s.is_empty() {
        s = "invalid TOML".into();
    }
    s
}

/// The offset at which bracket nesting first exceeds `MAX_NESTING`, ignoring
/// brackets in strings and comments. A cheap pre-pass: one scan of bytes.
fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let triple = b[i..].starts_with(if q == b'"' { b"\"\"\"" } else { b"'''" });
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if q == b'"' && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == q && (!triple || b[i..].starts_with(&[q, q, q])) {
                        i += if triple { 2 } else { 0 };
                        break;
                    }
                    if !triple && b[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' if depth > 0 => {}
            _ => {}
        }
        i += 1;
    }
    None
}

/// "a string", "an integer", ... for messages.
pub fn value_kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn entry<'t, 'i>(t: &'t DeTable<'i>, key: &str) -> Option<(Span, &'t Spanned<DeValue<'i>>)> {
    t.get_key_value(key).map(|(k, v)| (Span::from(k.span()), v))
}

/// A sub-table and where it is declared (`[product]`, or `product = {...}`).
pub fn table<'t, 'i>(t: &'t DeTable<'i>, key: &str) -> Option<(Span, &'t DeTable<'i>)> {
    let (k, v) = entry(t, key)?;
    match v.get_ref() {
        DeValue::Table(inner) => Some((header_span(k, v.span().into()), inner)),
        _ => None,
    }
}

/// Each table of an array of tables (`[[personas]]`) with where it is declared.
pub fn tables<'t, 'i>(
    t: &'t DeTable<'i>,
    key: &str,
) -> Option<(Span, Vec<(Span, &'t DeTable<'i>)>)> {
    let (k, v) = entry(t, key)?;
    let DeValue::Array(items) = v.get_ref() else {
        return None;
    };
    let list = items
        .iter()
        .filter_map(|it| match it.get_ref() {
            DeValue::Table(inner) => Some((header_span(k, it.span().into()), inner)),
            _ => None,
        })
        .collect();
    Some((k, list))
}

/// Where the top-level `key = value` of a document is, key through value;
/// `None` when the text is not TOML or has no such key.
pub fn key_span(text: &str, key: &str) -> Option<Span> {
    let root = parse(text).ok()?;
    let (k, v) = root.get_ref().get_key_value(key)?;
    Some(Span::from(k.span()).to(Span::from(v.span())))
}

/// A table declared with a header has the header as its value span; an
/// inline or dotted one is best shown by its key.
pub fn header_span(key: Span, value: Span) -> Span {
    if value.start <= key.start && value.end >= key.end {
        value
    } else {
        key
    }
}

fn field<T>(
    t: &DeTable<'_>,
    key: &str,
    read: impl FnOnce(&DeValue<'_>) -> Option<T>,
) -> Option<Field<T>> {
    let (k, v) = entry(t, key)?;
    Some(Field {
        value: read(v.get_ref())?,
        key: k,
        span: v.span().into(),
    })
}

pub fn string(t: &DeTable<'_>, key: &str) -> Option<Field<String>> {
    field(t, key, |v| match v {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    })
}

pub fn boolean(t: &DeTable<'_>, key: &str) -> Option<Field<bool>> {
    field(t, key, |v| match v {
        DeValue::Boolean(b) => Some(*b),
        _ => None,
    })
}

pub fn integer(t: &DeTable<'_>, key: &str) -> Option<Field<i64>> {
    field(t, key, |v| match v {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok(),
        _ => None,
    })
}

pub fn date(t: &DeTable<'_>, key: &str) -> Option<Field<Date>> {
    field(t, key, |v| match v {
        DeValue::Datetime(dt) if dt.time.is_none() => {
            let d = dt.date?;
            Date::new(i32::from(d.year), d.month, d.day)
        }
        _ => None,
    })
}

/// A value of an enumerated set, parsed by `E::from_name`.
pub fn one_of<E>(
    t: &DeTable<'_>,
    key: &str,
    from_name: impl Fn(&str) -> Option<E>,
) -> Option<Field<E>> {
    field(t, key, |v| match v {
        DeValue::String(s) => from_name(s),
        _ => None,
    })
}

/// An array of strings; items of other types are left out (reported by the
/// shape check).
pub fn strings(t: &DeTable<'_>, key: &str) -> Option<List> {
    field(t, key, |v| match v {
        DeValue::Array(items) => Some(
            items
                .iter()
                .filter_map(|it| match it.get_ref() {
                    DeValue::String(s) => Some(Field {
                        value: s.to_string(),
                        key: it.span().into(),
                        span: it.span().into(),
                    }),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_keys_values_and_headers() {
        let text = "charter = 1\n\n[product]\nid = \"ledger\"\n\n[[personas]]\nname = \"A\"\n";
        let doc = parse(text).unwrap();
        let root = doc.get_ref();
        let (header, product) = table(root, "product").unwrap();
        assert_eq!(&text[header.start..header.end], "[product]");
        let id = string(product, "id").unwrap();
        assert_eq!(&text[id.whole().start..id.whole().end], "id = \"ledger\"");
        let (_, personas) = tables(root, "personas").unwrap();
        assert_eq!(
            &text[personas[0].0.start..personas[0].0.end],
            "[[personas]]"
        );
    }

    #[test]
    fn deep_nesting_is_a_parse_failure_not_a_crash() {
        let text = format!("x = {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("nested"), "{}", e.message);
        let quoted = format!("x = \"{}\"", "[".repeat(10_000));
        assert!(parse(&quoted).is_ok());
    }

    #[test]
    fn malformed_numbers_are_parse_failures() {
        for bad in [
            "x = 0b",
            "x = 0x",
            "x = 1_0\u{0660}",
            "x = 99999999999999999999",
        ] {
            let text = bad.replace("\\u{0660}", "\u{0660}");
            assert!(parse(&text).is_err(), "{text}");
        }
        assert!(parse("x = 0xff\ny = -1_000\nz = +inf\nw = 1e3").is_ok());
    }

    #[test]
    fn parse_errors_carry_a_position() {
        let e = parse("a = 1\nb = \n").unwrap_err();
        assert!(e.span.start >= 6, "{e:?}");
    }
}
