//! Format rules: is the file TOML, of a known format version, with known
//! keys and values of the right type? Shared by charters and the registry.

use crate::parse::{self, Document, VersionProblem};
use crate::registry::{self, Registry};
use crate::shape::{Key, ShapeProblem, Words};

use super::framework::{Check, Emitter, Rule, charter_example, explanation};
use super::missing::add_line;
use crate::finding::Severity;

pub static PARSE_ERROR: Rule = Rule {
    id: "parse-error",
    default: Severity::Error,
    summary: "the file is not valid TOML",
    explanation: explanation!("docs/parse-error.md"),
    fails: charter_example!(include_str!("examples/parse-error/fails.toml")),
    passes: charter_example!(include_str!("examples/parse-error/passes.toml")),
    check: Check::Document,
};

pub static UNKNOWN_VERSION: Rule = Rule {
    id: "unknown-version",
    default: Severity::Error,
    summary: "`charter` is missing or not 1",
    explanation: explanation!("docs/unknown-version.md"),
    fails: charter_example!(include_str!("examples/unknown-version/fails.toml")),
    passes: charter_example!(include_str!("examples/unknown-version/passes.toml")),
    check: Check::Document,
};

pub static UNKNOWN_KEY: Rule = Rule {
    id: "unknown-key",
    default: Severity::Warning,
    summary: "a key the format does not know",
    explanation: explanation!("docs/unknown-key.md"),
    fails: charter_example!(include_str!("examples/unknown-key/fails.toml")),
    passes: charter_example!(include_str!("examples/unknown-key/passes.toml")),
    check: Check::Document,
};

pub static INVALID_VALUE: Rule = Rule {
    id: "invalid-value",
    default: Severity::Error,
    summary: "a value of the wrong type, or outside its allowed set",
    explanation: explanation!("docs/invalid-value.md"),
    fails: charter_example!(include_str!("examples/invalid-value/fails.toml")),
    passes: charter_example!(include_str!("examples/invalid-value/passes.toml")),
    check: Check::Document,
};

/// Parses `text` (`parse::document`) and reports what is wrong with it
/// as findings of the format rules: `parse-error`, `unknown-version` (for
/// `version_key`), `unknown-key`, `invalid-value`. Returns the document
/// unless it could not be parsed.
pub fn check_document<'t>(
    text: &'t str,
    keys: &'static [Key],
    words: &Words,
    version_key: &str,
    out: &mut Emitter,
) -> Option<Document<'t>> {
    let document = match parse::document(text, keys, words, version_key) {
        Ok(document) => document,
        Err(e) => {
            out.emit(
                &PARSE_ERROR,
                e.span,
                "",
                format!("invalid TOML: {}", e.message),
            )
            .help("fix the TOML syntax here; every other check waits until the file parses");
            return None;
        }
    };
    match &document.version {
        None => {}
        Some(VersionProblem::Missing { key }) => {
            out.emit(
                &UNKNOWN_VERSION,
                document.top,
                key,
                format!(
                    "`{key}` is missing: the file does not say which format version it follows"
                ),
            )
            .help(add_line("", &format!("{key} = 1")));
        }
        Some(VersionProblem::Unknown { key, span, found }) => {
            out.emit(
                &UNKNOWN_VERSION,
                *span,
                key,
                format!("unknown format version: `{key}` is {found}, and only 1 exists"),
            )
            .help(format!("write `{key} = 1` (a number, not a string)"));
        }
    }
    for p in &document.problems {
        match p {
            ShapeProblem::UnknownKey {
                path,
                key,
                span,
                suggestion,
                known,
                fix,
            } => {
                let table = path.rsplit_once('.').map_or("", |(t, _)| t);
                let d = out.emit(
                    &UNKNOWN_KEY,
                    *span,
                    path,
                    format!(
                        "unknown key {} {}",
                        crate::text::quoted(key),
                        describe_table(table)
                    ),
                );
                match suggestion {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("known keys here: {}", known.join(", "))),
                };
                // A misspelt table named by several headers is renamed in
                // all of them at once.
                d.fix = fix
                    .as_ref()
                    .map(|f| super::headers::rename_everywhere(text, path, key, f));
            }
            ShapeProblem::InvalidValue {
                path,
                span,
                message,
                help,
                fix,
            } => {
                // A placeholder where a value of a set (or a boolean, a
                // slug) belongs, as `fix --unsafe-fixes` inserts them: one
                // value to fill in, reported once, as a placeholder.
                if let Some(written) = placeholder_at(text, *span) {
                    let allowed = if message.contains("true or false") {
                        "allowed values: true, false"
                    } else {
                        help.find("allowed values:")
                            .map_or(help.as_str(), |i| &help[i..])
                    };
                    out.emit(
                        &super::product::PLACEHOLDER,
                        *span,
                        path,
                        format!(
                            "`{path}` is a placeholder ({}) to fill in",
                            crate::text::quoted(&written)
                        ),
                    )
                    .help(format!("replace it: {allowed}"));
                    continue;
                }
                out.emit(&INVALID_VALUE, *span, path, message.clone())
                    .help(help.clone())
                    .fix = fix.clone();
            }
            // The charter's `*-missing` rules report these, from the charter.
            ShapeProblem::Missing(_) => {}
        }
    }
    Some(document)
}

/// The string at `span` (a quoted TOML string on one line) when it is a
/// placeholder such as `"<type>"` or `"TBD"`.
fn placeholder_at(text: &str, span: crate::span::Span) -> Option<String> {
    let raw = text.get(span.start..span.end)?;
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))?;
    (!inner.contains(['\\', '\n', '"']) && crate::text::is_placeholder(inner))
        .then(|| inner.to_string())
}

/// Parses an OKR registry: its format problems are findings against it;
/// `None` when it could not be parsed at all.
pub fn check_registry(path: &str, text: &str, out: &mut Emitter) -> Option<Registry> {
    let document = check_document(text, registry::REGISTRY, &Words::NONE, "okrs", out)?;
    Some(Registry::read(path, text, document.root.get_ref()))
}

fn describe_table(table: &str) -> String {
    if table.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in `[{table}]`")
    }
}
