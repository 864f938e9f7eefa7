//! `charterlint.toml` (SPEC section 4): which files are charters, where the
//! registry is, what is required, and rule severities.

use std::collections::{BTreeMap, HashMap};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::finding::RuleLevel;
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

static SEVERITY: Shape = Shape::OneOf(RuleLevel::NAMES);

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
    pub severities: HashMap<&'static str, RuleLevel>,
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
    extends_span: Option<Span>,
    rule_spans: HashMap<&'static str, Span>,
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
            origins: BTreeMap::new(),
            locked: BTreeMap::new(),
            extends: None,
            extends_span: None,
            rule_spans: HashMap::new(),
        }
    }
}

/// A configuration that cannot be used; the run stops with exit 2. Its
/// message names the first problem; [`ConfigError::render`] draws them all.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "invalid configuration {path}{}",
    .problems.first().map(|p| format!(": {}", p.message)).unwrap_or_default()
)]
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

/// One problem of a configuration as a diagnostic: drawn under its line of
/// the file, with a help.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(config))]
pub struct ConfigDiagnostic {
    message: String,
    #[source_code]
    file: miette::NamedSource<String>,
    #[label(primary, "here")]
    at: miette::SourceSpan,
    #[help]
    help: Option<String>,
}

impl ConfigError {
    /// Each problem as a diagnostic pointing into the file.
    pub fn diagnostics(&self) -> impl Iterator<Item = ConfigDiagnostic> + '_ {
        self.problems.iter().map(|p| ConfigDiagnostic {
            message: p.message.clone(),
            file: miette::NamedSource::new(self.path.clone(), self.text.clone()),
            at: (p.span.start, p.span.len()).into(),
            help: p.help.clone(),
        })
    }

    /// What the user reads: the file, then every problem drawn under its
    /// line (no colour), `width` columns wide.
    pub fn render(&self, width: usize) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        let handler =
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(width);
        let mut out = format!("invalid configuration in {}:", self.path);
        for d in self.diagnostics() {
            let mut s = String::new();
            let _ = handler.render_report(&mut s, &d);
            out.push('\n');
            out.push_str(&s);
        }
        out
    }
}

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
                // Not a problem of the configuration (as before): a
                // `[registry]` without all three keys is simply not used.
                ShapeProblem::Missing(_) => continue,
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
                Err(e) => problems.push(ConfigProblem {
                    span: t.whole(),
                    message: e.to_string(),
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
                    && let Ok(level) = s.parse::<RuleLevel>()
                {
                    config.severities.insert(rule.id, level);
                    config.rule_spans.insert(rule.id, v.span().into());
                }
            }
        }
        if let Some(e) = doc::string(root, "extends") {
            config.extends = Some(RegistryLocation::InTree(e.value.clone()));
            config.extends_span = Some(e.whole());
        } else if let Some((span, t)) = doc::table(root, "extends")
            && let (Some(repo), Some(rev), Some(path)) = (
                doc::string(t, "repo"),
                doc::string(t, "rev"),
                doc::string(t, "path"),
            )
        {
            config.extends = Some(RegistryLocation::InRepo {
                repo: repo.value,
                rev: rev.value,
                path: path.value,
            });
            config.extends_span = Some(span);
        }
        if let Some(locked) = doc::strings(root, "locked") {
            for id in &locked.value {
                match rules::find(id.value.trim()) {
                    Some(rule) => {
                        config.locked.insert(rule.id, path.to_string());
                    }
                    None => problems.push(ConfigProblem {
                        span: id.span,
                        message: format!("`locked` names `{}`, which is not a rule", id.value),
                        help: Some("`charterlint rules` lists the rules".into()),
                    }),
                }
            }
        }
        for (k, _) in root.iter() {
            let key: &str = k.get_ref();
            if !matches!(key, "rules" | "extends" | "locked") {
                config.origins.insert(key.to_string(), path.to_string());
            }
        }
        for id in config.severities.keys() {
            config
                .origins
                .insert(format!("rules.{id}"), path.to_string());
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(fail(problems))
        }
    }

    /// This configuration on top of `base`: what this one sets wins, `[rules]`
    /// merge rule by rule, and a rule the base locks may not be lowered.
    fn over(self, base: Config, text: &str) -> Result<Config, ConfigError> {
        let own = |key: &str| self.origins.contains_key(key);
        let mut problems = Vec::new();
        for (id, locked_by) in &base.locked {
            let Some(mine) = self.severities.get(id) else {
                continue;
            };
            let floor = base.severities.get(id).copied().unwrap_or_else(|| {
                RuleLevel::On(
                    rules::find(id).map_or(crate::finding::Severity::Error, |r| r.default),
                )
            });
            if rank(*mine) < rank(floor) {
                problems.push(ConfigProblem {
                    span: self.rule_spans.get(id).copied().unwrap_or_default(),
                    message: format!(
                        "`[rules]` lowers `{id}` to `{}`, but {locked_by} locks it at `{}`",
                        level_name(*mine),
                        level_name(floor)
                    ),
                    help: Some(format!(
                        "remove `{id}` from `[rules]`, or raise it: the organisation's configuration does not let a repository lower it"
                    )),
                });
            }
        }
        if !problems.is_empty() {
            return Err(ConfigError {
                path: self.path.clone().unwrap_or_default(),
                text: text.to_string(),
                problems,
            });
        }
        let mut out = base;
        if own("include") {
            out.include = self.include;
        }
        if own("exclude") {
            out.exclude = self.exclude;
        }
        if own("registry") {
            out.registry = self.registry;
        }
        if own("require_charter") {
            out.require_charter = self.require_charter;
            out.require_charter_span = self.require_charter_span;
        } else {
            // The span points into the base's file, not this one.
            out.require_charter_span = None;
        }
        if own("stale_after_days") {
            out.stale_after_days = self.stale_after_days;
        }
        if own("link_template") {
            out.link_template = self.link_template;
        }
        out.severities.extend(self.severities);
        out.origins.extend(self.origins);
        out.locked.extend(self.locked);
        out.rule_spans = self.rule_spans;
        out.path = self.path;
        out.extends = self.extends;
        out.extends_span = self.extends_span;
        Ok(out)
    }

    /// The effective configuration as TOML, each value with where it comes
    /// from (`charterlint config --show`).
    pub fn show(&self) -> String {
        let toml_str = |v: &str| serde_json::to_string(v).unwrap_or_else(|_| format!("{v:?}"));
        let list = |l: &[String]| {
            format!(
                "[{}]",
                l.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", ")
            )
        };
        let from = |key: &str| {
            self.origins
                .get(key)
                .map_or("default".to_string(), |o| crate::text::visible(o))
        };
        let mut lines: Vec<(String, String)> = vec![
            (
                format!("include = {}", list(&self.include)),
                from("include"),
            ),
            (
                format!("exclude = {}", list(&self.exclude)),
                from("exclude"),
            ),
        ];
        match &self.registry {
            Some(RegistryLocation::InTree(p)) => {
                lines.push((format!("registry = {}", toml_str(p)), from("registry")))
            }
            Some(RegistryLocation::InRepo { repo, rev, path }) => lines.push((
                format!(
                    "registry = {{ repo = {}, rev = {}, path = {} }}",
                    toml_str(repo),
                    toml_str(rev),
                    toml_str(path)
                ),
                from("registry"),
            )),
            None => lines.push(("# registry: none".into(), from("registry"))),
        }
        lines.push((
            format!("require_charter = {}", self.require_charter),
            from("require_charter"),
        ));
        lines.push((
            format!("stale_after_days = {}", self.stale_after_days),
            from("stale_after_days"),
        ));
        if let Some(t) = &self.link_template {
            lines.push((
                format!("link_template = {}", toml_str(t)),
                from("link_template"),
            ));
        }
        if !self.locked.is_empty() {
            let ids: Vec<String> = self.locked.keys().map(|s| s.to_string()).collect();
            let by: Vec<&str> = self.locked.values().map(String::as_str).collect();
            let mut by = by;
            by.dedup();
            lines.push((format!("locked = {}", list(&ids)), by.join(", ")));
        }
        let mut rules: Vec<(&&str, &RuleLevel)> = self.severities.iter().collect();
        rules.sort_by_key(|(id, _)| **id);
        let width = lines
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (line, origin) in &lines {
            out.push_str(&format!("{line:<width$}  # {origin}\n"));
        }
        out.push_str(
            "\n[rules]  # every rule not listed has its default severity (`charterlint rules`)\n",
        );
        for (id, level) in rules {
            let locked = if self.locked.contains_key(*id) {
                " (locked)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{id} = \"{}\"  # {}{locked}\n",
                level_name(*level),
                from(&format!("rules.{id}"))
            ));
        }
        out
    }

    /// The severity a rule has in this configuration.
    pub fn level(&self, rule: &rules::Rule) -> RuleLevel {
        self.severities
            .get(rule.id)
            .copied()
            .unwrap_or(RuleLevel::On(rule.default))
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
            reach: self.include.iter().map(|p| Reach::of(p)).collect(),
        }
    }
}

/// Why a link template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkTemplateError {
    #[error("the link template `{0}` is not an http:// or https:// URL")]
    NotHttp(String),
    #[error(
        "the link template `{0}` has neither `{{repo}}` nor `{{path}}`: every link would be the same"
    )]
    Constant(String),
}

/// A link template: an `http` or `https` URL (never `javascript:` or a
/// local file), with `{repo}`, `{rev}`, `{path}` and `{line}` where the
/// finding's values go.
pub fn parse_link_template(template: &str) -> Result<String, LinkTemplateError> {
    let lower = template.trim_start().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(LinkTemplateError::NotHttp(template.to_string()));
    }
    if !template.contains("{path}") && !template.contains("{repo}") {
        return Err(LinkTemplateError::Constant(template.to_string()));
    }
    Ok(template.trim().to_string())
}

/// How far a severity is from off, to tell raising a rule from lowering it.
fn rank(level: RuleLevel) -> u8 {
    match level {
        RuleLevel::Off => 0,
        RuleLevel::On(crate::finding::Severity::Note) => 1,
        RuleLevel::On(crate::finding::Severity::Warning) => 2,
        RuleLevel::On(crate::finding::Severity::Error) => 3,
    }
}

fn level_name(level: RuleLevel) -> &'static str {
    match level {
        RuleLevel::Off => "off",
        RuleLevel::On(s) => s.as_str(),
    }
}

/// How long a chain of `extends` may be: deeper is surely a mistake.
const MAX_EXTENDS: usize = 16;

/// Reads a base configuration: its name (for messages and provenance) and
/// its text, or why it cannot be read.
pub type ReadBase<'a> =
    dyn Fn(&RegistryLocation) -> Result<(String, String), crate::load::LoadError> + 'a;

/// Parses a configuration and the chain of bases it `extends`, layered: each
/// file over its base. A missing base, a base that does not parse, or a
/// cycle is a problem of the file that names it.
pub fn resolve(path: &str, text: &str, read: &ReadBase<'_>) -> Result<Config, ConfigError> {
    resolve_chain(path, text, read, &mut Vec::new())
}

fn resolve_chain(
    path: &str,
    text: &str,
    read: &ReadBase<'_>,
    chain: &mut Vec<String>,
) -> Result<Config, ConfigError> {
    chain.push(path.to_string());
    let own = Config::parse(path, text)?;
    let Some(location) = own.extends.clone() else {
        return Ok(own);
    };
    let fail = |message: String, help: &str| ConfigError {
        path: path.to_string(),
        text: text.to_string(),
        problems: vec![ConfigProblem {
            span: own.extends_span.unwrap_or_default(),
            message,
            help: Some(help.to_string()),
        }],
    };
    let (base_path, base_text) = read(&location).map_err(|e| match e {
        crate::load::LoadError::OutsideRepository => {
            fail(e.to_string(), crate::scan::confine::OUTSIDE_HELP)
        }
        e => fail(
            format!("the base configuration cannot be read: {e}"),
            "`extends` names a charterlint.toml in the same tree, or `{ repo = \"../org-policy\", rev = \"main\", path = \"charterlint.toml\" }`",
        ),
    })?;
    if chain.contains(&base_path) {
        chain.push(base_path);
        return Err(fail(
            format!("`extends` goes round in a cycle: {}", chain.join(" → ")),
            "a base configuration may not extend, directly or not, the file that extends it",
        ));
    }
    if chain.len() >= MAX_EXTENDS {
        return Err(fail(
            format!("`extends` is more than {MAX_EXTENDS} configurations deep"),
            "extend the organisation's configuration directly",
        ));
    }
    let base = resolve_chain(&base_path, &base_text, read, chain)?;
    own.over(base, text)
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

/// Where one include glob can find charters, for pruning tree walks: the
/// folders it names segment by segment (`products/*/charter.toml` reaches
/// `products/<any>` and no deeper), then, after a `**`, anything below.
#[derive(Debug, Clone)]
enum Reach {
    Anywhere,
    Folders {
        /// One matcher per folder segment before the file name or a `**`.
        segments: Vec<globset::GlobMatcher>,
        /// A `**` follows them: any depth below.
        deep: bool,
    },
}

impl Reach {
    fn of(pattern: &str) -> Reach {
        // Braces and classes can hold a `/`: such a glob is not split.
        if pattern.contains(['{', '[']) {
            return Reach::Anywhere;
        }
        let parts: Vec<&str> = pattern.split('/').collect();
        let (folders, _file) = parts.split_at(parts.len() - 1);
        let mut segments = Vec::new();
        for part in folders
            .iter()
            .chain(parts.last().filter(|p| p.contains("**")))
        {
            if part.contains("**") {
                return Reach::Folders {
                    segments,
                    deep: true,
                };
            }
            match glob(part) {
                Ok(g) => segments.push(g.compile_matcher()),
                Err(_) => return Reach::Anywhere,
            }
        }
        Reach::Folders {
            segments,
            deep: false,
        }
    }

    fn may_contain(&self, dir: &str) -> bool {
        let Reach::Folders { segments, deep } = self else {
            return true;
        };
        for (i, name) in dir.split('/').enumerate() {
            match segments.get(i) {
                Some(segment) if !segment.is_match(name) => return false,
                Some(_) => {}
                None => return *deep,
            }
        }
        true
    }
}

/// Which paths are charters: include and exclude globs over paths relative
/// to the repository root, with `/`.
#[derive(Debug, Clone)]
pub struct Selector {
    include: GlobSet,
    exclude: GlobSet,
    exclude_dirs: GlobSet,
    reach: Vec<Reach>,
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
        self.reach.iter().any(|r| r.may_contain(dir))
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
    fn globs_without_a_double_star_reach_only_their_own_depth() {
        let c = Config::parse(
            "c",
            "include = [\"charter.toml\", \"teams/*/charter.toml\", \"docs/**\"]",
        )
        .unwrap();
        let s = c.selector();
        assert!(s.is_charter("charter.toml"));
        assert!(s.is_charter("teams/ledger/charter.toml"));
        assert!(s.may_contain("teams"));
        assert!(s.may_contain("teams/ledger"));
        assert!(!s.may_contain("teams/ledger/src"));
        assert!(!s.may_contain("src"));
        assert!(s.may_contain("docs/a/b"));
        // A class or braces may hold a `/`: such globs prune nothing.
        let c = Config::parse("c", "include = [\"{a,b/c}/charter.toml\"]").unwrap();
        assert!(c.selector().may_contain("x/y"));
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

    /// A reader of bases from an in-memory list of files.
    fn files<'a>(
        list: &'a [(&'a str, &'a str)],
    ) -> impl Fn(&RegistryLocation) -> Result<(String, String), crate::load::LoadError> + 'a {
        use crate::load::LoadError;
        move |location| match location {
            RegistryLocation::InTree(path) => list
                .iter()
                .find(|(p, _)| p == path)
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .ok_or_else(|| LoadError::BaseMissing(path.clone())),
            RegistryLocation::InRepo { path, .. } => Err(LoadError::BaseMissing(path.clone())),
        }
    }

    #[test]
    fn extends_layers_records_origins_and_stops_at_sixteen() {
        let list = [
            (
                "base.toml",
                "stale_after_days = 30\nlocked = [\"placeholder\"]\n[rules]\nplaceholder = \"warning\"\n",
            ),
            (
                "mid.toml",
                "extends = \"base.toml\"\nexclude = [\"old/**\"]\n",
            ),
        ];
        let c = resolve(
            "charterlint.toml",
            "extends = \"mid.toml\"\n[rules]\nplaceholder = \"error\"\n",
            &files(&list),
        )
        .unwrap();
        assert_eq!(c.stale_after_days, 30);
        assert_eq!(c.exclude, ["old/**"]);
        assert_eq!(
            c.level(rules::find("placeholder").unwrap()),
            RuleLevel::On(crate::finding::Severity::Error)
        );
        assert_eq!(c.origins["stale_after_days"], "base.toml");
        assert_eq!(c.origins["exclude"], "mid.toml");
        assert_eq!(c.origins["rules.placeholder"], "charterlint.toml");
        assert_eq!(c.locked["placeholder"], "base.toml");
        assert!(!c.origins.contains_key("include"));
        assert!(
            c.show()
                .contains("placeholder = \"error\"  # charterlint.toml (locked)")
        );

        let names: Vec<String> = (0..20).map(|i| format!("c{i}.toml")).collect();
        let texts: Vec<String> = (0..20)
            .map(|i| format!("extends = \"c{}.toml\"\n", i + 1))
            .collect();
        let chain: Vec<(&str, &str)> = names
            .iter()
            .zip(&texts)
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let e = resolve("c0.toml", &texts[0], &files(&chain)).unwrap_err();
        assert!(e.problems[0].message.contains("more than 16"), "{e}");

        let e = Config::parse("c", "locked = [\"no-such-rule\"]\n").unwrap_err();
        assert!(e.problems[0].message.contains("no-such-rule"));
    }

    #[test]
    fn severities_and_registry_forms() {
        let c = Config::parse(
            "c",
            "registry = { repo = \"../strategy\", rev = \"main\", path = \"okrs.toml\" }\n[rules]\nplaceholder = \"off\"\n",
        )
        .unwrap();
        assert_eq!(c.level(rules::find("placeholder").unwrap()), RuleLevel::Off);
        assert!(matches!(c.registry, Some(RegistryLocation::InRepo { .. })));
    }
}
