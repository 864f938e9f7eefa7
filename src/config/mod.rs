//! `charterlint.toml` (SPEC section 4): which files are charters, where the
//! registry is, what is required, and rule severities. The schema and its
//! defaults, reading a file, layering it over its bases, showing the
//! result, and the errors, each in its own module; resolving `extends`
//! (which reads other files) is loading's, in `load`.

mod error;
mod layer;
mod parse;
mod schema;
mod show;

pub use error::{ConfigDiagnostic, ConfigError, ConfigProblem};
pub use parse::{LinkTemplateError, parse_link_template};
pub use schema::{CONFIG, Config, DEFAULT_INCLUDE, FILE_NAME, RegistryLocation, json_schema};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::RuleLevel;
    use crate::rules;

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
