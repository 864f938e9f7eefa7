//! `--format sarif`: SARIF 2.1.0, one run, for GitHub code scanning and
//! other SARIF viewers. Every rule is described once in the tool's rule
//! table; results point at it by id and index.

use std::collections::BTreeMap;

use percent_encoding::utf8_percent_encode;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif, Tool, ToolComponent,
};

use crate::engine::Results;
use crate::finding::{Finding, Severity};
use crate::rules::{self, Rule};
use crate::span::Position;

/// The schema the output follows (the OASIS errata 01 text of 2.1.0).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of our fingerprint in `partialFingerprints`; the version lets
/// the recipe change without clashing with fingerprints already uploaded.
pub const FINGERPRINT_KEY: &str = "charterlint/v1";

/// The key GitHub code scanning reads to match an alert across uploads
/// (when it is absent, the upload action hashes the line's text, so an
/// alert would follow the line rather than the finding).
pub const GITHUB_FINGERPRINT_KEY: &str = "primaryLocationLineHash";

/// `runs[].automationDetails.id`: GitHub takes the part before the last
/// `/` as the analysis category, so uploads of charterlint replace each
/// other and nothing else.
pub const AUTOMATION_ID: &str = "charterlint/";

/// The project's home, from Cargo.toml: the SARIF `informationUri`.
pub const HOME: &str = env!("CARGO_PKG_REPOSITORY");

/// The base URIs are relative to: the repository's root in a check, the
/// scanned folder in a scan.
pub const SRCROOT: &str = "%SRCROOT%";

pub fn render(report: &Results) -> String {
    let fingerprints = super::fingerprint::fingerprints(&report.findings);
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| result(f, fingerprint))
        .collect();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver()).build())
        .column_kind(json!("unicodeCodePoints"))
        .invocations(vec![invocation(report)])
        .automation_details(RunAutomationDetails::builder().id(AUTOMATION_ID).build())
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut log = serde_json::to_value(&log).expect("SARIF serialises");
    add_fixes(&mut log, report);
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    s.push('\n');
    s
}

/// Each finding's fix as a SARIF `fix` (§3.55): the edits as replacements
/// of regions of the result's own file, the applicability in its
/// properties. The same fixes `charterlint fix` and the language server apply.
fn add_fixes(log: &mut serde_json::Value, report: &Results) {
    let Some(results) = log["runs"][0]["results"].as_array_mut() else {
        return;
    };
    for (result, f) in results.iter_mut().zip(&report.findings) {
        let Some(fix) = f
            .fix
            .as_ref()
            .filter(|x| x.applicability != crate::fix::Applicability::DisplayOnly)
        else {
            continue;
        };
        let artifact = result["locations"][0]["physicalLocation"]["artifactLocation"].clone();
        let replacements: Vec<serde_json::Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": {
                        "startLine": e.position.line,
                        "startColumn": e.position.column,
                        "endLine": e.position.end_line,
                        "endColumn": e.position.end_column,
                    },
                    "insertedContent": { "text": e.content },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
            "properties": { "applicability": fix.applicability.as_str() },
        }]);
    }
}

fn driver() -> ToolComponent {
    let rules: Vec<ReportingDescriptor> = rules::ALL.iter().map(|r| descriptor(r)).collect();
    ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME"))
        .full_name(concat!(
            env!("CARGO_PKG_NAME"),
            " ",
            env!("CARGO_PKG_VERSION"),
            ": the product charter linter"
        ))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(HOME)
        .rules(rules)
        .build()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let descriptor = ReportingDescriptor::builder()
        .id(rule.id)
        .short_description(both(rule.summary, rule.summary))
        .full_description(both(rule.explanation, rule.explanation))
        .help(both(&rule.explain(), &rule.explain_markdown()))
        .help_uri(rules::documentation_url(rule.id))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(rule.default)))
                .build(),
        )
        .build();
    // SARIF wants a readable name that differs from the id: a one-word id
    // (`placeholder`) has none.
    let name = pascal_case(rule.id);
    if name.eq_ignore_ascii_case(rule.id) {
        descriptor
    } else {
        ReportingDescriptor {
            name: Some(name),
            ..descriptor
        }
    }
}

fn both(text: &str, markdown: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder()
        .text(text)
        .markdown(markdown)
        .build()
}

/// `customer-without-choice` → `CustomerWithoutChoice`: SARIF's readable
/// rule name beside the id.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    severity.as_str()
}

fn result_level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

fn result(f: &Finding, fingerprint: String) -> SarifResult {
    // Related locations are numbered from 1, and the message links each one
    // (`[label](1)`): GitHub shows a related location only when linked.
    let related: Vec<Location> = f
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Location::builder()
                .id(i as i64 + 1)
                .physical_location(physical(f, &l.position))
                .message(text(&l.message))
                .build()
        })
        .collect();
    let line_hash = format!("{}:1", &fingerprint[..16.min(fingerprint.len())]);
    let mut result = SarifResult::builder()
        .rule_id(f.rule)
        .level(result_level(f.severity))
        .message(text(&linked_message(f)))
        .locations(vec![
            Location::builder()
                .physical_location(physical(f, &f.position))
                .build(),
        ])
        .partial_fingerprints(BTreeMap::from([
            (FINGERPRINT_KEY.to_string(), fingerprint),
            (GITHUB_FINGERPRINT_KEY.to_string(), line_hash),
        ]))
        .build();
    result.rule_index = rules::ALL
        .iter()
        .position(|r| r.id == f.rule)
        .map(|i| i as i64);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if let Some(help) = &f.help {
        // SARIF has no per-result help; keep this finding's own advice
        // (e.g. the closest known key) for the tools that read properties.
        result.properties = Some(
            PropertyBag::builder()
                .additional_properties(BTreeMap::from([("help".to_string(), json!(help))]))
                .build(),
        );
    }
    result
}

/// The finding's message, then a link to each related location:
/// `… (see [they cannot choose](1))`. Brackets in a link's text are
/// escaped (SARIF 2.1.0 §3.11.6), and so are those of a message that could
/// pass for a link (`](`); other messages keep their `[product]` as is.
fn linked_message(f: &Finding) -> String {
    let mut message = if f.message.contains("](") {
        escape_brackets(&f.message)
    } else {
        f.message.clone()
    };
    if !f.labels.is_empty() {
        let links: Vec<String> = f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("[{}]({})", escape_brackets(&l.message), i + 1))
            .collect();
        message.push_str(" (see ");
        message.push_str(&links.join(", "));
        message.push(')');
    }
    message
}

fn escape_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn text(s: &str) -> Message {
    Message::builder().text(s).build()
}

fn physical(f: &Finding, p: &Position) -> PhysicalLocation {
    let mut location = PhysicalLocation::builder()
        .artifact_location(artifact(&super::file_of(f)))
        .region(
            Region::builder()
                .start_line(p.line as i64)
                .start_column(p.column as i64)
                .end_line(p.end_line as i64)
                .end_column(p.end_column as i64)
                .build(),
        )
        .build();
    // A finding about a whole repository has no line: its location is the
    // repository's folder alone.
    if f.is_about_repository() {
        location.region = None;
    }
    location
}

/// A relative path as a URI reference against `%SRCROOT%`. A file named on
/// the command line outside the repository keeps its absolute `file:` URI.
fn artifact(path: &str) -> ArtifactLocation {
    let encoded = utf8_percent_encode(path, crate::text::URI_PATH).to_string();
    if path.starts_with('/') {
        ArtifactLocation::builder()
            .uri(format!("file://{encoded}"))
            .build()
    } else {
        ArtifactLocation::builder()
            .uri(encoded)
            .uri_base_id(SRCROOT)
            .build()
    }
}

/// Whether the run could be done, and what it had to say besides findings.
fn invocation(report: &Results) -> Invocation {
    let notification = |level: &str, message: &str| {
        Notification::builder()
            .level(json!(level))
            .message(text(message))
            .build()
    };
    let notifications: Vec<Notification> = report
        .errors
        .iter()
        .map(|e| notification("error", e))
        .chain(report.notices.iter().map(|n| notification("warning", n)))
        .collect();
    let invocation = Invocation::builder()
        .execution_successful(report.errors.is_empty())
        .build();
    if notifications.is_empty() {
        invocation
    } else {
        Invocation {
            tool_execution_notifications: Some(notifications),
            ..invocation
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        let a = artifact("products/my ledger/ré,sumé#1.charter.toml");
        assert_eq!(
            a.uri.as_deref(),
            Some("products/my%20ledger/r%C3%A9%2Csum%C3%A9%231.charter.toml")
        );
        assert_eq!(a.uri_base_id.as_deref(), Some(SRCROOT));
        let abs = artifact("/tmp/x.toml");
        assert_eq!(abs.uri.as_deref(), Some("file:///tmp/x.toml"));
        assert_eq!(abs.uri_base_id, None);
    }

    #[test]
    fn a_run_that_could_not_be_done_says_so() {
        let report = Results {
            errors: vec!["charter.toml: cannot read: permission denied".into()],
            notices: vec!["vendor/x: skipped: a symbolic link".into()],
            ..Results::default()
        };
        let log: serde_json::Value = serde_json::from_str(&render(&report)).unwrap();
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let notes = &invocation["toolExecutionNotifications"];
        assert_eq!(notes[0]["level"], "error");
        assert_eq!(
            notes[0]["message"]["text"],
            "charter.toml: cannot read: permission denied"
        );
        assert_eq!(notes[1]["level"], "warning");
        assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    }

    #[test]
    fn rule_names_are_pascal_case_ids() {
        assert_eq!(
            pascal_case("customer-without-choice"),
            "CustomerWithoutChoice"
        );
    }
}
