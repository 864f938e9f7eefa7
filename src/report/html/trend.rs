//! The Trend section (`--history`): coverage and findings over the scans,
//! the rules that grew or shrank most, and the products that moved
//! quadrant, as inline SVG that needs no script.

use maud::{Markup, html};

use super::parts::{clip, plural, severity_colour};
use crate::finding::Severity;
use crate::result_file::{Move, Trend, TrendPoint};
use crate::text::visible;

const W: f64 = 960.0;
const H: f64 = 220.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 30.0;
/// The rules listed each way (grew, shrank).
const RULES_EACH_WAY: usize = 6;

const ERROR: &str = severity_colour(Severity::Error);
const WARNING: &str = severity_colour(Severity::Warning);
const NOTE: &str = severity_colour(Severity::Note);

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// The x of point `i` of `n`, spread over the plot.
fn x_of(i: usize, n: usize) -> f64 {
    let span = W - LEFT - RIGHT;
    if n <= 1 {
        LEFT + span / 2.0
    } else {
        LEFT + span * i as f64 / (n - 1) as f64
    }
}

/// The y of `v` on a scale from 0 to `max`.
fn y_of(v: f64, max: f64) -> f64 {
    let span = H - TOP - BOTTOM;
    TOP + span - span * (v / max.max(1.0))
}

/// A round top for the findings scale: 1, 2, 5 × 10^k.
fn nice_max(v: usize) -> usize {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if v <= m * step {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// A point's date, for axes and tooltips.
fn day(p: &TrendPoint) -> String {
    visible(if p.today.is_empty() {
        &p.time
    } else {
        &p.today
    })
}

/// The dates under a chart: first, last, and a few between.
fn x_axis(points: &[TrendPoint]) -> Markup {
    let n = points.len();
    let ticks: Vec<usize> = match n {
        0 => Vec::new(),
        1..=6 => (0..n).collect(),
        _ => (0..5).map(|k| k * (n - 1) / 4).collect(),
    };
    html! {
        line x1=(f(LEFT)) y1=(f(H - BOTTOM)) x2=(f(W - RIGHT)) y2=(f(H - BOTTOM)) stroke="#d8dee4" {}
        @for i in ticks {
            text x=(f(x_of(i, n))) y=(f(H - BOTTOM + 18.0)) font-size="12" fill="#59636e"
                text-anchor=(if i == 0 && n > 1 { "start" } else if i + 1 == n && n > 1 { "end" } else { "middle" }) {
                (day(&points[i]))
            }
        }
    }
}

/// Horizontal grid lines with their values.
fn y_axis(max: usize, suffix: &str) -> Markup {
    html! {
        @for k in 0..=4usize {
            @let v = max * k / 4;
            @let y = y_of(v as f64, max as f64);
            line x1=(f(LEFT)) y1=(f(y)) x2=(f(W - RIGHT)) y2=(f(y)) stroke=(if k == 0 { "#d8dee4" } else { "#eef1f4" }) {}
            text x=(f(LEFT - 8.0)) y=(f(y + 4.0)) font-size="12" fill="#59636e" text-anchor="end" { (v) (suffix) }
        }
    }
}

fn svg_open(id: &str, label: &str, body: Markup) -> Markup {
    html! {
        figure.chart {
            svg #(id) viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(label)
                font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" {
                title { (label) }
                (body)
            }
        }
    }
}

/// Coverage over the scans, a line from 0 to 100%.
fn coverage_chart(points: &[TrendPoint]) -> Markup {
    let n = points.len();
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", f(x_of(i, n)), f(y_of(p.coverage as f64, 100.0))))
        .collect();
    let area = format!(
        "{},{} {} {},{}",
        f(x_of(0, n)),
        f(y_of(0.0, 100.0)),
        line.join(" "),
        f(x_of(n.saturating_sub(1), n)),
        f(y_of(0.0, 100.0))
    );
    let label = match (points.first(), points.last()) {
        (Some(a), Some(b)) => format!(
            "Coverage: {}% of repositories had a charter on {}, {}% on {}",
            a.coverage,
            day(a),
            b.coverage,
            day(b)
        ),
        _ => "Coverage".into(),
    };
    svg_open(
        "trend-coverage",
        &label,
        html! {
            (y_axis(100, "%"))
            (x_axis(points))
            polygon points=(area) fill="#3b5bdb" fill-opacity="0.08" {}
            polyline points=(line.join(" ")) fill="none" stroke="#3b5bdb" stroke-width="2.5" stroke-linejoin="round" {}
            @for (i, p) in points.iter().enumerate() {
                circle.point cx=(f(x_of(i, n))) cy=(f(y_of(p.coverage as f64, 100.0))) r=(if n > 60 { "2" } else { "3.5" })
                    fill="#3b5bdb" data-coverage=(p.coverage) {
                    title { (day(p)) ": " (p.with_charter) " of " (plural(p.repos, "repository", "repositories")) " (" (p.coverage) "%)" }
                }
            }
        },
    )
}

/// Errors, warnings and notes over the scans, stacked.
fn findings_chart(points: &[TrendPoint]) -> Markup {
    let n = points.len();
    let max = nice_max(
        points
            .iter()
            .map(|p| p.errors + p.warnings + p.notes)
            .max()
            .unwrap_or(0)
            .max(1),
    );
    // Each layer's top, cumulated: errors, + warnings, + notes.
    let tops = |layer: usize| -> Vec<(f64, f64)> {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let v = [p.errors, p.warnings, p.notes][..=layer]
                    .iter()
                    .sum::<usize>();
                (x_of(i, n), y_of(v as f64, max as f64))
            })
            .collect()
    };
    let band = |layer: usize| -> String {
        let upper = tops(layer);
        let lower: Vec<(f64, f64)> = if layer == 0 {
            upper.iter().map(|(x, _)| (*x, y_of(0.0, 1.0))).collect()
        } else {
            tops(layer - 1)
        };
        upper
            .iter()
            .chain(lower.iter().rev())
            .map(|(x, y)| format!("{},{}", f(*x), f(*y)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let label = match (points.first(), points.last()) {
        (Some(a), Some(b)) => format!(
            "Findings: {} errors, {} warnings, {} notes on {}; {} errors, {} warnings, {} notes on {}",
            a.errors,
            a.warnings,
            a.notes,
            day(a),
            b.errors,
            b.warnings,
            b.notes,
            day(b)
        ),
        _ => "Findings".into(),
    };
    html! {
        (svg_open("trend-findings", &label, html! {
            (y_axis(max, ""))
            (x_axis(points))
            polygon.band data-severity="note" points=(band(2)) fill=(NOTE) fill-opacity="0.55" {}
            polygon.band data-severity="warning" points=(band(1)) fill=(WARNING) fill-opacity="0.75" {}
            polygon.band data-severity="error" points=(band(0)) fill=(ERROR) fill-opacity="0.85" {}
            @for (i, p) in points.iter().enumerate() {
                @let total = p.errors + p.warnings + p.notes;
                // An invisible column per scan, for its tooltip.
                rect.point x=(f(x_of(i, n) - 4.0)) y=(f(TOP)) width="8" height=(f(H - TOP - BOTTOM)) fill="transparent"
                    data-errors=(p.errors) data-warnings=(p.warnings) data-notes=(p.notes) {
                    title { (day(p)) ": " (p.errors) " errors, " (p.warnings) " warnings, " (p.notes) " notes (" (total) ")" }
                }
            }
        }))
        ul.legend {
            li { span.swatch style=(format!("background:{ERROR}")) {} "errors" }
            li { span.swatch style=(format!("background:{WARNING}")) {} "warnings" }
            li { span.swatch style=(format!("background:{NOTE}")) {} "notes" }
        }
    }
}

/// A rule's count at the first scan and now.
struct RuleChange {
    rule: String,
    then: usize,
    now: usize,
}

impl RuleChange {
    fn delta(&self) -> i64 {
        self.now as i64 - self.then as i64
    }
}

/// The rules whose findings grew most, and those that shrank most, first
/// scan to this one.
fn rule_changes(first: &TrendPoint, last: &TrendPoint) -> (Vec<RuleChange>, Vec<RuleChange>) {
    let rules: std::collections::BTreeSet<&String> =
        first.rules.keys().chain(last.rules.keys()).collect();
    let mut all: Vec<RuleChange> = rules
        .into_iter()
        .map(|r| RuleChange {
            rule: r.clone(),
            then: first.rules.get(r).copied().unwrap_or(0),
            now: last.rules.get(r).copied().unwrap_or(0),
        })
        .filter(|c| c.delta() != 0)
        .collect();
    all.sort_by(|a, b| b.delta().cmp(&a.delta()).then(a.rule.cmp(&b.rule)));
    let grew: Vec<RuleChange> = all
        .iter()
        .filter(|c| c.delta() > 0)
        .take(RULES_EACH_WAY)
        .map(|c| RuleChange {
            rule: c.rule.clone(),
            ..*c
        })
        .collect();
    let mut shrank: Vec<RuleChange> = all
        .into_iter()
        .rev()
        .filter(|c| c.delta() < 0)
        .take(RULES_EACH_WAY)
        .collect();
    shrank.sort_by(|a, b| a.delta().cmp(&b.delta()).then(a.rule.cmp(&b.rule)));
    (grew, shrank)
}

/// Bars from a middle line: growth to the right in red, shrinkage to the
/// left in green, each with its rule and counts.
fn rules_chart(grew: &[RuleChange], shrank: &[RuleChange]) -> Markup {
    const ROW: f64 = 26.0;
    const MID: f64 = W / 2.0;
    const LABEL: f64 = 230.0;
    let rows: Vec<&RuleChange> = grew.iter().chain(shrank.iter()).collect();
    let max = rows
        .iter()
        .map(|c| c.delta().unsigned_abs())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let half = MID - LABEL - 70.0;
    let height = ROW * rows.len() as f64 + 10.0;
    html! {
        figure.chart {
            svg #trend-rules viewBox=(format!("0 0 {W} {height}")) role="img"
                aria-label="The rules whose findings grew most (right) and shrank most (left) since the first scan"
                font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" {
                line x1=(f(MID)) y1="0" x2=(f(MID)) y2=(f(height)) stroke="#adb5bd" {}
                @for (i, c) in rows.iter().enumerate() {
                    @let y = 6.0 + i as f64 * ROW;
                    @let d = c.delta();
                    @let w = half * d.unsigned_abs() as f64 / max;
                    g.rule-change data-rule=(visible(&c.rule)) data-delta=(d) {
                        title { (visible(&c.rule)) ": " (c.then) " → " (c.now) }
                        @if d > 0 {
                            text x=(f(MID - 10.0)) y=(f(y + 14.0)) font-size="13" text-anchor="end" fill="#1f2328" class="mono" { (clip(&c.rule, 34)) }
                            rect x=(f(MID)) y=(f(y)) width=(f(w.max(2.0))) height="18" rx="3" fill=(ERROR) {}
                            text x=(f(MID + w.max(2.0) + 6.0)) y=(f(y + 14.0)) font-size="12.5" font-weight="700" fill=(ERROR) { "+" (d) " " tspan fill="#59636e" font-weight="400" { "(" (c.then) " → " (c.now) ")" } }
                        } @else {
                            text x=(f(MID + 10.0)) y=(f(y + 14.0)) font-size="13" fill="#1f2328" class="mono" { (clip(&c.rule, 34)) }
                            rect x=(f(MID - w.max(2.0))) y=(f(y)) width=(f(w.max(2.0))) height="18" rx="3" fill="#40a05a" {}
                            text x=(f(MID - w.max(2.0) - 6.0)) y=(f(y + 14.0)) font-size="12.5" font-weight="700" fill="#2b7a3d" text-anchor="end" { tspan fill="#59636e" font-weight="400" { "(" (c.then) " → " (c.now) ") " } "−" (d.unsigned_abs()) }
                        }
                    }
                }
            }
        }
    }
}

fn quadrant_name(levels: Option<&str>) -> &'static str {
    levels
        .and_then(crate::trend::quadrant_of_levels)
        .map_or("—", crate::charter::Quadrant::name)
}

fn moved_table(moved: &[Move]) -> Markup {
    html! {
        div.table-scroll {
            table #trend-moved {
                thead { tr { th { "Product" } th { "Repository" } th { "Then" } th { "" } th { "Now" } } }
                tbody {
                    @for m in moved {
                        tr data-product=(m.product_id.as_deref().map(visible).unwrap_or_default()) {
                            td { strong { (visible(m.name.as_deref().or(m.product_id.as_deref()).unwrap_or(&m.path))) } }
                            td.mono.small { (visible(m.repo.as_deref().unwrap_or(&m.path))) }
                            td.then { (quadrant_name(m.quadrant_then.as_deref())) }
                            td.muted { "→" }
                            td.now { strong { (quadrant_name(m.quadrant_now.as_deref())) } }
                        }
                    }
                }
            }
        }
    }
}

/// How a number changed, in words: `4 → 2 (−2)`, or for a share
/// (`suffix` `%`) `42% → 57% (+15 points)`.
fn change(then: usize, now: usize, suffix: &str) -> String {
    let d = now as i64 - then as i64;
    let sign = if d > 0 {
        "+"
    } else if d < 0 {
        "−"
    } else {
        "±"
    };
    let unit = if suffix == "%" { " points" } else { "" };
    format!(
        "{then}{suffix} → {now}{suffix} ({sign}{}{unit})",
        d.unsigned_abs()
    )
}

/// The section.
pub(super) fn section(trend: &Trend) -> Markup {
    let points = &trend.points;
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return html! {};
    };
    let (grew, shrank) = rule_changes(first, last);
    let findings = |p: &TrendPoint| p.errors + p.warnings + p.notes;
    html! {
        section #trend {
            h2 { "Trend: " (plural(points.len(), "scan", "scans")) " since " (day(first)) }
            @if points.len() < 2 {
                p.lede { "No earlier result was found in the history folder: the trend starts with this scan." }
            } @else {
                div.cards {
                    div.card #trend-coverage-change { div.value { (last.coverage) "%" } div.label { "coverage, " (change(first.coverage, last.coverage, "%")) } }
                    div.card.error #trend-errors-change { div.value { (last.errors) } div.label { "errors, " (change(first.errors, last.errors, "")) } }
                    div.card.warning { div.value { (last.warnings) } div.label { "warnings, " (change(first.warnings, last.warnings, "")) } }
                    div.card { div.value { (findings(last)) } div.label { "findings in all, " (change(findings(first), findings(last), "")) } }
                    div.card { div.value { (last.repos) } div.label { "repositories, " (change(first.repos, last.repos, "")) } }
                }
            }
            h3 { "Coverage: repositories with a charter" }
            (coverage_chart(points))
            h3 { "Findings by severity" }
            (findings_chart(points))
            h3 { "Rules that grew or shrank most since " (day(first)) }
            @if grew.is_empty() && shrank.is_empty() {
                p.muted #trend-rules-none { "No rule has more or fewer findings than at the first scan." }
            } @else {
                (rules_chart(&grew, &shrank))
            }
            h3 { "Products that moved quadrant since " (day(first)) }
            @if trend.moved.is_empty() {
                p.muted #trend-moved-none { "No product changed quadrant." }
            } @else {
                (moved_table(&trend.moved))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day: &str, rules: &[(&str, usize)]) -> TrendPoint {
        TrendPoint {
            today: day.into(),
            rules: rules.iter().map(|(r, n)| (r.to_string(), *n)).collect(),
            ..TrendPoint::default()
        }
    }

    #[test]
    fn rules_that_grew_and_shrank_are_ranked() {
        let first = point("a", &[("x", 1), ("y", 10), ("z", 3), ("same", 2)]);
        let last = point("b", &[("x", 9), ("y", 2), ("new", 1), ("same", 2)]);
        let (grew, shrank) = rule_changes(&first, &last);
        let g: Vec<(&str, i64)> = grew.iter().map(|c| (c.rule.as_str(), c.delta())).collect();
        let s: Vec<(&str, i64)> = shrank
            .iter()
            .map(|c| (c.rule.as_str(), c.delta()))
            .collect();
        assert_eq!(g, [("x", 8), ("new", 1)]);
        assert_eq!(s, [("y", -8), ("z", -3)]);
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(130), 200);
    }
}
