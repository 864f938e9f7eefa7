//! Who the product serves.

use crate::charter::{Charter, Kind, Role, has_items, placeholder_list};
use crate::finding::Severity;
use crate::text::quoted;

use super::framework::{Check, Context, Emitter, Rule, charter_example, explanation};

pub static PERSONAS_MISSING: Rule = Rule {
    id: "personas-missing",
    default: Severity::Error,
    summary: "no `[[personas]]`",
    explanation: explanation!("docs/personas-missing.md"),
    fails: charter_example!(include_str!("examples/personas-missing/fails.toml")),
    passes: charter_example!(include_str!("examples/personas-missing/passes.toml")),
    check: Check::Charter(personas_missing),
};

fn personas_missing(c: &Charter, _: &Context, out: &mut Emitter) {
    if c.is_invalid("personas") {
        return;
    }
    match &c.personas {
        Some(p) if !p.list.is_empty() => {}
        Some(p) => {
            out.emit(
                &PERSONAS_MISSING,
                p.key,
                "personas",
                "`personas` lists nobody",
            )
            .help("add a `[[personas]]` table for each kind of person the product serves");
        }
        None if c.misspelling("personas").is_some() => {
            super::missing::missing_table(&PERSONAS_MISSING, c, "personas", "", out);
        }
        None => {
            out.emit(&PERSONAS_MISSING, c.top, "personas", "no `[[personas]]`: the charter does not say who the product serves")
                .help("add at least one persona, e.g.\n[[personas]]\nname = \"Finance analyst\"\nrole = \"user\"\nneeds = [\"...\"]");
        }
    }
}

pub static PERSONA_DUPLICATE: Rule = Rule {
    id: "persona-duplicate",
    default: Severity::Error,
    summary: "two personas share a name",
    explanation: explanation!("docs/persona-duplicate.md"),
    fails: charter_example!(include_str!("examples/persona-duplicate/fails.toml")),
    passes: charter_example!(include_str!("examples/persona-duplicate/passes.toml")),
    check: Check::Charter(persona_duplicate),
};

fn persona_duplicate(c: &Charter, _: &Context, out: &mut Emitter) {
    let personas = c.personas();
    for (i, p) in personas.iter().enumerate() {
        let Some(name) = &p.name else { continue };
        let key = name.value.trim().to_lowercase();
        let first = personas[..i]
            .iter()
            .filter_map(|q| q.name.as_ref())
            .find(|n| n.value.trim().to_lowercase() == key);
        if let Some(first) = first {
            out.emit(
                &PERSONA_DUPLICATE,
                name.whole(),
                &format!("personas[{i}].name"),
                format!("persona {} is declared twice", quoted(name.value.trim())),
            )
            .label(first.whole(), "first declared here")
            .help("give each persona a distinct name, or merge the two");
        }
    }
}

pub static NO_USER_PERSONA: Rule = Rule {
    id: "no-user-persona",
    default: Severity::Error,
    summary: "personas exist but none has role `user`",
    explanation: explanation!("docs/no-user-persona.md"),
    fails: charter_example!(include_str!("examples/no-user-persona/fails.toml")),
    passes: charter_example!(include_str!("examples/no-user-persona/passes.toml")),
    check: Check::Charter(no_user_persona),
};

fn no_user_persona(c: &Charter, _: &Context, out: &mut Emitter) {
    let personas = c.personas();
    if personas.is_empty()
        || personas
            .iter()
            .any(|p| p.role.as_ref().is_some_and(|r| r.value == Role::User))
    {
        return;
    }
    // A persona whose role is invalid might have been meant as a user.
    if (0..personas.len()).any(|i| c.is_invalid(&format!("personas[{i}].role"))) {
        return;
    }
    let d = out.emit(
        &NO_USER_PERSONA,
        personas[0].header,
        "personas",
        "no persona has role `user`: who actually uses the product?",
    );
    for p in personas.iter().skip(1) {
        if let Some(r) = &p.role {
            d.label(r.whole(), format!("role `{}`", r.value.as_str()));
        }
    }
    if let Some(r) = &personas[0].role {
        d.label(r.whole(), format!("role `{}`", r.value.as_str()));
    }
    d.help("add the people who use the product day to day as a persona with `role = \"user\"`");
}

pub static PERSONA_WITHOUT_NEEDS: Rule = Rule {
    id: "persona-without-needs",
    default: Severity::Warning,
    summary: "a `user` persona has no `needs`",
    explanation: explanation!("docs/persona-without-needs.md"),
    fails: charter_example!(include_str!("examples/persona-without-needs/fails.toml")),
    passes: charter_example!(include_str!("examples/persona-without-needs/passes.toml")),
    check: Check::Charter(persona_without_needs),
};

fn persona_without_needs(c: &Charter, _: &Context, out: &mut Emitter) {
    for (i, p) in c.personas().iter().enumerate() {
        let is_user = p.role.as_ref().is_some_and(|r| r.value == Role::User);
        if is_user && !has_items(&p.needs) && !c.is_invalid(&format!("personas[{i}].needs")) {
            let name = p.name.as_ref().map_or("a user persona".to_string(), |n| {
                format!("persona {}", quoted(&n.value))
            });
            let path = format!("personas[{i}].needs");
            let (at, message, help) = match placeholder_list(&p.needs) {
                Some(ph) => (
                    ph.span,
                    format!("{name} has no needs: `{path}` is {}", ph.shown),
                    "replace the placeholder with the jobs this person needs done and the pains they have",
                ),
                None => (
                    p.needs.as_ref().map_or(p.header, |n| n.whole()),
                    format!("{name} has no needs"),
                    "add `needs = [\"...\"]`: the jobs this person needs done and the pains they have",
                ),
            };
            out.emit(&PERSONA_WITHOUT_NEEDS, at, &path, message)
                .help(help);
        }
    }
}

pub static CUSTOMER_FACING_WITHOUT_EXTERNAL_PERSONA: Rule = Rule {
    id: "customer-facing-without-external-persona",
    default: Severity::Warning,
    summary: "`kind = \"customer-facing\"` but every persona is `internal`",
    explanation: explanation!("docs/customer-facing-without-external-persona.md"),
    fails: charter_example!(include_str!(
        "examples/customer-facing-without-external-persona/fails.toml"
    )),
    passes: charter_example!(include_str!(
        "examples/customer-facing-without-external-persona/passes.toml"
    )),
    check: Check::Charter(customer_facing_without_external_persona),
};

fn customer_facing_without_external_persona(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(kind) = c.product.as_ref().and_then(|p| p.kind.as_ref()) else {
        return;
    };
    let personas = c.personas();
    if kind.value != Kind::CustomerFacing
        || personas.is_empty()
        || !personas.iter().all(|p| p.is_internal())
    {
        return;
    }
    let d = out.emit(
        &CUSTOMER_FACING_WITHOUT_EXTERNAL_PERSONA,
        kind.whole(),
        "product.kind",
        "the product is customer-facing, but every persona is internal",
    );
    for p in personas {
        if let Some(i) = &p.internal {
            d.label(i.whole(), "internal");
        }
    }
    d.help("add the external customer as a persona (`internal = false`), or use `kind = \"customer-enabling\"`");
}
