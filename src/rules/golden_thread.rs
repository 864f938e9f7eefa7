//! The golden thread: from the product up to the company's goals.

use crate::charter::{Charter, GoldenThread, has_items, placeholder_list};
use crate::finding::Severity;
use crate::registry::Registry;
use crate::text::{is_placeholder, quoted};

use super::framework::{Check, Context, Emitter, Example, Rule, charter_example, explanation};
use super::missing::missing_in;

const REGISTRY: &str = include_str!("examples/golden-thread/okrs.toml");
const CONFIG: &str = include_str!("examples/golden-thread/charterlint.toml");

/// An example of one charter beside the registry and a configuration naming it.
macro_rules! with_registry {
    ($charter:expr) => {
        Example {
            files: &[
                ("charter.toml", $charter),
                ("okrs.toml", REGISTRY),
                ("charterlint.toml", CONFIG),
            ],
            before: &[],
            args: &[],
        }
    };
}

pub static GOLDEN_THREAD_MISSING: Rule = Rule {
    id: "golden-thread-missing",
    default: Severity::Error,
    summary: "no `golden_thread.goal` or no objective",
    explanation: explanation!("docs/golden-thread-missing.md"),
    fails: charter_example!(include_str!("examples/golden-thread-missing/fails.toml")),
    passes: charter_example!(include_str!("examples/golden-thread-missing/passes.toml")),
    check: Check::Charter(golden_thread_missing),
};

fn golden_thread_missing(c: &Charter, _: &Context, out: &mut Emitter) {
    missing_in(&GOLDEN_THREAD_MISSING, c, "golden_thread", out);
    if let Some(list) = c.golden_thread.as_ref().and_then(|g| g.objectives.as_ref())
        && list.value.iter().all(|o| o.value.trim().is_empty())
    {
        out.emit(
            &GOLDEN_THREAD_MISSING,
            list.whole(),
            "golden_thread.objectives",
            "`golden_thread.objectives` lists no objective",
        )
        .help("list at least one OKR objective id, e.g. `objectives = [\"O-2026Q4-CLOSE\"]`");
    }
}

pub static GOLDEN_THREAD_UNRESOLVED: Rule = Rule {
    id: "golden-thread-unresolved",
    default: Severity::Error,
    summary: "a goal, objective or key result id is not in the registry",
    explanation: explanation!("docs/golden-thread-unresolved.md"),
    fails: with_registry!(include_str!("examples/golden-thread-unresolved/fails.toml")),
    passes: with_registry!(include_str!(
        "examples/golden-thread-unresolved/passes.toml"
    )),
    check: Check::Charter(golden_thread_unresolved),
};

/// "Did you mean" costs a comparison with every id of the registry, so it
/// is offered for the first few unresolved ids of a charter only: a charter
/// listing 10,000 unknown key results against a registry of 100,000
/// objectives stays linear.
const MAX_SUGGESTIONS: usize = 8;

fn unresolved_help<'r>(
    reg: &'r Registry,
    what: &str,
    id: &str,
    known: fn(&'r Registry) -> Vec<&'r str>,
    nth: usize,
) -> String {
    let suggestion = if nth < MAX_SUGGESTIONS {
        crate::shape::closest(id, known(reg).into_iter())
    } else {
        None
    };
    match suggestion {
        Some(s) => format!("did you mean `{s}`? ({} lists the {what}s)", reg.path),
        None => format!("use an id from {}, or add the {what} there first", reg.path),
    }
}

fn golden_thread_unresolved(c: &Charter, cx: &Context, out: &mut Emitter) {
    let (Some(reg), Some(g)) = (cx.registry, &c.golden_thread) else {
        return;
    };
    // A placeholder is `placeholder`'s finding, not an unknown id.
    if let Some(goal) = &g.goal
        && !is_placeholder(&goal.value)
        && reg.goal(&goal.value).is_none()
    {
        out.emit(
            &GOLDEN_THREAD_UNRESOLVED,
            goal.span,
            "golden_thread.goal",
            format!(
                "goal {} is not in the registry {}",
                quoted(&goal.value),
                reg.path
            ),
        )
        .help(unresolved_help(
            reg,
            "goal",
            &goal.value,
            Registry::goal_ids,
            0,
        ));
    }
    let mut unresolved = 0;
    for (i, o) in g.objectives.iter().flat_map(|l| &l.value).enumerate() {
        if !is_placeholder(&o.value) && reg.objective(&o.value).is_none() {
            out.emit(
                &GOLDEN_THREAD_UNRESOLVED,
                o.span,
                &format!("golden_thread.objectives[{i}]"),
                format!(
                    "objective {} is not in the registry {}",
                    quoted(&o.value),
                    reg.path
                ),
            )
            .help(unresolved_help(
                reg,
                "objective",
                &o.value,
                Registry::objective_ids,
                unresolved,
            ));
            unresolved += 1;
        }
    }
    for (i, kr) in g.key_results.iter().flat_map(|l| &l.value).enumerate() {
        if reg.objective_of_key_result(&kr.value).is_none() {
            out.emit(
                &GOLDEN_THREAD_UNRESOLVED,
                kr.span,
                &format!("golden_thread.key_results[{i}]"),
                format!(
                    "key result {} is not in the registry {}",
                    quoted(&kr.value),
                    reg.path
                ),
            )
            .help(unresolved_help(
                reg,
                "key result",
                &kr.value,
                Registry::key_result_ids,
                unresolved,
            ));
            unresolved += 1;
        }
    }
}

pub static GOLDEN_THREAD_BROKEN: Rule = Rule {
    id: "golden-thread-broken",
    default: Severity::Error,
    summary: "a listed objective belongs to another goal, or a key result belongs to no listed objective",
    explanation: explanation!("docs/golden-thread-broken.md"),
    fails: with_registry!(include_str!("examples/golden-thread-broken/fails.toml")),
    passes: with_registry!(include_str!("examples/golden-thread-broken/passes.toml")),
    check: Check::Charter(golden_thread_broken),
};

fn golden_thread_broken(c: &Charter, cx: &Context, out: &mut Emitter) {
    let (Some(reg), Some(g)) = (cx.registry, &c.golden_thread) else {
        return;
    };
    let objectives: Vec<_> = g.objectives.iter().flat_map(|l| &l.value).collect();
    // A placeholder goal is no goal to compare with (`placeholder` says so).
    if let Some(goal) = g.goal.as_ref().filter(|g| !is_placeholder(&g.value)) {
        for (i, o) in objectives.iter().enumerate() {
            let Some(entry) = reg.objective(&o.value) else {
                continue;
            };
            let Some(owner) = &entry.goal else { continue };
            if *owner != goal.value {
                out.emit(
                    &GOLDEN_THREAD_BROKEN,
                    o.span,
                    &format!("golden_thread.objectives[{i}]"),
                    format!(
                        "objective {} belongs to goal {} ({}:{}), not to this charter's goal {}",
                        quoted(&o.value),
                        quoted(owner),
                        reg.path,
                        entry.line,
                        quoted(&goal.value)
                    ),
                )
                .label(goal.whole(), "the charter's goal")
                .help(format!(
                    "list only objectives of goal `{}`, or change the goal",
                    goal.value
                ));
            }
        }
    }
    for (i, kr) in g.key_results.iter().flat_map(|l| &l.value).enumerate() {
        let Some(entry) = reg.objective_of_key_result(&kr.value) else {
            continue;
        };
        if !objectives.iter().any(|o| o.value == entry.id) {
            let d = out.emit(
                &GOLDEN_THREAD_BROKEN,
                kr.span,
                &format!("golden_thread.key_results[{i}]"),
                format!(
                    "key result {} belongs to objective {} ({}:{}), which this charter does not list",
                    quoted(&kr.value),
                    quoted(&entry.id),
                    reg.path,
                    entry.line
                ),
            );
            if let Some(list) = &g.objectives {
                d.label(list.whole(), "the objectives this charter lists");
            }
            d.help(format!(
                "add `{}` to `objectives`, or drop this key result",
                entry.id
            ));
        }
    }
}

pub static GOLDEN_THREAD_STALE: Rule = Rule {
    id: "golden-thread-stale",
    default: Severity::Warning,
    summary: "every listed objective `ends` before today",
    explanation: explanation!("docs/golden-thread-stale.md"),
    fails: with_registry!(include_str!("examples/golden-thread-stale/fails.toml")),
    passes: with_registry!(include_str!("examples/golden-thread-stale/passes.toml")),
    check: Check::Charter(golden_thread_stale),
};

fn golden_thread_stale(c: &Charter, cx: &Context, out: &mut Emitter) {
    let (Some(reg), Some(g)) = (cx.registry, &c.golden_thread) else {
        return;
    };
    let Some(list) = &g.objectives else { return };
    let mut ended = Vec::new();
    for o in &list.value {
        match reg.objective(&o.value).and_then(|e| e.ends.map(|d| (e, d))) {
            Some((e, ends)) if ends < cx.today => ended.push(format!("{} ended {ends}", e.id)),
            _ => return,
        }
    }
    if ended.is_empty() {
        return;
    }
    out.emit(
        &GOLDEN_THREAD_STALE,
        list.whole(),
        "golden_thread.objectives",
        format!(
            "every objective this charter lists has ended ({}; today is {})",
            ended.join(", "),
            cx.today
        ),
    )
    .help(format!(
        "link the product to current objectives from {}",
        reg.path
    ));
}

pub static GOLDEN_THREAD_UNMEASURED: Rule = Rule {
    id: "golden-thread-unmeasured",
    default: Severity::Warning,
    summary: "neither `key_results` nor `kpis` is given",
    explanation: explanation!("docs/golden-thread-unmeasured.md"),
    fails: charter_example!(include_str!("examples/golden-thread-unmeasured/fails.toml")),
    passes: charter_example!(include_str!(
        "examples/golden-thread-unmeasured/passes.toml"
    )),
    check: Check::Charter(golden_thread_unmeasured),
};

fn golden_thread_unmeasured(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(g): Option<&GoldenThread> = c.golden_thread.as_ref() else {
        return;
    };
    if !has_items(&g.key_results)
        && !has_items(&g.kpis)
        && !c.is_invalid("golden_thread.key_results")
        && !c.is_invalid("golden_thread.kpis")
    {
        let lacks = "the golden thread names no key result and no KPI";
        let given = [("kpis", &g.kpis), ("key_results", &g.key_results)];
        let placeholder = given
            .iter()
            .find_map(|(key, list)| placeholder_list(list).map(|ph| (key, ph)));
        let (at, message, help) = match placeholder {
            Some((key, ph)) => (
                ph.span,
                format!("{lacks}: `golden_thread.{key}` is {}", ph.shown),
                "replace the placeholder with a measure of the product's outcome, or a key result it moves"
                    .to_string(),
            ),
            None => (
                g.header,
                lacks.to_string(),
                super::missing::add_line(
                    "golden_thread",
                    "kpis = [\"a measure of the product's outcome\"]",
                ),
            ),
        };
        out.emit(
            &GOLDEN_THREAD_UNMEASURED,
            at,
            "golden_thread.key_results",
            message,
        )
        .help(help);
    }
}
