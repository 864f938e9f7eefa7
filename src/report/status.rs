//! How a repository of a scan fares, in the same five words in every
//! report that shows it (the HTML's badges and bar, the human table).

use crate::finding::Counts;

/// It cannot be read, holds no charter, fails (errors), has warnings only,
/// or passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Unreadable,
    NoCharter,
    Fails,
    Warnings,
    Passes,
}

impl Status {
    /// A repository's status: `no_charter` when a scan read it and found no
    /// charter in it.
    pub fn of(unreadable: bool, no_charter: bool, counts: Counts) -> Status {
        if unreadable {
            Status::Unreadable
        } else if no_charter {
            Status::NoCharter
        } else if counts.errors > 0 {
            Status::Fails
        } else if counts.warnings > 0 {
            Status::Warnings
        } else {
            Status::Passes
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Status::Unreadable => "unreadable",
            Status::NoCharter => "no-charter",
            Status::Fails => "fails",
            Status::Warnings => "warnings",
            Status::Passes => "passes",
        }
    }

    /// The status as the reports write it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Unreadable => "unreadable",
            Status::NoCharter => "no charter",
            Status::Fails => "fails",
            Status::Warnings => "warnings only",
            Status::Passes => "passes",
        }
    }
}
