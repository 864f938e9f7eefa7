//! The parts of the report a reader meets first: what the report is (when,
//! which revision, which registry, which charterlint), coverage per group
//! folder, the waivers the organisation has accepted, and the findings by
//! rule as a chart.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::parts::{clip, display_name, plural, severity_colour, when};
use crate::date::Date;
use crate::engine::Results;
use crate::finding::{Finding, Severity};
use crate::record::{CharterRecord, Coverage, ScanInfo};
use crate::text::visible;

/// Waivers expiring within this many days stand out.
pub(super) use crate::teams::EXPIRING_WITHIN_DAYS;

/// What the report is: one line a reader can quote.
pub(super) fn about(info: Option<&ScanInfo>, repos: usize) -> Markup {
    html! {
        @if let Some(info) = info {
            dl.about {
                div { dt { "Scanned at" } dd { time #scanned-at datetime=(visible(&info.scanned_at)) { (when(&info.scanned_at)) } } }
                div { dt { "Revision" } dd.mono #revision { (visible(&info.rev)) } }
                div { dt { "Repositories" } dd #repositories { (repos) } }
                div {
                    dt { "OKR registry" }
                    dd #registry {
                        @match &info.registry {
                            Some(r) => {
                                span.mono { (visible(&r.path)) }
                                " " span.muted { "(content " span.mono { (visible(&r.revision)) } ")" }
                            }
                            None => span.muted { "each repository's own, if any" },
                        }
                    }
                }
                div { dt { "Checked as of" } dd #today { (visible(&info.today)) } }
                @if let Some(owner) = &info.owner {
                    div { dt { "Team" } dd #owner { (visible(owner)) " only" } }
                }
                div { dt { "charterlint" } dd #version { (visible(&info.version)) } }
            }
        }
    }
}

/// Repositories with a charter, in all and per group folder, with the
/// repositories that lack one.
pub(super) fn coverage(c: &Coverage) -> Markup {
    const NAMED: usize = 20;
    html! {
        section #coverage {
            h2 { "Coverage: repositories with a charter" }
            p.lede {
                strong #coverage-total { (c.with_charter) " of " (plural(c.repos, "repository", "repositories")) }
                " hold a charter (" (c.percent()) "%)."
                @if c.groups.len() > 1 { " Per group folder:" }
            }
            div.table-scroll {
                table.coverage {
                    thead { tr { th { "Group" } th.num { "With a charter" } th { "" } th { "Without one" } } }
                    tbody {
                        @for g in &c.groups {
                            @let pct = (g.with_charter * 100).checked_div(g.repos).unwrap_or(0);
                            tr.group data-group=(visible(&g.group)) data-missing=(g.missing.len()) {
                                td.mono { (if g.group.is_empty() { "(top level)".to_string() } else { visible(&g.group) }) }
                                td.num { (g.with_charter) " / " (g.repos) }
                                td.bar {
                                    svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img"
                                        aria-label=(format!("{pct}% of the group's repositories have a charter")) {
                                        rect x="0" y="0" width="100" height="10" fill="#f1f3f5" {}
                                        rect x="0" y="0" width=(pct) height="10" fill=(if pct == 100 { "#40a05a" } else { "#3b5bdb" }) {}
                                    }
                                }
                                td.small {
                                    @if g.missing.is_empty() { span.muted { "—" } }
                                    @for (i, r) in g.missing.iter().take(NAMED).enumerate() {
                                        @if i > 0 { ", " }
                                        span.mono.missing { (visible(r)) }
                                    }
                                    @if g.missing.len() > NAMED { " and " (g.missing.len() - NAMED) " more" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A waiver's standing on the report's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// In force, with this many days left.
    InForce(i64),
    /// Expired, or not a waiver that waives anything (no reason, no date,
    /// an unknown rule).
    NotInForce,
}

/// The waivers of the charters: the findings the organisation has chosen to
/// accept for a while, with who owns them, why, and until when. Those that
/// end within 30 days stand out.
pub(super) fn waivers(charters: &[CharterRecord], today: Option<Date>) -> Markup {
    let mut rows = Vec::new();
    for c in charters {
        for w in &c.waivers {
            let standing = match (c.waiver_in_force(w), c.waiver_days_left(w, today)) {
                (true, Some(days)) => Standing::InForce(days),
                (true, None) => Standing::InForce(i64::MAX),
                (false, _) => Standing::NotInForce,
            };
            rows.push((c, w, standing));
        }
    }
    rows.sort_by_key(|(c, w, s)| {
        (
            match s {
                Standing::InForce(d) => *d,
                Standing::NotInForce => i64::MIN,
            },
            c.repo.clone(),
            c.path.clone(),
            w.rule.clone(),
        )
    });
    let expiring = rows
        .iter()
        .filter(|(_, _, s)| matches!(s, Standing::InForce(d) if *d <= EXPIRING_WITHIN_DAYS))
        .count();
    let in_force = rows
        .iter()
        .filter(|(_, _, s)| matches!(s, Standing::InForce(_)))
        .count();
    html! {
        section #waivers {
            h2 { "Accepted risks: the waivers" }
            @if rows.is_empty() {
                p.lede { "No charter waives a finding." }
            } @else {
                p.lede {
                    "A waiver is a decision, not a problem: the team accepts a finding for a while, says why, and until when. "
                    (plural(in_force, "waiver is", "waivers are")) " in force."
                    @if expiring > 0 {
                        " " strong.flag #expiring-count { "⚠ " (plural(expiring, "waiver ends", "waivers end")) " within " (EXPIRING_WITHIN_DAYS) " days." }
                    }
                }
                div.table-scroll {
                    table.waivers {
                        thead { tr { th { "Product" } th { "Rule waived" } th { "Reason" } th { "Owner" } th { "Expires" } } }
                        tbody {
                            @for (c, w, s) in &rows {
                                @let class = match s {
                                    Standing::InForce(d) if *d <= EXPIRING_WITHIN_DAYS => "waiver expiring",
                                    Standing::InForce(_) => "waiver",
                                    Standing::NotInForce => "waiver not-in-force",
                                };
                                tr class=(class) {
                                    td {
                                        strong { (display_name(c)) }
                                        div.small.muted.mono { (c.repo.as_deref().map(visible).unwrap_or_default()) }
                                    }
                                    td.mono { (w.rule.as_deref().map(visible).unwrap_or_else(|| "(none)".into())) }
                                    td.small { (w.reason.as_deref().map(|r| clip(r, 200)).unwrap_or_else(|| "(no reason given)".into())) }
                                    td { (c.owner.as_deref().map(visible).unwrap_or_else(|| "(no owner)".into())) }
                                    td.nowrap {
                                        span.mono { (w.expires.as_deref().map(visible).unwrap_or_else(|| "(no date)".into())) }
                                        @match s {
                                            Standing::InForce(d) if *d <= EXPIRING_WITHIN_DAYS => {
                                                div.flag { "⚠ ends in " (plural((*d).max(0) as usize, "day", "days")) }
                                            }
                                            Standing::InForce(d) if *d < i64::MAX => div.small.muted { "in " (d) " days" },
                                            Standing::InForce(_) => {}
                                            Standing::NotInForce => {
                                                @let expired = w.expires.as_deref().and_then(|e| e.parse::<Date>().ok()).zip(today).is_some_and(|(e, t)| e < t);
                                                div.small.flag { (if expired { "expired: waives nothing" } else { "not in force: waives nothing" }) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The findings per rule as a bar chart, coloured by severity: where the
/// charters fall short, at a glance.
pub(super) fn findings_chart(findings: &[Finding]) -> Markup {
    const SHOWN: usize = 12;
    let mut by_rule: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for f in findings {
        let e = by_rule.entry(f.rule).or_insert((0, f.severity));
        e.0 += 1;
        e.1 = e.1.max(f.severity);
    }
    let mut rows: Vec<(&str, usize, Severity)> =
        by_rule.into_iter().map(|(r, (n, s))| (r, n, s)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    let more = rows.len().saturating_sub(SHOWN);
    rows.truncate(SHOWN);
    let max = rows.first().map_or(1, |r| r.1).max(1) as f64;
    let height = rows.len() as f64 * 24.0 + 4.0;
    html! {
        @if !rows.is_empty() {
            figure.chart.rule-chart {
                svg #rule-chart viewBox=(format!("0 0 960 {height:.0}")) role="img"
                    aria-label=(format!("Findings by rule: {}", rows.iter().map(|(r, n, _)| format!("{r} {n}")).collect::<Vec<_>>().join(", ")))
                    font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" {
                    @for (i, (rule, n, sev)) in rows.iter().enumerate() {
                        @let y = i as f64 * 24.0 + 2.0;
                        @let w = 600.0 * *n as f64 / max;
                        g.bar data-rule=(rule) data-count=(n) {
                            text x="300" y=(format!("{:.1}", y + 15.0)) font-size="13" text-anchor="end" fill="#1f2328" { (rule) }
                            rect x="310" y=(format!("{y:.1}")) width=(format!("{w:.1}")) height="18" rx="3" fill=(severity_colour(*sev)) {}
                            text x=(format!("{:.1}", 316.0 + w)) y=(format!("{:.1}", y + 14.0)) font-size="12.5" font-weight="700" fill="#1f2328" { (n) }
                        }
                    }
                }
                @if more > 0 { figcaption.small.muted { "and " (plural(more, "rule", "rules")) " more, in the table below" } }
            }
        }
    }
}

/// The report's day: the `today` the rules took, if the run says.
pub(super) fn today_of(report: &Results) -> Option<Date> {
    report.scan.as_ref().and_then(|s| s.today.parse().ok())
}
