//! "Since the last scan" (`--baseline`): new and fixed findings per
//! repository, charters added and removed, products that moved quadrant or
//! relationship type, and coverage then and now as a small chart.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::parts::{display_name, location, plural, when};
use crate::record::{CharterRecord, Coverage};
use crate::result_file::{Comparison, Move};
use crate::text::visible;

fn record_name(c: &CharterRecord) -> String {
    display_name(c)
}

fn move_name(m: &Move) -> String {
    visible(
        m.name
            .as_deref()
            .or(m.product_id.as_deref())
            .unwrap_or(&m.path),
    )
}

fn or_none(v: &Option<String>) -> String {
    v.as_deref().map(visible).unwrap_or_else(|| "—".into())
}

/// Coverage then and now as two bars.
fn coverage_chart(then: &Coverage, now: &Coverage) -> Markup {
    let bar = |label: &str, c: &Coverage, y: f64| {
        let w = 600.0 * c.percent() as f64 / 100.0;
        html! {
            g.coverage-bar data-when=(label) data-percent=(c.percent()) {
                text x="110" y=(y + 15.0) font-size="13" text-anchor="end" fill="#1f2328" { (label) }
                rect x="120" y=(y) width="600" height="20" rx="4" fill="#f1f3f5" {}
                rect x="120" y=(y) width=(format!("{w:.1}")) height="20" rx="4" fill=(if label == "now" { "#3b5bdb" } else { "#a5b4fc" }) {}
                text x="730" y=(y + 15.0) font-size="13" font-weight="700" fill="#1f2328" {
                    (c.percent()) "% · " (c.with_charter) " of " (c.repos)
                }
            }
        }
    };
    html! {
        figure.chart {
            svg #coverage-chart viewBox="0 0 960 60" role="img"
                aria-label=(format!("Coverage then {}%, now {}%", then.percent(), now.percent()))
                font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" {
                (bar("then", then, 4.0))
                (bar("now", now, 34.0))
            }
        }
    }
}

pub(super) fn section(b: &Comparison) -> Markup {
    // New and fixed findings per repository.
    let mut per_repo: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for f in &b.fixed {
        per_repo
            .entry(f.repo.clone().unwrap_or_default())
            .or_default()
            .1 += 1;
    }
    for (repo, n) in &b.new_by_repo {
        per_repo.entry(repo.clone()).or_default().0 += n;
    }
    let when = b
        .previous
        .as_ref()
        .map(|p| format!("scanned {}", when(&p.scanned_at)))
        .unwrap_or_else(|| "an earlier scan".into());
    html! {
        section #since {
            h2 { "Since the last scan" }
            p.lede {
                "Compared with " code { (visible(&b.file)) } " (" (when) "): "
                strong #since-new { (plural(b.new, "new finding", "new findings")) } ", "
                strong #since-fixed { (plural(b.fixed.len(), "finding fixed", "findings fixed")) } ", "
                (b.unchanged) " unchanged."
                @if b.hidden > 0 { " " (plural(b.hidden, "finding", "findings")) " already there " (if b.hidden == 1 { "is" } else { "are" }) " left out (" code { "--new-only" } ")." }
            }
            h3 { "Coverage then and now" }
            (coverage_chart(&b.coverage_then, &b.coverage_now))
            @if !per_repo.is_empty() {
                h3 { "New and fixed findings per repository" }
                div.table-scroll {
                    table.since {
                        thead { tr { th { "Repository" } th.num { "New" } th.num { "Fixed" } } }
                        tbody {
                            @for (repo, (new, fixed)) in &per_repo {
                                tr data-repo=(visible(repo)) {
                                    td.mono { (visible(repo)) }
                                    td.num { @if *new > 0 { span.flag { "+" (new) } } @else { "0" } }
                                    td.num { @if *fixed > 0 { span.fixed { "−" (fixed) } } @else { "0" } }
                                }
                            }
                        }
                    }
                }
            }
            @if !b.added.is_empty() || !b.removed.is_empty() {
                h3 { "Charters added and removed" }
                ul.changes {
                    @for c in &b.added {
                        li.added { span.fixed { "+ added" } " " (record_name(c)) " " span.muted.mono { (location(c)) } }
                    }
                    @for c in &b.removed {
                        li.removed { span.flag { "− removed" } " " (record_name(c)) " " span.muted.mono { (location(c)) } }
                    }
                }
            }
            @if !b.moved.is_empty() {
                h3 { "Products that moved" }
                div.table-scroll {
                    table.moved {
                        thead { tr { th { "Product" } th { "Quadrant (differentiation/criticality)" } th { "Relationship" } } }
                        tbody {
                            @for m in &b.moved {
                                tr data-product=(m.product_id.as_deref().map(visible).unwrap_or_default()) {
                                    td { strong { (move_name(m)) } div.small.muted.mono { (m.repo.as_deref().map(visible).unwrap_or_default()) } }
                                    td { @if m.quadrant_moved() { (or_none(&m.quadrant_then)) " → " strong { (or_none(&m.quadrant_now)) } } @else { span.muted { "unchanged" } } }
                                    td { @if m.relationship_moved() { (or_none(&m.relationship_then)) " → " strong { (or_none(&m.relationship_now)) } } @else { span.muted { "unchanged" } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
