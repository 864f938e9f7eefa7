//! The guided `init`: on a terminal, it asks instead of writing a template.
//! The product; the goal and objectives picked from the OKR registry (read
//! as `check` reads it from the working tree); key results and KPIs; the
//! personas; the relationship by the questions that decide it, from which
//! its type is derived (`charter::derive`); the sourcing by differentiation
//! and criticality, with the decision its quadrant calls for proposed; and
//! whatever the rules then ask for. Each answer is checked as it is typed
//! by running `check`'s rules on the charter so far (`charterlint::answer`),
//! so a person reads the same message `check` would print.
//!
//! Prompts are inquire's (see Cargo.toml for why): Ctrl-C, Esc and Ctrl-D
//! come back as errors, and the caller then writes nothing.

use std::path::Path;

use inquire::error::InquireError;
use inquire::list_option::ListOption;
use inquire::validator::Validation;
use inquire::{Confirm, MultiSelect, Select, Text};

use charterlint::answer;
use charterlint::charter::derive::{self, Derived, RelationshipAnswers};
use charterlint::charter::format::AUTONOMY;
use charterlint::charter::{
    AUTONOMY_MARKS, Adoption, Decision, Kind, Level, OpenSource, Quadrant, RelationshipType, Role,
    ValueExchange,
};
use charterlint::date::Date;
use charterlint::finding::Severity;
use charterlint::registry::Registry;

use super::write::{Answers, ChangePlan, PersonaAnswers, RelationshipAnswer, SourcingAnswer};

/// Why the questions stopped before the end.
#[derive(Debug)]
pub enum Stop {
    /// Ctrl-C, Esc or Ctrl-D: what to tell the person.
    Interrupted(&'static str),
    /// The terminal failed.
    Failed(String),
}

type Ask<T> = Result<T, Stop>;

fn ask<T>(r: Result<T, InquireError>) -> Ask<T> {
    match r {
        Ok(v) => Ok(v),
        Err(InquireError::OperationInterrupted) => Err(Stop::Interrupted("interrupted")),
        Err(InquireError::OperationCanceled) => Err(Stop::Interrupted("cancelled")),
        Err(e) => Err(Stop::Failed(e.to_string())),
    }
}

/// The registry named by the repository's charterlint.toml, loaded as
/// `check` loads it from the working tree; `None` (with a word on
/// stderr if it cannot be used) when there is none.
pub fn registry(today: Date) -> Option<Registry> {
    let cwd = std::env::current_dir().ok()?;
    let root = git2::Repository::open_from_env()
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or(cwd);
    let root = root.canonicalize().unwrap_or(root);
    let source = charterlint::source::worktree::WorkTree::new(&root, "the working tree");
    let unusable = |why: String| {
        eprintln!("warning: {why}; the goal and objectives are asked as ids");
        None
    };
    let config = match charterlint::load::valid_config(&source, None, &root) {
        Ok(c) => c,
        Err(e) => return unusable(e.to_string()),
    };
    match charterlint::load::registry(&source, &config, None, today, &root) {
        Ok((Some(reg), _)) => Some(reg),
        Ok((None, findings)) => match findings.first() {
            Some(f) => unusable(format!(
                "the registry {} cannot be read: {}",
                f.path, f.message
            )),
            None => None,
        },
        Err(e) => unusable(e.to_string()),
    }
}

/// Asks every question; the answers, or why it stopped.
pub fn ask_all(kind: Kind, registry: Option<&Registry>, today: Date) -> Ask<Answers> {
    let mut g = Guide {
        registry,
        today,
        answers: Answers::default(),
    };
    eprintln!(
        "charterlint init: a few questions, and a charter that passes `charterlint check`. \
         Ctrl-C or Esc stops without writing anything."
    );
    g.product(kind)?;
    g.vision()?;
    g.golden_thread()?;
    g.personas()?;
    g.relationship()?;
    g.sourcing()?;
    g.change_plan()?;
    Ok(g.answers)
}

struct Guide<'a> {
    registry: Option<&'a Registry>,
    today: Date,
    answers: Answers,
}

/// A listed choice: what is shown, what it stands for.
struct Choice<T> {
    label: String,
    value: T,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

fn choices<T: Copy>(list: &[(T, &str)]) -> Vec<Choice<T>> {
    list.iter()
        .map(|(value, label)| Choice {
            label: label.to_string(),
            value: *value,
        })
        .collect()
}

fn level_choices() -> Vec<Choice<Level>> {
    choices(&[(Level::High, "high"), (Level::Low, "low")])
}

fn say(text: &str) {
    eprintln!("  {}", charterlint::text::visible(text));
}

impl Guide<'_> {
    /// The first finding of `check` about `about` on the answers so far
    /// changed by `edit`, at `at_least` or above: the message `check`
    /// prints.
    fn problem(
        &self,
        edit: impl FnOnce(&mut Answers),
        about: &[&str],
        at_least: Severity,
    ) -> Option<String> {
        let mut a = self.answers.clone();
        edit(&mut a);
        answer::problems(&a.to_toml(), self.registry, self.today, about)
            .into_iter()
            .find(|p| p.severity >= at_least)
            .map(|p| p.to_string())
    }

    /// A text, trimmed, re-asked until `check` (through `invalid`) has
    /// nothing to say about it.
    fn text(
        &self,
        prompt: &str,
        help: Option<&str>,
        invalid: impl Fn(&str) -> Option<String> + Clone,
    ) -> Ask<String> {
        let validator = move |s: &str| {
            Ok(match invalid(s.trim()) {
                Some(message) => Validation::Invalid(message.into()),
                None => Validation::Valid,
            })
        };
        let mut t = Text::new(prompt).with_validator(validator);
        if let Some(help) = help {
            t = t.with_help_message(help);
        }
        Ok(ask(t.prompt())?.trim().to_string())
    }

    /// Items asked one by one until an empty answer that `done` accepts.
    fn items(
        &self,
        prompt: &str,
        help: &str,
        item: impl Fn(&str) -> Option<String> + Clone,
        done: impl Fn(&[String]) -> Option<String>,
    ) -> Ask<Vec<String>> {
        let mut list: Vec<String> = Vec::new();
        loop {
            let ending = done(&list);
            let item = item.clone();
            let answer = self.text(prompt, Some(help), move |s: &str| {
                if s.is_empty() {
                    ending.clone()
                } else {
                    item(s)
                }
            })?;
            if answer.is_empty() {
                return Ok(list);
            }
            list.push(answer);
        }
    }

    fn pick<T: Copy>(
        &self,
        prompt: &str,
        help: Option<&str>,
        options: Vec<Choice<T>>,
        start: usize,
    ) -> Ask<T> {
        let mut s = Select::new(prompt, options).with_starting_cursor(start);
        if let Some(help) = help {
            s = s.with_help_message(help);
        }
        Ok(ask(s.prompt())?.value)
    }

    fn confirm(&self, prompt: &str, help: &str, default: bool) -> Ask<bool> {
        ask(Confirm::new(prompt)
            .with_default(default)
            .with_help_message(help)
            .prompt())
    }

    fn product(&mut self, kind: Kind) -> Ask<()> {
        eprintln!("\nThe product");
        let id = self.text(
            "Product id:",
            Some("a slug, unique across the organisation: lower-case letters, digits and -"),
            |s| {
                self.problem(
                    |a| a.id = Some(s.into()),
                    &["product.id"],
                    Severity::Warning,
                )
            },
        )?;
        self.answers.id = Some(id);
        let name = self.text("Name:", None, |s| {
            self.problem(
                |a| a.name = Some(s.into()),
                &["product.name"],
                Severity::Warning,
            )
        })?;
        self.answers.name = Some(name);
        let owner = self.text("Owning team:", None, |s| {
            self.problem(
                |a| a.owner = Some(s.into()),
                &["product.owner"],
                Severity::Warning,
            )
        })?;
        self.answers.owner = Some(owner);
        let kinds = choices(&[
            (
                Kind::CustomerFacing,
                "customer-facing: the company's paying customers use it",
            ),
            (
                Kind::CustomerEnabling,
                "customer-enabling: it lets the company serve them",
            ),
            (
                Kind::InternalTool,
                "internal-tool: people inside the company use it",
            ),
            (Kind::Platform, "platform: other teams build on it"),
            (Kind::Service, "service: a service other products call"),
        ]);
        let start = kinds.iter().position(|c| c.value == kind).unwrap_or(0);
        let kind = self.pick("Kind:", None, kinds, start)?;
        self.answers.kind = Some(kind);
        let adoption = self.pick(
            "Adoption:",
            Some("mandated: people must use it (a change plan is then asked for)"),
            choices(&[
                (
                    Adoption::Voluntary,
                    "voluntary: people may choose not to use it",
                ),
                (Adoption::Mandated, "mandated: people must use it"),
            ]),
            0,
        )?;
        self.answers.adoption = Some(adoption);
        if kind != Kind::CustomerFacing {
            let impact = self.text(
                "How does it help the company's paying, external customer?",
                None,
                |s| {
                    self.problem(
                        |a| a.end_customer_impact = Some(s.into()),
                        &["product.end_customer_impact"],
                        Severity::Warning,
                    )
                },
            )?;
            self.answers.end_customer_impact = Some(impact);
        }
        Ok(())
    }

    fn vision(&mut self) -> Ask<()> {
        eprintln!("\nThe vision");
        let statement = self.text(
            "Vision: why does the product exist, what will it change?",
            None,
            |s| {
                self.problem(
                    |a| a.vision = Some(s.into()),
                    &["vision.statement"],
                    Severity::Warning,
                )
            },
        )?;
        self.answers.vision = Some(statement);
        let strategy = self.text(
            "Strategy: how will it get there? (optional)",
            Some("enter to skip"),
            |_| None,
        )?;
        self.answers.strategy = (!strategy.is_empty()).then_some(strategy);
        Ok(())
    }

    fn golden_thread(&mut self) -> Ask<()> {
        eprintln!("\nThe golden thread: up to the company's goals");
        match self.registry.filter(|r| !r.goals().is_empty()) {
            Some(reg) => self.picked_from_registry(reg)?,
            None => self.ids_as_text()?,
        }
        let measured_by_krs = !self.answers.key_results.is_empty();
        let kpis = self.items(
            "A KPI of the product's outcome (enter when done):",
            if measured_by_krs {
                "optional: the key results measure it already"
            } else {
                "at least one, since no key result measures it"
            },
            |s| {
                self.problem(
                    |a| {
                        a.kpis = vec![s.to_string()];
                        a.key_results.clear();
                    },
                    &["golden_thread.kpis", "golden-thread-unmeasured"],
                    Severity::Warning,
                )
            },
            |list| {
                self.problem(
                    |a| a.kpis = list.to_vec(),
                    &["golden-thread-unmeasured"],
                    Severity::Warning,
                )
            },
        )?;
        self.answers.kpis = kpis;
        Ok(())
    }

    fn picked_from_registry(&mut self, reg: &Registry) -> Ask<()> {
        let goals: Vec<Choice<usize>> = reg
            .goals()
            .iter()
            .enumerate()
            .map(|(i, g)| Choice {
                label: match &g.statement {
                    Some(s) => format!("{}: {s}", g.id),
                    None => g.id.clone(),
                },
                value: i,
            })
            .collect();
        let help = format!("from {}; type to filter", reg.path);
        let goal = self.pick("Company goal:", Some(&help), goals, 0)?;
        let goal = reg.goals()[goal].id.clone();
        self.answers.goal = Some(goal.clone());
        // Current objectives first, each with its statement and end date.
        let mut under: Vec<_> = reg
            .objectives()
            .iter()
            .filter(|o| o.goal.as_deref() == Some(goal.as_str()))
            .collect();
        if under.is_empty() {
            say(&format!(
                "{} lists no objective under {goal}: type the objective ids",
                reg.path
            ));
            return self.objective_ids();
        }
        let ended = |o: &&charterlint::registry::Objective| o.ends.is_some_and(|e| e < self.today);
        under.sort_by_key(|o| ended(o));
        let options: Vec<Choice<usize>> = under
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let mut label = o.id.clone();
                if let Some(s) = &o.statement {
                    label.push_str(": ");
                    label.push_str(s);
                }
                match o.ends {
                    Some(e) if ended(o) => label.push_str(&format!(" [ENDED {e}]")),
                    Some(e) => label.push_str(&format!(" (ends {e})")),
                    None => {}
                }
                Choice {
                    label: charterlint::text::visible(&label),
                    value: i,
                }
            })
            .collect();
        // Any objective listed here is of the goal: only ticking none is
        // wrong, and `check` says so. (inquire wants a validator that owns
        // what it reads.)
        let none = self.problem(
            |a| a.objectives = Some(Vec::new()),
            &["golden_thread.objectives"],
            Severity::Error,
        );
        let validator = move |chosen: &[ListOption<&Choice<usize>>]| {
            Ok(match (&none, chosen.is_empty()) {
                (Some(m), true) => Validation::Invalid(m.clone().into()),
                _ => Validation::Valid,
            })
        };
        let chosen = ask(MultiSelect::new("Objectives it serves:", options)
            .with_help_message("type to filter, space to tick, enter when done; current ones first")
            .with_validator(validator)
            .prompt())?;
        let ids: Vec<String> = chosen.iter().map(|c| under[c.value].id.clone()).collect();
        self.answers.objectives = Some(ids.clone());
        if let Some(stale) = self.problem(|_| {}, &["golden-thread-stale"], Severity::Warning) {
            say(&format!("warning: {stale}"));
        }
        // The key results of the chosen objectives.
        let krs: Vec<Choice<usize>> = ids
            .iter()
            .filter_map(|id| reg.objective(id))
            .flat_map(|o| o.key_results.iter().map(move |kr| (kr, &o.id)))
            .enumerate()
            .map(|(i, (kr, o))| Choice {
                label: format!("{kr} (of {o})"),
                value: i,
            })
            .collect();
        if !krs.is_empty() {
            let all: Vec<String> = ids
                .iter()
                .filter_map(|id| reg.objective(id))
                .flat_map(|o| o.key_results.iter().cloned())
                .collect();
            let chosen = ask(MultiSelect::new("Key results it moves:", krs)
                .with_help_message(
                    "space to tick, enter when done; none is fine if KPIs measure it",
                )
                .prompt())?;
            self.answers.key_results = chosen.iter().map(|c| all[c.value].clone()).collect();
        }
        Ok(())
    }

    fn ids_as_text(&mut self) -> Ask<()> {
        say("no OKR registry is named in charterlint.toml: type the ids");
        let goal = self.text("Company goal id:", None, |s| {
            self.problem(
                |a| a.goal = Some(s.into()),
                &["golden_thread.goal"],
                Severity::Warning,
            )
        })?;
        self.answers.goal = Some(goal);
        self.objective_ids()?;
        let krs = self.text(
            "Key result ids, separated by commas (optional):",
            Some("each must belong to a listed objective; enter to skip"),
            |s| {
                self.problem(
                    |a| a.key_results = split(s),
                    &["golden_thread.key_results"],
                    Severity::Warning,
                )
            },
        )?;
        self.answers.key_results = split(&krs);
        Ok(())
    }

    fn objective_ids(&mut self) -> Ask<()> {
        let ids = self.text(
            "Objective ids, separated by commas:",
            Some("at least one OKR objective of that goal"),
            |s| {
                self.problem(
                    |a| a.objectives = Some(split(s)),
                    &["golden_thread.objectives"],
                    Severity::Warning,
                )
            },
        )?;
        self.answers.objectives = Some(split(&ids));
        Ok(())
    }

    fn personas(&mut self) -> Ask<()> {
        eprintln!("\nThe personas: who the product serves");
        let internal_default = self.answers.kind != Some(Kind::CustomerFacing);
        loop {
            let n = self.answers.personas.len();
            let field = format!("personas[{n}].name");
            let name = self.text("Persona's name:", Some("e.g. Finance analyst"), |s| {
                self.problem(
                    |a| {
                        a.personas.push(PersonaAnswers {
                            name: s.into(),
                            role: Role::User,
                            internal: false,
                            needs: vec!["needs".into()],
                        })
                    },
                    &[&field],
                    Severity::Warning,
                )
            })?;
            let has_user = self.answers.personas.iter().any(|p| p.role == Role::User);
            let roles = choices(&[
                (Role::User, "user: uses the product day to day"),
                (Role::Buyer, "buyer: decides to buy it"),
                (Role::Champion, "champion: promotes it"),
                (Role::Funder, "funder: pays for it"),
                (Role::Stakeholder, "stakeholder: has a stake in it"),
            ]);
            let role = self.pick("Role:", None, roles, if has_user { 4 } else { 0 })?;
            let internal = self.confirm(
                "Is this person inside the company?",
                "a colleague, rather than an external customer",
                internal_default,
            )?;
            let needs_field = format!("personas[{n}].needs");
            let persona = |needs: Vec<String>| PersonaAnswers {
                name: name.clone(),
                role: Role::User,
                internal,
                needs,
            };
            let needs = self.items(
                "A job they need done, or a pain they have (enter when done):",
                if role == Role::User {
                    "at least one for a user"
                } else {
                    "optional"
                },
                |s| {
                    self.problem(
                        |a| a.personas.push(persona(vec![s.to_string()])),
                        &[&needs_field],
                        Severity::Warning,
                    )
                },
                |list| {
                    if role != Role::User {
                        return None;
                    }
                    self.problem(
                        |a| a.personas.push(persona(list.to_vec())),
                        &[&needs_field],
                        Severity::Warning,
                    )
                },
            )?;
            self.answers.personas.push(PersonaAnswers {
                name,
                role,
                internal,
                needs,
            });
            let lacking = self.problem(
                |_| {},
                &[
                    "no-user-persona",
                    "customer-facing-without-external-persona",
                ],
                Severity::Warning,
            );
            match lacking {
                Some(message) => say(&format!("{message}: add another persona")),
                None => {
                    if !self.confirm("Add another persona?", "enter for no", false)? {
                        return Ok(());
                    }
                }
            }
        }
    }

    fn relationship(&mut self) -> Ask<()> {
        eprintln!("\nThe relationship: how the team stands to those it serves");
        let mandated = self.answers.adoption == Some(Adoption::Mandated);
        let choice = if mandated {
            say("Adoption is mandated: they cannot pick an alternative or walk away.");
            false
        } else {
            self.confirm(
                "Can they pick an alternative, or walk away?",
                "a customer has a choice; whoever must use it is not a customer",
                false,
            )?
        };
        let value_exchange = self.pick(
            "Do they pay for it?",
            Some("time spent using it is not payment"),
            choices(&[
                (ValueExchange::Payment, "yes, they pay (payment)"),
                (
                    ValueExchange::Chargeback,
                    "yes, through an internal chargeback",
                ),
                (ValueExchange::None, "no, they pay nothing"),
            ]),
            2,
        )?;
        let internal = self.confirm(
            "Are they teams inside the company?",
            "then Cutler's six marks tell a customer from a partner",
            self.answers.kind != Some(Kind::CustomerFacing),
        )?;
        let autonomy = if internal {
            let marks: Vec<Choice<usize>> = AUTONOMY_MARKS
                .iter()
                .enumerate()
                .map(|(i, name)| Choice {
                    label: format!(
                        "{name}: {}",
                        AUTONOMY
                            .iter()
                            .find(|k| k.name == *name)
                            .map_or("", |k| k.doc)
                    ),
                    value: i,
                })
                .collect();
            let chosen = ask(MultiSelect::new(
                "Which of Cutler's six marks hold between the team and them?",
                marks,
            )
            .with_help_message("space to tick, enter when done; none is an answer")
            .prompt())?;
            let mut on = [false; 6];
            for c in chosen {
                on[c.value] = true;
            }
            Some(on)
        } else {
            None
        };
        let derivation = derive::relationship(&RelationshipAnswers {
            choice,
            value_exchange,
            mandated,
            autonomy,
        });
        for w in &derivation.warnings {
            say(&format!("warning: {w}"));
        }
        let (kind, why) = match derivation.derived {
            Derived::Type(kind, why) => (kind, why),
            Derived::PartnerOrUser(not_customers) => {
                say(&not_customers);
                let kind = self.pick(
                    "Partners or users?",
                    Some("partners if neither side can walk away and you build it together"),
                    choices(&[
                        (
                            RelationshipType::Partner,
                            "partners: both sides need each other and work on it together",
                        ),
                        (
                            RelationshipType::User,
                            "users: they use what the team provides",
                        ),
                    ]),
                    0,
                )?;
                (kind, derive::without_choice(&not_customers, kind))
            }
        };
        say(&format!("So `type = \"{}\"`. {why}", kind.as_str()));
        self.answers.relationship = Some(RelationshipAnswer {
            kind: Some(kind),
            why,
            choice,
            value_exchange,
            rationale: None,
            autonomy,
        });
        let rationale = self.text(
            "In your own words, why do you stand to them this way?",
            None,
            |s| {
                self.problem(
                    |a| {
                        if let Some(r) = &mut a.relationship {
                            r.rationale = Some(s.into());
                        }
                    },
                    &["relationship.rationale"],
                    Severity::Warning,
                )
            },
        )?;
        if let Some(r) = &mut self.answers.relationship {
            r.rationale = Some(rationale);
        }
        Ok(())
    }

    fn sourcing(&mut self) -> Ask<()> {
        eprintln!("\nSourcing: buy versus build");
        let differentiation = self.pick(
            "Differentiation: does it set the company apart from its competitors?",
            None,
            level_choices(),
            0,
        )?;
        let criticality = self.pick(
            "Criticality: is it mission critical?",
            None,
            level_choices(),
            0,
        )?;
        let q = Quadrant::of(differentiation, criticality);
        let proposed = derive::decision_for(q);
        say(&format!(
            "Purpose Based Alignment: {}, so `{}`.",
            derive::describe(q),
            proposed.as_str()
        ));
        let decisions: Vec<Choice<Decision>> = Decision::NAMES
            .iter()
            .filter_map(|n| Decision::from_name(n))
            .map(|d| Choice {
                label: if d == proposed {
                    format!("{} (what the quadrant calls for)", d.as_str())
                } else {
                    d.as_str().to_string()
                },
                value: d,
            })
            .collect();
        let start = decisions
            .iter()
            .position(|c| c.value == proposed)
            .unwrap_or(0);
        let decision = self.pick(
            "Decision:",
            Some("enter accepts the proposal; pick another if you must"),
            decisions,
            start,
        )?;
        let kind = self.answers.kind.unwrap_or(Kind::InternalTool);
        self.answers.sourcing = Some(SourcingAnswer {
            decision: Some(decision),
            differentiation,
            criticality,
            rationale: None,
            alternatives: Vec::new(),
            open_source: None,
            skills_plan: None,
        });
        if let Some(w) = self.problem(
            |_| {},
            &["build-who-cares", "buy-differentiator", "retire-critical"],
            Severity::Warning,
        ) {
            say(&format!("warning: `check` will say: {w}"));
        }
        let rationale = self.text(
            &format!("Why {} it rather than the alternatives?", decision.as_str()),
            None,
            |s| {
                self.problem(
                    in_sourcing(|x| x.rationale = Some(s.into())),
                    &["sourcing.rationale"],
                    Severity::Warning,
                )
            },
        )?;
        self.set_sourcing(|s| s.rationale = Some(rationale.clone()));
        let needs = derive::sourcing_needs(decision, differentiation, kind);
        if needs.alternatives {
            say("It does not set the company apart: which market products did you evaluate?");
            let alternatives = self.items(
                "A market alternative you evaluated (enter when done):",
                "at least one",
                |s| {
                    self.problem(
                        in_sourcing(|x| x.alternatives = vec![s.to_string()]),
                        &["build-without-alternatives"],
                        Severity::Warning,
                    )
                },
                |list| {
                    self.problem(
                        in_sourcing(|x| x.alternatives = list.to_vec()),
                        &["build-without-alternatives"],
                        Severity::Warning,
                    )
                },
            )?;
            self.set_sourcing(|s| s.alternatives = alternatives.clone());
        }
        if needs.open_source {
            let open = self.pick(
                "Will it be open source?",
                Some("building an internal non-differentiator: open-sourcing it shows how serious the team is"),
                choices(&[
                    (OpenSource::Yes, "yes"),
                    (OpenSource::Planned, "planned"),
                    (OpenSource::No, "no"),
                ]),
                1,
            )?;
            self.set_sourcing(|s| s.open_source = Some(open));
        }
        if needs.skills_plan {
            let plan = self.text(
                "Skills plan: how will the team learn to get full value from what it buys?",
                None,
                |s| {
                    self.problem(
                        in_sourcing(|x| x.skills_plan = Some(s.into())),
                        &["sourcing.skills_plan"],
                        Severity::Warning,
                    )
                },
            )?;
            self.set_sourcing(|s| s.skills_plan = Some(plan.clone()));
        }
        Ok(())
    }

    fn set_sourcing(&mut self, f: impl FnOnce(&mut SourcingAnswer)) {
        if let Some(s) = &mut self.answers.sourcing {
            f(s)
        }
    }

    fn change_plan(&mut self) -> Ask<()> {
        if self.answers.adoption != Some(Adoption::Mandated) {
            return Ok(());
        }
        eprintln!("\nThe change plan: adoption is mandated");
        let plan = self.text("How will people be brought along?", None, |s| {
            self.problem(
                |a| {
                    a.change = Some(ChangePlan {
                        plan: Some(s.into()),
                        ..ChangePlan::default()
                    })
                },
                &["adoption.plan"],
                Severity::Warning,
            )
        })?;
        let champions = self.items(
            "A champion of the change (enter when done):",
            "optional",
            |_| None,
            |_| None,
        )?;
        let success = self.items(
            "How is the adoption's success measured? (enter when done)",
            "optional, e.g. weekly active analysts >= 80%",
            |_| None,
            |_| None,
        )?;
        self.answers.change = Some(ChangePlan {
            plan: Some(plan),
            champions,
            success,
        });
        Ok(())
    }
}

/// An edit of the answers' sourcing.
fn in_sourcing(f: impl FnOnce(&mut SourcingAnswer)) -> impl FnOnce(&mut Answers) {
    move |a: &mut Answers| {
        if let Some(s) = &mut a.sourcing {
            f(s)
        }
    }
}

/// Ids typed with commas between them.
fn split(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
