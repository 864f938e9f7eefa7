//! The team and the change: skills a kind of product needs, and the plan a
//! mandated product owes its users.

use crate::charter::{Charter, Kind, has_text, placeholder_text};
use crate::finding::Severity;

use super::framework::{Check, Context, Emitter, Rule, charter_example, explanation};

pub static MANDATED_WITHOUT_CHANGE_PLAN: Rule = Rule {
    id: "mandated-without-change-plan",
    default: Severity::Warning,
    summary: "`adoption = \"mandated\"` and no `adoption.plan`",
    explanation: explanation!("docs/mandated-without-change-plan.md"),
    fails: charter_example!(include_str!(
        "examples/mandated-without-change-plan/fails.toml"
    )),
    passes: charter_example!(include_str!(
        "examples/mandated-without-change-plan/passes.toml"
    )),
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
    explanation: explanation!("docs/platform-without-docs.md"),
    fails: charter_example!(include_str!("examples/platform-without-docs/fails.toml")),
    passes: charter_example!(include_str!("examples/platform-without-docs/passes.toml")),
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
    explanation: explanation!("docs/tool-without-design.md"),
    fails: charter_example!(include_str!("examples/tool-without-design/fails.toml")),
    passes: charter_example!(include_str!("examples/tool-without-design/passes.toml")),
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
