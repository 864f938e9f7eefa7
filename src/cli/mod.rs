//! The command line: arguments in, an exit code out. One file per subcommand.

mod check;
mod completions;
mod config;
mod explain;
mod init;
mod install_hook;
mod merge;
mod rules;
mod scan;
mod schema;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::report::human::Color;
use crate::report::{self, Format};

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
        /// Print every rule's full explanation as Markdown (docs/rules.md).
        #[arg(long, conflicts_with = "markdown")]
        reference: bool,
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
    /// Print a shell completion script (e.g. `charterlint completions bash > /etc/bash_completion.d/charterlint`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `charterlint man > charterlint.1`.
    Man,
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

fn parse_date(s: &str) -> Result<Date, crate::date::NotADate> {
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

/// An error that stops the run: exit 2. Its message is printed after
/// `error: `; each library error says how it becomes one (`From`).
#[derive(Debug)]
pub struct Fatal(pub String);

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
    QUIET.store(cli.quiet, Ordering::Relaxed);
    let color = color_for(cli.color, &|name| std::env::var_os(name), || {
        std::io::stdout().is_terminal()
    });
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
        Command::ScanWorker => scan::worker(),
        Command::Explain { rule } => explain::run(&rule),
        Command::Rules {
            markdown,
            reference,
        } => rules::run(markdown, reference),
        Command::Init(args) => init::run(args),
        Command::InstallHook(args) => install_hook::run(args),
        Command::Schema { which } => schema::run(which),
        Command::Server { today } => crate::server::run(today).map_err(|e| Fatal(e.to_string())),
        Command::Config(args) => config::run(args),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {}", crate::text::visible_multiline(&message));
            2
        }
    }
}

/// `--quiet`: set once, before the command runs.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Whether `--quiet` was given: findings only, no receipt.
pub(crate) fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// `--color auto` as ripgrep and the CLICOLOR convention have it: NO_COLOR
/// (non-empty) turns colour off; CLICOLOR_FORCE (non-empty, not `0`) turns
/// it on even into a pipe; CLICOLOR=0 turns it off; otherwise colour only
/// on a terminal whose TERM is not `dumb`.
fn color_for(
    choice: ColorChoice,
    var: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    terminal: impl Fn() -> bool,
) -> Color {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    let on = |name: &str| var(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => Color::Always,
        ColorChoice::Never => Color::Never,
        ColorChoice::Auto => {
            let dumb = var("TERM").is_some_and(|t| t == "dumb");
            let off = var("CLICOLOR").is_some_and(|v| v == "0");
            if set("NO_COLOR") {
                Color::Never
            } else if on("CLICOLOR_FORCE") {
                Color::Always
            } else if off || dumb || !terminal() {
                Color::Never
            } else {
                Color::Always
            }
        }
    }
}

/// Renders a finished report, writes it, prints the receipt; the exit code.
pub(crate) fn present(
    report: &crate::engine::Results,
    out: &OutputArgs,
    color: Color,
    command: &str,
    with_charters: bool,
) -> Result<u8, Fatal> {
    for n in &report.notices {
        eprintln!("warning: {}", crate::text::visible(n));
    }
    match out.format {
        // Streamed: a scan's report can be large.
        Format::Json => emit_with(&out.output, &mut |w| {
            report::json::write(report, with_charters, w)
        })?,
        Format::Human => {
            let color = if out.output.is_some() {
                Color::Never
            } else {
                color
            };
            emit(&out.output, &report::human::render(report, color, width()))?
        }
        Format::Sarif => emit(&out.output, &report::sarif::render(report))?,
        Format::Github => emit(&out.output, &report::github::render(report))?,
        Format::Gitlab => emit(&out.output, &report::gitlab::render(report))?,
        Format::Markdown => emit(
            &out.output,
            &report::markdown::render(report, out.deny_warnings()),
        )?,
    }
    for e in &report.errors {
        eprintln!("error: {}", crate::text::visible(e));
    }
    if !quiet() && (out.format == Format::Human || out.output.is_some()) {
        eprintln!("{}", report::human::receipt(report, command));
    }
    Ok(report.exit_code(out.deny_warnings()) as u8)
}

/// Writes output to `--output FILE` or stdout.
pub fn emit(output: &Option<PathBuf>, text: &str) -> Result<(), Fatal> {
    emit_with(output, &mut |w| w.write_all(text.as_bytes()))
}

/// Lets `write` write the output to `--output FILE` or stdout, buffered.
pub fn emit_with(
    output: &Option<PathBuf>,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Fatal> {
    match output {
        Some(path) => {
            let cannot = |e: std::io::Error| Fatal(format!("cannot write {}: {e}", path.display()));
            let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(cannot)?);
            write(&mut file).and_then(|()| file.flush()).map_err(cannot)
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = write(&mut stdout).and_then(|()| stdout.flush());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(vars: &[(&str, &str)], terminal: bool) -> Color {
        let var = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| std::ffi::OsString::from(v))
        };
        color_for(ColorChoice::Auto, &var, || terminal)
    }

    #[test]
    fn auto_colour_follows_the_terminal_and_the_environment() {
        assert_eq!(auto(&[("TERM", "xterm")], true), Color::Always);
        assert_eq!(auto(&[("TERM", "xterm")], false), Color::Never);
        assert_eq!(auto(&[("TERM", "dumb")], true), Color::Never);
        assert_eq!(auto(&[("CLICOLOR", "0")], true), Color::Never);
        assert_eq!(auto(&[("CLICOLOR", "1")], true), Color::Always);
        assert_eq!(auto(&[("CLICOLOR_FORCE", "1")], false), Color::Always);
        assert_eq!(
            auto(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")], false),
            Color::Always
        );
        assert_eq!(auto(&[("CLICOLOR_FORCE", "0")], false), Color::Never);
        assert_eq!(auto(&[("CLICOLOR_FORCE", "")], false), Color::Never);
        assert_eq!(
            auto(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], true),
            Color::Never
        );
        assert_eq!(auto(&[("NO_COLOR", "")], true), Color::Always);
    }

    #[test]
    fn an_explicit_choice_wins_over_the_environment() {
        let var = |name: &str| (name == "NO_COLOR").then(|| "1".into());
        assert_eq!(
            color_for(ColorChoice::Always, &var, || false),
            Color::Always
        );
        let var = |name: &str| (name == "CLICOLOR_FORCE").then(|| "1".into());
        assert_eq!(color_for(ColorChoice::Never, &var, || true), Color::Never);
    }
}
