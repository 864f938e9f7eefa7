//! What a charter lacks of a table the format declares: the table itself or
//! one of its required keys, each with a help and (for a table) a fix.

use crate::charter::Charter;
use crate::fix::{Edit, Fix};
use crate::shape::Key;

use super::framework::{Emitter, Rule};

/// "add `key = value` under `[table]`": the help of a missing-field finding.
pub(crate) fn add_line(table: &str, line: &str) -> String {
    if table.is_empty() {
        format!("add `{line}` at the top of the file")
    } else {
        format!("add `{line}` under `[{table}]`")
    }
}

/// Reports a missing table: at the top of the file.
pub(crate) fn missing_table(
    rule: &'static Rule,
    c: &Charter,
    table: &str,
    sample: &str,
    out: &mut Emitter,
) {
    if let Some(m) = c.misspelling(table) {
        out.emit(
            rule,
            m.span,
            table,
            format!(
                "`[{table}]` is missing: `{}` looks like a misspelling of it",
                crate::text::visible(&m.written)
            ),
        )
        .help(format!(
            "rename `{}` to `{table}`",
            crate::text::visible(&m.written)
        ));
    } else if !c.is_invalid(table) {
        let d = out
            .emit(rule, c.top, table, format!("`[{table}]` is missing"))
            .help(format!(
                "add a `[{table}]` table, e.g.\n[{table}]\n{sample}"
            ));
        if let Some(text) = placeholder_table(table) {
            // Unsafe, and never a silent pass: every value is a placeholder
            // that `placeholder` or `invalid-value` reports until filled in.
            d.fix(Fix::unsafe_edit(
                format!("add `[{table}]` with placeholders to fill in"),
                vec![Edit::insert(c.end, text)],
            ));
        }
    }
}

/// A table of the charter format with each required key set to a
/// placeholder (`statement = "<statement>"`), to append to a charter.
fn placeholder_table(table: &str) -> Option<String> {
    let key = crate::charter::format::CHARTER
        .iter()
        .find(|k| k.name == table)?;
    let crate::shape::Shape::Table(keys) = key.shape else {
        return None;
    };
    let mut text = format!("\n[{table}]\n");
    for k in keys.iter().filter(|k| k.required) {
        text.push_str(&placeholder_line(k));
    }
    Some(text)
}

/// A required key set to a placeholder a person fills in:
/// `statement = "<statement>"`; a list gets a list of one placeholder, of
/// the type it must have.
fn placeholder_line(k: &Key) -> String {
    let placeholder = format!("\"<{}>\"", k.name.replace('_', " "));
    let value = match k.shape {
        crate::shape::Shape::List(_) => format!("[{placeholder}]"),
        _ => placeholder,
    };
    format!("{} = {value}\n", k.name)
}

/// Reports what the charter lacks of `[table]`, as the format declares it
/// (`charter::format`): the table itself, at the top of the file, or each
/// required key, at the table's header.
pub(crate) fn missing_in(rule: &'static Rule, c: &Charter, table: &str, out: &mut Emitter) {
    for m in c
        .missing
        .iter()
        .filter(|m| m.table == table || m.path == table)
    {
        if m.table.is_empty() {
            missing_table(rule, c, table, &m.key.table_sample(), out);
        } else {
            missing_key(rule, c, m, out);
        }
    }
}

/// Reports a required key missing from its table: at the table's header.
fn missing_key(rule: &'static Rule, c: &Charter, m: &crate::shape::Missing, out: &mut Emitter) {
    let (path, key) = (m.path.as_str(), m.key.name);
    if let Some(written) = c.misspelling(path) {
        out.emit(
            rule,
            written.span,
            path,
            format!(
                "`{path}` is missing: `{}` looks like a misspelling of it",
                crate::text::visible(&written.written)
            ),
        )
        .help(format!(
            "rename `{}` to `{key}`",
            crate::text::visible(&written.written)
        ));
    } else if !c.is_invalid(path) {
        let d = out
            .emit(
                rule,
                m.header.unwrap_or(c.top),
                path,
                format!("`{path}` is missing"),
            )
            .help(add_line(&m.table, &format!("{key} = {}", m.key.sample)));
        if let Some(at) = m.insert_at {
            // Unsafe, as a missing table's: the placeholder is reported
            // until a person writes the value.
            d.fix(Fix::unsafe_edit(
                format!("add `{key}` with a placeholder to fill in"),
                vec![Edit::insert(at, placeholder_line(m.key))],
            ));
        }
    }
}
