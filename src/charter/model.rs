//! The typed model of a charter that the rules read, with the span of
//! every key and value.

use crate::date::Date;
use crate::span::Span;
use crate::toml_doc::{Field, List};

/// Declares a closed set of string values as a Rust enum.
macro_rules! enumeration {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn from_name(s: &str) -> Option<Self> {
                match s { $($text => Some(Self::$variant),)+ _ => None }
            }

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        /// As the charter writes it (`"high"`), in records and their JSON.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::from_name(&name)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&name, Self::NAMES))
            }
        }
    };
}

enumeration!(
    /// `product.kind`
    Kind {
        CustomerFacing = "customer-facing",
        CustomerEnabling = "customer-enabling",
        InternalTool = "internal-tool",
        Platform = "platform",
        Service = "service",
    }
);
enumeration!(
    /// `product.adoption`
    Adoption { Voluntary = "voluntary", Mandated = "mandated" }
);
enumeration!(
    /// `personas.role`
    Role { User = "user", Buyer = "buyer", Champion = "champion", Funder = "funder", Stakeholder = "stakeholder" }
);
enumeration!(
    /// `high` or `low`: differentiation, criticality, power, interest.
    Level { High = "high", Low = "low" }
);
/// A product's place on the Purpose Based Alignment grid (SPEC section 5):
/// differentiation against criticality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quadrant {
    /// High differentiation, high criticality: build and excel.
    Differentiating,
    /// Low differentiation, high criticality: buy or adopt, reach parity.
    Parity,
    /// High differentiation, low criticality: partner.
    Partner,
    /// Low differentiation, low criticality: minimise.
    WhoCares,
}

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [
        Quadrant::Differentiating,
        Quadrant::Parity,
        Quadrant::Partner,
        Quadrant::WhoCares,
    ];

    /// The quadrant as people read it: `Who cares`.
    pub fn name(self) -> &'static str {
        match self {
            Quadrant::Differentiating => "Differentiating",
            Quadrant::Parity => "Parity",
            Quadrant::Partner => "Partner",
            Quadrant::WhoCares => "Who cares",
        }
    }

    /// The quadrant as a key (JSON, HTML attributes): `who-cares`.
    pub fn slug(self) -> &'static str {
        match self {
            Quadrant::Differentiating => "differentiating",
            Quadrant::Parity => "parity",
            Quadrant::Partner => "partner",
            Quadrant::WhoCares => "who-cares",
        }
    }

    pub fn of(differentiation: Level, criticality: Level) -> Quadrant {
        match (differentiation, criticality) {
            (Level::High, Level::High) => Quadrant::Differentiating,
            (Level::Low, Level::High) => Quadrant::Parity,
            (Level::High, Level::Low) => Quadrant::Partner,
            (Level::Low, Level::Low) => Quadrant::WhoCares,
        }
    }

    /// Does `decision` go against what the quadrant calls for: building
    /// where parity or "who cares" says buy or minimise, buying a
    /// differentiator?
    pub fn is_against(self, decision: Decision) -> bool {
        matches!(
            (decision, self),
            (Decision::Build, Quadrant::Parity | Quadrant::WhoCares)
                | (Decision::Buy, Quadrant::Differentiating)
        )
    }
}

enumeration!(
    /// `relationship.type`
    RelationshipType { Customer = "customer", Partner = "partner", User = "user" }
);
enumeration!(
    /// `relationship.value_exchange`
    ValueExchange { Payment = "payment", Chargeback = "chargeback", None = "none" }
);
enumeration!(
    /// `sourcing.decision`
    Decision { Build = "build", Buy = "buy", Partner = "partner", OpenSource = "open-source", Retire = "retire" }
);
enumeration!(
    /// `sourcing.open_source`
    OpenSource { Yes = "yes", Planned = "planned", No = "no" }
);

/// A parsed charter. Every part is optional: what is missing or invalid is
/// for the rules to report.
#[derive(Debug, Clone, Default)]
pub struct Charter {
    /// The first line: where findings about the file as a whole point.
    pub top: Span,
    /// The length of the text: where a fix appends a missing table.
    pub end: usize,
    pub version: Option<Field<i64>>,
    /// `charter` is present but not an integer (e.g. `"1"`).
    pub version_span: Option<Span>,
    pub product: Option<Product>,
    pub vision: Option<Vision>,
    pub golden_thread: Option<GoldenThread>,
    /// `None` when there is no `personas` key at all.
    pub personas: Option<Personas>,
    pub relationship: Option<Relationship>,
    pub sourcing: Option<Sourcing>,
    pub team: Option<Team>,
    pub adoption: Option<AdoptionPlan>,
    pub waivers: Vec<Waiver>,
    /// Key paths whose value was present but invalid (already reported by
    /// `invalid-value`), so that rules do not also call them missing.
    pub invalid: Vec<String>,
    /// Unknown keys that are close to a known one (`[visoin]`): a rule that
    /// finds the known one missing points at the misspelling.
    pub misspelt: Vec<Misspelling>,
    /// Required keys and tables that are not there, as the shape walk found
    /// them (a table's in the order the format declares them); the
    /// `*-missing` rules report them.
    pub missing: Vec<crate::shape::Missing>,
}

/// An unknown key that is probably a known one misspelt.
#[derive(Debug, Clone)]
pub struct Misspelling {
    /// The key path it probably means: `vision`, `vision.statement`.
    pub meant: String,
    /// The key as written.
    pub written: String,
    pub span: Span,
}

impl Charter {
    /// Was `path` (e.g. `relationship.choice`) given with an invalid value?
    pub fn is_invalid(&self, path: &str) -> bool {
        self.invalid.iter().any(|p| p == path)
    }

    /// The misspelling of the key path `meant`, if the charter has one.
    pub fn misspelling(&self, meant: &str) -> Option<&Misspelling> {
        self.misspelt.iter().find(|m| m.meant == meant)
    }

    /// The relationship type, if declared.
    pub fn relationship_type(&self) -> Option<RelationshipType> {
        self.relationship.as_ref()?.kind.as_ref().map(|f| f.value)
    }

    pub fn kind(&self) -> Option<Kind> {
        self.product.as_ref()?.kind.as_ref().map(|f| f.value)
    }

    /// `product.adoption`, which defaults to voluntary.
    pub fn adoption_field(&self) -> Option<&Field<Adoption>> {
        self.product.as_ref()?.adoption.as_ref()
    }

    pub fn is_mandated(&self) -> bool {
        self.adoption_field()
            .is_some_and(|a| a.value == Adoption::Mandated)
    }

    pub fn personas(&self) -> &[Persona] {
        self.personas.as_ref().map_or(&[], |p| &p.list)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Product {
    pub header: Span,
    pub id: Option<Field<String>>,
    pub name: Option<Field<String>>,
    pub owner: Option<Field<String>>,
    pub kind: Option<Field<Kind>>,
    pub adoption: Option<Field<Adoption>>,
    pub end_customer_impact: Option<Field<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Vision {
    pub header: Span,
    pub statement: Option<Field<String>>,
    pub strategy: Option<Field<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct GoldenThread {
    pub header: Span,
    pub goal: Option<Field<String>>,
    pub objectives: Option<List>,
    pub key_results: Option<List>,
    pub kpis: Option<List>,
}

#[derive(Debug, Clone, Default)]
pub struct Personas {
    /// The `personas` key (of the first `[[personas]]`).
    pub key: Span,
    pub list: Vec<Persona>,
}

#[derive(Debug, Clone, Default)]
pub struct Persona {
    pub header: Span,
    pub name: Option<Field<String>>,
    pub role: Option<Field<Role>>,
    pub internal: Option<Field<bool>>,
    pub needs: Option<List>,
    pub power: Option<Field<Level>>,
    pub interest: Option<Field<Level>>,
}

impl Persona {
    /// `internal` defaults to false.
    pub fn is_internal(&self) -> bool {
        self.internal.as_ref().is_some_and(|f| f.value)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Relationship {
    pub header: Span,
    /// `relationship.type`
    pub kind: Option<Field<RelationshipType>>,
    pub choice: Option<Field<bool>>,
    pub value_exchange: Option<Field<ValueExchange>>,
    pub rationale: Option<Field<String>>,
    pub autonomy: Option<Autonomy>,
}

/// The six marks of a real supplier/customer deal.
#[derive(Debug, Clone, Default)]
pub struct Autonomy {
    pub header: Span,
    /// In the order of `AUTONOMY_MARKS`.
    pub marks: Vec<(&'static str, Option<Field<bool>>)>,
}

pub const AUTONOMY_MARKS: [&str; 6] = [
    "walk_away",
    "charge",
    "sign_contracts",
    "outside_customers",
    "own_budget",
    "own_hiring",
];

#[derive(Debug, Clone, Default)]
pub struct Sourcing {
    pub header: Span,
    pub decision: Option<Field<Decision>>,
    pub differentiation: Option<Field<Level>>,
    pub criticality: Option<Field<Level>>,
    pub rationale: Option<Field<String>>,
    pub capability: Option<Field<String>>,
    pub alternatives: Option<List>,
    pub open_source: Option<Field<OpenSource>>,
    pub skills_plan: Option<Field<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Team {
    pub header: Span,
    pub skills: Option<List>,
}

impl Team {
    pub fn has_skill(&self, skill: &str) -> bool {
        self.skills.as_ref().is_some_and(|s| {
            s.value
                .iter()
                .any(|f| f.value.trim().eq_ignore_ascii_case(skill))
        })
    }
}

/// `[adoption]`: the change plan for a mandated product.
#[derive(Debug, Clone, Default)]
pub struct AdoptionPlan {
    pub header: Span,
    pub plan: Option<Field<String>>,
    pub champions: Option<List>,
    pub success: Option<List>,
}

#[derive(Debug, Clone, Default)]
pub struct Waiver {
    pub header: Span,
    /// From the `[[waivers]]` header to the end of its last value: what a
    /// fix removes.
    pub extent: Span,
    pub rule: Option<Field<String>>,
    pub reason: Option<Field<String>>,
    pub expires: Option<Field<Date>>,
}

/// A value that is given but says nothing: a placeholder text, or a list of
/// placeholders. Rules that treat it as missing point at it and say so,
/// rather than ask for a key that is there (SPEC v1.1 section 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub span: Span,
    /// How a message shows it: "a placeholder (`TBD`)", "empty".
    pub shown: String,
}

impl Placeholder {
    fn of(text: &str, span: Span) -> Placeholder {
        let shown = if text.trim().is_empty() {
            "empty".to_string()
        } else {
            format!("a placeholder ({})", crate::text::quoted(text.trim()))
        };
        Placeholder { span, shown }
    }
}

/// A free text that is given but is a placeholder.
pub fn placeholder_text(f: &Option<Field<String>>) -> Option<Placeholder> {
    let f = f.as_ref()?;
    crate::text::is_placeholder(&f.value).then(|| Placeholder::of(&f.value, f.span))
}

/// A list that is given, not empty, and holds nothing but placeholders.
pub fn placeholder_list(list: &Option<List>) -> Option<Placeholder> {
    let l = list.as_ref()?;
    let first = l.value.first()?;
    if l.value
        .iter()
        .all(|f| crate::text::is_placeholder(&f.value))
    {
        let mut p = Placeholder::of(&first.value, l.span);
        if l.value.len() > 1 {
            p.shown = format!(
                "only placeholders ({}, …)",
                crate::text::quoted(first.value.trim())
            );
        }
        Some(p)
    } else {
        None
    }
}

/// Is a free text given and more than a placeholder?
pub fn has_text(f: &Option<Field<String>>) -> bool {
    f.as_ref()
        .is_some_and(|f| !crate::text::is_placeholder(&f.value))
}

/// Does a list hold at least one item that is more than a placeholder?
pub fn has_items(list: &Option<List>) -> bool {
    list.as_ref().is_some_and(|l| {
        l.value
            .iter()
            .any(|f| !crate::text::is_placeholder(&f.value))
    })
}
