//! `charterlint rules`

use charterlint::rules::ALL;

use super::output::Fatal;

pub fn run(markdown: bool, reference: bool) -> Result<u8, Fatal> {
    let text = if reference {
        reference_text()
    } else if markdown {
        table()
    } else {
        plain()
    };
    super::output::emit(&None, &text)?;
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

/// docs/rules.md: every rule's explanation under a heading whose anchor is
/// the rule id, which the SARIF `helpUri` of each rule points at.
pub fn reference_text() -> String {
    let mut s = String::from(
        "# charterlint rules\n\n\
         <!-- generated: charterlint rules --reference; a test keeps it equal -->\n\n",
    );
    s.push_str(&table());
    for r in ALL {
        s.push_str(&format!("\n## {}\n\n", r.id));
        s.push_str(r.explain_markdown().trim_end());
        s.push('\n');
    }
    s
}
