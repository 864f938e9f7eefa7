//! `--format json` (SPEC section 7).

use serde::Serialize;

use crate::engine::Results;
use crate::record::{CharterRecord, ScanInfo};
use crate::result_file::{Comparison, JsonFinding, JsonSummary, Team, TrendPoint, Upcoming};

pub fn summary(report: &Results) -> JsonSummary {
    let c = report.counts();
    JsonSummary {
        repos: report.repos,
        charters: report.charters_checked,
        errors: c.errors,
        warnings: c.warnings,
        notes: c.notes,
    }
}

/// Renders the report; `with_charters` adds the scan's `"charters"` and
/// `"repositories"` arrays.
pub fn render(report: &Results, with_charters: bool) -> String {
    let mut text = Vec::new();
    write(report, with_charters, &mut text).expect("the report serialises into memory");
    String::from_utf8(text).expect("JSON is UTF-8")
}

/// Writes the report as `render` renders it, streamed to `out`: nothing of
/// the results is copied and each finding is converted as it is written, so
/// a large scan's report costs no second copy of itself in memory.
pub fn write(
    report: &Results,
    with_charters: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let written = Written {
        version: 1,
        findings: WrittenFindings {
            report,
            with_charters,
        },
        summary: summary(report),
        charters: with_charters.then_some(report.charters.as_slice()),
        repositories: with_charters.then_some(report.repositories.as_slice()),
        scan: report.scan.as_ref(),
        baseline: report.baseline.as_ref(),
        trend: report.trend.as_ref().map(|t| t.points.as_slice()),
        teams: with_charters.then(|| crate::teams::of(report)),
        upcoming: (with_charters && !report.upcoming.is_empty())
            .then(|| crate::upcoming::of(report)),
    };
    serde_json::to_writer_pretty(&mut *out, &written)?;
    out.write_all(b"\n")
}

/// [`JsonReport`] as it is written: the same keys in the same order,
/// borrowing from the results.
#[derive(Serialize)]
struct Written<'a> {
    version: u32,
    findings: WrittenFindings<'a>,
    summary: JsonSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    charters: Option<&'a [CharterRecord]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repositories: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scan: Option<&'a ScanInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Comparison>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trend: Option<&'a [TrendPoint]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    teams: Option<Vec<Team>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upcoming: Option<Vec<Upcoming>>,
}

/// The findings, each turned into a [`JsonFinding`] as it is written.
struct WrittenFindings<'a> {
    report: &'a Results,
    with_charters: bool,
}

impl Serialize for WrittenFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.report;
        let fingerprints = super::fingerprint::fingerprints(&report.findings);
        serializer.collect_seq(
            report
                .findings
                .iter()
                .zip(fingerprints)
                .map(|(f, fingerprint)| {
                    let mut out = JsonFinding::from(f);
                    // A scan's findings carry their identity, for `merge` and
                    // `--baseline`; `check` prints SPEC section 7's keys alone.
                    if self.with_charters {
                        out.baseline = report.baseline.as_ref().map(|b| {
                            if b.knows(&fingerprint) {
                                "unchanged"
                            } else {
                                "new"
                            }
                            .to_string()
                        });
                        out.fingerprint = Some(fingerprint);
                    } else {
                        out.field.clear();
                    }
                    out
                }),
        )
    }
}
