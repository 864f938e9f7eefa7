//! `--format markdown`: a short summary to post as a pull-request comment: a
//! headline, the counts, then the findings grouped by charter, up to
//! [`MAX_SHOWN`]. Text from charters is escaped so it cannot add Markdown,
//! HTML or @mentions to the comment.

use crate::engine::Results;
use crate::finding::Finding;
use crate::text::visible;

/// The most findings listed; the rest are counted. A comment is read by
/// people, and GitHub caps a comment at 65,536 characters.
pub const MAX_SHOWN: usize = 50;

pub fn render(report: &Results, deny_warnings: bool) -> String {
    let mut s = String::new();
    s.push_str(match report.exit_code(deny_warnings) {
        0 => "### ✅ charterlint: passed\n\n",
        1 => "### ❌ charterlint: failed\n\n",
        _ => "### ⚠️ charterlint: the check could not be completed\n\n",
    });
    if let Some(owner) = report.scan.as_ref().and_then(|i| i.owner.as_deref()) {
        s.push_str(&format!("Team {}'s products.\n\n", code(owner)));
    }
    s.push_str(&counts(report));
    if !report.errors.is_empty() {
        s.push('\n');
        for e in &report.errors {
            s.push_str(&format!("- {}\n", escape(e)));
        }
    }
    let mut current: Option<String> = None;
    for f in report.findings.iter().take(MAX_SHOWN) {
        let file = super::file_of(f);
        if current.as_ref() != Some(&file) {
            s.push_str(&format!(
                "\n#### {}\n\n| Line | Severity | Rule | Message |\n|---|---|---|---|\n",
                escape(&file)
            ));
            current = Some(file);
        }
        s.push_str(&row(f));
    }
    let hidden = report.findings.len().saturating_sub(MAX_SHOWN);
    if hidden > 0 {
        s.push_str(&format!(
            "\n…and {hidden} more finding{}.\n",
            if hidden == 1 { "" } else { "s" }
        ));
    }
    if !report.upcoming.is_empty() {
        s.push_str(&upcoming_table(report));
    }
    if let Some(trend) = &report.trend {
        s.push_str(&trend_table(trend));
    }
    s
}

/// Rules rolled out on a later date: what fails then unless it is fixed.
fn upcoming_table(report: &Results) -> String {
    let mut s = String::from(
        "\n#### Upcoming\n\n| Rule | From | Level then | Charters with findings today | Teams |\n|---|---|---|---|---|\n",
    );
    for u in crate::upcoming::of(report) {
        let teams: Vec<String> = u.teams.iter().map(|t| escape(t)).collect();
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            code(&u.rule),
            u.from,
            escape(&u.level),
            u.charters,
            teams.join(", ")
        ));
    }
    s
}

/// The most recent scans the trend table shows; a year of weekly results
/// is a chart's job (the HTML's), not a comment's.
pub const TREND_ROWS: usize = 8;

/// `--history`: the last scans as a short table, and the products that
/// moved quadrant since the oldest.
fn trend_table(trend: &crate::result_file::Trend) -> String {
    let points = &trend.points;
    let mut s = format!(
        "\n#### Trend\n\n{} scan{} from {} to {}",
        points.len(),
        if points.len() == 1 { "" } else { "s" },
        escape(points.first().map_or("", |p| p.today.as_str())),
        escape(points.last().map_or("", |p| p.today.as_str())),
    );
    let skipped = points.len().saturating_sub(TREND_ROWS);
    if skipped > 0 {
        s.push_str(&format!("; the last {TREND_ROWS} shown"));
    }
    s.push_str(".\n\n| Scan | Repositories | Coverage | Errors | Warnings | Notes |\n|---|---:|---:|---:|---:|---:|\n");
    for p in &points[skipped..] {
        let when = if p.file.is_none() {
            format!("{} (this run)", escape(&p.today))
        } else {
            escape(&p.today)
        };
        s.push_str(&format!(
            "| {when} | {} | {}% | {} | {} | {} |\n",
            p.repos, p.coverage, p.errors, p.warnings, p.notes
        ));
    }
    if !trend.moved.is_empty() {
        s.push_str("\nMoved quadrant since the first scan:\n\n");
        let named = |levels: Option<&str>| {
            levels
                .and_then(crate::trend::quadrant_of_levels)
                .map_or("?", crate::charter::Quadrant::name)
        };
        for m in &trend.moved {
            let name = m
                .name
                .as_deref()
                .or(m.product_id.as_deref())
                .unwrap_or(&m.path);
            s.push_str(&format!(
                "- {}: {} → {}\n",
                escape(name),
                named(m.quadrant_then.as_deref()),
                named(m.quadrant_now.as_deref()),
            ));
        }
    }
    s
}

/// A short text as inline code, its backticks dropped.
fn code(text: &str) -> String {
    format!("`{}`", visible(text).replace('`', "'"))
}

fn counts(report: &Results) -> String {
    let c = report.counts();
    let n = report.charters_checked;
    let mut s = format!(
        "{} · {} · {} in {n} charter{}",
        count(c.errors, "error"),
        count(c.warnings, "warning"),
        count(c.notes, "note"),
        if n == 1 { "" } else { "s" }
    );
    if report.repos > 0 {
        s.push_str(&format!(
            " across {} repositor{}",
            report.repos,
            if report.repos == 1 { "y" } else { "ies" }
        ));
    }
    s.push_str(".\n");
    s
}

fn count(n: usize, what: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    if n > 0 {
        format!("**{n} {what}{plural}**")
    } else {
        format!("{n} {what}{plural}")
    }
}

fn row(f: &Finding) -> String {
    let mut message = with_code(&f.message);
    if let Some(help) = &f.help {
        message.push_str("<br>**help:** ");
        message.push_str(&with_code(help));
    }
    let place = if f.is_about_repository() {
        "—".to_string()
    } else {
        format!("{}:{}", f.position.line, f.position.column)
    };
    format!("| {place} | {} | `{}` | {message} |\n", f.severity, f.rule)
}

/// Text as literal Markdown inside a table cell: HTML is shown, not
/// interpreted; Markdown punctuation, `|` included, is backslash-escaped;
/// an `@` cannot mention anyone; line breaks become `<br>`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in visible(line).chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                // A zero-width space after the `@` keeps the text and drops the mention.
                '@' => out.push_str("@&#8203;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '~' | '|' | '$'
                | '{' | '}' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// A message or help as Markdown: its `code spans` shown as code, the rest
/// escaped as [`escape`] does. A line whose backticks do not pair up, or
/// whose spans hold what Markdown or HTML could read (`<`, `&`, `@`, `|`,
/// as a hostile value quoted in a message would), is escaped whole: nothing
/// from a charter can open a span, add markup or mention anyone.
fn with_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        let parts: Vec<&str> = line.split('`').collect();
        let spans_are_plain = parts.len() % 2 == 1
            && parts.iter().skip(1).step_by(2).all(|code| {
                !code.is_empty()
                    && !code.contains(['<', '>', '&', '@', '|'])
                    && visible(code) == *code
            });
        if !spans_are_plain {
            out.push_str(&escape(line));
            continue;
        }
        for (n, part) in parts.iter().enumerate() {
            if n % 2 == 0 {
                out.push_str(&escape(part));
            } else {
                out.push('`');
                out.push_str(part);
                out.push('`');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, with_code};

    #[test]
    fn code_spans_are_shown_as_code() {
        assert_eq!(
            with_code("`choice = false` but `type = \"customer\"`"),
            "`choice = false` but `type = \"customer\"`"
        );
        assert_eq!(with_code("a `x_y` b_c"), "a `x_y` b\\_c");
        assert_eq!(with_code("add\n`[vision]`"), "add<br>`[vision]`");
        // Unpaired, or holding what could be read as markup: escaped whole.
        assert_eq!(with_code("the rule `a`b` is"), "the rule \\`a\\`b\\` is");
        assert_eq!(
            with_code("found `<img src=x> @team` in `k`"),
            "found \\`&lt;img src=x&gt; @&#8203;team\\` in \\`k\\`"
        );
        assert_eq!(with_code("`a|b`"), "\\`a\\|b\\`");
    }

    #[test]
    fn a_run_that_could_not_be_done_lists_why() {
        let report = crate::engine::Results {
            errors: vec!["a_b/charter.toml: cannot read: <denied>".into()],
            ..Default::default()
        };
        assert_eq!(
            super::render(&report, false),
            "### ⚠️ charterlint: the check could not be completed\n\n\
             0 errors · 0 warnings · 0 notes in 0 charters.\n\n\
             - a\\_b/charter.toml: cannot read: &lt;denied&gt;\n"
        );
    }

    #[test]
    fn charter_text_cannot_inject_markup() {
        assert_eq!(
            escape("a | b <img src=x> `code` @team *x* [l](u)\nnext"),
            "a \\| b &lt;img src=x&gt; \\`code\\` @&#8203;team \\*x\\* \\[l\\]\\(u\\)<br>next"
        );
        assert_eq!(escape("&#64;x"), "&amp;\\#64;x");
        assert_eq!(escape("\u{1b}[31m"), "\\\\u\\{1b\\}\\[31m");
    }
}
