//! The integration tests, one binary (as ripgrep's tests/tests.rs): one
//! link instead of one per file. Each module is a former tests/<name>.rs.

mod architecture;
mod baseline;
mod check;
mod ci_snippets;
mod commands;
mod common;
mod distribution;
mod editors;
mod first_hour;
mod fix;
mod formats;
mod fuzz_regressions;
mod git;
mod history_walk;
mod html;
mod init_tty;
mod install_hook;
mod limits;
mod odd_paths;
mod org_policy;
mod org_report;
mod pre_commit;
mod properties;
mod robust_fix;
mod robust_scan;
mod robust_server;
mod rule_examples;
mod scan;
mod server;
mod stdin;
mod toml_corpus;
mod vendored;
mod vscode;
mod walk;
mod wheel;
