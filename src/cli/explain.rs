//! `charterlint explain RULE`

use crate::rules;

use super::Fatal;

pub fn run(id: &str) -> Result<u8, Fatal> {
    let Some(rule) = rules::find(id) else {
        let hint = match rules::closest_id(id) {
            Some(s) => format!(" (did you mean `{s}`?)"),
            None => String::new(),
        };
        return Err(Fatal(format!(
            "there is no rule `{}`{hint}; `charterlint rules` lists them",
            crate::text::visible(id)
        )));
    };
    super::emit(&None, &rule.explain())?;
    Ok(0)
}
