//! The command line: arguments in, an exit code out. One file per subcommand.

mod check;
mod config;
mod explain;
mod init;
mod install_hook;
mod merge;
mod rules;
mod scan;
mod scan_worker;
mod schema;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::report::Format;
use crate::report::human::Color;

#[derive(Debug, Parser)]
#[command(
    name = "charterlint",
    version,
    about = "Lint product charters: vision, golden thread to OKRs, personas, relationship, buy-vs-build",
    long_about = None,
)]
pub struct Cli {
    /// When to colour output (auto: when stdout is a terminal and NO_COLOR is unset).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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
    },
    /// Write a commented charter template (never overwrites without --force).
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
}

/// Options shared by every command that reports findings.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Make warnings fail the run too.
    #[arg(long, value_enum, value_name = "warnings")]
    pub deny: Option<Deny>,
    /// The date rules take as today (YYYY-MM-DD) [default: the system date].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
}

impl OutputArgs {
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today)
    }

    pub fn deny_warnings(&self) -> bool {
        self.deny == Some(Deny::Warnings)
    }
}

/// An error that stops the run: exit 2.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<T: std::fmt::Display> From<T> for Fatal {
    fn from(e: T) -> Self {
        Fatal(e.to_string())
    }
}

/// Parses the arguments and runs; returns the exit status.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    let color = color_for(cli.color);
    let result = match cli.command {
        Command::Check(args) => check::run(args, color),
        Command::Fix(args) => check::run(
            check::CheckArgs {
                fix: !args.diff,
                ..args
            },
            color,
        ),
        Command::Scan(args) => scan::run(args, color),
        Command::Merge(args) => merge::run(args, color),
        Command::ScanWorker => scan_worker::run(),
        Command::Explain { rule } => explain::run(&rule),
        Command::Rules { markdown } => rules::run(markdown),
        Command::Init(args) => init::run(args),
        Command::InstallHook(args) => install_hook::run(args),
        Command::Schema { which } => schema::run(which),
        Command::Server { today } => crate::server::run(today)
            .map(|()| 0)
            .map_err(|e| Fatal(e.to_string())),
        Command::Config(args) => config::run(args),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {}", crate::text::visible_multiline(&message));
            2
        }
    }
}

fn color_for(choice: ColorChoice) -> Color {
    match choice {
        ColorChoice::Always => Color::Always,
        ColorChoice::Never => Color::Never,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if !no_color && std::io::stdout().is_terminal() {
                Color::Always
            } else {
                Color::Never
            }
        }
    }
}

/// Writes output to `--output FILE` or stdout.
pub fn emit(output: &Option<PathBuf>, text: &str) -> Result<(), Fatal> {
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}

/// The terminal width for human output.
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}
