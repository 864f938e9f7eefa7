//! `charterlint rules`

use std::path::Path;

use charterlint::rules::ALL;

use super::output::Fatal;

pub fn run(markdown: bool, reference: bool, config: Option<&Path>) -> Result<u8, Fatal> {
    let text = if reference {
        reference_text()
    } else if markdown {
        table()
    } else {
        plain() + &dated(config)?
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

/// The rules the configuration rolls out on a date. Without `--config`,
/// a configuration that cannot be read is passed over with a warning: the
/// list of rules does not depend on it.
fn dated(file: Option<&Path>) -> Result<String, Fatal> {
    let config = match super::config::effective(file) {
        Ok((_, config)) => config,
        Err(e) if file.is_some() => return Err(e),
        Err(e) => {
            eprintln!(
                "warning: rules rolled out on a date are not listed: {}",
                e.0
            );
            return Ok(String::new());
        }
    };
    if config.rollouts.is_empty() {
        return Ok(String::new());
    }
    let from = config.path.as_deref().unwrap_or("the configuration");
    let mut s = format!(
        "\nRolled out on a date ({}): a note until then\n",
        charterlint::text::visible(from)
    );
    let width = config.rollouts.keys().map(|id| id.len()).max().unwrap_or(0);
    for (id, date) in &config.rollouts {
        let level = config.severities.get(id).map_or("error", |l| l.name());
        s.push_str(&format!("{id:width$}  {level:7}  from {date}\n"));
    }
    Ok(s)
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
