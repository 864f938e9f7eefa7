//! A rule's documentation as text (`charterlint explain`) and as Markdown
//! (the SARIF rule help), both from its one declaration.

use super::framework::{Example, Rule};

/// Where a rule is documented: its anchor in docs/rules.md (generated from
/// the rule declarations by `charterlint rules --reference`). The SARIF
/// `helpUri`, the editor's "open the rule's documentation" and the HTML's
/// links all point here.
pub fn documentation_url(rule: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{rule}",
        env!("CARGO_PKG_REPOSITORY")
    )
}

impl Rule {
    /// What `charterlint explain` prints: the rule, why it matters, and a
    /// failing and a passing example.
    pub fn explain(&self) -> String {
        let mut s = format!(
            "{} ({} by default)\n\n{}\n\n",
            self.id,
            self.default,
            self.summary.replace('`', "")
        );
        s.push_str(&wrap(self.explanation, 78));
        s.push_str("\n\n");
        s.push_str(&example_text("Fails", &self.fails));
        s.push_str(&example_text("Passes", &self.passes));
        s
    }

    /// The same as Markdown, examples in TOML code blocks.
    pub fn explain_markdown(&self) -> String {
        let mut s = format!(
            "**{}** ({} by default): {}\n\n{}\n\n",
            self.id, self.default, self.summary, self.explanation
        );
        s.push_str(&example_markdown("Fails", &self.fails));
        s.push_str(&example_markdown("Passes", &self.passes));
        s
    }
}

/// "Fails", or "Fails (with `--changed-since HEAD~1`)".
fn example_title(title: &str, e: &Example) -> String {
    if e.args.is_empty() {
        title.to_string()
    } else {
        format!("{title} (with `{}`)", e.args.join(" "))
    }
}

fn example_text(title: &str, e: &Example) -> String {
    let mut s = format!("{}:\n\n", example_title(title, e));
    if !e.before.is_empty() {
        s.push_str("  before (the base commit):\n");
        for (path, text) in e.before {
            s.push_str(&file_text(path, text));
        }
        s.push_str("  after:\n");
    }
    for (path, text) in e.files {
        s.push_str(&file_text(path, text));
    }
    s
}

fn file_text(path: &str, text: &str) -> String {
    let mut s = format!("    # {path}\n");
    for line in text.lines() {
        s.push_str(&format!("    {line}\n").replace("    \n", "\n"));
    }
    s.push('\n');
    s
}

fn example_markdown(title: &str, e: &Example) -> String {
    let mut s = format!("{}:\n\n", example_title(title, e));
    if !e.before.is_empty() {
        s.push_str("Before (the base commit):\n\n");
        for (path, text) in e.before {
            s.push_str(&file_markdown(path, text));
        }
        s.push_str("After:\n\n");
    }
    for (path, text) in e.files {
        s.push_str(&file_markdown(path, text));
    }
    s
}

fn file_markdown(path: &str, text: &str) -> String {
    // A fence longer than any run of backticks in the text cannot be closed by it.
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lang = match path.rsplit_once('.') {
        Some((_, "toml")) => "toml",
        Some((_, "md")) => "markdown",
        _ => "",
    };
    format!(
        "`{path}`:\n\n{fence}{lang}\n{}\n{fence}\n\n",
        text.trim_end()
    )
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::ALL;

    #[test]
    fn markdown_help_holds_every_example_file_in_a_code_block() {
        for rule in ALL {
            let md = rule.explain_markdown();
            assert!(
                md.contains("\nFails") && md.contains("\nPasses"),
                "{}",
                rule.id
            );
            let examples = [&rule.fails, &rule.passes];
            for (path, text) in examples.iter().flat_map(|e| e.files.iter().chain(e.before)) {
                let lang = match path.rsplit(['/', '.']).next() {
                    Some("toml") => "toml",
                    Some("md") => "markdown",
                    _ => "",
                };
                let block = format!("`{path}`:\n\n```{lang}\n{}\n```\n", text.trim_end());
                assert!(md.contains(&block), "{}: no block for {path}", rule.id);
            }
        }
    }
}
