//! `charterlint init`: on a terminal, questions whose answers make a
//! charter that passes `check` ([`guided`]); otherwise (`--no-input`, or
//! standard input or output not a terminal) a commented template whose
//! placeholders fail `check` until they are filled in.

mod guided;
mod write;

use std::path::{Path, PathBuf};

use charterlint::charter::Kind;
use charterlint::config::Config;

use super::output::Fatal;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The product's kind.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Kind::NAMES), default_value = "internal-tool")]
    pub kind: String,
    /// Where to write the charter.
    #[arg(long, default_value = "charter.toml")]
    pub path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
    /// Write the commented template without asking anything, even on a
    /// terminal (as when standard input or output is not a terminal).
    #[arg(long)]
    pub no_input: bool,
}

/// Exit status of a session stopped by Ctrl-C, Esc or Ctrl-D (as a shell
/// reports SIGINT): nothing was written.
const INTERRUPTED: u8 = 130;

pub fn run(args: InitArgs, color: bool) -> Result<u8, Fatal> {
    use std::io::IsTerminal;
    let kind = Kind::from_name(&args.kind).unwrap_or(Kind::InternalTool);
    let guided =
        !args.no_input && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    // Refused before a single question is asked.
    if !args.force && std::fs::symlink_metadata(&args.path).is_ok() {
        return Err(exists(&args.path));
    }
    // What `check` still says of a guided charter (warnings and notes the
    // person accepted), told after it is written.
    let mut still = Vec::new();
    let text = if guided {
        inquire::set_global_render_config(if color {
            inquire::ui::RenderConfig::default_colored()
        } else {
            inquire::ui::RenderConfig::empty()
        });
        let today = charterlint::date::Date::today();
        let registry = guided::registry(today);
        match guided::ask_all(kind, registry.as_ref(), today) {
            Ok(answers) => {
                let text = answers.to_toml();
                still = charterlint::answer::problems(&text, registry.as_ref(), today, &[]);
                text
            }
            Err(guided::Stop::Interrupted(how)) => {
                eprintln!("charterlint init: {how}; nothing was written");
                return Ok(INTERRUPTED);
            }
            Err(guided::Stop::Failed(e)) => {
                return Err(Fatal(format!(
                    "the terminal failed ({e}); nothing was written (`charterlint init --no-input` writes the template)"
                )));
            }
        }
    } else {
        template(kind)
    };
    if let Some(parent) = args.path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            Fatal(format!(
                "cannot create the folder {}: {e}",
                charterlint::paths::display_os(parent.as_os_str())
            ))
        })?;
    }
    match super::new_file::create(&args.path, args.force, None) {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(text.as_bytes())
                .map_err(|e| Fatal(format!("cannot write {}: {e}", args.path.display())))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(exists(&args.path));
        }
        Err(e) => return Err(Fatal(format!("cannot write {}: {e}", args.path.display()))),
    }
    if guided {
        eprintln!(
            "charterlint init: wrote {}; `charterlint check` checks it",
            args.path.display()
        );
        for p in still {
            eprintln!("{}[{}]: {p}", p.severity, p.rule);
        }
    } else {
        eprintln!(
            "charterlint init: wrote {} ({} {} charter); fill in every <...> and run `charterlint check`",
            args.path.display(),
            charterlint::text::article(kind.as_str()),
            kind.as_str()
        );
    }
    if let Some(warning) = undiscoverable(&args.path) {
        eprintln!("warning: {warning}");
    }
    Ok(0)
}

fn exists(path: &Path) -> Fatal {
    Fatal(format!(
        "{} already exists; not overwriting it (use --force to replace it)",
        path.display()
    ))
}

/// Why `check` would never find a charter written at `path`, if it would
/// not: the include globs of the repository's configuration (or the
/// default ones) do not match it.
fn undiscoverable(path: &Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let abs = cwd.join(path);
    let abs = abs.canonicalize().unwrap_or(abs);
    let root = git2::Repository::open_from_env()
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or(cwd);
    let root = root.canonicalize().unwrap_or(root);
    let config = std::fs::read_to_string(root.join(charterlint::config::FILE_NAME))
        .ok()
        .and_then(|text| Config::parse(charterlint::config::FILE_NAME, &text).ok())
        .unwrap_or_default();
    let rel = charterlint::source::worktree::relative(&root, abs.strip_prefix(&root).ok()?);
    if config.selector().is_charter(&rel) {
        return None;
    }
    let globs: Vec<String> = config.include.iter().map(|g| format!("`{g}`")).collect();
    Some(format!(
        "{} does not match the include globs ({}), so `charterlint check` will not find it: name it `charter.toml` or `NAME.charter.toml`, or add it to `include` in charterlint.toml",
        charterlint::text::visible(&rel),
        globs.join(", ")
    ))
}

/// Puts every trailing comment of the template in one column, whatever
/// the length of the values filled in before it.
fn align_comments(text: &str) -> String {
    const COLUMN: usize = 31;
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.lines() {
        match line.rsplit_once(" # ") {
            Some((code, comment)) if !code.trim().is_empty() => {
                let code = code.trim_end();
                out.push_str(code);
                let width = code.chars().count();
                out.push_str(&" ".repeat(COLUMN.saturating_sub(width).max(1)));
                out.push_str("# ");
                out.push_str(comment);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The template for a kind of product. Every `<...>` is a placeholder that
/// `check` reports until it is replaced.
pub fn template(kind: Kind) -> String {
    let customer_facing = kind == Kind::CustomerFacing;
    let (relationship, choice, exchange) = if customer_facing {
        ("customer", "true", "payment")
    } else {
        ("partner", "false", "none")
    };
    let impact = if customer_facing {
        String::new()
    } else {
        "end_customer_impact = \"<how this helps the company's paying, external customer>\"\n"
            .to_string()
    };
    let team_skill = match kind {
        Kind::Platform => "\"product\", \"engineering\", \"technical-writing\"",
        _ => "\"product\", \"design\", \"engineering\"",
    };
    let text = format!(
        r#"# Product charter, format 1. Checked by `charterlint check`; `charterlint explain RULE` says why each rule matters.
# Editor completion (taplo): `charterlint schema > charter.schema.json`, then add a first line `#:schema ./charter.schema.json`.
charter = 1

[product]
id = "<product-id>"            # a slug, unique across the organisation: lower-case letters, digits, -
name = "<product name>"
owner = "<owning team>"
kind = "{kind}"          # customer-facing | customer-enabling | internal-tool | platform | service
adoption = "voluntary"         # voluntary | mandated (a mandated product needs an [adoption] plan)
{impact}
[vision]
statement = "<why the product exists and what it will change>"
# strategy = "<how it will get there>"

[golden_thread]                # the link up to the company's goals
goal = "<G-COMPANY-GOAL>"      # a goal id from the OKR registry (okrs.toml)
objectives = ["<O-OBJECTIVE>"] # at least one OKR objective of that goal
# key_results = ["<KR-...>"]   # each must belong to a listed objective
kpis = ["<a measure of the product's outcome>"]

[[personas]]                   # at least one, and at least one with role "user"
name = "<who uses it>"
role = "user"                  # user | buyer | champion | funder | stakeholder
internal = {internal}               # is this person inside the company?
needs = ["<a job they need done, or a pain they have>"]

[relationship]                 # customer: has a choice and pays; partner: neither side can walk away; user: uses it
type = "{relationship}"
choice = {choice}                 # can they pick an alternative or walk away?
value_exchange = "{exchange}"          # payment | chargeback | none (time spent is not value exchanged)
rationale = "<why the relationship is of this type>"

[sourcing]                     # buy versus build (Purpose Based Alignment Model)
decision = "build"             # build | buy | partner | open-source | retire
differentiation = "high"       # does it set the company apart? high | low
criticality = "high"           # is it mission critical? high | low
rationale = "<why build (or buy) rather than the alternatives>"
# alternatives = ["<market products you evaluated>"]

[team]
skills = [{team_skill}]

# [[waivers]]                  # accept a finding for a while
# rule = "<rule-id>"
# reason = "<why, for now>"
# expires = 2027-03-31
"#,
        kind = kind.as_str(),
        internal = if customer_facing { "false" } else { "true" },
    );
    align_comments(&text)
}
