//! The arguments: every command and its options, as clap declares them.

use clap::{Parser, Subcommand};

use charterlint::date::Date;

use super::output::{ColorChoice, parse_date};
use super::{check, config, init, install_hook, merge, scan, schema};

#[derive(Debug, Parser)]
#[command(
    name = "charterlint",
    version,
    about = "Lint product charters: vision, golden thread to OKRs, personas, relationship, buy-vs-build",
    long_about = None,
)]
pub struct Cli {
    /// When to colour output (auto: when stdout is a terminal and NO_COLOR is unset).
    /// CLICOLOR_FORCE=1 forces colour, CLICOLOR=0 and TERM=dumb turn it off.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print the findings only: no receipt on stderr (for scripts).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the charters of the current repository (working tree by default).
    Check(check::CheckArgs),
    /// Apply the fixes of the findings to the charters in the working tree (`check --fix`).
    Fix(check::CheckArgs),
    /// Scan every git repository under folders (bare or not), each at HEAD, straight from git.
    Scan(scan::ScanArgs),
    /// A process of `scan --jobs N` (internal: reads its request on stdin).
    #[command(name = "scan-worker", hide = true)]
    ScanWorker,
    /// Join the JSON results of scan shards into one, running the cross-repository rules over all.
    Merge(merge::MergeArgs),
    /// Explain a rule: what it checks, why, and a failing and a passing example.
    Explain {
        /// The rule id, e.g. customer-without-choice.
        rule: String,
    },
    /// List every rule with its default severity.
    Rules {
        /// Print the list as a Markdown table.
        #[arg(long)]
        markdown: bool,
        /// Print every rule's full explanation as Markdown (docs/rules.md).
        #[arg(long, conflicts_with = "markdown")]
        reference: bool,
        /// The configuration whose dated rules (`{ level, from }`) to list
        /// [default: charterlint.toml of the repository around the current folder].
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
    },
    /// Write a charter: on a terminal by asking questions, otherwise (or with --no-input) a commented template (never overwrites without --force).
    Init(init::InitArgs),
    /// Write a git pre-commit hook running `charterlint check --staged`
    /// (honours core.hooksPath; never overwrites a hook without --force).
    InstallHook(install_hook::InstallHookArgs),
    /// Run the language server (LSP over stdio): the findings of `check` as you type, with hover, completion and fixes.
    Server {
        /// The date rules take as today (YYYY-MM-DD) [default: the system date].
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Show the effective configuration (`--show`), with where each value comes from.
    Config(config::ConfigArgs),
    /// Print the JSON Schema of the charter (or of okrs.toml / charterlint.toml).
    Schema {
        /// Which file's schema.
        #[arg(value_enum, default_value_t = schema::Which::Charter)]
        which: schema::Which,
    },
    /// Print a shell completion script (e.g. `charterlint completions bash > /etc/bash_completion.d/charterlint`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `charterlint man > charterlint.1`.
    Man,
}
