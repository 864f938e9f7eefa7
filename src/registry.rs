//! The OKR registry (`okrs.toml`, SPEC section 3): the company's goals and
//! objectives, which the golden thread is checked against.

use std::collections::HashMap;

use crate::date::Date;
use crate::shape::{Key, Shape};
use crate::span::LineIndex;
use crate::toml_doc::{self as doc, DeTable};

pub static GOAL: &[Key] = &[
    Key::req("id", Shape::Id, "The goal's id, e.g. G-TRUST."),
    Key::req(
        "statement",
        Shape::Text,
        "What the company wants to achieve.",
    ),
];

pub static OBJECTIVE: &[Key] = &[
    Key::req("id", Shape::Id, "The objective's id, e.g. O-2026Q4-CLOSE."),
    Key::req("goal", Shape::Id, "The goal it serves."),
    Key::req("statement", Shape::Text, "What the objective is."),
    Key::opt(
        "ends",
        Shape::Date,
        "The last day of the objective's period.",
    ),
    Key::opt(
        "key_results",
        Shape::List(&Shape::Id),
        "Its key result ids.",
    ),
];

pub static REGISTRY: &[Key] = &[
    Key::req("okrs", Shape::Version, "Format version; only 1 exists."),
    Key::opt("goals", Shape::Tables(GOAL), "The company's goals."),
    Key::opt(
        "objectives",
        Shape::Tables(OBJECTIVE),
        "OKR objectives, each under a goal.",
    ),
];

pub fn json_schema() -> serde_json::Value {
    crate::shape::json_schema(
        "OKR registry (format 1)",
        "The company's goals and OKRs, which charterlint checks each charter's golden thread against.",
        REGISTRY,
    )
}

#[derive(Debug, Clone)]
pub struct Goal {
    pub id: String,
    pub statement: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Objective {
    pub id: String,
    pub goal: Option<String>,
    pub statement: Option<String>,
    pub ends: Option<Date>,
    pub key_results: Vec<String>,
    pub line: usize,
}

/// A loaded registry. Lookups are by hash, so that a registry of 100,000
/// objectives and a charter of 10,000 key results stay linear.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// How the registry is named in messages (its path, or `repo@rev:path`).
    pub path: String,
    goals: Vec<Goal>,
    objectives: Vec<Objective>,
    goal_index: HashMap<String, usize>,
    objective_index: HashMap<String, usize>,
    key_result_owner: HashMap<String, usize>,
}

impl Registry {
    /// Reads a registry out of its parsed document (`parse::document`,
    /// which `rules::check_registry` runs and reports on), whose text is
    /// `text`.
    pub fn read(path: &str, text: &str, root: &DeTable<'_>) -> Registry {
        let lines = LineIndex::new(text);
        let mut reg = Registry {
            path: path.to_string(),
            ..Registry::default()
        };
        for (span, t) in doc::tables(root, "goals")
            .map(|(_, l)| l)
            .unwrap_or_default()
        {
            if let Some(id) = doc::string(t, "id") {
                reg.goals.push(Goal {
                    id: id.value,
                    statement: doc::string(t, "statement").map(|s| s.value),
                    line: lines.line_col(span.start).0,
                });
            }
        }
        for (span, t) in doc::tables(root, "objectives")
            .map(|(_, l)| l)
            .unwrap_or_default()
        {
            if let Some(id) = doc::string(t, "id") {
                reg.objectives.push(Objective {
                    id: id.value,
                    goal: doc::string(t, "goal").map(|g| g.value),
                    statement: doc::string(t, "statement").map(|s| s.value),
                    ends: doc::date(t, "ends").map(|d| d.value),
                    key_results: doc::strings(t, "key_results")
                        .map(|l| l.value.into_iter().map(|f| f.value).collect())
                        .unwrap_or_default(),
                    line: lines.line_col(span.start).0,
                });
            }
        }
        reg.index();
        reg
    }

    fn index(&mut self) {
        for (i, g) in self.goals.iter().enumerate() {
            self.goal_index.entry(g.id.clone()).or_insert(i);
        }
        for (i, o) in self.objectives.iter().enumerate() {
            self.objective_index.entry(o.id.clone()).or_insert(i);
            for kr in &o.key_results {
                self.key_result_owner.entry(kr.clone()).or_insert(i);
            }
        }
    }

    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goal_index.get(id).map(|&i| &self.goals[i])
    }

    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objective_index.get(id).map(|&i| &self.objectives[i])
    }

    pub fn objective_of_key_result(&self, kr: &str) -> Option<&Objective> {
        self.key_result_owner.get(kr).map(|&i| &self.objectives[i])
    }

    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    pub fn objectives(&self) -> &[Objective] {
        &self.objectives
    }

    pub fn goal_ids(&self) -> Vec<&str> {
        self.goals.iter().map(|g| g.id.as_str()).collect()
    }

    pub fn objective_ids(&self) -> Vec<&str> {
        self.objectives.iter().map(|o| o.id.as_str()).collect()
    }

    pub fn key_result_ids(&self) -> Vec<&str> {
        self.objectives
            .iter()
            .flat_map(|o| o.key_results.iter().map(String::as_str))
            .collect()
    }
}
