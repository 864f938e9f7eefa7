//! The configuration's schema: its keys as the format declares them, and
//! the validated [`Config`] with its defaults.

use std::collections::{BTreeMap, HashMap};

use crate::date::Date;
use crate::finding::RuleLevel;
use crate::levels::Levels;
use crate::rules::Rule;
use crate::select::Selector;
use crate::shape::{Key, Shape, Words};
use crate::span::Span;

pub const FILE_NAME: &str = "charterlint.toml";
pub const DEFAULT_INCLUDE: &[&str] = &["**/charter.toml", "**/*.charter.toml"];

static REGISTRY_IN_REPO: &[Key] = &[
    Key::req("repo", Shape::Text, "Path to another local git repository."),
    Key::req("rev", Shape::Text, "The revision to read the registry at."),
    Key::req(
        "path",
        Shape::Text,
        "The registry's path in that repository.",
    ),
];

const SEVERITY: Shape = Shape::OneOf(RuleLevel::NAMES);

/// A rule rolled out on a date: `{ level = "error", from = 2027-04-01 }`.
static ROLLOUT: &[Key] = &[
    Key::req(
        "level",
        SEVERITY,
        "The level the rule takes from the date on.",
    ),
    Key::req(
        "from",
        Shape::Date,
        "The date the level takes effect; before it the rule's findings are notes.",
    ),
];

/// A rule's level: a severity, or a severity from a date on.
static RULE_LEVEL: Shape = Shape::AnyOf(&[SEVERITY, Shape::Table(ROLLOUT)]);

/// The configuration's words: what people write for a severity.
pub static WORDS: Words = Words {
    synonyms: &[("warn", "warning"), ("info", "note")],
    ..Words::NONE
};

pub static CONFIG: &[Key] = &[
    Key::opt(
        "extends",
        Shape::AnyOf(&[Shape::Text, Shape::Table(REGISTRY_IN_REPO)]),
        "A base configuration (the organisation's) this one builds on: a path in the same tree, or another local repository at a revision. This file's own settings override the base's; [rules] merge rule by rule.",
    ),
    Key::opt(
        "locked",
        Shape::List(&Shape::Text),
        "Rules a configuration extending this one may not lower (set to a lesser severity or off).",
    ),
    Key::opt(
        "include",
        Shape::List(&Shape::Text),
        "Globs of the charter files.",
    ),
    Key::opt(
        "exclude",
        Shape::List(&Shape::Text),
        "Globs of files never checked.",
    ),
    Key::opt(
        "registry",
        Shape::AnyOf(&[Shape::Text, Shape::Table(REGISTRY_IN_REPO)]),
        "The OKR registry: a path in the same tree and revision, or another local repository at a revision.",
    ),
    Key::opt(
        "require_charter",
        Shape::Bool,
        "A repository with no charter is a finding.",
    ),
    Key::opt(
        "stale_after_days",
        Shape::Count,
        "Days after which an unchanged charter is stale.",
    ),
    Key::opt(
        "link_template",
        Shape::Text,
        "Where the HTML report links findings and products: a URL with {repo}, {rev}, {path} and {line}.",
    ),
    Key::opt(
        "rules",
        Shape::Map(&RULE_LEVEL),
        "Severity per rule id: error, warning, note or off; or { level = \"error\", from = 2027-04-01 } to roll a level out on a date (a note until then).",
    ),
];

pub fn json_schema() -> serde_json::Value {
    crate::shape::json_schema(
        "charterlint configuration",
        "charterlint.toml: which files are charters, where the OKR registry is, and rule severities.",
        CONFIG,
    )
}

/// Where the registry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryLocation {
    /// A path in the same tree (and revision) as the charters.
    InTree(String),
    /// Another local repository at a revision.
    InRepo {
        repo: String,
        rev: String,
        path: String,
    },
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it was read from, if from a file.
    pub path: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub registry: Option<RegistryLocation>,
    pub require_charter: bool,
    /// Where `require_charter = true` is (for `charter-missing`).
    pub require_charter_span: Option<Span>,
    pub stale_after_days: u32,
    pub severities: HashMap<&'static str, RuleLevel>,
    /// Rules rolled out on a date: from it on they have their level in
    /// `severities`; before it their findings are notes.
    pub rollouts: BTreeMap<&'static str, Date>,
    /// Where the HTML report links findings and products to.
    pub link_template: Option<String>,
    /// Where each value was set (`include`, `rules.placeholder`, …): the
    /// file. A key that is not here has its default.
    pub origins: BTreeMap<String, String>,
    /// Rules a configuration extending this one may not lower, with the
    /// file that locked them.
    pub locked: BTreeMap<&'static str, String>,
    /// `extends`, as this file names it.
    pub extends: Option<RegistryLocation>,
    /// Where `extends` and each `[rules]` entry are in this file.
    pub(super) extends_span: Option<Span>,
    pub(super) rule_spans: HashMap<&'static str, Span>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            include: DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect(),
            exclude: Vec::new(),
            registry: None,
            require_charter: false,
            require_charter_span: None,
            stale_after_days: 365,
            severities: HashMap::new(),
            rollouts: BTreeMap::new(),
            link_template: None,
            origins: BTreeMap::new(),
            locked: BTreeMap::new(),
            extends: None,
            extends_span: None,
            rule_spans: HashMap::new(),
        }
    }
}

impl Config {
    /// Where `extends` is in this file.
    pub fn extends_span(&self) -> Option<Span> {
        self.extends_span
    }

    /// The severity a rule has in this configuration.
    pub fn level(&self, rule: &Rule) -> RuleLevel {
        self.severities
            .get(rule.id)
            .copied()
            .unwrap_or(RuleLevel::On(rule.default))
    }

    /// The rules' levels on `today`: a rule rolled out on a later date is
    /// pending (its findings are notes until then).
    pub fn levels(&self, today: Date) -> Levels {
        Levels {
            levels: self.severities.clone(),
            pending: self
                .rollouts
                .iter()
                .filter(|(_, from)| today < **from)
                .map(|(id, from)| (*id, *from))
                .collect(),
        }
    }

    /// Whether a rule's findings are reported on `today`: its level is not
    /// `off`, or it is turned off on a later date (a note until then). Work
    /// done only for one rule (history, CODEOWNERS) is skipped otherwise.
    pub fn reports(&self, rule: &Rule, today: Date) -> bool {
        self.level(rule) != RuleLevel::Off
            || self.rollouts.get(rule.id).is_some_and(|from| today < *from)
    }

    /// The matcher of charter paths.
    pub fn selector(&self) -> Selector {
        // Compiling globs costs more than checking a charter; a scan of
        // thousands of repositories without a config of their own needs the
        // default matcher once.
        static DEFAULT: std::sync::OnceLock<Selector> = std::sync::OnceLock::new();
        if self.exclude.is_empty() && self.include == DEFAULT_INCLUDE {
            return DEFAULT
                .get_or_init(|| Selector::new(&self.include, &self.exclude))
                .clone();
        }
        Selector::new(&self.include, &self.exclude)
    }
}
