//! What the editor asks about a position: hover text, completions, and the
//! code actions of the findings there. Pure functions of a document's text,
//! its findings and the registry.

use crate::charter::format::CHARTER;
use crate::finding::Finding;
use crate::registry::Registry;
use crate::shape::{Key, Shape};
use crate::span::Span;
use crate::toml_doc::{self, DeTable, DeValue, Spanned};

/// What is at an offset of a charter.
#[derive(Debug, PartialEq, Eq)]
pub enum At {
    /// A key, by its path (`relationship`, `type`).
    Key(Vec<String>),
    /// A string value (or item of a list of strings) of the key at the path.
    Value(Vec<String>, String),
}

fn inside(span: std::ops::Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

fn locate_in(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> Option<At> {
    for (k, v) in table.iter() {
        path.push(k.get_ref().to_string());
        if inside(k.span(), offset) {
            return Some(At::Key(path.clone()));
        }
        // A table's span is its header alone, not what it holds: look
        // inside every table, and inside other values only at their span.
        let maybe_here = matches!(v.get_ref(), DeValue::Table(_) | DeValue::Array(_))
            || inside(v.span(), offset);
        if maybe_here && let Some(found) = locate_value(v, offset, path) {
            return Some(found);
        }
        path.pop();
    }
    None
}

fn locate_value(v: &Spanned<DeValue<'_>>, offset: usize, path: &mut Vec<String>) -> Option<At> {
    match v.get_ref() {
        DeValue::String(s) => Some(At::Value(path.clone(), s.to_string())),
        DeValue::Table(t) => locate_in(t, offset, path),
        DeValue::Array(items) => items
            .iter()
            .filter(|i| matches!(i.get_ref(), DeValue::Table(_)) || inside(i.span(), offset))
            .find_map(|i| locate_value(i, offset, path)),
        _ => None,
    }
}

/// The key or string value at `offset`, if the text parses.
pub fn locate(text: &str, offset: usize) -> Option<At> {
    let root = toml_doc::parse(text).ok()?;
    locate_in(root.get_ref(), offset, &mut Vec::new())
}

/// The declaration of the key at `path` in the charter format.
fn declared(path: &[String]) -> Option<&'static Key> {
    let mut keys: &[Key] = CHARTER;
    let mut found = None;
    for name in path {
        let key = keys.iter().find(|k| k.name == name)?;
        found = Some(key);
        keys = match &key.shape {
            Shape::Table(inner) | Shape::Tables(inner) => inner,
            _ => &[],
        };
    }
    found
}

/// The allowed values of an enumerated key, `[]` for any other.
fn allowed(shape: &Shape) -> &'static [&'static str] {
    match shape {
        Shape::OneOf(values) => values,
        Shape::List(Shape::OneOf(values)) => values,
        _ => &[],
    }
}

/// Hover text at `offset`: the rule's explanation on a finding, the
/// registry entry on an OKR id, the key's meaning on a key.
pub fn hover(
    text: &str,
    offset: usize,
    findings: &[Finding],
    registry: Option<&Registry>,
) -> Option<String> {
    let on_finding: Vec<&Finding> = findings
        .iter()
        .filter(|f| inside(f.span.start..f.span.end, offset) && f.span != Span::default())
        .collect();
    let mut parts: Vec<String> = on_finding
        .iter()
        .filter_map(|f| crate::rules::find(f.rule))
        .map(|r| r.explain_markdown())
        .collect();
    parts.dedup();
    match locate(text, offset) {
        Some(At::Value(path, id)) if path.first().is_some_and(|t| t == "golden_thread") => {
            if let Some(entry) = registry.and_then(|r| registry_entry(r, &path, &id)) {
                parts.insert(0, entry);
            }
        }
        Some(At::Key(path)) if parts.is_empty() => {
            let key = declared(&path)?;
            let mut s = format!("**`{}`**: {}", path.join("."), key.doc);
            let values = allowed(&key.shape);
            if !values.is_empty() {
                s.push_str(&format!(
                    "\n\nOne of: {}",
                    values
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if key.required {
                s.push_str("\n\nRequired.");
            }
            parts.push(s);
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

fn registry_entry(r: &Registry, path: &[String], id: &str) -> Option<String> {
    let key = path.get(1)?.as_str();
    let line = |l: usize| format!("{}:{l}", r.path);
    match key {
        "goal" => r.goal(id).map(|g| {
            format!(
                "**Goal `{}`** ({})\n\n{}",
                g.id,
                line(g.line),
                g.statement.as_deref().unwrap_or("")
            )
        }),
        "objectives" => r.objective(id).map(|o| {
            format!(
                "**Objective `{}`** of goal `{}`, ends {} ({})\n\n{}",
                o.id,
                o.goal.as_deref().unwrap_or("?"),
                o.ends.map_or("—".to_string(), |d| d.to_string()),
                line(o.line),
                o.statement.as_deref().unwrap_or("")
            )
        }),
        "key_results" => r.objective_of_key_result(id).map(|o| {
            format!(
                "**Key result `{id}`** of objective `{}` ({})\n\n{}",
                o.id,
                line(o.line),
                o.statement.as_deref().unwrap_or("")
            )
        }),
        _ => None,
    }
}

/// A completion: what to insert and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: String,
    /// Sorted by this, then the label: what fits best first.
    pub rank: u8,
    pub is_value: bool,
}

/// The table header in force at a line: `["relationship", "autonomy"]`.
fn table_at(text: &str, line_start: usize) -> Vec<String> {
    text[..line_start]
        .lines()
        .rev()
        .find_map(|l| {
            let l = l.trim();
            let inner = l
                .strip_prefix("[[")
                .and_then(|r| r.split("]]").next())
                .or_else(|| l.strip_prefix('[').and_then(|r| r.split(']').next()))?;
            Some(
                inner
                    .split('.')
                    .map(|s| s.trim().trim_matches('"').to_string())
                    .collect(),
            )
        })
        .unwrap_or_default()
}

/// The string values already listed under `key` in the charter's table.
fn listed(text: &str, table: &str, key: &str) -> Vec<String> {
    let Ok(root) = toml_doc::parse(text) else {
        return Vec::new();
    };
    toml_doc::table(root.get_ref(), table)
        .and_then(|(_, t)| toml_doc::strings(t, key))
        .map(|l| l.value.into_iter().map(|f| f.value).collect())
        .unwrap_or_default()
}

fn goal_of(text: &str) -> Option<String> {
    let root = toml_doc::parse(text).ok()?;
    let (_, t) = toml_doc::table(root.get_ref(), "golden_thread")?;
    toml_doc::string(t, "goal").map(|f| f.value)
}

/// Completions at `offset`: table names in a header, key names at the
/// start of a line, and values after `key =`: the allowed ones, or OKR ids
/// from the registry (objectives of the charter's goal first; key results
/// of the listed objectives).
pub fn complete(text: &str, offset: usize, registry: Option<&Registry>) -> Vec<Completion> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let trimmed = before.trim_start();
    let mut out = Vec::new();
    if let Some(header) = trimmed.strip_prefix('[') {
        let prefix = header.trim_start_matches('[');
        for k in CHARTER.iter() {
            if matches!(k.shape, Shape::Table(_) | Shape::Tables(_)) && k.name.starts_with(prefix) {
                out.push(Completion {
                    label: k.name.into(),
                    detail: k.doc.into(),
                    rank: 0,
                    is_value: false,
                });
            }
        }
        return out;
    }
    let table = table_at(text, line_start);
    let Some((key, _)) = trimmed.split_once('=') else {
        // A key name.
        if let Some(Key {
            shape: Shape::Table(keys) | Shape::Tables(keys),
            ..
        }) = declared(&table).or(None)
        {
            for k in keys.iter() {
                out.push(Completion {
                    label: k.name.into(),
                    detail: k.doc.into(),
                    rank: u8::from(!k.required),
                    is_value: false,
                });
            }
        } else if table.is_empty() {
            out.push(Completion {
                label: "charter".into(),
                detail: "Format version; only 1 exists.".into(),
                rank: 0,
                is_value: false,
            });
        }
        return out;
    };
    let key = key.trim();
    let mut path = table.clone();
    path.push(key.to_string());
    let Some(decl) = declared(&path) else {
        return out;
    };
    for v in allowed(&decl.shape) {
        out.push(Completion {
            label: v.to_string(),
            detail: decl.doc.into(),
            rank: 0,
            is_value: true,
        });
    }
    if let (Some(r), ["golden_thread", k]) = (
        registry,
        path.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
    ) {
        match *k {
            "goal" => {
                for g in r.goals() {
                    out.push(Completion {
                        label: g.id.clone(),
                        detail: g.statement.clone().unwrap_or_default(),
                        rank: 0,
                        is_value: true,
                    });
                }
            }
            "objectives" => {
                let goal = goal_of(text);
                for o in r.objectives() {
                    let ours = goal.is_some() && o.goal == goal;
                    out.push(Completion {
                        label: o.id.clone(),
                        detail: o.statement.clone().unwrap_or_default(),
                        rank: u8::from(!ours),
                        is_value: true,
                    });
                }
            }
            "key_results" => {
                let objectives = listed(text, "golden_thread", "objectives");
                for o in r.objectives() {
                    let ours = objectives.contains(&o.id);
                    for kr in &o.key_results {
                        out.push(Completion {
                            label: kr.clone(),
                            detail: format!("a key result of {}", o.id),
                            rank: u8::from(!ours),
                            is_value: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| (a.rank, &a.label).cmp(&(b.rank, &b.label)));
    out
}

/// The text that waives a finding's rule until a date: a `[[waivers]]`
/// entry whose reason is a placeholder, so that `waiver-incomplete` asks
/// for a real one before the waiver waives anything.
/// An objective of the registry offered for `golden_thread.objectives`:
/// the text to insert at `at` that lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveChoice {
    pub title: String,
    pub at: usize,
    pub insert: String,
}

/// The code actions that fill `golden_thread.objectives` from the registry,
/// when `offset` is in the `[golden_thread]` table: each objective of the
/// charter's goal that is not listed yet (current ones first, then those
/// that ended, marked), added to the list or, without one, as a new
/// `objectives` line under the header.
pub fn objective_choices(
    text: &str,
    offset: usize,
    registry: &Registry,
    today: crate::date::Date,
) -> Vec<ObjectiveChoice> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    // The table in force on this line, the line itself included (on the
    // `[golden_thread]` header too).
    let line_end = text[offset..].find('\n').map_or(text.len(), |n| offset + n);
    if table_at(text, line_end) != ["golden_thread"] {
        return Vec::new();
    }
    let (Ok(root), Some(goal)) = (toml_doc::parse(text), goal_of(text)) else {
        return Vec::new();
    };
    let Some((header, table)) = toml_doc::table(root.get_ref(), "golden_thread") else {
        return Vec::new();
    };
    let listed = listed(text, "golden_thread", "objectives");
    // Where a new id goes: before the list's `]`, or a new line.
    let place = match table.get("objectives").map(|v| (v.get_ref(), v.span())) {
        Some((toml_doc::DeValue::Array(_), span)) => {
            // After the last item (and its comma, if it has one), so that
            // the list keeps its layout.
            let before = text[span.start..span.end - 1].trim_end();
            let at = span.start + before.len();
            Some(match before.chars().last() {
                Some('[') => (at, "", ""),
                Some(',') => (at, " ", ","),
                _ => (at, ", ", ""),
            })
        }
        Some(_) => None,
        None => {
            let line = text[header.end..].find('\n').map(|n| header.end + n + 1);
            line.map(|at| (at, "objectives = [", "]\n"))
        }
    };
    let Some((at, before, after)) = place else {
        return Vec::new();
    };
    let mut ours: Vec<_> = registry
        .objectives()
        .iter()
        .filter(|o| o.goal.as_deref() == Some(goal.as_str()) && !listed.contains(&o.id))
        .collect();
    let ended = |o: &&crate::registry::Objective| o.ends.is_some_and(|e| e < today);
    ours.sort_by_key(|o| (ended(o), o.id.clone()));
    ours.into_iter()
        .map(|o| {
            let statement = o
                .statement
                .as_deref()
                .map(|s| format!(": {}", crate::text::visible(s)))
                .unwrap_or_default();
            let mark = if ended(&o) { " (ended)" } else { "" };
            ObjectiveChoice {
                title: format!(
                    "Add objective {}{statement}{mark} to the golden thread",
                    crate::text::visible(&o.id)
                ),
                at,
                insert: format!(
                    "{before}{}{after}",
                    serde_json::to_string(&o.id).unwrap_or_default()
                ),
            }
        })
        .collect()
}

pub fn waiver_text(text: &str, rule: &str, until: crate::date::Date) -> String {
    let gap = if text.ends_with("\n\n") || text.is_empty() {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    format!(
        "{gap}[[waivers]]\nrule = \"{rule}\"\nreason = \"<why this is accepted for now>\"\nexpires = {until}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "charter = 1\n[relationship]\ntype = \"partner\"\n[golden_thread]\ngoal = \"G-TRUST\"\nobjectives = [\"O-1\"]\n";

    #[test]
    fn locate_finds_keys_and_values() {
        let at = TEXT.find("type").unwrap() + 1;
        assert_eq!(
            locate(TEXT, at),
            Some(At::Key(vec!["relationship".into(), "type".into()]))
        );
        let at = TEXT.find("O-1").unwrap();
        assert_eq!(
            locate(TEXT, at),
            Some(At::Value(
                vec!["golden_thread".into(), "objectives".into()],
                "O-1".into()
            ))
        );
    }

    #[test]
    fn completes_allowed_values_keys_and_tables() {
        let text = "charter = 1\n[relationship]\ntype = \"";
        let labels: Vec<String> = complete(text, text.len(), None)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["customer", "partner", "user"]);
        let text = "charter = 1\n[sourcing]\n";
        let labels: Vec<String> = complete(text, text.len(), None)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert!(
            labels.contains(&"decision".to_string()) && labels.contains(&"skills_plan".to_string()),
            "{labels:?}"
        );
        let text = "charter = 1\n[go";
        let labels: Vec<String> = complete(text, text.len(), None)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["golden_thread"]);
    }

    #[test]
    fn hover_on_a_key_says_what_it_means() {
        let at = TEXT.find("type").unwrap();
        let h = hover(TEXT, at, &[], None).unwrap();
        assert!(
            h.contains("`relationship.type`") && h.contains("`customer`"),
            "{h}"
        );
    }

    #[test]
    fn a_waiver_is_appended_after_a_blank_line() {
        let d = crate::date::Date::new(2027, 3, 1).unwrap();
        assert_eq!(
            waiver_text("a = 1\n", "x", d),
            "\n[[waivers]]\nrule = \"x\"\nreason = \"<why this is accepted for now>\"\nexpires = 2027-03-01\n"
        );
    }

    #[test]
    fn objective_choices_extend_the_list_or_write_one() {
        let text = "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\n[[objectives]]\nid = \"O-1\"\ngoal = \"G-TRUST\"\n[[objectives]]\nid = \"O-2\"\ngoal = \"G-TRUST\"\nends = 2999-01-01\n[[objectives]]\nid = \"O-3\"\ngoal = \"G-OTHER\"\n";
        let root = crate::toml_doc::parse(text).unwrap();
        let registry = Registry::read("okrs.toml", text, root.get_ref());
        let today = "2026-12-01".parse().unwrap();
        let at = |text: &str| text.find("goal").unwrap();
        let choices = objective_choices(TEXT, at(TEXT), &registry, today);
        assert_eq!(choices.len(), 1, "{choices:?}");
        let insert = |text: &str, c: &ObjectiveChoice| {
            format!("{}{}{}", &text[..c.at], c.insert, &text[c.at..])
        };
        assert!(insert(TEXT, &choices[0]).contains("objectives = [\"O-1\", \"O-2\"]\n"));
        // An empty list, and one ending in a comma, take no extra comma.
        for (list, want) in [
            ("[]", "[\"O-2\"]"),
            ("[\n  \"O-1\",\n]", "[\n  \"O-1\", \"O-2\",\n]"),
            ("[\n  \"O-1\"\n]", "[\n  \"O-1\", \"O-2\"\n]"),
        ] {
            let text = TEXT.replace("[\"O-1\"]", list);
            let c = &objective_choices(&text, at(&text), &registry, today);
            let done = insert(&text, c.last().unwrap());
            assert!(done.contains(want), "{done}");
            assert!(crate::toml_doc::parse(&done).is_ok(), "{done}");
        }
        let text = TEXT.replace("objectives = [\"O-1\"]\n", "");
        let c = objective_choices(&text, at(&text), &registry, today);
        assert_eq!(c.len(), 2);
        assert!(insert(&text, &c[0]).contains("[golden_thread]\nobjectives = [\"O-1\"]\ngoal"));
        // Outside the table, or with no goal: nothing.
        assert!(objective_choices(TEXT, 20, &registry, today).is_empty());
        let text = TEXT.replace("goal = \"G-TRUST\"\n", "");
        assert!(
            objective_choices(&text, text.find("objectives").unwrap(), &registry, today).is_empty()
        );
    }
}
