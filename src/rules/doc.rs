//! A rule's documentation as text (`charterlint explain`) and as Markdown
//! (the SARIF rule help, `docs/rules.md`, the editor's hover), both from its
//! one declaration.
//!
//! A rule's `docs/<rule>.md` has two parts, each under a `## ` heading:
//! `## What it checks` (exactly when the rule fires) and `## Why` (the idea
//! behind it), each one or more paragraphs separated by blank lines.

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
    /// What `charterlint explain` prints: the rule, what it checks and why,
    /// and a failing and a passing example.
    pub fn explain(&self) -> String {
        let mut s = format!(
            "{} ({} by default)\n\n{}\n\n",
            self.id,
            self.default,
            self.summary.replace('`', "")
        );
        s.push_str(&self.render(|h| h.to_string(), |p| wrap(p, 78)));
        s.push_str("\n\n");
        s.push_str(&example_text("Fails", &self.fails));
        s.push_str(&example_text("Passes", &self.passes));
        s
    }

    /// The same as Markdown, examples in TOML code blocks.
    pub fn explain_markdown(&self) -> String {
        let mut s = format!(
            "**{}** ({} by default): {}\n\n{}\n\n",
            self.id,
            self.default,
            self.summary,
            self.explanation_markdown()
        );
        s.push_str(&example_markdown("Fails", &self.fails));
        s.push_str(&example_markdown("Passes", &self.passes));
        s
    }

    /// The explanation as plain text (the SARIF `fullDescription.text`):
    /// each heading a line of its own, each paragraph one line.
    pub fn explanation_plain(&self) -> String {
        self.render(
            |h| h.to_string(),
            |p| p.split_whitespace().collect::<Vec<_>>().join(" "),
        )
    }

    /// The explanation as Markdown, its headings one level down (`###`) so
    /// that they nest under the rule's own `##` heading in `docs/rules.md`.
    pub fn explanation_markdown(&self) -> String {
        self.render(|h| format!("### {h}"), str::to_string)
    }

    /// The explanation's blocks, each heading and paragraph rendered as
    /// given, with a blank line between them.
    fn render(
        &self,
        heading: impl Fn(&str) -> String,
        paragraph: impl Fn(&str) -> String,
    ) -> String {
        blocks(self.explanation)
            .iter()
            .map(|b| match b {
                Block::Heading(h) => heading(h),
                Block::Paragraph(p) => paragraph(p),
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// A part of a rule's doc: a `## ` heading, or a paragraph (its lines).
#[derive(Debug)]
enum Block<'a> {
    Heading(&'a str),
    Paragraph(String),
}

/// The doc's headings and paragraphs, in order. A heading is a block of its
/// own even without a blank line after it.
fn blocks(doc: &str) -> Vec<Block<'_>> {
    fn end_paragraph<'a>(lines: &mut Vec<&'a str>, out: &mut Vec<Block<'a>>) {
        if !lines.is_empty() {
            out.push(Block::Paragraph(lines.join("\n")));
            lines.clear();
        }
    }
    let mut out = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in doc.lines().map(str::trim_end) {
        if let Some(h) = line.strip_prefix("## ") {
            end_paragraph(&mut lines, &mut out);
            out.push(Block::Heading(h.trim()));
        } else if line.trim().is_empty() {
            end_paragraph(&mut lines, &mut out);
        } else {
            lines.push(line);
        }
    }
    end_paragraph(&mut lines, &mut out);
    out
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

/// One paragraph, its words filled into lines of at most `width` columns.
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
    use super::{Block, blocks};
    use crate::rules::ALL;

    /// The headings of a rule's doc, in order.
    const SECTIONS: [&str; 2] = ["What it checks", "Why"];

    #[test]
    fn every_doc_says_what_it_checks_then_why() {
        for rule in ALL {
            let blocks = blocks(rule.explanation);
            let headings: Vec<&str> = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Heading(h) => Some(*h),
                    Block::Paragraph(_) => None,
                })
                .collect();
            assert_eq!(headings, SECTIONS, "{}: the doc's headings", rule.id);
            // Each heading has text under it: the doc opens with a heading,
            // and every heading is followed by a paragraph.
            assert!(
                matches!(blocks.first(), Some(Block::Heading(_))),
                "{}: text before `## {}`",
                rule.id,
                SECTIONS[0]
            );
            for (i, b) in blocks.iter().enumerate() {
                if let Block::Heading(h) = b {
                    assert!(
                        matches!(blocks.get(i + 1), Some(Block::Paragraph(p)) if !p.trim().is_empty()),
                        "{}: nothing under `## {h}`",
                        rule.id
                    );
                }
            }
            // No heading of another level (`#`, `###`) either.
            assert_eq!(
                rule.explanation
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .count(),
                SECTIONS.len(),
                "{}: only the two `## ` headings",
                rule.id
            );
        }
    }

    #[test]
    fn explain_prints_the_headings_as_lines_and_wraps_each_paragraph() {
        for rule in ALL {
            let text = rule.explain();
            let doc = text
                .split("\nFails")
                .next()
                .unwrap()
                .split_once(&format!("\n\n{}\n\n", SECTIONS[0]))
                .unwrap_or_else(|| panic!("{}: no `{}` line: {text}", rule.id, SECTIONS[0]))
                .1;
            assert!(
                doc.contains(&format!("\n\n{}\n\n", SECTIONS[1])),
                "{}: {text}",
                rule.id
            );
            assert!(!doc.contains('#'), "{}: {doc}", rule.id);
            for line in doc.lines() {
                assert!(
                    line.len() <= 78 || !line.contains(' '),
                    "{}: a line longer than 78 columns: {line}",
                    rule.id
                );
            }
            // As many paragraphs as the doc has, blank lines between them.
            let paragraphs = blocks(rule.explanation)
                .iter()
                .filter(|b| matches!(b, Block::Paragraph(_)))
                .count();
            assert_eq!(
                doc.trim_end().split("\n\n").count(),
                paragraphs + 1,
                "{}: {doc}",
                rule.id
            );
        }
    }

    #[test]
    fn the_plain_explanation_has_no_markdown_headings_and_the_markdown_nests_them() {
        for rule in ALL {
            let plain = rule.explanation_plain();
            assert!(
                plain.starts_with("What it checks\n\n"),
                "{}: {plain}",
                rule.id
            );
            assert!(
                plain.contains("\n\nWhy\n\n") && !plain.contains('#'),
                "{}",
                rule.id
            );
            let md = rule.explanation_markdown();
            assert!(
                md.starts_with("### What it checks\n\n"),
                "{}: {md}",
                rule.id
            );
            assert!(md.contains("\n\n### Why\n\n"), "{}", rule.id);
            assert!(rule.explain_markdown().contains(&md), "{}", rule.id);
        }
    }

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
