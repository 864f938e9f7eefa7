//! `charterlint.toml` (SPEC section 4): which files are charters, where the
//! registry is, what is required, and rule severities.

use std::collections::HashMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::finding::Level;
use crate::rules;
use crate::shape::{Key, Shape, ShapeProblem, validate};
use crate::span::Span;
use crate::toml_doc::{self as doc, DeValue};

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

static SEVERITY: Shape = Shape::OneOf(Level::NAMES);

pub static CONFIG: &[Key] = &[
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
        Shape::Map(&SEVERITY),
        "Severity per rule id: error, warning, note or off.",
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
    pub severities: HashMap<&'static str, Level>,
    /// Where the HTML report links findings and products to.
    pub link_template: Option<String>,
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
            link_template: None,
        }
    }
}

/// A configuration that cannot be used; the run stops with exit 2.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: String,
    pub text: String,
    pub problems: Vec<ConfigProblem>,
}

#[derive(Debug, Clone)]
pub struct ConfigProblem {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid configuration {}", self.path)?;
        if let Some(p) = self.problems.first() {
            write!(f, ": {}", p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parses and validates a configuration file. Every problem is reported,
    /// not only the first.
    pub fn parse(path: &str, text: &str) -> Result<Config, ConfigError> {
        let mut problems = Vec::new();
        let fail = |problems: Vec<ConfigProblem>| ConfigError {
            path: path.to_string(),
            text: text.to_string(),
            problems,
        };
        let root = doc::parse(text).map_err(|e| {
            fail(vec![ConfigProblem {
                span: e.span,
                message: format!("invalid TOML: {}", e.message),
                help: None,
            }])
        })?;
        let root = root.get_ref();
        let mut shape = Vec::new();
        validate(root, CONFIG, "", &mut shape);
        for p in shape {
            problems.push(match p {
                ShapeProblem::UnknownKey {
                    key,
                    span,
                    suggestion,
                    known,
                    ..
                } => ConfigProblem {
                    span,
                    message: format!("unknown key `{key}`"),
                    help: Some(match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("known keys: {}", known.join(", ")),
                    }),
                },
                ShapeProblem::InvalidValue {
                    span,
                    message,
                    help,
                    ..
                } => ConfigProblem {
                    span,
                    message,
                    help: Some(help),
                },
            });
        }

        let mut config = Config {
            path: Some(path.to_string()),
            ..Config::default()
        };
        let list = |key: &str| doc::strings(root, key).map(|l| l.value);
        if let Some(include) = list("include") {
            config.include = include.iter().map(|f| f.value.clone()).collect();
        }
        if let Some(exclude) = list("exclude") {
            config.exclude = exclude.iter().map(|f| f.value.clone()).collect();
        }
        for (key, globs) in [("include", &config.include), ("exclude", &config.exclude)] {
            for (i, g) in globs.iter().enumerate() {
                if let Err(e) = glob(g) {
                    let span = doc::strings(root, key).map_or(Span::default(), |l| l.value[i].span);
                    problems.push(ConfigProblem {
                        span,
                        message: format!("invalid glob `{g}`: {}", e.kind()),
                        help: Some(
                            "globs use `*`, `?`, `**` and `{a,b}`, e.g. `**/charter.toml`".into(),
                        ),
                    });
                }
            }
        }
        if let Some(r) = doc::string(root, "registry") {
            config.registry = Some(RegistryLocation::InTree(r.value));
        } else if let Some((_, t)) = doc::table(root, "registry")
            && let (Some(repo), Some(rev), Some(path)) = (
                doc::string(t, "repo"),
                doc::string(t, "rev"),
                doc::string(t, "path"),
            )
        {
            config.registry = Some(RegistryLocation::InRepo {
                repo: repo.value,
                rev: rev.value,
                path: path.value,
            });
        }
        if let Some(b) = doc::boolean(root, "require_charter") {
            config.require_charter = b.value;
            config.require_charter_span = Some(b.whole());
        }
        if let Some(t) = doc::string(root, "link_template") {
            match parse_link_template(&t.value) {
                Ok(t) => config.link_template = Some(t),
                Err(message) => problems.push(ConfigProblem {
                    span: t.whole(),
                    message,
                    help: Some(
                        "e.g. `link_template = \"https://git.example.com/{repo}/blob/{rev}/{path}#L{line}\"`"
                            .into(),
                    ),
                }),
            }
        }
        if let Some(n) = doc::integer(root, "stale_after_days") {
            config.stale_after_days = u32::try_from(n.value).unwrap_or(u32::MAX);
        }
        if let Some((_, rules_table)) = doc::table(root, "rules") {
            for (k, v) in rules_table.iter() {
                let id: &str = k.get_ref();
                let Some(rule) = rules::find(id) else {
                    problems.push(ConfigProblem {
                        span: k.span().into(),
                        message: format!("`[rules]` names `{id}`, which is not a rule"),
                        help: Some(match rules::closest_id(id) {
                            Some(s) => {
                                format!("did you mean `{s}`? (`charterlint rules` lists them all)")
                            }
                            None => "`charterlint rules` lists the rules".into(),
                        }),
                    });
                    continue;
                };
                if let DeValue::String(s) = v.get_ref()
                    && let Ok(level) = s.parse::<Level>()
                {
                    config.severities.insert(rule.id, level);
                }
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(fail(problems))
        }
    }

    /// The severity a rule has in this configuration.
    pub fn level(&self, rule: &rules::Rule) -> Level {
        self.severities
            .get(rule.id)
            .copied()
            .unwrap_or(Level::On(rule.default))
    }

    /// The matcher of charter paths.
    pub fn selector(&self) -> Selector {
        // Compiling globs costs more than checking a charter; a scan of
        // thousands of repositories without a config of their own needs the
        // default matcher once.
        static DEFAULT: std::sync::OnceLock<Selector> = std::sync::OnceLock::new();
        if self.exclude.is_empty() && self.include == DEFAULT_INCLUDE {
            return DEFAULT.get_or_init(|| self.compile_selector()).clone();
        }
        self.compile_selector()
    }

    fn compile_selector(&self) -> Selector {
        Selector {
            include: build_set(&self.include),
            exclude: build_set(&self.exclude),
            // `vendor/**` excludes the folder `vendor` and all below it.
            exclude_dirs: build_set(
                &self
                    .exclude
                    .iter()
                    .filter_map(|e| e.strip_suffix("/**").map(str::to_string))
                    .collect::<Vec<_>>(),
            ),
            prefixes: literal_prefixes(&self.include),
        }
    }
}

/// A link template: an `http` or `https` URL (never `javascript:` or a
/// local file), with `{repo}`, `{rev}`, `{path}` and `{line}` where the
/// finding's values go.
pub fn parse_link_template(template: &str) -> Result<String, String> {
    let lower = template.trim_start().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!(
            "the link template `{template}` is not an http:// or https:// URL"
        ));
    }
    if !template.contains("{path}") && !template.contains("{repo}") {
        return Err(format!(
            "the link template `{template}` has neither `{{repo}}` nor `{{path}}`: every link would be the same"
        ));
    }
    Ok(template.trim().to_string())
}

fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

fn build_set(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = glob(p) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// The folders the include globs can match under, for pruning tree walks:
/// `products/**/charter.toml` can only match under `products/`. `None` when a
/// glob can match anywhere.
fn literal_prefixes(patterns: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for p in patterns {
        let literal: Vec<&str> = p
            .split('/')
            .take_while(|seg| !seg.contains(['*', '?', '[', '{']))
            .collect();
        if literal.is_empty() || literal.len() == p.split('/').count() && literal.len() == 1 {
            return None;
        }
        let dir_segments = if literal.len() == p.split('/').count() {
            literal.len() - 1
        } else {
            literal.len()
        };
        out.push(literal[..dir_segments].join("/"));
    }
    Some(out)
}

/// Which paths are charters: include and exclude globs over paths relative
/// to the repository root, with `/`.
#[derive(Debug, Clone)]
pub struct Selector {
    include: GlobSet,
    exclude: GlobSet,
    exclude_dirs: GlobSet,
    prefixes: Option<Vec<String>>,
}

impl Selector {
    pub fn is_charter(&self, path: &str) -> bool {
        self.include.is_match(path) && !self.is_excluded(path)
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude.is_match(path)
    }

    /// Can a charter be at or below the folder `dir`? Lets tree walks skip
    /// whole subtrees.
    pub fn may_contain(&self, dir: &str) -> bool {
        if self.exclude_dirs.is_match(dir) {
            return false;
        }
        match &self.prefixes {
            None => true,
            Some(prefixes) => prefixes.iter().any(|p| {
                p.is_empty()
                    || dir == p
                    || dir.starts_with(&format!("{p}/"))
                    || p.starts_with(&format!("{dir}/"))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_globs_match_charters_anywhere() {
        let s = Config::default().selector();
        assert!(s.is_charter("charter.toml"));
        assert!(s.is_charter("products/ledger/charter.toml"));
        assert!(s.is_charter("ledger.charter.toml"));
        assert!(!s.is_charter("products/charter.toml.bak"));
        assert!(!s.is_charter("okrs.toml"));
        assert!(s.may_contain("anything/at/all"));
    }

    #[test]
    fn include_prefixes_prune_the_walk() {
        let c = Config::parse(
            "c",
            "include = [\"products/**/charter.toml\"]\nexclude = [\"products/old/**\"]",
        )
        .unwrap();
        let s = c.selector();
        assert!(s.is_charter("products/a/charter.toml"));
        assert!(!s.is_charter("products/old/charter.toml"));
        assert!(!s.is_charter("other/charter.toml"));
        assert!(s.may_contain("products"));
        assert!(s.may_contain("products/a"));
        assert!(!s.may_contain("vendor"));
        assert!(!s.may_contain("products/old"));
    }

    #[test]
    fn bad_config_reports_every_problem_with_a_span() {
        let text = "inclde = []\nrequire_charter = \"yes\"\n[rules]\nbuy-without-skill-plan = \"error\"\nplaceholder = \"loud\"\n";
        let e = Config::parse("charterlint.toml", text).unwrap_err();
        let messages: Vec<_> = e.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(e.problems.len(), 4, "{messages:?}");
        assert!(e.problems[0].help.as_deref().unwrap().contains("include"));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("buy-without-skill-plan"))
        );
        let rule = e
            .problems
            .iter()
            .find(|p| p.message.contains("skill-plan"))
            .unwrap();
        assert!(
            rule.help
                .as_deref()
                .unwrap()
                .contains("buy-without-skills-plan")
        );
    }

    #[test]
    fn severities_and_registry_forms() {
        let c = Config::parse(
            "c",
            "registry = { repo = \"../strategy\", rev = \"main\", path = \"okrs.toml\" }\n[rules]\nplaceholder = \"off\"\n",
        )
        .unwrap();
        assert_eq!(c.level(rules::find("placeholder").unwrap()), Level::Off);
        assert!(matches!(c.registry, Some(RegistryLocation::InRepo { .. })));
    }
}
