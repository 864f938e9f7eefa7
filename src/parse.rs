//! Parsing a document of a declared format: the TOML itself, its format
//! version and its shape (`shape.rs`), as plain problems. The rules turn
//! them into findings (`rules::check_document`); the readers of each format
//! (charter, registry) read their model out of the parsed tree.

use crate::shape::{Key, ShapeProblem, Words, validate};
use crate::span::Span;
use crate::toml_doc::{self, DeTable, DeValue, ParseFailure, Spanned};

/// A parsed document and its problems.
pub struct Document<'t> {
    pub root: Spanned<DeTable<'t>>,
    /// What is wrong with its format version, if anything.
    pub version: Option<VersionProblem>,
    pub problems: Vec<ShapeProblem>,
    /// The first line of the file.
    pub top: Span,
}

/// The format version key is missing, or holds something other than 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionProblem {
    Missing {
        key: String,
    },
    Unknown {
        key: String,
        /// From the key to the end of its value.
        span: Span,
        /// What it holds: `` `2` ``, or a kind of value (`a string`).
        found: String,
    },
}

/// Parses `text` as a document of the format `keys` whose version is
/// `version_key`; `Err` when it is not TOML at all.
pub fn document<'t>(
    text: &'t str,
    keys: &'static [Key],
    words: &Words,
    version_key: &str,
) -> Result<Document<'t>, ParseFailure> {
    let top = first_line(text);
    let root = toml_doc::parse(text)?;
    let version = version(root.get_ref(), version_key);
    let mut problems = Vec::new();
    validate(root.get_ref(), keys, words, "", &mut problems);
    Ok(Document {
        root,
        version,
        problems,
        top,
    })
}

fn version(root: &DeTable<'_>, key: &str) -> Option<VersionProblem> {
    let Some((k, v)) = root.get_key_value(key) else {
        return Some(VersionProblem::Missing { key: key.into() });
    };
    let is_one =
        matches!(v.get_ref(), DeValue::Integer(i) if i.as_str() == "1" || i.as_str() == "+1");
    (!is_one).then(|| VersionProblem::Unknown {
        key: key.into(),
        span: Span::from(k.span()).to(Span::from(v.span())),
        found: match v.get_ref() {
            DeValue::Integer(i) => format!("`{}`", i.as_str()),
            other => toml_doc::value_kind(other).to_string(),
        },
    })
}

fn first_line(text: &str) -> Span {
    let end = text.find('\n').unwrap_or(text.len());
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    Span::new(0, end)
}
