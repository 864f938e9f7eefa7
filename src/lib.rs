//! charterlint: checks product charters — vision, golden thread to OKRs,
//! personas, relationship and buy-vs-build — where they live in git.
//!
//! The architecture is a pipeline: a [`source`] of files (working tree,
//! index, commit, scanned repository) feeds the [`engine`], which parses each
//! [`charter`] and runs the [`rules`] (pure functions of a parsed charter),
//! and a [`report`]er renders the findings.

pub mod baseline;
pub mod charter;
pub mod cli;
pub mod config;
pub mod date;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod fixer;
pub mod fuzzing;
pub mod history;
pub mod load;
pub mod parse;
pub mod paths;
pub mod record;
pub mod registry;
pub mod report;
pub mod rules;
pub mod server;
pub mod shape;
pub mod source;
pub mod span;
pub mod text;
pub mod toml_doc;
