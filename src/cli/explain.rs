//! `charterlint explain RULE`

use crate::rules::{self, Example, Rule};

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
    super::emit(&None, &explain(rule))?;
    Ok(0)
}

pub fn explain(rule: &Rule) -> String {
    let mut s = format!(
        "{} ({} by default)\n\n{}\n\n",
        rule.id,
        rule.default,
        rule.summary.replace('`', "")
    );
    s.push_str(&wrap(rule.explanation, 78));
    s.push_str("\n\n");
    s.push_str(&example("Fails", &rule.fails));
    s.push_str(&example("Passes", &rule.passes));
    s
}

fn example(title: &str, e: &Example) -> String {
    let mut s = String::new();
    if !e.args.is_empty() {
        s.push_str(&format!("{title} (with `{}`):\n\n", e.args.join(" ")));
    } else {
        s.push_str(&format!("{title}:\n\n"));
    }
    if !e.before.is_empty() {
        s.push_str("  before (the base commit):\n");
        for (path, text) in e.before {
            s.push_str(&file(path, text));
        }
        s.push_str("  after:\n");
    }
    for (path, text) in e.files {
        s.push_str(&file(path, text));
    }
    s
}

fn file(path: &str, text: &str) -> String {
    let mut s = format!("    # {path}\n");
    for line in text.lines() {
        s.push_str(&format!("    {line}\n").replace("    \n", "\n"));
    }
    s.push('\n');
    s
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
