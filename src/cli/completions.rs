//! `charterlint completions SHELL` and `charterlint man`: both generated
//! from the one clap definition of the command line, so they never fall
//! behind it.

use clap::CommandFactory;

use super::args::Cli;
use super::output::Fatal;

pub fn completions(shell: clap_complete::Shell) -> Result<u8, Fatal> {
    let mut script = Vec::new();
    let mut cli = without_hidden(Cli::command()).version(env!("CARGO_PKG_VERSION"));
    clap_complete::generate(shell, &mut cli, "charterlint", &mut script);
    super::output::emit(&None, &String::from_utf8_lossy(&script))?;
    Ok(0)
}

pub fn man() -> Result<u8, Fatal> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Fatal(format!("cannot render the man page: {e}")))?;
    super::output::emit(&None, &String::from_utf8_lossy(&page))?;
    Ok(0)
}

/// The command line without its hidden subcommands (`scan-worker` is for
/// `scan --jobs` alone): clap_complete would offer them.
fn without_hidden(cmd: clap::Command) -> clap::Command {
    let subcommands: Vec<clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .map(without_hidden)
        .collect();
    let mut visible = clap::Command::new(cmd.get_name().to_string())
        .args(cmd.get_arguments().cloned())
        .subcommands(subcommands);
    if let Some(about) = cmd.get_about() {
        visible = visible.about(about.clone());
    }
    visible
}
