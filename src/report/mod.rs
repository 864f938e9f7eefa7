//! Reporters: a finished report rendered for people or for machines.

pub mod html;
pub mod human;
pub mod json;

use clap::ValueEnum;

/// The output formats of `check`, `scan` and `merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets (default).
    Human,
    /// SPEC section 7's JSON object.
    Json,
}
