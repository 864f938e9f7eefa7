//! Buy versus build, by the Purpose Based Alignment Model: differentiation
//! against criticality gives four quadrants — differentiating (build and
//! excel), parity (buy or adopt), partner, and "who cares" (minimise).

use crate::charter::{
    Charter, Decision, Kind, Level, OpenSource, Quadrant, Sourcing, has_items, has_text,
    placeholder_list, placeholder_text,
};
use crate::finding::Severity;
use crate::span::Span;
use crate::toml_doc::Field;

use super::framework::{Check, Context, Emitter, Rule, charter_example, explanation};
use super::missing::missing_in;

pub static SOURCING_MISSING: Rule = Rule {
    id: "sourcing-missing",
    default: Severity::Error,
    summary: "`[sourcing]` or one of its required keys is missing (the buy-vs-build rationale)",
    explanation: explanation!("docs/sourcing-missing.md"),
    fails: charter_example!(include_str!("examples/sourcing-missing/fails.toml")),
    passes: charter_example!(include_str!("examples/sourcing-missing/passes.toml")),
    check: Check::Charter(sourcing_missing),
};

fn sourcing_missing(c: &Charter, _: &Context, out: &mut Emitter) {
    missing_in(&SOURCING_MISSING, c, "sourcing", out);
}

/// The sourcing table with its decision, if the decision is `want`.
fn deciding(c: &Charter, want: Decision) -> Option<(&Sourcing, &Field<Decision>)> {
    let s = c.sourcing.as_ref()?;
    let d = s.decision.as_ref().filter(|d| d.value == want)?;
    Some((s, d))
}

fn level(f: &Option<Field<Level>>, want: Level) -> Option<Span> {
    f.as_ref().filter(|f| f.value == want).map(|f| f.whole())
}

pub static BUILD_WITHOUT_ALTERNATIVES: Rule = Rule {
    id: "build-without-alternatives",
    default: Severity::Error,
    summary: "`decision = \"build\"`, `differentiation = \"low\"`, and no `alternatives`",
    explanation: explanation!("docs/build-without-alternatives.md"),
    fails: charter_example!(include_str!(
        "examples/build-without-alternatives/fails.toml"
    )),
    passes: charter_example!(include_str!(
        "examples/build-without-alternatives/passes.toml"
    )),
    check: Check::Charter(build_without_alternatives),
};

fn build_without_alternatives(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some((s, d)) = deciding(c, Decision::Build) else {
        return;
    };
    let Some(low) = level(&s.differentiation, Level::Low) else {
        return;
    };
    if !has_items(&s.alternatives) && !c.is_invalid("sourcing.alternatives") {
        let lacks = "building a non-differentiating product, with no market alternatives evaluated";
        match placeholder_list(&s.alternatives) {
            Some(ph) => out
                .emit(
                    &BUILD_WITHOUT_ALTERNATIVES,
                    ph.span,
                    "sourcing.decision",
                    format!("{lacks}: `sourcing.alternatives` is {}", ph.shown),
                )
                .label(d.whole(), "built")
                .label(low, "it does not set the company apart")
                .help("replace the placeholder with the products you evaluated, or reconsider buying"),
            None => out
                .emit(&BUILD_WITHOUT_ALTERNATIVES, d.whole(), "sourcing.decision", lacks)
                .label(low, "it does not set the company apart")
                .help("list the products you evaluated: `alternatives = [\"...\"]`, or reconsider buying"),
        };
    }
}

pub static BUILD_WHO_CARES: Rule = Rule {
    id: "build-who-cares",
    default: Severity::Warning,
    summary: "`decision = \"build\"` with low differentiation and low criticality: minimise or drop it",
    explanation: explanation!("docs/build-who-cares.md"),
    fails: charter_example!(include_str!("examples/build-who-cares/fails.toml")),
    passes: charter_example!(include_str!("examples/build-who-cares/passes.toml")),
    check: Check::Charter(build_who_cares),
};

fn build_who_cares(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some((d, [diff, crit])) = against_quadrant(c, Decision::Build, Quadrant::WhoCares) else {
        return;
    };
    out.emit(
        &BUILD_WHO_CARES,
        d.whole(),
        "sourcing.decision",
        "building in the \"who cares\" quadrant: neither differentiating nor critical",
    )
    .label(diff, "low differentiation")
    .label(crit, "low criticality")
    .help("minimise it: buy, adopt open source, or drop it, and spend the team on what matters");
}

/// The rule that finds `decision` taken against quadrant `q`, if one does
/// (building in parity is at odds, but a choice no rule flags).
pub fn rule_against_quadrant(decision: Decision, q: Quadrant) -> Option<&'static Rule> {
    match (decision, q) {
        (Decision::Build, Quadrant::WhoCares) => Some(&BUILD_WHO_CARES),
        (Decision::Buy, Quadrant::Differentiating) => Some(&BUY_DIFFERENTIATOR),
        _ => None,
    }
}

/// The charter's `decision` when it is taken in quadrant `q`, and the spans
/// of differentiation and criticality.
fn against_quadrant(
    c: &Charter,
    decision: Decision,
    q: Quadrant,
) -> Option<(&Field<Decision>, [Span; 2])> {
    let (s, d) = deciding(c, decision)?;
    let (diff, crit) = (s.differentiation.as_ref()?, s.criticality.as_ref()?);
    (Quadrant::of(diff.value, crit.value) == q).then(|| (d, [diff.whole(), crit.whole()]))
}

pub static BUY_DIFFERENTIATOR: Rule = Rule {
    id: "buy-differentiator",
    default: Severity::Warning,
    summary: "`decision = \"buy\"` with high differentiation and high criticality",
    explanation: explanation!("docs/buy-differentiator.md"),
    fails: charter_example!(include_str!("examples/buy-differentiator/fails.toml")),
    passes: charter_example!(include_str!("examples/buy-differentiator/passes.toml")),
    check: Check::Charter(buy_differentiator),
};

fn buy_differentiator(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some((d, [diff, crit])) = against_quadrant(c, Decision::Buy, Quadrant::Differentiating)
    else {
        return;
    };
    out.emit(&BUY_DIFFERENTIATOR, d.whole(), "sourcing.decision", "buying what sets the company apart: competitors can buy it too")
        .label(diff, "high differentiation")
        .label(crit, "high criticality")
        .help("build and excel at what differentiates you, or partner closely; if you buy, waive this with the reason");
}

pub static BUY_WITHOUT_SKILLS_PLAN: Rule = Rule {
    id: "buy-without-skills-plan",
    default: Severity::Warning,
    summary: "`decision = \"buy\"` and no `skills_plan`",
    explanation: explanation!("docs/buy-without-skills-plan.md"),
    fails: charter_example!(include_str!("examples/buy-without-skills-plan/fails.toml")),
    passes: charter_example!(include_str!("examples/buy-without-skills-plan/passes.toml")),
    check: Check::Charter(buy_without_skills_plan),
};

fn buy_without_skills_plan(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some((s, d)) = deciding(c, Decision::Buy) else {
        return;
    };
    if !has_text(&s.skills_plan) && !c.is_invalid("sourcing.skills_plan") {
        let lacks = "buying, with no plan for the skills to get value from it";
        let (at, message, help) = match placeholder_text(&s.skills_plan) {
            Some(ph) => (
                ph.span,
                format!("{lacks}: `sourcing.skills_plan` is {}", ph.shown),
                "replace the placeholder with how the team will learn to use it fully".to_string(),
            ),
            None => (
                s.header,
                lacks.to_string(),
                super::missing::add_line(
                    "sourcing",
                    "skills_plan = \"How the team will learn to use it fully\"",
                ),
            ),
        };
        out.emit(
            &BUY_WITHOUT_SKILLS_PLAN,
            at,
            "sourcing.skills_plan",
            message,
        )
        .label(d.whole(), "bought")
        .help(help);
    }
}

pub static RETIRE_CRITICAL: Rule = Rule {
    id: "retire-critical",
    default: Severity::Warning,
    summary: "`decision = \"retire\"` with high criticality",
    explanation: explanation!("docs/retire-critical.md"),
    fails: charter_example!(include_str!("examples/retire-critical/fails.toml")),
    passes: charter_example!(include_str!("examples/retire-critical/passes.toml")),
    check: Check::Charter(retire_critical),
};

fn retire_critical(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some((s, d)) = deciding(c, Decision::Retire) else {
        return;
    };
    if let Some(crit) = level(&s.criticality, Level::High) {
        out.emit(&RETIRE_CRITICAL, d.whole(), "sourcing.decision", "retiring a mission-critical product")
            .label(crit, "high criticality")
            .help("say what replaces it: a buy, build or partner decision, or lower the criticality if it no longer holds");
    }
}

pub static BUILD_CLOSED_INTERNAL: Rule = Rule {
    id: "build-closed-internal",
    default: Severity::Note,
    summary: "`decision = \"build\"`, low differentiation, `kind` not `customer-facing`, and `open_source = \"no\"`",
    explanation: explanation!("docs/build-closed-internal.md"),
    fails: charter_example!(include_str!("examples/build-closed-internal/fails.toml")),
    passes: charter_example!(include_str!("examples/build-closed-internal/passes.toml")),
    check: Check::Charter(build_closed_internal),
};

fn build_closed_internal(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some((s, d)) = deciding(c, Decision::Build) else {
        return;
    };
    let Some(diff) = level(&s.differentiation, Level::Low) else {
        return;
    };
    let Some(kind) = c
        .product
        .as_ref()
        .and_then(|p| p.kind.as_ref())
        .filter(|k| k.value != Kind::CustomerFacing)
    else {
        return;
    };
    let Some(os) = s.open_source.as_ref().filter(|o| o.value == OpenSource::No) else {
        return;
    };
    out.emit(
        &BUILD_CLOSED_INTERNAL,
        d.whole(),
        "sourcing.decision",
        "building a non-differentiating internal product, closed",
    )
    .label(diff, "low differentiation")
    .label(kind.whole(), "not customer-facing")
    .label(os.whole(), "not open source")
    .help("consider open-sourcing it (`open_source = \"planned\"`), or buying instead of building");
}
