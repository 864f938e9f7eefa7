//! `charterlint check` (and `fix`): arguments in, [`charterlint::check::run`],
//! the report (or the fixes) out.

use std::path::{Path, PathBuf};

use super::output::Format;
use charterlint::check::{self, CheckError, CheckOutcome, CheckRequest, Fixing, StdinFile};
use charterlint::load::LoadError;
use charterlint::report::human::Color;

use super::output::{Fatal, OutputArgs};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check [default: the whole repository].
    pub paths: Vec<PathBuf>,
    /// Read charters, config and registry from the git index (what is about to be committed).
    #[arg(long, conflicts_with = "rev")]
    pub staged: bool,
    /// Read them from a commit.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Check only charters added or changed since the merge base with REV.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// With --changed-since: report only findings not already present at the base.
    #[arg(long, requires = "changed_since")]
    pub new_only: bool,
    /// The configuration file [default: charterlint.toml at the repository root].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The OKR registry [default: `registry` in the configuration].
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// Apply the safe fixes of the findings to the charters in the working tree, then report what is left.
    #[arg(long, conflicts_with_all = ["staged", "rev", "changed_since"])]
    pub fix: bool,
    /// Apply the unsafe fixes too (they change what the charter says, or which rules apply).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Read one charter from standard input as if it were at PATH (config and registry as for that path).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["paths", "fix", "diff"])]
    pub stdin_filename: Option<PathBuf>,
    /// Show the fixes as a diff instead of writing them (exit 1 when there is something to fix).
    #[arg(long, conflicts_with_all = ["staged", "rev", "changed_since"])]
    pub diff: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

impl From<CheckError> for Fatal {
    fn from(e: CheckError) -> Fatal {
        match e {
            CheckError::Load(e) => e.into(),
            e => Fatal(e.to_string()),
        }
    }
}

pub fn run(args: CheckArgs, color: Color) -> Result<u8, Fatal> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal(format!("cannot read the current folder: {e}")))?;
    let request = CheckRequest {
        cwd,
        paths: args.paths.clone(),
        staged: args.staged,
        rev: args.rev.clone(),
        changed_since: args.changed_since.clone(),
        new_only: args.new_only,
        config: args.config.clone(),
        registry: args.registry.clone(),
        fix: (args.fix || args.diff).then_some(Fixing {
            unsafe_fixes: args.unsafe_fixes,
        }),
        stdin: args.stdin_filename.clone().map(|path| StdinFile {
            path,
            read: Box::new(read_stdin),
        }),
        today: args.output.today(),
        keep_text: args.output.format == Format::Human,
    };
    match check::run(request)? {
        CheckOutcome::Checked(report) => {
            let code = super::output::present(&report, &args.output, color, "check", false);
            // The process ends now: freeing every finding and record one by
            // one took 10 ms of a 10,000-charter check.
            std::mem::forget(report);
            code
        }
        CheckOutcome::Fixes { root, outcome } => fix(&args, &root, outcome, color),
    }
}

/// `check --fix` and `--diff` (and `charterlint fix`): the fixes applied in
/// memory until nothing more applies, then written or shown.
fn fix(
    args: &CheckArgs,
    root: &Path,
    outcome: charterlint::fix_files::Outcome,
    color: Color,
) -> Result<u8, Fatal> {
    let fixes: usize = outcome.files.iter().map(|f| f.fixes).sum();
    let files = outcome.files.len();
    let counted = format!(
        "{fixes} fix{} in {files} file{}",
        if fixes == 1 { "" } else { "es" },
        if files == 1 { "" } else { "s" }
    );
    let waiting = outcome
        .report
        .findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == charterlint::fix::Applicability::Unsafe)
        })
        .count();
    let hint = if waiting > 0 && !args.unsafe_fixes {
        format!("; {waiting} more with --unsafe-fixes")
    } else {
        String::new()
    };
    if args.diff {
        let text: String = outcome
            .files
            .iter()
            .map(charterlint::fix_files::diff)
            .collect();
        super::output::emit(&args.output.output, &text)?;
        eprintln!("charterlint check --diff: would apply {counted}{hint}");
        return Ok(u8::from(files > 0));
    }
    let mut failed = Vec::new();
    let (mut written_fixes, mut written_files) = (0, 0);
    for file in &outcome.files {
        match charterlint::fix_files::write(root, file) {
            Ok(()) => {
                written_fixes += file.fixes;
                written_files += 1;
            }
            Err(e) => failed.push(e.to_string()),
        }
    }
    if failed.is_empty() {
        eprintln!("charterlint fix: applied {counted}{hint}");
    } else {
        // Only what was written counts as applied; the rest is an error.
        eprintln!(
            "charterlint fix: applied {written_fixes} of {counted} ({} not written){hint}",
            files - written_files
        );
    }
    let mut report = outcome.report;
    report.errors.extend(failed);
    super::output::present(&report, &args.output, color, "check", false)
}

/// Standard input, up to the size of a charter.
fn read_stdin() -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(charterlint::source::MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

impl From<LoadError> for Fatal {
    /// An invalid configuration is drawn with its problems, as wide as
    /// the terminal.
    fn from(e: LoadError) -> Fatal {
        Fatal(e.render(super::output::width()))
    }
}
