//! `charterlint check`: the charters of one repository, from the working
//! tree, the index (`--staged`) or a commit (`--rev`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, RegistryLocation};
use crate::engine::{self, Selection, TreeInput};
use crate::finding::Finding;
use crate::history;
use crate::registry::Registry;
use crate::report::human::Color;
use crate::report::{self, Format};
use crate::source::Source;
use crate::source::git::{IndexSource, TreeSource, resolve_commit};
use crate::source::overlay::Overlay;
use crate::source::worktree::{self, WorkTree};

use super::{Fatal, OutputArgs};

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

const NOT_A_REPOSITORY: &str = "not a git repository: `charterlint check` checks the charters of the repository it runs in; run it inside one, or name the charter files or folders to check as plain files (`charterlint check path/to/charter.toml`)";

/// The repository a git option reads from, honouring GIT_DIR and friends.
fn open_repo() -> Result<git2::Repository, Fatal> {
    git2::Repository::open_from_env().map_err(|e| not_in_repo(&e))
}

fn not_in_repo(e: &git2::Error) -> Fatal {
    Fatal(format!(
        "not in a git repository ({}); --staged, --rev and --changed-since read from git",
        e.message()
    ))
}

/// What `--changed-since` compares the checked source with.
struct Comparison {
    base: TreeSource,
    base_commit: git2::Oid,
    changes: Vec<history::Change>,
}

pub fn run(args: CheckArgs, color: Color) -> Result<u8, Fatal> {
    let cwd = std::env::current_dir()
        .map_err(|e| Fatal(format!("cannot read the current folder: {e}")))?;
    let today = args.output.today();
    let reads_git = args.staged || args.rev.is_some() || args.changed_since.is_some();
    if (args.fix || args.diff) && reads_git {
        return Err(Fatal(
            "fix works on the charters of the working tree: it cannot be combined with --staged, --rev or --changed-since".into(),
        ));
    }
    // The folder paths are relative to: the repository's work tree, or,
    // outside any repository, the current folder (plain files).
    let in_repo = match git2::Repository::open_from_env() {
        Ok(repo) => Some(repo.workdir().unwrap_or(&cwd).to_path_buf()),
        Err(e) if reads_git => return Err(not_in_repo(&e)),
        Err(_) if args.paths.is_empty() => return Err(Fatal(NOT_A_REPOSITORY.into())),
        Err(_) => None,
    };
    let root = in_repo.clone().unwrap_or_else(|| cwd.clone());
    let root = root.canonicalize().unwrap_or(root);
    let shown_root = crate::paths::display_os(root.as_os_str());
    // A handle of its own for history: the source keeps the other.
    let repo = if reads_git { Some(open_repo()?) } else { None };
    let (source, kind): (Box<dyn Source>, SourceKind) = if args.staged {
        let source = IndexSource::open(open_repo()?).map_err(Fatal)?;
        (Box::new(source), SourceKind::Index)
    } else if let Some(rev) = &args.rev {
        let source = TreeSource::at_rev(open_repo()?, rev).map_err(Fatal)?;
        let label = source.describe();
        (Box::new(source), SourceKind::Commit(label))
    } else if in_repo.is_some() {
        let label = format!("the working tree ({shown_root})");
        (Box::new(WorkTree::new(&root, label)), SourceKind::WorkTree)
    } else {
        let label = format!("plain files in {shown_root} (not a git repository)");
        (Box::new(WorkTree::new(&root, label)), SourceKind::WorkTree)
    };
    let place = Place {
        root: &root,
        cwd: &cwd,
        in_repo: in_repo.is_some(),
        kind: &kind,
    };
    // `--stdin-filename`: the text on standard input stands at that path.
    let mut from_stdin = None;
    let with_stdin;
    let source: &dyn Source = match &args.stdin_filename {
        Some(name) => {
            let rel = relative_path(&place, name)?;
            let mut overlay = Overlay::new(source.as_ref());
            overlay.set(&rel, read_stdin()?);
            from_stdin = Some(rel);
            with_stdin = overlay;
            &with_stdin
        }
        None => source.as_ref(),
    };
    // The commit the checked source is, or stands on (HEAD under the index
    // and the working tree).
    let checked_commit = match (&repo, &args.rev) {
        (Some(repo), Some(rev)) => Some(resolve_commit(repo, rev).map_err(Fatal)?),
        (Some(repo), None) => history::head_commit(repo).map_err(Fatal)?,
        (None, _) => None,
    };
    let repo_root = repo
        .as_ref()
        .map(|r| r.workdir().unwrap_or(r.path()).to_path_buf())
        .unwrap_or_else(|| root.clone());
    let config = load_config(source, args.config.as_deref(), &repo_root)?;
    let (registry, registry_findings) =
        load_registry(source, &config, args.registry.as_deref(), today, &repo_root)?;
    let (mut selection, mut extra_paths, walk) = match from_stdin.clone() {
        // Checked as a file named on the command line: even when the
        // include globs do not name it.
        Some(rel) => (
            Selection::Only(BTreeSet::from([rel.clone()])),
            vec![rel],
            false,
        ),
        None => select(&place, &args.paths, &config, source)?,
    };
    let comparison = match (&args.changed_since, &repo) {
        (Some(rev), Some(repo)) => {
            let c = compare(repo, rev, checked_commit, source, &config, &extra_paths)?;
            let changed: BTreeSet<String> = c.changes.iter().map(|c| c.path.clone()).collect();
            selection = match selection {
                Selection::All => Selection::Only(changed.clone()),
                Selection::Only(chosen) => {
                    Selection::Only(chosen.intersection(&changed).cloned().collect())
                }
            };
            extra_paths.retain(|p| changed.contains(p));
            Some(c)
        }
        _ => None,
    };
    let keep_text = args.output.format == Format::Human;
    if args.fix || args.diff {
        let check = |source: &dyn Source| {
            engine::finish(
                vec![engine::check_tree(TreeInput {
                    repo: None,
                    source,
                    config: &config,
                    registry: registry.as_ref(),
                    registry_findings: registry_findings.clone(),
                    selection: selection.clone(),
                    extra_paths: extra_paths.clone(),
                    walk,
                    today,
                    keep_text,
                })],
                false,
            )
        };
        return fix(&args, &root, source, &check, color);
    }
    let mut tree = engine::check_tree(TreeInput {
        repo: None,
        source,
        config: &config,
        registry: registry.as_ref(),
        registry_findings,
        selection,
        extra_paths,
        walk,
        today,
        keep_text,
    });
    if let Some(rel) = &from_stdin {
        tree.origin = format!(
            "standard input (as {}, with the configuration of {})",
            crate::text::visible(rel),
            tree.origin
        );
    }
    if let Some(c) = &comparison {
        history::add_rationale_not_updated(&mut tree, source, &c.base, &c.changes);
        tree.origin = format!(
            "{}, {} {} (the merge base with {})",
            tree.origin,
            history::CHANGED_SINCE,
            history::short(c.base_commit),
            crate::text::visible(args.changed_since.as_deref().unwrap_or_default())
        );
    }
    // charter-stale reads history where it is read anyway: --rev, --changed-since.
    if let (Some(repo), Some(head)) = (&repo, checked_commit)
        && (args.rev.is_some() || comparison.is_some())
    {
        history::add_charter_stale(
            &mut tree,
            Some(source),
            repo,
            head,
            config.stale_after_days,
            today,
        )
        .map_err(Fatal)?;
    }
    let mut report = engine::finish(vec![tree], false);
    if let Some(c) = comparison.as_ref().filter(|_| args.new_only) {
        let at_base = check_base(c, &config, registry.as_ref(), today);
        report.not_new = history::retain_new(&mut report.findings, &at_base.findings, &c.changes);
    }
    present(&report, &args.output, color, "check", false)
}

/// `check --fix` and `--diff` (and `charterlint fix`): the fixes applied in
/// memory until nothing more applies, then written or shown.
fn fix(
    args: &CheckArgs,
    root: &Path,
    source: &dyn Source,
    check: &dyn Fn(&dyn Source) -> engine::Results,
    color: Color,
) -> Result<u8, Fatal> {
    let outcome = crate::fixer::fix(source, check, args.unsafe_fixes);
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
                .is_some_and(|x| x.applicability == crate::fix::Applicability::Unsafe)
        })
        .count();
    let hint = if waiting > 0 && !args.unsafe_fixes {
        format!("; {waiting} more with --unsafe-fixes")
    } else {
        String::new()
    };
    if args.diff {
        let text: String = outcome.files.iter().map(crate::fixer::diff).collect();
        super::emit(&args.output.output, &text)?;
        eprintln!("charterlint check --diff: would apply {counted}{hint}");
        return Ok(u8::from(files > 0));
    }
    let mut failed = Vec::new();
    for file in &outcome.files {
        if let Err(e) = crate::fixer::write(root, file) {
            failed.push(e.to_string());
        }
    }
    eprintln!("charterlint fix: applied {counted}{hint}");
    let mut report = outcome.report;
    report.errors.extend(failed);
    present(&report, &args.output, color, "check", false)
}

/// The charters of `source` that changed since the merge base of `rev` and
/// the checked commit, and that base.
fn compare(
    repo: &git2::Repository,
    rev: &str,
    checked_commit: Option<git2::Oid>,
    source: &dyn Source,
    config: &Config,
    extra_paths: &[String],
) -> Result<Comparison, Fatal> {
    let base_commit = history::merge_base(repo, rev, checked_commit).map_err(Fatal)?;
    let base_tree = repo
        .find_commit(base_commit)
        .map_err(|e| Fatal(format!("cannot read commit {base_commit}: {}", e.message())))?
        .tree_id();
    let base = TreeSource::from_tree(
        open_repo()?,
        base_tree,
        format!("commit {}", history::short(base_commit)),
    );
    let changes =
        history::changes(&base, source, &config.selector(), extra_paths).map_err(Fatal)?;
    Ok(Comparison {
        base,
        base_commit,
        changes,
    })
}

/// The findings the changed charters had at the base, by the same
/// configuration and registry, for `--new-only`.
fn check_base(
    c: &Comparison,
    config: &Config,
    registry: Option<&Registry>,
    today: crate::date::Date,
) -> engine::Results {
    let at_base: BTreeSet<String> = c
        .changes
        .iter()
        .filter_map(|c| c.base_path.clone())
        .collect();
    let tree = engine::check_tree(TreeInput {
        repo: None,
        source: &c.base,
        config,
        registry,
        registry_findings: Vec::new(),
        extra_paths: at_base.iter().cloned().collect(),
        selection: Selection::Only(at_base),
        walk: true,
        today,
        keep_text: false,
    });
    engine::finish(vec![tree], false)
}

/// Renders a finished report, writes it, prints the receipt; the exit code.
pub(super) fn present(
    report: &engine::Results,
    out: &OutputArgs,
    color: Color,
    command: &str,
    with_charters: bool,
) -> Result<u8, Fatal> {
    for n in &report.notices {
        eprintln!("warning: {}", crate::text::visible(n));
    }
    let text = match out.format {
        Format::Human => report::human::render(
            report,
            if out.output.is_some() {
                Color::Never
            } else {
                color
            },
            super::width(),
        ),
        Format::Json => report::json::render(report, with_charters),
        Format::Sarif => report::sarif::render(report),
        Format::Github => report::github::render(report),
        Format::Gitlab => report::gitlab::render(report),
        Format::Markdown => report::markdown::render(report, out.deny_warnings()),
    };
    super::emit(&out.output, &text)?;
    for e in &report.errors {
        eprintln!("error: {}", crate::text::visible(e));
    }
    if !super::quiet() && (out.format == Format::Human || out.output.is_some()) {
        eprintln!("{}", report::human::receipt(report, command));
    }
    Ok(report.exit_code(out.deny_warnings()) as u8)
}

/// Reads `--config FILE`, or `charterlint.toml` from the source, its
/// `extends` chain layered; an invalid one stops the run, rendered with its
/// problems.
pub(super) fn load_config(
    source: &dyn Source,
    explicit: Option<&Path>,
    repo_root: &Path,
) -> Result<Config, Fatal> {
    read_config(source, explicit, repo_root)?.map_err(|e| Fatal(render_config_error(&e)))
}

/// Like `load_config`, but an invalid configuration is returned with its
/// problems rather than rendered; `Err` when it cannot be read at all.
pub(super) fn read_config(
    source: &dyn Source,
    explicit: Option<&Path>,
    repo_root: &Path,
) -> Result<Result<Config, config::ConfigError>, Fatal> {
    crate::load::config(source, explicit, repo_root).map_err(|e| Fatal(e.to_string()))
}

fn render_config_error(e: &config::ConfigError) -> String {
    use miette::{
        GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
    };
    let mut out = format!("invalid configuration in {}:", e.path);
    for p in &e.problems {
        let mut d = MietteDiagnostic::new(p.message.clone())
            .with_code("config")
            .with_label(LabeledSpan::new_primary_with_span(
                Some("here".into()),
                (p.span.start, p.span.len()),
            ));
        if let Some(h) = &p.help {
            d = d.with_help(h.clone());
        }
        let report =
            Report::new(d).with_source_code(NamedSource::new(e.path.clone(), e.text.clone()));
        let mut s = String::new();
        let _ = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(super::width())
            .render_report(&mut s, report.as_ref());
        out.push('\n');
        out.push_str(&s);
    }
    out
}

/// The registry and the findings against it (see `load::registry`).
pub(super) fn load_registry(
    source: &dyn Source,
    config: &Config,
    explicit: Option<&Path>,
    today: crate::date::Date,
    repo_root: &Path,
) -> Result<(Option<Registry>, Vec<Finding>), Fatal> {
    crate::load::registry(source, config, explicit, today, repo_root)
        .map_err(|e| Fatal(e.to_string()))
}

/// The usual name of an OKR registry.
const REGISTRY_FILE_NAME: &str = "okrs.toml";

/// Which kind of source the charters are read from, for what a PATH that
/// names nothing there should say.
enum SourceKind {
    WorkTree,
    Index,
    /// A commit, as the source describes it.
    Commit(String),
}

/// Where PATH arguments are resolved.
struct Place<'a> {
    /// The repository's work tree, or the current folder outside one.
    root: &'a Path,
    cwd: &'a Path,
    in_repo: bool,
    kind: &'a SourceKind,
}

/// A PATH argument as the path the source knows it by: relative to the
/// repository root (or, outside one, the current folder); a PATH outside
/// the repository is refused.
fn relative_path(at: &Place<'_>, p: &Path) -> Result<String, Fatal> {
    relative_to_root(at, p, &absolute(at.cwd, p))
}

/// `relative_path` of a PATH already made absolute.
fn relative_to_root(at: &Place<'_>, p: &Path, abs: &Path) -> Result<String, Fatal> {
    match abs.strip_prefix(at.root) {
        Ok(r) => Ok(worktree::relative(Path::new(""), r)),
        Err(_) if at.in_repo => Err(Fatal(format!(
            "{} is outside the repository ({}): charterlint checks the charters of the repository it runs in; run it from that file's own repository",
            crate::paths::display_os(p.as_os_str()),
            crate::paths::display_os(at.root.as_os_str())
        ))),
        // Plain files (no repository): any path will do.
        Err(_) => Ok(crate::paths::display_os(abs.as_os_str())),
    }
}

/// Standard input, up to the size of a charter.
fn read_stdin() -> Result<Vec<u8>, Fatal> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(crate::source::MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
    Ok(bytes)
}

/// `path` made absolute and free of `.` and `..`, following links as far
/// as it exists (a file named under `--staged` may exist only in the index).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let abs = cwd.join(path);
    if let Ok(real) = abs.canonicalize() {
        return real;
    }
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or(out.clone()),
        _ => out,
    }
}

/// Turns PATH arguments into a selection. Folders select the charters below
/// them; files are checked even when the include globs do not name them
/// (the pre-commit framework passes files). Naming the config or the registry
/// selects everything, since a change to either concerns every charter.
///
/// Returns the selection, the extra paths, and whether the tree must be
/// walked: naming only files checks only those files (fast in a hook, and
/// what a user of ruff or clippy expects); naming a folder walks it.
/// Under `--staged` and `--rev` a PATH is looked up in the index or the
/// commit, not on disk. A PATH outside the repository, or one that names
/// nothing in the source, stops the run with what to do about it.
fn select(
    at: &Place<'_>,
    paths: &[PathBuf],
    config: &Config,
    source: &dyn Source,
) -> Result<(Selection, Vec<String>, bool), Fatal> {
    if paths.is_empty() {
        return Ok((Selection::All, Vec::new(), true));
    }
    let selector = config.selector();
    let registry_path = match &config.registry {
        Some(RegistryLocation::InTree(p)) => Some(p.as_str()),
        _ => None,
    };
    let in_git = !matches!(at.kind, SourceKind::WorkTree);
    let mut listing: Option<Vec<String>> = None;
    let mut chosen = BTreeSet::new();
    let mut extra = Vec::new();
    let mut walk = false;
    for p in paths {
        let shown = crate::paths::display_os(p.as_os_str());
        let abs = absolute(at.cwd, p);
        let rel = relative_to_root(at, p, &abs)?;
        if rel.is_empty() || rel == config::FILE_NAME || Some(rel.as_str()) == registry_path {
            // The root itself, or a file every charter depends on.
            return Ok((Selection::All, Vec::new(), true));
        }
        // Another folder's config, or an OKR file that is not the registry
        // (the pre-commit hooks pass every `okrs.toml`): not a charter.
        let name = rel.rsplit('/').next().unwrap_or_default();
        if name == config::FILE_NAME || name == REGISTRY_FILE_NAME {
            continue;
        }
        let on_disk = std::fs::symlink_metadata(&abs);
        let is_file = if in_git {
            source.has_file(&rel)
        } else {
            match &on_disk {
                Ok(m) => !m.is_dir(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(Fatal(format!("{shown} does not exist")));
                }
                Err(e) => return Err(Fatal(format!("{shown}: {e}"))),
            }
        };
        if is_file {
            if selector.is_excluded(&rel) {
                continue;
            }
            if !selector.is_charter(&rel) {
                extra.push(rel.clone());
            }
            chosen.insert(rel);
            continue;
        }
        let listed = match &mut listing {
            Some(l) => l,
            None => listing.insert(source.list(&selector).map_err(Fatal)?.paths),
        };
        let prefix = format!("{rel}/");
        let below: Vec<&String> = listed.iter().filter(|c| c.starts_with(&prefix)).collect();
        if below.is_empty() {
            return Err(Fatal(names_nothing(&shown, on_disk.ok(), at.kind)));
        }
        chosen.extend(below.into_iter().cloned());
        walk = true;
    }
    Ok((Selection::Only(chosen), extra, walk))
}

/// Why a PATH selected nothing, and what to do.
fn names_nothing(shown: &str, on_disk: Option<std::fs::Metadata>, kind: &SourceKind) -> String {
    let is_dir = on_disk.as_ref().is_some_and(|m| m.is_dir());
    match (kind, on_disk) {
        (SourceKind::Index, Some(_)) if !is_dir => format!(
            "{shown} is not staged: `--staged` checks the index, what is about to be committed; `git add {shown}` first"
        ),
        (SourceKind::Index, Some(_)) => format!(
            "{shown} holds no staged charter: `--staged` checks the index, what is about to be committed; `git add` the charters under it first"
        ),
        (SourceKind::Index, None) => {
            format!("{shown} is neither in the index nor in the working tree")
        }
        (SourceKind::Commit(commit), _) if !is_dir => format!(
            "{shown} is not in {commit}: name a file that the commit holds (`git ls-tree -r --name-only REV` lists them)"
        ),
        (SourceKind::Commit(commit), _) => format!("{shown} holds no charter in {commit}"),
        (SourceKind::WorkTree, _) => format!(
            "{shown} holds no charter (files named `charter.toml` or `*.charter.toml`, or as the include globs of charterlint.toml say)"
        ),
    }
}
