//! The rules. Each rule is declared once, next to its check: its id, default
//! severity, summary, the text `explain` prints, and a failing and a passing
//! example. The explanation is Markdown in `docs/<rule>.md` and each example
//! a real file under `examples/<rule>/`, read in with `include_str!`.
//! `rules`, `explain`, the SARIF rule table and the README's rule table are
//! all generated from `ALL`, and a test runs every example.

mod configuration;
mod doc;
mod format;
mod golden_thread;
mod headers;
mod history;
mod personas;
mod portfolio;
mod product;
mod relationship;
mod sourcing;
mod team;
mod waivers;

pub use configuration::{CONFIG_INVALID, config_invalid, config_unreadable};
pub use format::{PARSE_ERROR, check_document, check_registry};
pub use history::{
    CHARTER_STALE, LastChange, RATIONALE_NOT_UPDATED, charter_stale, is_stale,
    rationale_not_updated,
};
pub use portfolio::{CHARTER_MISSING, DUPLICATE_CAPABILITY, DUPLICATE_PRODUCT_ID, REPO_UNREADABLE};
pub use portfolio::{charter_missing, check_portfolio, place, repo_unreadable};
pub use sourcing::rule_against_quadrant;
pub use waivers::{WAIVER_UNUSED, apply_waivers, waiver_unused_message};

/// Waivers, for the engine.
pub mod waivers_api {
    pub use super::waivers::{ActiveWaiver, active_waivers};
}

use crate::charter::Charter;
use crate::date::Date;
use crate::finding::{Finding, Label, Place, Severity};
use crate::registry::Registry;
use crate::span::{LineIndex, Span};

/// A rule: what it checks, why, and how.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub default: Severity,
    /// One line, for `rules` and tables.
    pub summary: &'static str,
    /// What it checks and why (the idea behind it), for `explain`.
    pub explanation: &'static str,
    pub fails: Example,
    pub passes: Example,
    pub check: Check,
}

/// Where a rule's check runs.
#[derive(Debug)]
pub enum Check {
    /// On one parsed charter.
    Charter(fn(&Charter, &Context, &mut Emitter)),
    /// While parsing any document (charter, registry).
    Format,
    /// When waivers are applied to a charter's findings.
    Waiver,
    /// Across all the charters of a run (or a scan).
    Portfolio,
    /// Only where history is read (`--changed-since`, `--rev`, scan).
    History,
    /// Only in a scan.
    Scan,
}

/// Files that show a rule failing or passing, each a real file under
/// `src/rules/examples/<rule>/` (`fails.toml` and `passes.toml` when the
/// example is one charter). `before`, when not empty, is
/// committed first and `files` on top of it (for the history rules). When
/// `args` starts with `scan`, the files make up one repository in an
/// organisation folder that is scanned, and files under `.git/` are written
/// into its git folder after the commit (to break it).
#[derive(Debug)]
pub struct Example {
    pub files: &'static [(&'static str, &'static str)],
    pub before: &'static [(&'static str, &'static str)],
    /// Extra command-line arguments the example is run with.
    pub args: &'static [&'static str],
}

/// An example that is one `charter.toml`.
macro_rules! charter_example {
    ($text:expr) => {
        $crate::rules::Example {
            files: &[("charter.toml", $text)],
            before: &[],
            args: &[],
        }
    };
}
pub(crate) use charter_example;

/// A rule's explanation, from its `src/rules/docs/<rule>.md`: the Markdown
/// `rules --reference` and the SARIF rule help print (and `explain` wraps),
/// without the file's final newline.
macro_rules! explanation {
    ($path:literal) => {
        $crate::rules::without_final_newline(include_str!($path))
    };
}
pub(crate) use explanation;

/// `text` less one final `\n`, at compile time.
pub(crate) const fn without_final_newline(text: &'static str) -> &'static str {
    match text.as_bytes().split_last() {
        Some((b'\n', rest)) => match std::str::from_utf8(rest) {
            Ok(text) => text,
            Err(_) => panic!("a newline ends a character"),
        },
        _ => text,
    }
}

/// What a charter check may consult besides the charter.
pub struct Context<'a> {
    pub today: Date,
    pub registry: Option<&'a Registry>,
}

/// A finding as a rule produces it: spans in bytes, severity not yet applied.
#[derive(Debug, Clone)]
pub struct Draft {
    pub rule: &'static Rule,
    pub span: Span,
    pub field: String,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
    pub fix: Option<crate::fix::Fix>,
}

/// Collects the drafts of one charter's checks.
#[derive(Default)]
pub struct Emitter {
    pub drafts: Vec<Draft>,
}

impl Emitter {
    /// Starts a finding of `rule` at `span`, about the key path `field`.
    pub fn emit(
        &mut self,
        rule: &'static Rule,
        span: Span,
        field: &str,
        message: impl Into<String>,
    ) -> &mut Draft {
        self.drafts.push(Draft::new(rule, span, message));
        self.drafts.last_mut().expect("just pushed").field(field)
    }
}

impl Draft {
    /// The one constructor of a draft: a finding of `rule` at `span`.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Draft {
        Draft {
            rule,
            span,
            field: String::new(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// About the key path `field` (`relationship.type`).
    pub fn field(&mut self, field: &str) -> &mut Self {
        self.field = field.to_string();
        self
    }

    /// The one place a draft becomes a finding: its spans given lines and
    /// columns in `lines`, the file's text, at the rule's default severity.
    pub fn locate(self, lines: &LineIndex, place: Place<'_>) -> Finding {
        let labels = self.labels.into_iter().map(|(span, message)| Label {
            message,
            span,
            position: lines.position(span),
        });
        let mut finding = Finding::new(self.rule, place, self.message)
            .at(self.span, lines.position(self.span))
            .field(self.field)
            .fix(self.fix.map(|f| f.locate(lines)));
        finding.help = self.help;
        finding.labels = labels.collect();
        finding
    }

    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push((span, message.into()));
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn fix(&mut self, fix: crate::fix::Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }
}

/// Serde for a rule id held as `&'static str`: read back through `find`.
pub mod rule_id {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(id: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let id = String::deserialize(d)?;
        super::find(&id)
            .map(|r| r.id)
            .ok_or_else(|| D::Error::custom(format!("unknown rule `{id}`")))
    }
}

/// Serde for configured severities keyed by rule id.
pub mod rule_levels {
    use std::collections::HashMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    use crate::finding::RuleLevel;

    pub fn serialize<S: Serializer>(
        levels: &HashMap<&'static str, RuleLevel>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        levels.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<HashMap<&'static str, RuleLevel>, D::Error> {
        HashMap::<String, RuleLevel>::deserialize(d)?
            .into_iter()
            .map(|(id, level)| match super::find(&id) {
                Some(rule) => Ok((rule.id, level)),
                None => Err(D::Error::custom(format!("unknown rule `{id}`"))),
            })
            .collect()
    }
}

/// Every rule, in the order of SPEC section 5.
pub static ALL: &[&Rule] = &[
    &format::PARSE_ERROR,
    &format::UNKNOWN_VERSION,
    &format::UNKNOWN_KEY,
    &format::INVALID_VALUE,
    &product::PRODUCT_MISSING,
    &product::VISION_MISSING,
    &golden_thread::GOLDEN_THREAD_MISSING,
    &personas::PERSONAS_MISSING,
    &relationship::RELATIONSHIP_MISSING,
    &sourcing::SOURCING_MISSING,
    &product::PLACEHOLDER,
    &golden_thread::GOLDEN_THREAD_UNRESOLVED,
    &golden_thread::GOLDEN_THREAD_BROKEN,
    &golden_thread::GOLDEN_THREAD_STALE,
    &golden_thread::GOLDEN_THREAD_UNMEASURED,
    &personas::PERSONA_DUPLICATE,
    &personas::NO_USER_PERSONA,
    &personas::PERSONA_WITHOUT_NEEDS,
    &relationship::CUSTOMER_WITHOUT_CHOICE,
    &relationship::CUSTOMER_WITHOUT_VALUE_EXCHANGE,
    &relationship::CHOICE_CONTRADICTS_ADOPTION,
    &relationship::CUSTOMER_WITHOUT_AUTONOMY,
    &relationship::PARTNER_WITH_AUTONOMY,
    &relationship::PAYING_NON_CUSTOMER,
    &product::END_CUSTOMER_IMPACT_MISSING,
    &personas::CUSTOMER_FACING_WITHOUT_EXTERNAL_PERSONA,
    &sourcing::BUILD_WITHOUT_ALTERNATIVES,
    &sourcing::BUILD_WHO_CARES,
    &sourcing::BUY_DIFFERENTIATOR,
    &sourcing::BUY_WITHOUT_SKILLS_PLAN,
    &sourcing::RETIRE_CRITICAL,
    &sourcing::BUILD_CLOSED_INTERNAL,
    &team::MANDATED_WITHOUT_CHANGE_PLAN,
    &team::PLATFORM_WITHOUT_DOCS,
    &team::TOOL_WITHOUT_DESIGN,
    &waivers::WAIVER_EXPIRED,
    &waivers::WAIVER_UNKNOWN_RULE,
    &waivers::WAIVER_UNUSED,
    &waivers::WAIVER_INCOMPLETE,
    &portfolio::DUPLICATE_PRODUCT_ID,
    &portfolio::DUPLICATE_CAPABILITY,
    &portfolio::CHARTER_MISSING,
    &portfolio::REPO_UNREADABLE,
    &configuration::CONFIG_INVALID,
    &history::RATIONALE_NOT_UPDATED,
    &history::CHARTER_STALE,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// The known rule id closest to `id`, for "did you mean".
pub fn closest_id(id: &str) -> Option<&'static str> {
    crate::shape::closest(id, ALL.iter().map(|r| r.id))
}

/// Runs every per-charter rule.
pub fn check_charter(charter: &Charter, cx: &Context, out: &mut Emitter) {
    for rule in ALL {
        if let Check::Charter(run) = rule.check {
            run(charter, cx, out);
        }
    }
}

/// "add `key = value` under `[table]`": the help of a missing-field finding.
pub(crate) fn add_line(table: &str, line: &str) -> String {
    if table.is_empty() {
        format!("add `{line}` at the top of the file")
    } else {
        format!("add `{line}` under `[{table}]`")
    }
}

/// Reports a missing table: at the top of the file.
pub(crate) fn missing_table(
    rule: &'static Rule,
    c: &Charter,
    table: &str,
    sample: &str,
    out: &mut Emitter,
) {
    if let Some(m) = c.misspelling(table) {
        out.emit(
            rule,
            m.span,
            table,
            format!(
                "`[{table}]` is missing: `{}` looks like a misspelling of it",
                crate::text::visible(&m.written)
            ),
        )
        .help(format!(
            "rename `{}` to `{table}`",
            crate::text::visible(&m.written)
        ));
    } else if !c.is_invalid(table) {
        let d = out
            .emit(rule, c.top, table, format!("`[{table}]` is missing"))
            .help(format!(
                "add a `[{table}]` table, e.g.\n[{table}]\n{sample}"
            ));
        if let Some(text) = placeholder_table(table) {
            // Unsafe, and never a silent pass: every value is a placeholder
            // that `placeholder` or `invalid-value` reports until filled in.
            d.fix(crate::fix::Fix::unsafe_edit(
                format!("add `[{table}]` with placeholders to fill in"),
                vec![crate::fix::Edit::insert(c.end, text)],
            ));
        }
    }
}

/// A table of the charter format with each required key set to a
/// placeholder (`statement = "<statement>"`), to append to a charter.
fn placeholder_table(table: &str) -> Option<String> {
    let key = crate::charter::format::CHARTER
        .iter()
        .find(|k| k.name == table)?;
    let crate::shape::Shape::Table(keys) = key.shape else {
        return None;
    };
    let mut text = format!("\n[{table}]\n");
    for k in keys.iter().filter(|k| k.required) {
        let placeholder = format!("\"<{}>\"", k.name.replace('_', " "));
        // A list gets a list of one placeholder, of the type it must have.
        let value = match k.shape {
            crate::shape::Shape::List(_) => format!("[{placeholder}]"),
            _ => placeholder,
        };
        text.push_str(&format!("{} = {value}\n", k.name));
    }
    Some(text)
}

/// Reports what the charter lacks of `[table]`, as the format declares it
/// (`charter::format`): the table itself, at the top of the file, or each
/// required key, at the table's header.
pub(crate) fn missing_in(rule: &'static Rule, c: &Charter, table: &str, out: &mut Emitter) {
    for m in c
        .missing
        .iter()
        .filter(|m| m.table == table || m.path == table)
    {
        if m.table.is_empty() {
            missing_table(rule, c, table, &m.key.table_sample(), out);
        } else {
            missing_key(rule, c, m, out);
        }
    }
}

/// Reports a required key missing from its table: at the table's header.
fn missing_key(rule: &'static Rule, c: &Charter, m: &crate::shape::Missing, out: &mut Emitter) {
    let (path, key) = (m.path.as_str(), m.key.name);
    if let Some(written) = c.misspelling(path) {
        out.emit(
            rule,
            written.span,
            path,
            format!(
                "`{path}` is missing: `{}` looks like a misspelling of it",
                crate::text::visible(&written.written)
            ),
        )
        .help(format!(
            "rename `{}` to `{key}`",
            crate::text::visible(&written.written)
        ));
    } else if !c.is_invalid(path) {
        out.emit(
            rule,
            m.header.unwrap_or(c.top),
            path,
            format!("`{path}` is missing"),
        )
        .help(add_line(&m.table, &format!("{key} = {}", m.key.sample)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                r.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                r.id
            );
            assert!(
                !r.summary.is_empty() && r.explanation.len() > 80,
                "{} lacks docs",
                r.id
            );
            assert!(
                !r.fails.files.is_empty() && !r.passes.files.is_empty(),
                "{} lacks examples",
                r.id
            );
        }
        assert_eq!(ALL.len(), 46, "SPEC section 5 lists 46 rules");
    }
}
