//! An answer checked as `check` checks it: the charter written so far,
//! with the answer in its place, is run through every rule, and the
//! findings about the answer's key are what the person is told as they
//! type (the guided `init`). The messages are the rules' own, word for
//! word.

use std::fmt;

use crate::date::Date;
use crate::engine;
use crate::finding::Severity;
use crate::registry::Registry;
use crate::rules::Context;
use crate::source::Content;

/// A finding about an answer, as `check` would report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::visible(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, " (help: {})", crate::text::visible(help))?;
        }
        Ok(())
    }
}

/// The findings of `check` on the charter `text` (against `registry`, on
/// `today`) that concern `about`: each a key path (`product.id`, which
/// also takes `product.id[0]` and `product.id.x`) or a rule id; every
/// finding when `about` is empty. Default severities; notes included.
pub fn problems(
    text: &str,
    registry: Option<&Registry>,
    today: Date,
    about: &[&str],
) -> Vec<Problem> {
    let cx = Context::new(today, registry);
    let outcome = engine::check_file(
        None,
        "charter.toml",
        Content::Bytes(text.as_bytes().to_vec()),
        &cx,
        false,
    );
    let concerns = |field: &str, rule: &str| {
        about.is_empty()
            || about.iter().any(|a| {
                *a == rule
                    || field == *a
                    || field
                        .strip_prefix(*a)
                        .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
            })
    };
    outcome
        .findings
        .into_iter()
        .filter(|f| concerns(&f.field, f.rule))
        .map(|f| Problem {
            rule: f.rule,
            severity: f.severity,
            message: f.message,
            help: f.help,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-22".parse().unwrap()
    }

    #[test]
    fn a_bad_slug_gets_check_s_message() {
        let p = problems(
            "charter = 1\n[product]\nid = \"Not A Slug\"\n",
            None,
            today(),
            &["product.id"],
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].rule, "invalid-value");
        assert_eq!(
            p[0].message,
            "`product.id` must be a slug (lower-case letters, digits and `-`), found `Not A Slug`"
        );
        assert!(p[0].to_string().contains("(help: try `not-a-slug`)"));
        assert!(
            problems(
                "charter = 1\n[product]\nid = \"ledger\"\n",
                None,
                today(),
                &["product.id"]
            )
            .is_empty()
        );
    }

    #[test]
    fn a_placeholder_and_a_rule_by_id() {
        let text = "charter = 1\n[product]\nname = \"TBD\"\n";
        let p = problems(text, None, today(), &["product.name"]);
        assert_eq!(p[0].rule, "placeholder", "{p:?}");
        let p = problems(text, None, today(), &["vision-missing"]);
        assert_eq!(p[0].message, "`[vision]` is missing");
    }
}
