//! What the product is, why it exists, and who its end customer is.

use crate::charter::{Charter, Kind, has_text, placeholder_text};
use crate::finding::Severity;
use crate::toml_doc::Field;

use super::framework::{Check, Context, Emitter, Rule, charter_example, explanation};
use super::missing::missing_in;

pub static PRODUCT_MISSING: Rule = Rule {
    id: "product-missing",
    default: Severity::Error,
    summary: "`[product]` or one of its required keys is missing",
    explanation: explanation!("docs/product-missing.md"),
    fails: charter_example!(include_str!("examples/product-missing/fails.toml")),
    passes: charter_example!(include_str!("examples/product-missing/passes.toml")),
    check: Check::Charter(product_missing),
};

fn product_missing(c: &Charter, _: &Context, out: &mut Emitter) {
    missing_in(&PRODUCT_MISSING, c, "product", out);
}

pub static VISION_MISSING: Rule = Rule {
    id: "vision-missing",
    default: Severity::Error,
    summary: "no `vision.statement`",
    explanation: explanation!("docs/vision-missing.md"),
    fails: charter_example!(include_str!("examples/vision-missing/fails.toml")),
    passes: charter_example!(include_str!("examples/vision-missing/passes.toml")),
    check: Check::Charter(vision_missing),
};

fn vision_missing(c: &Charter, _: &Context, out: &mut Emitter) {
    missing_in(&VISION_MISSING, c, "vision", out);
}

pub static PLACEHOLDER: Rule = Rule {
    id: "placeholder",
    default: Severity::Error,
    summary: "a required text is present but is a placeholder",
    explanation: explanation!("docs/placeholder.md"),
    fails: charter_example!(include_str!("examples/placeholder/fails.toml")),
    passes: charter_example!(include_str!("examples/placeholder/passes.toml")),
    check: Check::Charter(placeholder),
};

fn placeholder(c: &Charter, _: &Context, out: &mut Emitter) {
    let mut check = |path: String, f: &Option<Field<String>>, what: &str| {
        if let Some(p) = placeholder_text(f) {
            out.emit(
                &PLACEHOLDER,
                p.span,
                &path,
                format!("`{path}` is {}", p.shown),
            )
            .help(format!("write {what}"));
        }
    };
    if let Some(p) = &c.product {
        check("product.name".into(), &p.name, "the product's real name");
        check(
            "product.owner".into(),
            &p.owner,
            "the team that owns the product",
        );
    }
    if let Some(g) = &c.golden_thread {
        check(
            "golden_thread.goal".into(),
            &g.goal,
            "the id of the company goal the product serves (from the OKR registry)",
        );
        // A placeholder item is not an objective id; a list of nothing but
        // empty strings is `golden-thread-missing`'s.
        if let Some(list) = g.objectives.as_ref()
            && list.value.iter().any(|o| !o.value.trim().is_empty())
        {
            for (i, o) in list.value.iter().enumerate() {
                check(
                    format!("golden_thread.objectives[{i}]"),
                    &Some(o.clone()),
                    "the id of an OKR objective of that goal (from the OKR registry)",
                );
            }
        }
    }
    if let Some(v) = &c.vision {
        check(
            "vision.statement".into(),
            &v.statement,
            "why the product exists and what it will change",
        );
    }
    for (i, p) in c.personas().iter().enumerate() {
        check(
            format!("personas[{i}].name"),
            &p.name,
            "who this persona is",
        );
    }
    if let Some(r) = &c.relationship {
        check(
            "relationship.rationale".into(),
            &r.rationale,
            "why the relationship is of this type",
        );
    }
    if let Some(s) = &c.sourcing {
        check(
            "sourcing.rationale".into(),
            &s.rationale,
            "why the product is built, bought, partnered, open-sourced or retired",
        );
    }
    // A waiver's placeholder reason is `waiver-incomplete`'s: one finding
    // that also says the waiver waives nothing.
}

pub static END_CUSTOMER_IMPACT_MISSING: Rule = Rule {
    id: "end-customer-impact-missing",
    default: Severity::Warning,
    summary: "`kind` is not `customer-facing` and `end_customer_impact` is missing",
    explanation: explanation!("docs/end-customer-impact-missing.md"),
    fails: charter_example!(include_str!(
        "examples/end-customer-impact-missing/fails.toml"
    )),
    passes: charter_example!(include_str!(
        "examples/end-customer-impact-missing/passes.toml"
    )),
    check: Check::Charter(end_customer_impact_missing),
};

fn end_customer_impact_missing(c: &Charter, _: &Context, out: &mut Emitter) {
    let Some(p) = &c.product else { return };
    let Some(kind) = &p.kind else { return };
    if kind.value != Kind::CustomerFacing
        && !has_text(&p.end_customer_impact)
        && !c.is_invalid("product.end_customer_impact")
    {
        let lacks = format!(
            "this `{}` product does not say how it helps the company's paying customer",
            kind.value.as_str()
        );
        // Missing: point at the table it belongs in; a placeholder: at itself.
        let (at, message, help) = match placeholder_text(&p.end_customer_impact) {
            Some(ph) => (
                ph.span,
                format!("`product.end_customer_impact` is {}: {lacks}", ph.shown),
                "replace the placeholder with how this product helps the external customer"
                    .to_string(),
            ),
            None => (
                p.header,
                lacks,
                super::missing::add_line(
                    "product",
                    "end_customer_impact = \"How this helps the external customer\"",
                ),
            ),
        };
        out.emit(
            &END_CUSTOMER_IMPACT_MISSING,
            at,
            "product.end_customer_impact",
            message,
        )
        .label(kind.whole(), "not customer-facing")
        .help(help);
    }
}
