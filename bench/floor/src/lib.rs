//! The benchmark corpus: realistic, deterministic charters. The same `i`
//! always gives the same text, so every run measures the same bytes.

const KINDS: [&str; 5] = [
    "customer-facing",
    "customer-enabling",
    "internal-tool",
    "platform",
    "service",
];
const DECISIONS: [&str; 5] = ["build", "buy", "partner", "open-source", "build"];
const ROLES: [&str; 5] = ["user", "buyer", "champion", "funder", "stakeholder"];
const LEVELS: [&str; 2] = ["high", "low"];
const NEEDS: [&str; 8] = [
    "close the books in one day",
    "trust the numbers without re-checking them",
    "see every open item in one place",
    "approve journals from a phone",
    "know which reconciliations are late and why",
    "explain a variance to the auditors in minutes",
    "stop copying figures between spreadsheets",
    "get an answer from support the same day",
];
const SKILLS: [&str; 6] = [
    "product",
    "design",
    "engineering",
    "technical-writing",
    "data",
    "operations",
];

/// A small multiplicative hash, so variations are spread without a RNG crate.
fn mix(i: usize, salt: usize) -> usize {
    (i.wrapping_mul(2_654_435_761)
        .wrapping_add(salt.wrapping_mul(40_503))
        >> 7)
        % 1_000_003
}

/// Charter `i`: format 1, 1.5–3 KB, 1–5 personas, every kind and every
/// differentiation × criticality quadrant, a waiver in one charter of four.
/// Product ids are unique; one pair in 50 shares a capability.
pub fn charter(i: usize) -> String {
    use std::fmt::Write;
    let kind = KINDS[i % KINDS.len()];
    let decision = DECISIONS[mix(i, 1) % DECISIONS.len()];
    let differentiation = LEVELS[i % 2];
    let criticality = LEVELS[i / 2 % 2];
    let personas = 1 + mix(i, 2) % 5;
    let mut s = format!(
        r#"#:schema ../schemas/charter.schema.json
charter = 1

[product]
id = "product-{i:05}"
name = "Product number {i}"
owner = "team-{team}"
kind = "{kind}"
adoption = "{adoption}"
end_customer_impact = "Customers get their statements right the first time, so they never call us about product {i}"

[vision]
statement = "Every team closes its work in one day with product {i}, with no spreadsheet in the loop"
strategy = "Automate the routine first so people can focus on the exceptions that matter, then measure how much time it gives back to them every month"

[golden_thread]
goal = "G-TRUST"
objectives = ["O-2026Q4-CLOSE"]
key_results = ["KR-2026Q4-CLOSE-{kr}"]
kpis = ["days-to-close", "tickets-per-week"]
"#,
        team = i % 37,
        adoption = if i.is_multiple_of(3) {
            "mandated"
        } else {
            "voluntary"
        },
        kr = 1 + i % 2,
    );
    for p in 0..personas {
        let needs = 1 + mix(i, 10 + p) % 3;
        let needs: Vec<String> = (0..needs)
            .map(|n| format!("{:?}", NEEDS[(i + p * 3 + n) % NEEDS.len()]))
            .collect();
        write!(
            s,
            r#"
[[personas]]
name = "Persona {p} of product {i}"
role = "{role}"
internal = {internal}
needs = [{needs}]
power = "{power}"
interest = "{interest}"
"#,
            role = ROLES[(i + p) % ROLES.len()],
            internal = (i + p).is_multiple_of(2),
            needs = needs.join(", "),
            power = LEVELS[(i + p) % 2],
            interest = LEVELS[(i / 2 + p) % 2],
        )
        .unwrap();
    }
    write!(
        s,
        r#"
[relationship]
type = "partner"
choice = false
value_exchange = "none"
rationale = "The teams we serve cannot leave product {i} and we cannot drop them, so we build it with them, one quarter at a time"

[sourcing]
decision = "{decision}"
differentiation = "{differentiation}"
criticality = "{criticality}"
rationale = "Chosen in {year} after comparing three vendors against what we would build and run ourselves"
capability = "capability-{capability}"
alternatives = ["Vendor A", "Vendor B", "Vendor C"]
open_source = "planned"
skills_plan = "Two engineers certified on the platform by Q2; monthly office hours with the vendor"

[team]
skills = [{skills}]
"#,
        year = 2020 + i % 6,
        capability = if i % 100 < 2 { i / 2 } else { i },
        skills = (0..3 + i % 4)
            .map(|k| format!("{:?}", SKILLS[(i + k) % SKILLS.len()]))
            .collect::<Vec<_>>()
            .join(", "),
    )
    .unwrap();
    if i.is_multiple_of(3) {
        s.push_str(
            r#"
[adoption]
plan = "Pilot with one entity, then migrate one region per month"
champions = ["Lisbon controller"]
success = ["weekly active analysts >= 80%"]
"#,
        );
    }
    if i % 4 == 1 {
        write!(
            s,
            r#"
[[waivers]]
rule = "tool-without-design"
reason = "A designer joins the team in January"
expires = 20{year}-03-31
"#,
            year = 26 + i % 3,
        )
        .unwrap();
    }
    s
}

/// The OKR registry the charters point at.
pub const REGISTRY: &str = r#"okrs = 1

[[goals]]
id = "G-TRUST"
statement = "Customers trust every figure we show them"

[[objectives]]
id = "O-2026Q4-CLOSE"
goal = "G-TRUST"
statement = "Close the books in one day"
ends = 2026-12-31
key_results = ["KR-2026Q4-CLOSE-1", "KR-2026Q4-CLOSE-2"]
"#;
