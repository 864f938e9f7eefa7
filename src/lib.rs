//! charterlint: checks product charters — vision, golden thread to OKRs,
//! personas, relationship and buy-vs-build — where they live in git.
//!
//! The architecture is a pipeline, data flowing one way: a [`source`] of
//! files (working tree, index, commit, scanned repository) feeds the
//! [`engine`], which reads each file, parses each [`charter`] and runs the
//! [`rules`] (pure functions of a parsed charter) on it; what a check needs
//! besides the charters comes in as inputs: the configuration ([`mod@config`]) and
//! the registry from [`load`], and, for the rules of history, what
//! [`git_history`] knows of each charter (its version at a base, its last
//! change), through the engine's [`engine::History`] trait. The engine's
//! [`engine::Results`] are rendered by a [`report`]er; the JSON result file
//! that `merge` and `--baseline` read back is [`result_file`]; [`trend`] reduces
//! earlier results to a trend (`--history`) and [`teams`] groups products by
//! owner.
//!
//! The modules are layered, none importing one that imports it: the
//! foundations ([`span`], [`text`], [`date`], [`toml_doc`], [`fix`],
//! [`finding`], [`shape`], [`select`], [`codeowners`]) know nothing above
//! them; a finding is a rule id and a severity, not a rule.
//!
//! The guided `init` checks each answer with [`answer`] (the engine on the
//! charter so far) and derives the relationship type and the sourcing
//! decision with [`charter::derive`].
//!
//! Each command is one library call: [`check::run`], [`scan::run`] and
//! [`merge::run`] take a request and return an outcome or a typed error.
//! The command line, in the binary (`src/cli/`), turns arguments into the
//! request and the outcome into output and an exit code; the language
//! [`server`] calls `load` and the `engine` on the editor's buffers.

pub mod answer;
pub mod baseline;
pub mod charter;
pub mod check;
pub mod codeowners;
pub mod config;
pub mod date;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod fix_files;
pub mod fuzzing;
pub mod git_history;
pub mod levels;
pub mod load;
pub mod merge;
pub mod parse;
pub mod paths;
pub mod record;
pub mod registry;
pub mod report;
pub mod result_file;
pub mod rules;
pub mod scan;
pub mod select;
pub mod server;
pub mod shape;
pub mod source;
pub mod span;
pub mod teams;
pub mod text;
pub mod toml_doc;
pub mod trend;
pub mod upcoming;
