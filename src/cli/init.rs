//! `charterlint init`: a commented template whose placeholders fail `check`
//! until they are filled in.

use std::path::PathBuf;

use crate::charter::Kind;

use super::Fatal;

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
}

pub fn run(args: InitArgs) -> Result<u8, Fatal> {
    let kind = Kind::from_name(&args.kind).unwrap_or(Kind::InternalTool);
    let text = template(kind);
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        // create_new: never overwrite, even if the file appears meanwhile.
        options.create_new(true);
    }
    match options.open(&args.path) {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(text.as_bytes())
                .map_err(|e| Fatal(format!("cannot write {}: {e}", args.path.display())))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Fatal(format!(
                "{} already exists; not overwriting it (use --force to replace it)",
                args.path.display()
            )));
        }
        Err(e) => return Err(Fatal(format!("cannot write {}: {e}", args.path.display()))),
    }
    eprintln!(
        "charterlint init: wrote {} (a {} charter); fill in every <...> and run `charterlint check`",
        args.path.display(),
        kind.as_str()
    );
    Ok(0)
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
    format!(
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
    )
}
