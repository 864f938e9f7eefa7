//! Declarative shapes of the TOML formats charterlint reads (charter, OKR
//! registry, config). One declaration per format drives three things: the
//! format checks (`unknown-key`, `invalid-value`), the JSON Schemas in
//! `schemas/`, and the key lists that `unknown-key` suggests from.

use std::fmt;

use serde_json::{Map, Value as Json, json};
use toml::de::{DeTable, DeValue};

use crate::fix::{Edit, Fix};
use crate::span::Span;
use crate::toml_doc::{Spanned, header_span, value_kind};

/// What a value must look like.
#[derive(Debug, PartialEq, Eq)]
pub enum Shape {
    /// Free text: a name, statement, rationale... Placeholders count as missing.
    Text,
    /// An identifier such as `G-TRUST`: a non-empty string.
    Id,
    /// `[a-z0-9][a-z0-9-]*`
    Slug,
    Bool,
    /// A non-negative integer.
    Count,
    /// A TOML local date (`2027-03-31`).
    Date,
    /// The format version; checked by `unknown-version`, not here.
    Version,
    /// One of a fixed set of strings.
    OneOf(&'static [&'static str]),
    List(&'static Shape),
    Table(&'static [Key]),
    /// An array of tables (`[[personas]]`).
    Tables(&'static [Key]),
    /// A table with free keys, each value of the given shape.
    Map(&'static Shape),
    /// Any of these shapes (e.g. a registry path or a registry table).
    AnyOf(&'static [Shape]),
}

/// A key of a table and the shape of its value.
#[derive(Debug, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub shape: Shape,
    pub doc: &'static str,
    pub required: bool,
    /// What the help of a finding that the key is missing suggests writing:
    /// the value of a key (`"my-product"`), or the lines of a table (empty:
    /// its required keys, each with its own sample).
    pub sample: &'static str,
}

impl Key {
    pub const fn req(name: &'static str, shape: Shape, doc: &'static str) -> Key {
        Key {
            name,
            shape,
            doc,
            required: true,
            sample: "",
        }
    }
    pub const fn opt(name: &'static str, shape: Shape, doc: &'static str) -> Key {
        Key {
            name,
            shape,
            doc,
            required: false,
            sample: "",
        }
    }

    /// The key with the sample a "missing" finding suggests.
    pub const fn sample(self, sample: &'static str) -> Key {
        Key { sample, ..self }
    }

    /// The lines a "missing table" finding suggests for this table: its
    /// sample, or each required key with its own sample.
    pub fn table_sample(&self) -> String {
        let (Shape::Table(keys) | Shape::Tables(keys)) = self.shape else {
            return self.sample.to_string();
        };
        if !self.sample.is_empty() {
            return self.sample.to_string();
        }
        keys.iter()
            .filter(|k| k.required)
            .map(|k| format!("{} = {}", k.name, k.sample))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A problem with the shape of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeProblem {
    UnknownKey {
        path: String,
        key: String,
        span: Span,
        suggestion: Option<&'static str>,
        known: Vec<&'static str>,
        /// Renames the key to the suggestion when the table lacks it.
        fix: Option<Fix>,
    },
    InvalidValue {
        path: String,
        span: Span,
        message: String,
        help: String,
        fix: Option<Fix>,
    },
    Missing(Missing),
}

/// A required key (or table) that is not in its table. Only the charter's
/// `*-missing` rules report these; other formats leave them to their own
/// checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// `product.id`, or `product` for a missing table.
    pub path: String,
    /// The table it belongs in: `product`, or empty at the top level.
    pub table: String,
    pub key: &'static Key,
    /// The header of its table; `None` at the top level.
    pub header: Option<Span>,
    /// Where a line adding the key can go: the start of the line after its
    /// table's `[header]` line (filled in by the reader of the document,
    /// which has the text); `None` for a table written inline or with
    /// dotted keys, and at the top level.
    pub insert_at: Option<usize>,
}

impl ShapeProblem {
    pub fn path(&self) -> &str {
        match self {
            ShapeProblem::UnknownKey { path, .. }
            | ShapeProblem::InvalidValue { path, .. }
            | ShapeProblem::Missing(Missing { path, .. }) => path,
        }
    }
}

/// The words of a document's format that its help texts use: what people
/// write for an allowed value (`client` for `customer`), and slugs to show.
/// Each format declares its own (`charter::format::WORDS`).
#[derive(Debug)]
pub struct Words {
    /// A word people write, and the allowed value they mean.
    pub synonyms: &'static [(&'static str, &'static str)],
    /// A slug fitting the format (`general-ledger`), shown as an example.
    pub slug_example: &'static str,
    /// The slug suggested when nothing of a value can be kept (`my-product`).
    pub slug_fallback: &'static str,
}

impl Words {
    /// No synonyms, neutral slugs.
    pub const NONE: Words = Words {
        synonyms: &[],
        slug_example: "my-slug",
        slug_fallback: "my-slug",
    };
}

/// Walks a parsed document against its declared keys, reporting every key the
/// format does not know and every value of the wrong type or outside its set.
pub fn validate(
    table: &DeTable<'_>,
    keys: &'static [Key],
    words: &Words,
    prefix: &str,
    out: &mut Vec<ShapeProblem>,
) {
    let root = KeyPath::Root;
    let at = match prefix {
        "" => root,
        prefix => KeyPath::Key(&root, prefix),
    };
    validate_table(table, keys, words, &at, None, out);
}

/// Where a value is (`personas[1].name`), rendered only when a problem is
/// reported: most documents have none, and building a `String` per key and
/// per item cost a tenth of a scan's instructions (callgrind).
#[derive(Clone, Copy)]
enum KeyPath<'a> {
    Root,
    Key(&'a KeyPath<'a>, &'a str),
    Index(&'a KeyPath<'a>, usize),
}

impl KeyPath<'_> {
    /// The last key's name (`name` in `personas[1].name`, `needs` in `needs[2]`).
    fn last_key(&self) -> &str {
        match self {
            KeyPath::Root => "",
            KeyPath::Key(_, name) => name,
            KeyPath::Index(parent, _) => parent.last_key(),
        }
    }
}

impl fmt::Display for KeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyPath::Root => Ok(()),
            KeyPath::Key(KeyPath::Root, name) => f.write_str(name),
            KeyPath::Key(parent, name) => write!(f, "{parent}.{name}"),
            KeyPath::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

fn validate_table(
    table: &DeTable<'_>,
    keys: &'static [Key],
    words: &Words,
    at: &KeyPath<'_>,
    header: Option<Span>,
    out: &mut Vec<ShapeProblem>,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let path = KeyPath::Key(at, name);
        match keys.iter().find(|k| k.name == name) {
            Some(k) => validate_value(value, &k.shape, words, &path, key.span().into(), out),
            None => {
                let suggestion = closest(name, keys.iter().map(|k| k.name));
                let span: Span = key.span().into();
                // Renaming is safe only when it merges nothing: the table
                // must not have the key already.
                let fix = suggestion.filter(|s| !table.contains_key(*s)).map(|s| {
                    Fix::safe(
                        format!("rename `{}` to `{s}`", crate::text::visible(name)),
                        vec![Edit::replace(span, s)],
                    )
                });
                out.push(ShapeProblem::UnknownKey {
                    suggestion,
                    known: keys.iter().map(|k| k.name).collect(),
                    key: name.to_string(),
                    span,
                    path: path.to_string(),
                    fix,
                })
            }
        }
    }
    for k in keys.iter().filter(|k| k.required) {
        if !table.contains_key(k.name) {
            out.push(ShapeProblem::Missing(Missing {
                path: KeyPath::Key(at, k.name).to_string(),
                table: at.to_string(),
                key: k,
                header,
                insert_at: None,
            }));
        }
    }
}

/// `key` is the span of the key the value is written under (for an item of
/// a list, the list's): a table is shown by its header, or by that key.
fn validate_value(
    value: &Spanned<DeValue<'_>>,
    shape: &Shape,
    words: &Words,
    path: &KeyPath<'_>,
    key: Span,
    out: &mut Vec<ShapeProblem>,
) {
    let span: Span = value.span().into();
    let v = value.get_ref();
    let mut invalid = |message: String, help: String, fix: Option<Fix>| {
        out.push(ShapeProblem::InvalidValue {
            path: path.to_string(),
            span,
            message,
            help,
            fix,
        })
    };
    let unquote = |what: &str, value: &str| {
        Some(Fix::safe(
            format!("write {what} without quotes"),
            vec![Edit::replace(span, value)],
        ))
    };
    let found = value_kind(v);
    match (shape, v) {
        (Shape::Version, _) => {}
        (Shape::Text | Shape::Id, DeValue::String(_)) => {}
        (Shape::Slug, DeValue::String(s)) => {
            if !is_slug(s) {
                invalid(
                    format!(
                        "`{path}` must be a slug (lower-case letters, digits and `-`), found {}",
                        crate::text::quoted(s)
                    ),
                    if crate::text::is_placeholder(s) {
                        format!(
                            "replace the placeholder with a slug such as `{}`",
                            words.slug_example
                        )
                    } else {
                        format!("try `{}`", slugify(s, words.slug_fallback))
                    },
                    None,
                );
            }
        }
        (Shape::Bool, DeValue::Boolean(_)) => {}
        (Shape::Bool, DeValue::String(s)) => {
            let written = s.trim().to_ascii_lowercase();
            let guess = match written.as_str() {
                "yes" | "y" | "true" | "on" => "true",
                _ => "false",
            };
            // Only a quoted `true` or `false` is safe to unquote; `yes` is a guess.
            let fix = matches!(written.as_str(), "true" | "false")
                .then(|| unquote("the boolean", guess))
                .flatten();
            invalid(
                format!(
                    "`{path}` must be true or false, found the string {}",
                    crate::text::quoted(s)
                ),
                format!("write it without quotes: `{} = {guess}`", path.last_key()),
                fix,
            );
        }
        (Shape::Count, DeValue::Integer(i)) => {
            if i.as_str().starts_with('-') {
                invalid(
                    format!("`{path}` must not be negative"),
                    "use a whole number of 0 or more".into(),
                    None,
                );
            }
        }
        (Shape::Date, DeValue::Datetime(d)) => {
            if d.date.is_none() || d.time.is_some() {
                invalid(
                    format!("`{path}` must be a date without a time, found `{d}`"),
                    "write a TOML local date such as `2027-03-31`".into(),
                    None,
                );
            }
        }
        (Shape::Date, DeValue::String(s)) => invalid(
            format!(
                "`{path}` must be a TOML date, found the string {}",
                crate::text::quoted(s)
            ),
            format!(
                "write the date without quotes: `{} = {}`",
                path.last_key(),
                s.trim()
            ),
            s.trim()
                .parse::<crate::date::Date>()
                .ok()
                .and_then(|d| unquote("the date", &d.to_string())),
        ),
        (Shape::OneOf(allowed), DeValue::String(s)) => {
            if !allowed.contains(&s.as_ref()) {
                let best = closest_value(s, allowed, words.synonyms);
                let help = match best {
                    Some(best) => format!(
                        "did you mean `{best}`? allowed values: {}",
                        allowed.join(", ")
                    ),
                    None => format!("allowed values: {}", allowed.join(", ")),
                };
                // Unsafe: another value changes which rules apply.
                let fix = best.map(|best| {
                    Fix::unsafe_edit(
                        format!("replace {} with `{best}`", crate::text::quoted(s)),
                        vec![Edit::replace(span, format!("\"{best}\""))],
                    )
                });
                invalid(
                    format!(
                        "`{path}` must be one of {}, found {}",
                        list_values(allowed),
                        crate::text::quoted(s)
                    ),
                    help,
                    fix,
                );
            }
        }
        (Shape::List(item), DeValue::Array(items)) => {
            for (i, it) in items.iter().enumerate() {
                validate_value(it, item, words, &KeyPath::Index(path, i), key, out);
            }
        }
        (Shape::Table(keys), DeValue::Table(t)) => {
            validate_table(t, keys, words, path, Some(header_span(key, span)), out)
        }
        (Shape::Tables(keys), DeValue::Array(items)) => {
            for (i, it) in items.iter().enumerate() {
                match it.get_ref() {
                    DeValue::Table(t) => validate_table(
                        t,
                        keys,
                        words,
                        &KeyPath::Index(path, i),
                        Some(header_span(key, it.span().into())),
                        out,
                    ),
                    other => out.push(ShapeProblem::InvalidValue {
                        path: KeyPath::Index(path, i).to_string(),
                        span: it.span().into(),
                        message: format!("`{path}` must hold tables, found {}", value_kind(other)),
                        help: format!("write each entry as a `[[{path}]]` table"),
                        fix: None,
                    }),
                }
            }
        }
        (Shape::Map(item), DeValue::Table(t)) => {
            for (k, v) in t.iter() {
                validate_value(
                    v,
                    item,
                    words,
                    &KeyPath::Key(path, k.get_ref()),
                    k.span().into(),
                    out,
                );
            }
        }
        (Shape::AnyOf(shapes), _) => {
            // Take the first alternative of the right TOML type, so the
            // problems reported are those of the form the user meant.
            let pick = shapes
                .iter()
                .find(|s| toml_type(s) == Some(found))
                .or(shapes.first());
            if let Some(s) = pick {
                validate_value(value, s, words, path, key, out);
            }
        }
        (shape, _) => invalid(
            format!("`{path}` must be {}, found {found}", describe(shape)),
            match shape {
                Shape::OneOf(allowed) => format!("allowed values: {}", allowed.join(", ")),
                _ => format!("write `{}` as {}", path.last_key(), describe(shape)),
            },
            // One string where a list of strings belongs: the list of it.
            match (shape, v) {
                (
                    Shape::List(Shape::Text | Shape::Id | Shape::Slug | Shape::OneOf(_)),
                    DeValue::String(_),
                ) => Some(Fix::safe(
                    "make it a list of one",
                    vec![Edit::insert(span.start, "["), Edit::insert(span.end, "]")],
                )),
                _ => None,
            },
        ),
    }
}

/// The TOML type a shape is written as.
fn toml_type(shape: &Shape) -> Option<&'static str> {
    Some(match shape {
        Shape::Text | Shape::Id | Shape::Slug | Shape::OneOf(_) => "a string",
        Shape::Bool => "a boolean",
        Shape::Count | Shape::Version => "an integer",
        Shape::Date => "a date",
        Shape::List(_) | Shape::Tables(_) => "an array",
        Shape::Table(_) | Shape::Map(_) => "a table",
        Shape::AnyOf(_) => return None,
    })
}

fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Text | Shape::Id => "a string".into(),
        Shape::Slug => "a slug string".into(),
        Shape::Bool => "true or false".into(),
        Shape::Count | Shape::Version => "a whole number".into(),
        Shape::Date => "a date (YYYY-MM-DD)".into(),
        Shape::OneOf(allowed) => format!("one of {}", list_values(allowed)),
        Shape::List(item) => format!("an array of {}", plural(item)),
        Shape::Table(_) | Shape::Map(_) => "a table".into(),
        Shape::Tables(_) => "an array of tables".into(),
        Shape::AnyOf(shapes) => shapes.iter().map(describe).collect::<Vec<_>>().join(" or "),
    }
}

fn plural(shape: &Shape) -> String {
    match shape {
        Shape::Text | Shape::Id | Shape::OneOf(_) => "strings".into(),
        Shape::Slug => "slugs".into(),
        other => format!("values ({})", describe(other)),
    }
}

fn list_values(allowed: &[&str]) -> String {
    allowed
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn is_slug(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

fn slugify(s: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { fallback.into() } else { out }
}

/// The allowed value meant by what was written: the same in another case,
/// a known synonym, or a close spelling. `None` when nothing is close
/// enough to be worth suggesting (the help then lists the allowed values).
pub fn closest_value(
    found: &str,
    allowed: &[&'static str],
    synonyms: &[(&str, &str)],
) -> Option<&'static str> {
    let lower = found.trim().to_lowercase();
    if let Some(v) = allowed.iter().find(|a| a.eq_ignore_ascii_case(&lower)) {
        return Some(v);
    }
    if let Some((_, v)) = synonyms.iter().find(|(w, _)| *w == lower) {
        return allowed.iter().find(|a| *a == v).copied();
    }
    closest(&lower, allowed.iter().copied())
}

/// The candidate that `word` is most likely a misspelling of: the fewest
/// edits away (a transposition counts as one), and no more than one edit
/// for every four characters. Suggesting only what is that close keeps
/// "did you mean" honest: `O-2026Q4-TRAVEL` is not a typo of
/// `O-2026Q4-DEPLOY`, however alike the two look to a similarity score.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.trim().to_lowercase();
    let length = word.chars().count();
    candidates
        .filter_map(|c| {
            let c_length = c.chars().count();
            let allowed = (length.min(c_length) / 4).max(1);
            // Cheap first: the lengths alone may rule a candidate out.
            if length.abs_diff(c_length) > allowed {
                return None;
            }
            let distance = strsim::osa_distance(&word, &c.to_lowercase());
            (distance <= allowed).then_some((distance, c))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// The JSON Schema of a format.
/// Draft-07, which taplo (Even Better TOML) and most editors support.
pub fn json_schema(title: &str, description: &str, keys: &[Key]) -> Json {
    let mut root = table_schema(keys);
    let obj = root.as_object_mut().expect("table schema is an object");
    let mut head = Map::new();
    head.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    head.insert("title".into(), json!(title));
    head.insert("description".into(), json!(description));
    head.extend(std::mem::take(obj));
    Json::Object(head)
}

fn table_schema(keys: &[Key]) -> Json {
    let mut props = Map::new();
    for k in keys {
        let mut s = shape_schema(&k.shape);
        if let Some(o) = s.as_object_mut() {
            o.insert("description".into(), json!(k.doc));
        }
        props.insert(k.name.into(), s);
    }
    let required: Vec<&str> = keys.iter().filter(|k| k.required).map(|k| k.name).collect();
    let mut o = Map::new();
    o.insert("type".into(), json!("object"));
    o.insert("properties".into(), Json::Object(props));
    if !required.is_empty() {
        o.insert("required".into(), json!(required));
    }
    o.insert("additionalProperties".into(), json!(false));
    Json::Object(o)
}

fn shape_schema(shape: &Shape) -> Json {
    match shape {
        Shape::Text => json!({"type": "string", "minLength": 1}),
        Shape::Id => json!({"type": "string", "minLength": 1}),
        Shape::Slug => json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}),
        Shape::Bool => json!({"type": "boolean"}),
        Shape::Count => json!({"type": "integer", "minimum": 0}),
        Shape::Version => json!({"const": 1}),
        // taplo presents TOML local dates to JSON Schema as strings in this format.
        Shape::Date => json!({"type": "string", "format": "date"}),
        Shape::OneOf(allowed) => json!({"type": "string", "enum": allowed}),
        Shape::List(item) => json!({"type": "array", "items": shape_schema(item)}),
        Shape::Table(keys) => table_schema(keys),
        Shape::Tables(keys) => json!({"type": "array", "items": table_schema(keys)}),
        Shape::Map(item) => json!({"type": "object", "additionalProperties": shape_schema(item)}),
        Shape::AnyOf(shapes) => {
            json!({"anyOf": shapes.iter().map(shape_schema).collect::<Vec<_>>()})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_value_knows_synonyms_and_spelling() {
        let types = ["customer", "partner", "user"];
        assert_eq!(
            closest_value("client", &types, crate::charter::format::WORDS.synonyms),
            Some("customer")
        );
        assert_eq!(
            closest_value("partnr", &types, crate::charter::format::WORDS.synonyms),
            Some("partner")
        );
        assert_eq!(
            closest_value(
                "Build",
                &["build", "buy"],
                crate::charter::format::WORDS.synonyms
            ),
            Some("build")
        );
        // Issue 9, item 14: nothing close, nothing suggested.
        assert_eq!(
            closest_value(
                "medium",
                &["high", "low"],
                crate::charter::format::WORDS.synonyms
            ),
            None
        );
        assert_eq!(
            closest_value(
                "boss",
                &["user", "buyer", "champion"],
                crate::charter::format::WORDS.synonyms
            ),
            None
        );
    }

    #[test]
    fn only_genuinely_close_words_are_suggested() {
        let close = [
            ("visoin", "vision"),
            ("statment", "statement"),
            ("skills-plan", "skills_plan"),
            ("O-2026Q4-CLOSED", "O-2026Q4-CLOSE"),
            ("buy-without-skill-plan", "buy-without-skills-plan"),
            ("typ", "type"),
        ];
        for (typed, meant) in close {
            assert_eq!(
                closest(typed, [meant, "zzzzzz"].into_iter()),
                Some(meant),
                "{typed}"
            );
        }
        let far = [
            ("O-2026Q4-TRAVEL", "O-2026Q4-DEPLOY"),
            ("medium", "high"),
            ("product-id", "product"),
            ("G-GROWTH", "G-TRUST"),
        ];
        for (typed, other) in far {
            assert_eq!(
                closest(typed, [other].into_iter()),
                None,
                "{typed} is not {other}"
            );
        }
    }

    #[test]
    fn closest_key_needs_similarity() {
        let keys = ["vision", "product", "personas"];
        assert_eq!(closest("visoin", keys.iter().copied()), Some("vision"));
        assert_eq!(closest("zzz", keys.iter().copied()), None);
    }

    #[test]
    fn problems_name_the_key_path() {
        let text = r#"
[relationship.autonomy]
walk_awy = true
[[personas]]
name = "Analyst"
[[personas]]
name = "Controller"
role = "boss"
needs = ["a", 3]
"#;
        let root = crate::toml_doc::parse(text).unwrap();
        let mut problems = Vec::new();
        validate(
            root.get_ref(),
            crate::charter::format::CHARTER,
            &crate::charter::format::WORDS,
            "",
            &mut problems,
        );
        // What is missing is for the `*-missing` rules; see below.
        let (missing, problems): (Vec<_>, Vec<_>) = problems
            .into_iter()
            .partition(|p| matches!(p, ShapeProblem::Missing(_)));
        let paths: Vec<&str> = problems.iter().map(|p| p.path()).collect();
        assert_eq!(
            paths,
            [
                "relationship.autonomy.walk_awy",
                "personas[1].role",
                "personas[1].needs[1]"
            ]
        );
        let ShapeProblem::InvalidValue { message, .. } = &problems[2] else {
            panic!("not an invalid value: {:?}", problems[2]);
        };
        assert!(message.contains("`personas[1].needs[1]`"), "{message}");
        let missing: Vec<&str> = missing.iter().map(|p| p.path()).collect();
        assert_eq!(
            missing,
            [
                "relationship.type",
                "relationship.choice",
                "relationship.value_exchange",
                "relationship.rationale",
                "personas[0].role",
                "charter",
                "product",
                "vision",
                "golden_thread",
                "sourcing"
            ]
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("general-ledger"));
        assert!(is_slug("a1"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("Ledger"));
        assert!(!is_slug(""));
        assert_eq!(slugify("General Ledger!", "x"), "general-ledger");
        assert_eq!(slugify("!!!", "my-product"), "my-product");
    }
}
