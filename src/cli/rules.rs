//! `charterlint rules`

use crate::rules::ALL;

use super::Fatal;

pub fn run(markdown: bool) -> Result<u8, Fatal> {
    let text = if markdown { table() } else { plain() };
    super::emit(&None, &text)?;
    Ok(0)
}

fn plain() -> String {
    let width = ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
    ALL.iter()
        .map(|r| {
            format!(
                "{:width$}  {:7}  {}\n",
                r.id,
                r.default.as_str(),
                r.summary.replace('`', "")
            )
        })
        .collect()
}

/// The README's rule table.
pub fn table() -> String {
    let mut s = String::from("| rule | default | fires when |\n|---|---|---|\n");
    for r in ALL {
        s.push_str(&format!("| `{}` | {} | {} |\n", r.id, r.default, r.summary));
    }
    s
}
