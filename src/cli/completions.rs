//! `charterlint completions SHELL` and `charterlint man`: both generated
//! from the one clap definition of the command line, so they never fall
//! behind it.

use clap::CommandFactory;

use super::{Cli, Fatal};

pub fn completions(shell: clap_complete::Shell) -> Result<u8, Fatal> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "charterlint", &mut script);
    super::emit(&None, &String::from_utf8_lossy(&script))?;
    Ok(0)
}

pub fn man() -> Result<u8, Fatal> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Fatal(format!("cannot render the man page: {e}")))?;
    super::emit(&None, &String::from_utf8_lossy(&page))?;
    Ok(0)
}
