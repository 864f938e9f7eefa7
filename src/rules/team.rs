//! The team and the change: skills a kind of product needs, and the plan a
//! mandated product owes its users.

use crate::charter::{Charter, Kind, has_text, placeholder_text};
use crate::finding::Severity;

use super::{Check, Context, Emitter, Rule, charter_example};

pub static MANDATED_WITHOUT_CHANGE_PLAN: Rule = Rule {
    id: "mandated-without-change-plan",
    default: Severity::Warning,
    summary: "`adoption = \"mandated\"` and no `adoption.plan`",
    explanation: "\
Mandating a product does not make people use it well: captive users route around a tool that does \
not fit (usually with a spreadsheet), and the mandate hides the signal that would have told you. A \
mandated product needs a change plan — champions, training, a measure of successful adoption — \
written down in `[adoption]`.",
    fails: charter_example!("charter = 1\n\n[product]\nadoption = \"mandated\"\n"),
    passes: charter_example!(
        "charter = 1\n\n[product]\nadoption = \"mandated\"\n\n[adoption]\nplan = \"Pilot with two entities, then roll out by region\"\n"
    ),
    check: Check::Charter(mandated_without_change_plan),
};

fn mandated_without_change_plan(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(adoption) = c.adoption_field().filter(|_| c.is_mandated()) else {
        return;
    };
    let plan = c.adoption.as_ref().and_then(|a| a.plan.clone());
    if !has_text(&plan) && !c.is_invalid("adoption.plan") {
        let at = match (&c.adoption, &plan) {
            (_, Some(p)) => p.span,
            (Some(a), None) => a.header,
            (None, None) => adoption.whole(),
        };
        let lacks = "adoption is mandated, but there is no change plan";
        let (message, help) = match placeholder_text(&plan) {
            Some(ph) => (
                format!("{lacks}: `adoption.plan` is {}", ph.shown),
                "replace the placeholder with how people will be brought along, who champions it, how success is measured",
            ),
            None => (
                lacks.to_string(),
                "add `[adoption]` with `plan = \"...\"`: how people will be brought along, who champions it, how success is measured",
            ),
        };
        let d = out.emit(&MANDATED_WITHOUT_CHANGE_PLAN, at, "adoption.plan", message);
        if at != adoption.whole() {
            d.label(adoption.whole(), "mandated");
        }
        d.help(help);
    }
}

pub static PLATFORM_WITHOUT_DOCS: Rule = Rule {
    id: "platform-without-docs",
    default: Severity::Note,
    summary: "`kind = \"platform\"` and `team.skills` lacks `technical-writing` (only when `[team]` is given)",
    explanation: "\
A platform's user experience is its documentation: developers integrate onto it by reading. \
Documentation written from the point of view of those building the platform, rather than those \
building on it, turns every integration into back-and-forth between teams. A technical writer in \
the platform team changes that.",
    fails: charter_example!(
        "charter = 1\n\n[product]\nkind = \"platform\"\n\n[team]\nskills = [\"product\", \"engineering\"]\n"
    ),
    passes: charter_example!(
        "charter = 1\n\n[product]\nkind = \"platform\"\n\n[team]\nskills = [\"product\", \"engineering\", \"technical-writing\"]\n"
    ),
    check: Check::Charter(platform_without_docs),
};

fn platform_without_docs(c: &Charter, _: &Context, out: &mut Emitter) {
    lacking_skill(
        c,
        &PLATFORM_WITHOUT_DOCS,
        &[Kind::Platform],
        "technical-writing",
        "a platform team without technical writing",
        out,
    );
}

pub static TOOL_WITHOUT_DESIGN: Rule = Rule {
    id: "tool-without-design",
    default: Severity::Note,
    summary: "`kind` is `internal-tool` or `customer-enabling` and `team.skills` lacks `design` (only when `[team]` is given)",
    explanation: "\
\"It's just internal\" is how back offices end up as clunky screens generated from a database, until a \
bad interface slows down the people serving customers or causes an incident. Internal and \
customer-enabling tools need real user-experience design as much as customer-facing products do.",
    fails: charter_example!(
        "charter = 1\n\n[product]\nkind = \"internal-tool\"\n\n[team]\nskills = [\"product\", \"engineering\"]\n"
    ),
    passes: charter_example!(
        "charter = 1\n\n[product]\nkind = \"internal-tool\"\n\n[team]\nskills = [\"product\", \"design\", \"engineering\"]\n"
    ),
    check: Check::Charter(tool_without_design),
};

fn tool_without_design(c: &Charter, _: &Context, out: &mut Emitter) {
    lacking_skill(
        c,
        &TOOL_WITHOUT_DESIGN,
        &[Kind::InternalTool, Kind::CustomerEnabling],
        "design",
        "a tool team without design",
        out,
    );
}

fn lacking_skill(
    c: &Charter,
    rule: &'static Rule,
    kinds: &[Kind],
    skill: &str,
    what: &str,
    out: &mut Emitter,
) {
    let Some(team) = &c.team else { return };
    let Some(kind) = c
        .product
        .as_ref()
        .and_then(|p| p.kind.as_ref())
        .filter(|k| kinds.contains(&k.value))
    else {
        return;
    };
    if team.has_skill(skill) || c.is_invalid("team.skills") {
        return;
    }
    let at = team.skills.as_ref().map_or(team.header, |s| s.whole());
    out.emit(
        rule,
        at,
        "team.skills",
        format!("{what}: `team.skills` lacks `{skill}`"),
    )
    .label(
        kind.whole(),
        format!(
            "{} `{}`",
            crate::text::article(kind.value.as_str()),
            kind.value.as_str()
        ),
    )
    .help(format!(
        "add `{skill}` to `team.skills`, or say in a waiver how the team covers it"
    ));
}
