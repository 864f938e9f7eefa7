//! The rules, listed. Each rule is declared once, next to its check (in the
//! modules below, on the framework of [`framework`]): its id, default
//! severity, summary, the text `explain` prints, and a failing and a passing
//! example. The explanation is Markdown in `docs/<rule>.md` and each example
//! a real file under `examples/<rule>/`, read in with `include_str!`.
//! `rules`, `explain`, the SARIF rule table and the README's rule table are
//! all generated from [`ALL`], and a test runs every example.

mod configuration;
mod doc;
mod document;
pub mod framework;
mod golden_thread;
mod headers;
mod history;
mod missing;
mod ownership;
mod personas;
mod portfolio;
mod product;
mod relationship;
mod sourcing;
mod team;
mod waivers;

pub use configuration::CONFIG_INVALID;
pub use doc::documentation_url;
pub use document::{PARSE_ERROR, check_document, check_registry};
pub use framework::{Check, Context, Draft, Emitter, Example, Rule};
pub use history::{
    CHARTER_STALE, LastChange, RATIONALE_NOT_UPDATED, charter_stale, is_stale,
    rationale_not_updated,
};
pub use ownership::OWNER_NOT_CODEOWNER;
pub use portfolio::{CHARTER_MISSING, DUPLICATE_CAPABILITY, DUPLICATE_PRODUCT_ID, REPO_UNREADABLE};
pub use portfolio::{charter_missing, check_portfolio, place, repo_unreadable};
pub use sourcing::rule_against_quadrant;
pub use waivers::{
    ActiveWaiver, WAIVER_UNUSED, active_waivers, apply_waivers, waiver_unused_message,
};

use crate::charter::Charter;
use crate::date::Date;
use crate::finding::Finding;
use crate::registry::Registry;

impl<'a> Context<'a> {
    /// What a charter check consults, with every rule known.
    pub fn new(today: Date, registry: Option<&'a Registry>) -> Context<'a> {
        Context {
            today,
            registry,
            rules: ALL,
            codeowners: None,
            path: "",
        }
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

/// A finding read back (from a scan worker's answer): its rule looked up by
/// id, since `Finding` holds the rule's `&'static str`.
#[derive(serde::Deserialize)]
#[serde(remote = "Finding")]
struct FindingDef {
    #[serde(with = "rule_id")]
    rule: crate::finding::RuleId,
    severity: crate::finding::Severity,
    message: String,
    repo: Option<String>,
    path: String,
    span: crate::span::Span,
    position: crate::span::Position,
    labels: Vec<crate::finding::Label>,
    help: Option<String>,
    field: String,
    #[serde(default)]
    fix: Option<crate::fix::Fix>,
}

impl<'de> serde::Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        FindingDef::deserialize(d)
    }
}

/// Serde for maps keyed by rule id (configured levels, rollout dates): an
/// id read back is looked up, so that it can be a `&'static str`.
pub mod rule_levels {
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    pub fn serialize<M: Serialize, S: Serializer>(map: &M, s: S) -> Result<S::Ok, S::Error> {
        map.serialize(s)
    }

    pub fn deserialize<'de, M, V, D>(d: D) -> Result<M, D::Error>
    where
        M: FromIterator<(&'static str, V)>,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        std::collections::BTreeMap::<String, V>::deserialize(d)?
            .into_iter()
            .map(|(id, value)| match super::find(&id) {
                Some(rule) => Ok((rule.id, value)),
                None => Err(D::Error::custom(format!("unknown rule `{id}`"))),
            })
            .collect()
    }
}

/// Every rule, in the order of SPEC section 5.
pub static ALL: &[&Rule] = &[
    &document::PARSE_ERROR,
    &document::UNKNOWN_VERSION,
    &document::UNKNOWN_KEY,
    &document::INVALID_VALUE,
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
    &ownership::OWNER_NOT_CODEOWNER,
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
        assert_eq!(ALL.len(), 47, "SPEC section 5 lists 47 rules");
    }
}
