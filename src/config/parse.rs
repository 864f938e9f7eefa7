//! Reading a `charterlint.toml`: every problem reported with its span.

use crate::finding::RuleLevel;
use crate::rules;
use crate::select;
use crate::shape::{ShapeProblem, validate};
use crate::span::Span;
use crate::toml_doc::{self as doc, DeValue};

use super::error::{ConfigError, ConfigProblem};
use super::schema::{CONFIG, Config, RegistryLocation, WORDS};

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
        validate(root, CONFIG, &WORDS, "", &mut shape);
        for p in shape {
            problems.push(match p {
                // A rule's rollout needs both its level and its date.
                ShapeProblem::Missing(m) if m.table.starts_with("rules.") => ConfigProblem {
                    span: m.header.unwrap_or_default(),
                    message: format!("`{}` has no `{}`", m.table, m.key.name),
                    help: Some(format!(
                        "roll a rule out on a date with both: `{} = {{ level = \"error\", from = 2027-04-01 }}`",
                        m.table.trim_start_matches("rules.")
                    )),
                },
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
                if let Err(e) = select::glob(g) {
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
                let (level, from) = match v.get_ref() {
                    DeValue::String(s) => (s.parse::<RuleLevel>().ok(), None),
                    DeValue::Table(t) => (
                        doc::string(t, "level").and_then(|l| l.value.parse::<RuleLevel>().ok()),
                        doc::date(t, "from").map(|d| d.value),
                    ),
                    _ => (None, None),
                };
                if let Some(level) = level {
                    config.severities.insert(rule.id, level);
                    config.rule_spans.insert(rule.id, v.span().into());
                    if let Some(from) = from {
                        config.rollouts.insert(rule.id, from);
                    }
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
