//! `charterlint config --show`: the effective configuration, each value
//! with the file it comes from.

use crate::finding::RuleLevel;

use super::schema::{Config, RegistryLocation};

impl Config {
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
            let value = match self.rollouts.get(*id) {
                Some(date) => format!("{{ level = \"{}\", from = {date} }}", level.name()),
                None => format!("\"{}\"", level.name()),
            };
            let dated = if self.rollouts.contains_key(*id) {
                " (a note until its date)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{id} = {value}  # {}{locked}{dated}\n",
                from(&format!("rules.{id}"))
            ));
        }
        out
    }
}
