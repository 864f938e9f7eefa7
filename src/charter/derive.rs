//! What follows from a person's answers about a product, as the rules read
//! a charter (SPEC section 5), for the guided `init`: the relationship type
//! from whether they can choose, what they give in exchange and, for an
//! internal team, Cutler's six marks; the sourcing decision that a Purpose
//! Based Alignment quadrant calls for, and what a decision then needs so
//! that `check` passes. Pure functions; no rule depends on them.

use super::model::{
    AUTONOMY_MARKS, Decision, Kind, Level, Quadrant, RelationshipType, ValueExchange,
};

/// The answers the relationship type follows from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationshipAnswers {
    /// Can they pick an alternative or walk away? (Never under mandated
    /// adoption.)
    pub choice: bool,
    pub value_exchange: ValueExchange,
    pub mandated: bool,
    /// For an internal team, Cutler's six marks in the order of
    /// [`AUTONOMY_MARKS`]; `None` when they were not asked.
    pub autonomy: Option<[bool; 6]>,
}

/// The type, or the choice left to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derived {
    /// The answers decide the type; the text says why.
    Type(RelationshipType, String),
    /// Without a choice they are not customers: partners or users, which
    /// only the person can tell; the text says why not customers.
    PartnerOrUser(String),
}

/// What the relationship answers give: the type (or the partner-or-user
/// question) and what `check` would warn about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    pub derived: Derived,
    /// Warnings to explain before going on (the paying non-customer).
    pub warnings: Vec<String>,
}

fn paying(v: ValueExchange) -> &'static str {
    match v {
        ValueExchange::Payment => "they pay for it",
        ValueExchange::Chargeback => "they pay for it through a chargeback",
        ValueExchange::None => "they pay nothing (time spent using it is not payment)",
    }
}

/// The relationship type the answers call for. A customer has both a
/// choice and a value exchange (and, for an internal team, all six of
/// Cutler's marks); without a choice they are partners or users; with a
/// choice and nothing exchanged, users.
pub fn relationship(a: &RelationshipAnswers) -> Derivation {
    let choice = a.choice && !a.mandated;
    let mut warnings = Vec::new();
    let derived = if !choice {
        if a.value_exchange == ValueExchange::Chargeback {
            warnings.push(
                "they pay through a chargeback but cannot leave: a paying non-customer. The funder \
                 holds the team to ransom through the funding model (feature bloat, technical \
                 debt). Give them a real choice, or fund the product centrally and work as \
                 partners; `check` warns about it (paying-non-customer)."
                    .to_string(),
            );
        }
        let cannot = if a.mandated {
            "Adoption is mandated, so they cannot pick an alternative or walk away"
        } else {
            "They cannot pick an alternative or walk away"
        };
        Derived::PartnerOrUser(format!(
            "{cannot}, and {}: not customers, since a customer has a choice.",
            paying(a.value_exchange)
        ))
    } else if a.value_exchange == ValueExchange::None {
        Derived::Type(
            RelationshipType::User,
            format!(
                "They can pick an alternative or walk away, but {}: users, since a customer also \
                 exchanges something of value.",
                paying(a.value_exchange)
            ),
        )
    } else {
        let lacking: Vec<&str> = match a.autonomy {
            Some(marks) => AUTONOMY_MARKS
                .iter()
                .zip(marks)
                .filter(|(_, on)| !on)
                .map(|(name, _)| *name)
                .collect(),
            None => Vec::new(),
        };
        if lacking.is_empty() {
            let marks = if a.autonomy.is_some() {
                ", and the team has all six of Cutler's marks of a real supplier/customer deal"
            } else {
                ""
            };
            Derived::Type(
                RelationshipType::Customer,
                format!(
                    "They can pick an alternative or walk away, and {}{marks}: customers.",
                    paying(a.value_exchange)
                ),
            )
        } else {
            Derived::Type(
                RelationshipType::Partner,
                format!(
                    "They can choose and {}, but the team lacks {} of Cutler's six marks of a \
                     supplier/customer deal ({}): without all six it is a partnership, not a sale.",
                    paying(a.value_exchange),
                    lacking.len(),
                    lacking.join(", ")
                ),
            )
        }
    };
    Derivation { derived, warnings }
}

/// The why of a partner or user picked where there is no choice.
pub fn without_choice(not_customers: &str, picked: RelationshipType) -> String {
    let what = match picked {
        RelationshipType::Partner => {
            "Partners: both sides need each other and build the product together."
        }
        RelationshipType::User => "Users: they use what the team provides.",
        RelationshipType::Customer => "Customers.",
    };
    format!("{not_customers} {what}")
}

/// The decision a quadrant calls for: build and excel at what
/// differentiates, buy or adopt to reach parity, partner, and minimise
/// (retire) what is neither differentiating nor critical.
pub fn decision_for(q: Quadrant) -> Decision {
    match q {
        Quadrant::Differentiating => Decision::Build,
        Quadrant::Parity => Decision::Buy,
        Quadrant::Partner => Decision::Partner,
        Quadrant::WhoCares => Decision::Retire,
    }
}

/// The quadrant in words: its name and what it calls for.
pub fn describe(q: Quadrant) -> &'static str {
    match q {
        Quadrant::Differentiating => {
            "differentiating (high differentiation, high criticality): build and excel"
        }
        Quadrant::Parity => {
            "parity (low differentiation, high criticality): buy or adopt, reach parity"
        }
        Quadrant::Partner => "partner (high differentiation, low criticality): partner",
        Quadrant::WhoCares => {
            "\"who cares\" (low differentiation, low criticality): minimise it, or retire it"
        }
    }
}

/// What a sourcing decision needs besides its rationale, for `check` to
/// pass (and not to note it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourcingNeeds {
    /// Building what does not differentiate: the market alternatives
    /// evaluated (`build-without-alternatives`).
    pub alternatives: bool,
    /// Building an internal non-differentiator: will it be open source?
    /// (`build-closed-internal`).
    pub open_source: bool,
    /// Buying: how the team learns to get value from it
    /// (`buy-without-skills-plan`).
    pub skills_plan: bool,
}

pub fn sourcing_needs(decision: Decision, differentiation: Level, kind: Kind) -> SourcingNeeds {
    let build_low = decision == Decision::Build && differentiation == Level::Low;
    SourcingNeeds {
        alternatives: build_low,
        open_source: build_low && kind != Kind::CustomerFacing,
        skills_plan: decision == Decision::Buy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(choice: bool, v: ValueExchange) -> RelationshipAnswers {
        RelationshipAnswers {
            choice,
            value_exchange: v,
            mandated: false,
            autonomy: None,
        }
    }

    fn derived_type(a: &RelationshipAnswers) -> Option<RelationshipType> {
        match relationship(a).derived {
            Derived::Type(t, _) => Some(t),
            Derived::PartnerOrUser(_) => None,
        }
    }

    #[test]
    fn a_customer_needs_a_choice_and_a_value_exchange() {
        use ValueExchange::*;
        assert_eq!(
            derived_type(&answers(true, Payment)),
            Some(RelationshipType::Customer)
        );
        assert_eq!(
            derived_type(&answers(true, Chargeback)),
            Some(RelationshipType::Customer)
        );
        assert_eq!(
            derived_type(&answers(true, None)),
            Some(RelationshipType::User)
        );
        for v in [Payment, Chargeback, None] {
            assert_eq!(derived_type(&answers(false, v)), Option::None, "{v:?}");
        }
    }

    #[test]
    fn mandated_adoption_leaves_no_choice() {
        let mut a = answers(true, ValueExchange::Payment);
        a.mandated = true;
        let d = relationship(&a);
        let Derived::PartnerOrUser(why) = d.derived else {
            panic!("{d:?}")
        };
        assert!(why.starts_with("Adoption is mandated"), "{why}");
    }

    #[test]
    fn the_paying_non_customer_is_warned_about() {
        let d = relationship(&answers(false, ValueExchange::Chargeback));
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("paying non-customer"));
        assert!(
            relationship(&answers(false, ValueExchange::None))
                .warnings
                .is_empty()
        );
        assert!(
            relationship(&answers(true, ValueExchange::Chargeback))
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn an_internal_customer_needs_all_six_marks() {
        let mut a = answers(true, ValueExchange::Chargeback);
        a.autonomy = Some([true; 6]);
        assert_eq!(derived_type(&a), Some(RelationshipType::Customer));
        a.autonomy = Some([true, true, false, true, true, false]);
        let d = relationship(&a);
        let Derived::Type(RelationshipType::Partner, why) = d.derived else {
            panic!("{d:?}")
        };
        assert!(why.contains("sign_contracts, own_hiring"), "{why}");
    }

    #[test]
    fn without_choice_says_which_was_picked() {
        let why = without_choice("No choice.", RelationshipType::Partner);
        assert!(why.starts_with("No choice. Partners"), "{why}");
    }

    #[test]
    fn each_quadrant_proposes_what_the_rules_accept() {
        for q in Quadrant::ALL {
            let d = decision_for(q);
            assert!(!q.is_against(d), "{q:?} proposes {d:?}");
            assert!(!describe(q).is_empty());
        }
        assert_eq!(
            decision_for(Quadrant::of(Level::High, Level::High)),
            Decision::Build
        );
        assert_eq!(
            decision_for(Quadrant::of(Level::Low, Level::High)),
            Decision::Buy
        );
        assert_eq!(
            decision_for(Quadrant::of(Level::High, Level::Low)),
            Decision::Partner
        );
        assert_eq!(
            decision_for(Quadrant::of(Level::Low, Level::Low)),
            Decision::Retire
        );
    }

    #[test]
    fn sourcing_needs_mirror_the_rules() {
        let n = sourcing_needs(Decision::Build, Level::Low, Kind::InternalTool);
        assert!(n.alternatives && n.open_source && !n.skills_plan);
        let n = sourcing_needs(Decision::Build, Level::Low, Kind::CustomerFacing);
        assert!(n.alternatives && !n.open_source);
        let n = sourcing_needs(Decision::Build, Level::High, Kind::InternalTool);
        assert_eq!(n, SourcingNeeds::default());
        let n = sourcing_needs(Decision::Buy, Level::Low, Kind::Platform);
        assert!(n.skills_plan && !n.alternatives);
    }
}
