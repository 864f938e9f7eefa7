//! `charterlint config --show`: the effective configuration of the current
//! repository, its `extends` chain layered, with where each value comes from.

use std::path::{Path, PathBuf};

use charterlint::config::Config;
use charterlint::source::worktree::WorkTree;

use super::output::Fatal;

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Print the effective configuration, each value with the file it comes from.
    #[arg(long, required = true)]
    pub show: bool,
    /// The configuration file [default: charterlint.toml at the repository root].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The effective configuration of the repository around the current folder
/// (or `file`), and that repository's root.
pub fn effective(file: Option<&Path>) -> Result<(PathBuf, Config), Fatal> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal(format!("cannot read the current folder: {e}")))?;
    let root = git2::Repository::discover(&cwd)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or(cwd);
    let source = WorkTree::new(&root, "the working tree");
    let config = charterlint::load::valid_config(&source, file, &root)?;
    Ok((root, config))
}

pub fn run(args: ConfigArgs) -> Result<u8, Fatal> {
    let (root, config) = effective(args.config.as_deref())?;
    let mut text = format!(
        "# The effective configuration of {}, and where each value comes from.\n",
        charterlint::paths::display_os(root.as_os_str()).trim_end_matches('/')
    );
    text.push_str(&config.show());
    super::output::emit(&None, &text)?;
    Ok(0)
}
