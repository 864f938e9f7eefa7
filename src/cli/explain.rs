//! `charterlint explain RULE`

use charterlint::rules;

use super::output::Fatal;

pub fn run(id: &str) -> Result<u8, Fatal> {
    let Some(rule) = rules::find(id) else {
        let hint = match rules::closest_id(id) {
            Some(s) => format!(" (did you mean `{s}`?)"),
            None => String::new(),
        };
        return Err(Fatal(format!(
            "there is no rule `{}`{hint}; `charterlint rules` lists them",
            charterlint::text::visible(id)
        )));
    };
    super::output::emit(&None, &rule.explain())?;
    Ok(0)
}
