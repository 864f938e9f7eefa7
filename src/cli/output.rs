//! What every command that reports shares: the output options, rendering a
//! finished report in its format, writing it, colour, and the error that
//! stops a run.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;

use charterlint::date::Date;
use charterlint::report;
use charterlint::report::human::Color;

/// The output formats of `check`, `scan` and `merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets (default).
    Human,
    /// One JSON object: every finding (rule, severity, message, path, line and column, labels, help) and a summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
    /// A GitLab Code Quality report.
    Gitlab,
    /// A short summary to post as a pull-request comment.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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

pub fn parse_date(s: &str) -> Result<Date, charterlint::date::NotADate> {
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

/// `--quiet`: set once, before the command runs.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Whether `--quiet` was given: findings only, no receipt.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// `--color auto` as ripgrep and the CLICOLOR convention have it: NO_COLOR
/// (non-empty) turns colour off; CLICOLOR_FORCE (non-empty, not `0`) turns
/// it on even into a pipe; CLICOLOR=0 turns it off; otherwise colour only
/// on a terminal whose TERM is not `dumb`.
pub fn color_for(
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
pub fn present(
    report: &charterlint::engine::Results,
    out: &OutputArgs,
    color: Color,
    command: &str,
    with_charters: bool,
) -> Result<u8, Fatal> {
    for n in &report.notices {
        eprintln!("warning: {}", charterlint::text::visible(n));
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
        eprintln!("error: {}", charterlint::text::visible(e));
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

/// Sets `--quiet`, once, before the command runs.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
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
