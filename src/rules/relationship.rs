//! Customer, partner or user: how the product team stands to those it serves.

use crate::charter::{AUTONOMY_MARKS, Charter, RelationshipType, ValueExchange};
use crate::finding::Severity;

use super::framework::{Check, Context, Emitter, Rule, charter_example, explanation};
use super::missing::missing_in;

pub static RELATIONSHIP_MISSING: Rule = Rule {
    id: "relationship-missing",
    default: Severity::Error,
    summary: "`[relationship]` or one of its required keys is missing",
    explanation: explanation!("docs/relationship-missing.md"),
    fails: charter_example!(include_str!("examples/relationship-missing/fails.toml")),
    passes: charter_example!(include_str!("examples/relationship-missing/passes.toml")),
    check: Check::Charter(relationship_missing),
};

fn relationship_missing(c: &Charter, _: &Context, out: &mut Emitter) {
    missing_in(&RELATIONSHIP_MISSING, c, "relationship", out);
}

fn is_customer(c: &Charter) -> bool {
    c.relationship_type() == Some(RelationshipType::Customer)
}

/// What contradicts `type = "customer"`. One mistake in the type often
/// shows as several findings (no choice, mandated, nothing exchanged):
/// each names the others, so that they read as one story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CustomerConflict {
    NoChoice,
    Mandated,
    NothingExchanged,
}

impl CustomerConflict {
    fn phrase(self) -> &'static str {
        match self {
            CustomerConflict::NoChoice => "`choice = false`",
            CustomerConflict::Mandated => "mandated adoption",
            CustomerConflict::NothingExchanged => "`value_exchange = \"none\"`",
        }
    }
}

fn customer_conflicts(c: &Charter) -> Vec<CustomerConflict> {
    let Some(r) = c.relationship.as_ref().filter(|_| is_customer(c)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if r.choice.as_ref().is_some_and(|f| !f.value) {
        found.push(CustomerConflict::NoChoice);
    }
    if c.is_mandated() {
        found.push(CustomerConflict::Mandated);
    }
    if r.value_exchange
        .as_ref()
        .is_some_and(|f| f.value == ValueExchange::None)
    {
        found.push(CustomerConflict::NothingExchanged);
    }
    found
}

/// The message of one customer conflict, naming the others, and its help
/// saying that one change of `type` resolves them all.
fn with_the_others(
    c: &Charter,
    this: CustomerConflict,
    message: &str,
    help: &str,
) -> (String, String) {
    let all = customer_conflicts(c);
    let others: Vec<&str> = all
        .iter()
        .filter(|o| **o != this)
        .map(|o| o.phrase())
        .collect();
    if others.is_empty() {
        return (message.to_string(), help.to_string());
    }
    let count = ["", "", "both", "all three"][all.len().min(3)];
    (
        format!(
            "{message} (`type = \"customer\"` also contradicts {})",
            others.join(" and ")
        ),
        format!("{help}; a `type` that fits resolves {count} findings"),
    )
}

pub static CUSTOMER_WITHOUT_CHOICE: Rule = Rule {
    id: "customer-without-choice",
    default: Severity::Error,
    summary: "type `customer` but `choice = false`, or `adoption = \"mandated\"`",
    explanation: explanation!("docs/customer-without-choice.md"),
    fails: charter_example!(include_str!("examples/customer-without-choice/fails.toml")),
    passes: charter_example!(include_str!("examples/customer-without-choice/passes.toml")),
    check: Check::Charter(customer_without_choice),
};

fn customer_without_choice(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(t) = c.relationship.as_ref().and_then(|r| r.kind.as_ref()) else {
        return;
    };
    if !is_customer(c) {
        return;
    }
    if let Some(choice) = c.relationship.as_ref().and_then(|r| r.choice.as_ref())
        && !choice.value
    {
        let (message, help) = with_the_others(
            c,
            CustomerConflict::NoChoice,
            "a customer has a choice, but `choice = false`",
            "if they cannot pick an alternative, they are users or partners: use `type = \"partner\"` or `type = \"user\"`",
        );
        out.emit(
            &CUSTOMER_WITHOUT_CHOICE,
            t.whole(),
            "relationship.type",
            message,
        )
        .label(choice.whole(), "they cannot choose")
        .help(help);
    }
    if let Some(adoption) = c.adoption_field().filter(|_| c.is_mandated()) {
        let (message, help) = with_the_others(
            c,
            CustomerConflict::Mandated,
            "a customer has a choice, but adoption is mandated",
            "a mandated product has users or partners, not customers: change `type`, or make adoption voluntary",
        );
        out.emit(
            &CUSTOMER_WITHOUT_CHOICE,
            t.whole(),
            "relationship.type",
            message,
        )
        .label(adoption.whole(), "use is mandated")
        .help(help);
    }
}

pub static CUSTOMER_WITHOUT_VALUE_EXCHANGE: Rule = Rule {
    id: "customer-without-value-exchange",
    default: Severity::Error,
    summary: "type `customer` but `value_exchange = \"none\"`",
    explanation: explanation!("docs/customer-without-value-exchange.md"),
    fails: charter_example!(include_str!(
        "examples/customer-without-value-exchange/fails.toml"
    )),
    passes: charter_example!(include_str!(
        "examples/customer-without-value-exchange/passes.toml"
    )),
    check: Check::Charter(customer_without_value_exchange),
};

fn customer_without_value_exchange(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(r) = &c.relationship else { return };
    let (Some(t), Some(v)) = (&r.kind, &r.value_exchange) else {
        return;
    };
    if t.value == RelationshipType::Customer && v.value == ValueExchange::None {
        let (message, help) = with_the_others(
            c,
            CustomerConflict::NothingExchanged,
            "a customer exchanges something of value, but `value_exchange = \"none\"`",
            "if they pay nothing (time is not payment), they are users: use `type = \"user\"`, or record the payment or chargeback",
        );
        out.emit(
            &CUSTOMER_WITHOUT_VALUE_EXCHANGE,
            t.whole(),
            "relationship.type",
            message,
        )
        .label(v.whole(), "nothing is exchanged")
        .help(help);
    }
}

pub static CHOICE_CONTRADICTS_ADOPTION: Rule = Rule {
    id: "choice-contradicts-adoption",
    default: Severity::Error,
    summary: "`choice = true` but `adoption = \"mandated\"`",
    explanation: explanation!("docs/choice-contradicts-adoption.md"),
    fails: charter_example!(include_str!(
        "examples/choice-contradicts-adoption/fails.toml"
    )),
    passes: charter_example!(include_str!(
        "examples/choice-contradicts-adoption/passes.toml"
    )),
    check: Check::Charter(choice_contradicts_adoption),
};

fn choice_contradicts_adoption(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(choice) = c.relationship.as_ref().and_then(|r| r.choice.as_ref()) else {
        return;
    };
    if choice.value
        && let Some(adoption) = c.adoption_field().filter(|_| c.is_mandated())
    {
        out.emit(
            &CHOICE_CONTRADICTS_ADOPTION,
            choice.whole(),
            "relationship.choice",
            "`choice = true`, but adoption is mandated",
        )
        .label(adoption.whole(), "use is mandated")
        .help("either they can choose (make adoption voluntary) or they cannot (`choice = false`)");
    }
}

pub static CUSTOMER_WITHOUT_AUTONOMY: Rule = Rule {
    id: "customer-without-autonomy",
    default: Severity::Warning,
    summary: "type `customer`, an `autonomy` table is given, and some of its marks are false",
    explanation: explanation!("docs/customer-without-autonomy.md"),
    fails: charter_example!(include_str!(
        "examples/customer-without-autonomy/fails.toml"
    )),
    passes: charter_example!(include_str!(
        "examples/customer-without-autonomy/passes.toml"
    )),
    check: Check::Charter(customer_without_autonomy),
};

fn customer_without_autonomy(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(r) = &c.relationship else { return };
    let (Some(t), Some(a)) = (&r.kind, &r.autonomy) else {
        return;
    };
    if t.value != RelationshipType::Customer {
        return;
    }
    let lacking: Vec<_> = a
        .marks
        .iter()
        .filter(|(_, f)| !f.as_ref().is_some_and(|f| f.value))
        .collect();
    if lacking.is_empty() {
        return;
    }
    let names: Vec<&str> = lacking.iter().map(|(n, _)| *n).collect();
    let d = out.emit(
        &CUSTOMER_WITHOUT_AUTONOMY,
        t.whole(),
        "relationship.type",
        format!(
            "a customer relationship, but these autonomy marks are false: {}",
            names.join(", ")
        ),
    );
    for (name, f) in &lacking {
        match f {
            Some(f) => d.label(f.whole(), "false"),
            None => d.label(a.header, format!("`{name}` not given (counts as false)")),
        };
    }
    d.help("without all six marks the team is a partner: use `type = \"partner\"`, or win the missing autonomy first");
}

pub static PARTNER_WITH_AUTONOMY: Rule = Rule {
    id: "partner-with-autonomy",
    default: Severity::Note,
    summary: "type `partner`, yet all six autonomy marks are true: the partner has become a customer",
    explanation: explanation!("docs/partner-with-autonomy.md"),
    fails: charter_example!(include_str!("examples/partner-with-autonomy/fails.toml")),
    passes: charter_example!(include_str!("examples/partner-with-autonomy/passes.toml")),
    check: Check::Charter(partner_with_autonomy),
};

fn partner_with_autonomy(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(r) = &c.relationship else { return };
    let (Some(t), Some(a)) = (&r.kind, &r.autonomy) else {
        return;
    };
    let all = a.marks.len() == AUTONOMY_MARKS.len()
        && a.marks
            .iter()
            .all(|(_, f)| f.as_ref().is_some_and(|f| f.value));
    if t.value == RelationshipType::Partner && all {
        out.emit(
            &PARTNER_WITH_AUTONOMY,
            t.whole(),
            "relationship.type",
            "a partner relationship with all six autonomy marks: the partner has become a customer",
        )
        .label(a.header, "all six marks are true")
        .help("consider `type = \"customer\"`, and treat their choice as the signal it now is");
    }
}

pub static PAYING_NON_CUSTOMER: Rule = Rule {
    id: "paying-non-customer",
    default: Severity::Warning,
    summary: "`value_exchange = \"chargeback\"` with `choice = false`: the funder pays but cannot leave",
    explanation: explanation!("docs/paying-non-customer.md"),
    fails: charter_example!(include_str!("examples/paying-non-customer/fails.toml")),
    passes: charter_example!(include_str!("examples/paying-non-customer/passes.toml")),
    check: Check::Charter(paying_non_customer),
};

fn paying_non_customer(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(r) = &c.relationship else { return };
    let (Some(v), Some(choice)) = (&r.value_exchange, &r.choice) else {
        return;
    };
    if v.value == ValueExchange::Chargeback && !choice.value {
        out.emit(&PAYING_NON_CUSTOMER, v.whole(), "relationship.value_exchange", "they pay through chargeback but cannot leave: a paying non-customer")
            .label(choice.whole(), "no choice")
            .help("give them a real choice (`choice = true`), or fund the product centrally (`value_exchange = \"none\"`) and work as partners");
    }
}
