//! The command line: arguments in ([`args`]), one library call, an exit
//! code out. One file per subcommand; what they share is [`output`].

mod args;
mod check;
mod completions;
mod config;
mod explain;
mod init;
mod install_hook;
mod merge;
mod new_file;
mod output;
mod rules;
mod scan;
mod schema;

use std::io::IsTerminal;

use clap::Parser;

use args::{Cli, Command};
use output::Fatal;

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
    output::set_quiet(cli.quiet);
    let color = output::color_for(cli.color, &|name| std::env::var_os(name), || {
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
            config,
        } => rules::run(markdown, reference, config.as_deref()),
        Command::Init(args) => init::run(args, color == charterlint::report::human::Color::Always),
        Command::InstallHook(args) => install_hook::run(args),
        Command::Schema { which } => schema::run(which),
        Command::Server { today } => {
            charterlint::server::run(today).map_err(|e| Fatal(e.to_string()))
        }
        Command::Config(args) => config::run(args),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {}", charterlint::text::visible_multiline(&message));
            2
        }
    }
}
