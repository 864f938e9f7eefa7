//! What a run knows about each charter beyond its findings: the `"charters"`
//! entries of a scan's JSON (SPEC section 7), which `merge` and the
//! cross-charter rules work from.

use serde::{Deserialize, Serialize};

use crate::span::{Position, Span};

/// Where a value is, so that a cross-charter finding can point at it after
/// the file's text is gone (or, after `merge`, was never here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub position: Position,
}

impl Anchor {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// The anchors the cross-charter rules point at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchors {
    pub product_id: Option<Anchor>,
    pub capability: Option<Anchor>,
    pub decision: Option<Anchor>,
}

/// One charter read in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharterRecord {
    pub repo: Option<String>,
    pub path: String,
    pub product_id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub decision: Option<String>,
    pub differentiation: Option<String>,
    pub criticality: Option<String>,
    pub capability: Option<String>,
    pub goal: Option<String>,
    pub objectives: Option<Vec<String>>,
    /// Rules waived in this charter (waivers in force), for cross-charter
    /// findings computed later, e.g. by `merge`.
    #[serde(default)]
    pub waived: Vec<String>,
    #[serde(default)]
    pub anchors: Anchors,
}

impl CharterRecord {
    /// The entry of a charter that could not be parsed: where it is, every
    /// field null.
    pub fn unparsed(repo: Option<String>, path: &str) -> CharterRecord {
        CharterRecord {
            repo,
            path: path.to_string(),
            ..CharterRecord::default()
        }
    }
}
