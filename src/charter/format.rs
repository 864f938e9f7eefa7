//! The charter format, format 1 (SPEC section 2), declared once: each
//! key's shape, and for a required key the sample that the help of its
//! `*-missing` finding suggests.

use crate::shape::{Key, Shape, Words};

use super::model::{
    Adoption, Decision, Kind, Level, OpenSource, RelationshipType, Role, ValueExchange,
};

const STRINGS: Shape = Shape::List(&Shape::Text);
const IDS: Shape = Shape::List(&Shape::Id);

pub static PRODUCT: &[Key] = &[
    Key::req(
        "id",
        Shape::Slug,
        "A slug ([a-z0-9][a-z0-9-]*), unique across the organisation.",
    )
    .sample(r#""my-product""#),
    Key::req("name", Shape::Text, "The product's name.").sample(r#""My Product""#),
    Key::req("owner", Shape::Text, "The team that owns the product.").sample(r#""team-...""#),
    Key::req("kind", Shape::OneOf(Kind::NAMES), "Who the product faces.")
        .sample(r#""internal-tool""#),
    Key::opt(
        "adoption",
        Shape::OneOf(Adoption::NAMES),
        "Can people choose not to use it? Default voluntary.",
    ),
    Key::opt(
        "end_customer_impact",
        Shape::Text,
        "How it helps the company's paying, external customer.",
    ),
];

pub static VISION: &[Key] = &[
    Key::req("statement", Shape::Text, "Why the product exists.")
        .sample(r#""Why the product exists""#),
    Key::opt("strategy", Shape::Text, "How it will get there."),
];

pub static GOLDEN_THREAD: &[Key] = &[
    Key::req("goal", Shape::Id, "The company goal this product serves.").sample(r#""G-...""#),
    Key::req("objectives", IDS, "OKR objective ids, at least one.").sample(r#"["O-..."]"#),
    Key::opt(
        "key_results",
        IDS,
        "Key result ids; each must belong to a listed objective.",
    ),
    Key::opt("kpis", STRINGS, "The product's own KPIs."),
];

pub static PERSONA: &[Key] = &[
    Key::req("name", Shape::Text, "Unique within the charter."),
    Key::req(
        "role",
        Shape::OneOf(Role::NAMES),
        "How this person relates to the product.",
    ),
    Key::opt(
        "internal",
        Shape::Bool,
        "Is this person inside the company? Default false.",
    ),
    Key::opt("needs", STRINGS, "Jobs to be done and pains."),
    Key::opt(
        "power",
        Shape::OneOf(Level::NAMES),
        "Power, on the stakeholder matrix.",
    ),
    Key::opt(
        "interest",
        Shape::OneOf(Level::NAMES),
        "Interest, on the stakeholder matrix.",
    ),
];

pub static AUTONOMY: &[Key] = &[
    Key::opt(
        "walk_away",
        Shape::Bool,
        "Either side can walk away from the deal.",
    ),
    Key::opt(
        "charge",
        Shape::Bool,
        "The team can charge for what it provides.",
    ),
    Key::opt("sign_contracts", Shape::Bool, "SLAs, usage commitments."),
    Key::opt(
        "outside_customers",
        Shape::Bool,
        "It may serve customers outside the company.",
    ),
    Key::opt(
        "own_budget",
        Shape::Bool,
        "The team manages its own budget.",
    ),
    Key::opt("own_hiring", Shape::Bool, "The team hires its own people."),
];

pub static RELATIONSHIP: &[Key] = &[
    Key::req(
        "type",
        Shape::OneOf(RelationshipType::NAMES),
        "How the team stands to those it serves.",
    )
    .sample(r#""partner""#),
    Key::req(
        "choice",
        Shape::Bool,
        "Can they pick an alternative or walk away?",
    )
    .sample("false"),
    Key::req(
        "value_exchange",
        Shape::OneOf(ValueExchange::NAMES),
        "What they give in exchange (time spent is not value exchanged).",
    )
    .sample(r#""none""#),
    Key::req(
        "rationale",
        Shape::Text,
        "Why the relationship is of this type.",
    )
    .sample(r#""...""#),
    Key::opt(
        "autonomy",
        Shape::Table(AUTONOMY),
        "The six marks of a real supplier/customer deal.",
    ),
];

pub static SOURCING: &[Key] = &[
    Key::req(
        "decision",
        Shape::OneOf(Decision::NAMES),
        "Buy versus build.",
    )
    .sample(r#""build""#),
    Key::req(
        "differentiation",
        Shape::OneOf(Level::NAMES),
        "Does it set the company apart?",
    )
    .sample(r#""high""#),
    Key::req(
        "criticality",
        Shape::OneOf(Level::NAMES),
        "Is it mission critical?",
    )
    .sample(r#""high""#),
    Key::req("rationale", Shape::Text, "Why this decision.").sample(r#""...""#),
    Key::opt(
        "capability",
        Shape::Slug,
        "The capability it provides; the org scan compares products by it.",
    ),
    Key::opt(
        "alternatives",
        STRINGS,
        "Market alternatives that were evaluated.",
    ),
    Key::opt(
        "open_source",
        Shape::OneOf(OpenSource::NAMES),
        "Is it, or will it be, open source?",
    ),
    Key::opt(
        "skills_plan",
        Shape::Text,
        "How the team will learn to get full value from what it buys.",
    ),
];

pub static TEAM: &[Key] = &[Key::opt(
    "skills",
    Shape::List(&Shape::Slug),
    "Skills in the team; rules look for design and technical-writing.",
)];

pub static ADOPTION: &[Key] = &[
    Key::opt("plan", Shape::Text, "The change plan."),
    Key::opt("champions", STRINGS, "People who champion the change."),
    Key::opt(
        "success",
        STRINGS,
        "How success of the adoption is measured.",
    ),
];

pub static WAIVER: &[Key] = &[
    Key::req("rule", Shape::Id, "The rule whose findings are accepted."),
    Key::req("reason", Shape::Text, "Why they are accepted for now."),
    Key::req(
        "expires",
        Shape::Date,
        "The last day the waiver holds (a TOML date).",
    ),
];

/// The top level of a charter.
pub static CHARTER: &[Key] = &[
    Key::req("charter", Shape::Version, "Format version; only 1 exists."),
    Key::req(
        "product",
        Shape::Table(PRODUCT),
        "What the product is and who owns it.",
    )
    // A name to replace, where the key's own sample looks finished.
    .sample("id = \"my-product\"\nname = \"...\"\nowner = \"team-...\"\nkind = \"internal-tool\""),
    Key::req("vision", Shape::Table(VISION), "Why the product exists."),
    Key::req(
        "golden_thread",
        Shape::Table(GOLDEN_THREAD),
        "The link up to the company's goals.",
    ),
    Key::req(
        "personas",
        Shape::Tables(PERSONA),
        "Who it serves; at least one.",
    ),
    Key::req(
        "relationship",
        Shape::Table(RELATIONSHIP),
        "How the product team stands to those it serves.",
    ),
    Key::req("sourcing", Shape::Table(SOURCING), "Buy versus build."),
    Key::opt("team", Shape::Table(TEAM), "The product team."),
    Key::opt(
        "adoption",
        Shape::Table(ADOPTION),
        "The change plan for a mandated product.",
    ),
    Key::opt(
        "waivers",
        Shape::Tables(WAIVER),
        "Findings the team accepts for a while.",
    ),
];

/// The JSON Schema of the charter, as committed in `schemas/charter.schema.json`.
pub fn json_schema() -> serde_json::Value {
    crate::shape::json_schema(
        "Product charter (format 1)",
        "A product charter checked by charterlint: vision, golden thread to OKRs, personas, relationship and buy-vs-build.",
        CHARTER,
    )
}

/// Words people write for an allowed value, mapped to the value they mean.
static SYNONYMS: &[(&str, &str)] = &[
    ("client", "customer"),
    ("clients", "customer"),
    ("buyer", "customer"),
    ("consumer", "user"),
    ("end-user", "user"),
    ("supplier", "partner"),
    ("vendor", "partner"),
    ("internal", "internal-tool"),
    ("tool", "internal-tool"),
    ("external", "customer-facing"),
    ("make", "build"),
    ("purchase", "buy"),
    ("oss", "open-source"),
    ("opensource", "open-source"),
    ("deprecate", "retire"),
    ("sunset", "retire"),
    ("mandatory", "mandated"),
    ("optional", "voluntary"),
    ("money", "payment"),
    ("paid", "payment"),
    ("internal-charge", "chargeback"),
];

/// The charter's words, for the help of an invalid value.
pub static WORDS: Words = Words {
    synonyms: SYNONYMS,
    slug_example: "general-ledger",
    slug_fallback: "my-product",
};
