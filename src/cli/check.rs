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
use crate::rules::{Draft, Emitter};
use crate::source::git::{self, IndexSource, TreeSource, resolve_commit};
use crate::source::worktree::{self, WorkTree};
use crate::source::{Content, MAX_REGISTRY_SIZE, Source};
use crate::span::LineIndex;

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
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The folder a plain (working-tree) check works in: the repository's work
/// tree if there is one, else the current folder.
fn worktree_root(cwd: &Path) -> PathBuf {
    match git2::Repository::open_from_env() {
        Ok(repo) => repo
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| cwd.to_path_buf()),
        Err(_) => cwd.to_path_buf(),
    }
}

/// The repository a git option reads from, honouring GIT_DIR and friends.
fn open_repo() -> Result<git2::Repository, Fatal> {
    git2::Repository::open_from_env().map_err(|e| {
        Fatal(format!(
            "not in a git repository ({}); --staged, --rev and --changed-since read from git",
            e.message()
        ))
    })
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
    let root = worktree_root(&cwd);
    let root = root.canonicalize().unwrap_or(root);
    let today = args.output.today();
    let reads_git = args.staged || args.rev.is_some() || args.changed_since.is_some();
    // A handle of its own for history: the source keeps the other.
    let repo = if reads_git { Some(open_repo()?) } else { None };
    let source: Box<dyn Source> = if args.staged {
        Box::new(IndexSource::open(open_repo()?).map_err(Fatal)?)
    } else if let Some(rev) = &args.rev {
        Box::new(TreeSource::at_rev(open_repo()?, rev).map_err(Fatal)?)
    } else {
        Box::new(WorkTree::new(
            &root,
            format!(
                "the working tree ({})",
                crate::paths::display_os(root.as_os_str())
            ),
        ))
    };
    let source = source.as_ref();
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
    let config = load_config(source, args.config.as_deref())?;
    let (registry, registry_findings) =
        load_registry(source, &config, args.registry.as_deref(), today, &repo_root)?;
    let (mut selection, mut extra_paths, walk) =
        select(&root, &cwd, &args.paths, &config, reads_git)?;
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
        keep_text: args.output.format == Format::Human,
    });
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
        history::retain_new(&mut report.findings, &at_base.findings, &c.changes);
    }
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
) -> engine::Report {
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
    report: &engine::Report,
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

/// Reads `--config FILE`, or `charterlint.toml` from the source.
pub(super) fn load_config(source: &dyn Source, explicit: Option<&Path>) -> Result<Config, Fatal> {
    read_config(source, explicit)?.map_err(|e| Fatal(render_config_error(&e)))
}

/// Like `load_config`, but an invalid configuration is returned with its
/// problems rather than rendered; `Err` when it cannot be read at all.
pub(super) fn read_config(
    source: &dyn Source,
    explicit: Option<&Path>,
) -> Result<Result<Config, config::ConfigError>, Fatal> {
    let (name, content) = match explicit {
        Some(path) => {
            let content = worktree::read_path(path)
                .ok_or_else(|| Fatal(format!("config file {} does not exist", path.display())))?;
            (path.display().to_string(), content)
        }
        None => match source.read(config::FILE_NAME) {
            Some(c) => (config::FILE_NAME.to_string(), c),
            None => return Ok(Ok(Config::default())),
        },
    };
    let text = text_of(&name, content)?;
    Ok(Config::parse(&name, &text))
}

/// A file's text, or why it cannot be used as a config or registry.
fn text_of(name: &str, content: Content) -> Result<String, Fatal> {
    match content {
        Content::Bytes(b) => {
            String::from_utf8(b).map_err(|_| Fatal(format!("{name} is not UTF-8 text")))
        }
        Content::TooLarge(n) => Err(Fatal(format!(
            "{name} is {n} bytes, over the 1 MiB limit; not read"
        ))),
        Content::Symlink(_) => Err(Fatal(format!(
            "{name} is a symbolic link, which charterlint does not follow"
        ))),
        Content::Submodule => Err(Fatal(format!("{name} is a submodule, not a file"))),
        Content::Unreadable(e) => Err(Fatal(format!("cannot read {name}: {e}"))),
    }
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

/// Loads the registry: `--registry FILE`, or the config's `registry`.
/// Problems with the registry itself are findings against it; the charters
/// are still checked (for shape) when it cannot be used. A registry in
/// another repository (`{ repo, rev, path }`) is found relative to
/// `repo_root`, the root of the repository being checked.
pub(super) fn load_registry(
    source: &dyn Source,
    config: &Config,
    explicit: Option<&Path>,
    today: crate::date::Date,
    repo_root: &Path,
) -> Result<(Option<Registry>, Vec<Finding>), Fatal> {
    let (name, content) = match (explicit, &config.registry) {
        (Some(path), _) => {
            let content = worktree::read_path_limited(path, MAX_REGISTRY_SIZE)
                .ok_or_else(|| Fatal(format!("registry {} does not exist", path.display())))?;
            (path.display().to_string(), content)
        }
        (None, Some(RegistryLocation::InTree(path))) => {
            let content = source
                .read_limited(path, MAX_REGISTRY_SIZE)
                .ok_or_else(|| {
                    Fatal(format!(
                        "the registry {path} named in the configuration does not exist"
                    ))
                })?;
            (path.clone(), content)
        }
        (None, Some(RegistryLocation::InRepo { repo, rev, path })) => {
            let content = git::read_in_repo(&repo_root.join(repo), rev, path)
                .map_err(|e| Fatal(format!("the registry named in the configuration: {e}")))?;
            (format!("{}/{path}", repo.trim_end_matches('/')), content)
        }
        (None, None) => return Ok((None, Vec::new())),
    };
    Ok(parse_registry(&name, content, today))
}

/// Parses registry content into a registry and the findings against it.
pub(super) fn parse_registry(
    name: &str,
    content: Content,
    today: crate::date::Date,
) -> (Option<Registry>, Vec<Finding>) {
    let cx = crate::rules::Context {
        today,
        registry: None,
    };
    let outcome_text = match content {
        Content::Bytes(b) => String::from_utf8(b),
        Content::TooLarge(size) => {
            let message = format!(
                "the registry is {size} bytes and was not read: registries are limited to {} MiB",
                MAX_REGISTRY_SIZE >> 20
            );
            let draft = Draft {
                rule: &crate::rules::PARSE_ERROR,
                span: Default::default(),
                field: String::new(),
                message,
                labels: Vec::new(),
                help: Some("split the registry, or check that this is the file you meant".into()),
            };
            return (
                None,
                vec![engine::resolve(draft, &LineIndex::new(""), None, name)],
            );
        }
        other => {
            // Report it the way a charter would be reported.
            let outcome = engine::check_file(None, name, other, &cx, false);
            return (None, outcome.findings);
        }
    };
    let text = match outcome_text {
        Ok(t) => t,
        Err(e) => {
            let outcome =
                engine::check_file(None, name, Content::Bytes(e.into_bytes()), &cx, false);
            return (None, outcome.findings);
        }
    };
    let mut out = Emitter::default();
    let registry = Registry::parse(name, &text, &mut out);
    let lines = LineIndex::new(&text);
    let findings = out
        .drafts
        .into_iter()
        .map(|d: Draft| engine::resolve(d, &lines, None, name))
        .collect();
    (registry, findings)
}

/// The usual name of an OKR registry.
const REGISTRY_FILE_NAME: &str = "okrs.toml";

/// Turns PATH arguments into a selection. Folders select the charters below
/// them; files are checked even when the include globs do not name them
/// (the pre-commit framework passes files). Naming the config or the registry
/// selects everything, since a change to either concerns every charter.
///
/// Returns the selection, the extra paths, and whether the tree must be
/// walked: naming only files checks only those files (fast in a hook, and
/// what a user of ruff or clippy expects); naming a folder walks it.
/// With `in_git`, a named file need not exist in the working tree (it is
/// read from the index or the commit).
fn select(
    root: &Path,
    cwd: &Path,
    paths: &[PathBuf],
    config: &Config,
    in_git: bool,
) -> Result<(Selection, Vec<String>, bool), Fatal> {
    if paths.is_empty() {
        return Ok((Selection::All, Vec::new(), true));
    }
    let selector = config.selector();
    let registry_path = match &config.registry {
        Some(RegistryLocation::InTree(p)) => Some(p.as_str()),
        _ => None,
    };
    let mut chosen = BTreeSet::new();
    let mut extra = Vec::new();
    let mut folders = Vec::new();
    for p in paths {
        let abs = cwd.join(p);
        let abs = abs.canonicalize().unwrap_or(abs);
        let rel = match abs.strip_prefix(root) {
            Ok(r) => worktree::relative(Path::new(""), r),
            Err(_) => p.display().to_string(),
        };
        if rel == config::FILE_NAME || Some(rel.as_str()) == registry_path {
            return Ok((Selection::All, Vec::new(), true));
        }
        // Another folder's config, or an OKR file that is not the registry
        // (the pre-commit hooks pass every `okrs.toml`): not a charter.
        let name = rel.rsplit('/').next().unwrap_or_default();
        if name == config::FILE_NAME || name == REGISTRY_FILE_NAME {
            continue;
        }
        let meta = std::fs::symlink_metadata(&abs);
        match meta {
            Ok(m) if m.is_dir() => folders.push(rel),
            Ok(_) => {
                if selector.is_excluded(&rel) {
                    continue;
                }
                if !selector.is_charter(&rel) {
                    extra.push(if abs.starts_with(root) {
                        rel.clone()
                    } else {
                        abs.display().to_string()
                    });
                }
                chosen.insert(if abs.starts_with(root) {
                    rel
                } else {
                    abs.display().to_string()
                });
            }
            Err(_) if in_git && abs.starts_with(root) => {
                if !selector.is_excluded(&rel) {
                    if !selector.is_charter(&rel) {
                        extra.push(rel.clone());
                    }
                    chosen.insert(rel);
                }
            }
            Err(e) => return Err(Fatal(format!("{}: {e}", p.display()))),
        }
    }
    if !folders.is_empty() {
        let listing = WorkTree::new(root, "").list(&selector).map_err(Fatal)?;
        for path in listing.paths {
            if folders
                .iter()
                .any(|f| f.is_empty() || f == "." || path.starts_with(&format!("{f}/")))
            {
                chosen.insert(path);
            }
        }
    }
    let walk = !folders.is_empty();
    Ok((Selection::Only(chosen), extra, walk))
}
