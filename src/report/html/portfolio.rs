//! The products on the Purpose Based Alignment grid (SPEC section 5):
//! differentiation against criticality, each product marked by its sourcing
//! decision, so that a decision at odds with its quadrant (a `build` where
//! parity or "who cares" says buy or minimise) stands out by colour, a ring
//! and a written label.

use maud::{Markup, html};

use super::parts::{clip, display_name, link, linked, location, plural};
use crate::charter::{Decision, Quadrant};
use crate::record::{CharterRecord, ScanInfo};
use crate::text::visible;

/// How the report shows a quadrant (the quadrant itself is the model's).
impl Quadrant {
    fn advice(self) -> &'static str {
        match self {
            Quadrant::Differentiating => "High differentiation, high criticality: build and excel",
            Quadrant::Parity => "Low differentiation, high criticality: buy or adopt, reach parity",
            Quadrant::Partner => "High differentiation, low criticality: partner",
            Quadrant::WhoCares => "Low differentiation, low criticality: minimise",
        }
    }

    /// Column (criticality low, high) and row (differentiation high, low).
    fn cell(self) -> (f64, f64) {
        match self {
            Quadrant::Partner => (0.0, 0.0),
            Quadrant::Differentiating => (1.0, 0.0),
            Quadrant::WhoCares => (0.0, 1.0),
            Quadrant::Parity => (1.0, 1.0),
        }
    }

    fn fill(self) -> &'static str {
        match self {
            Quadrant::Differentiating => "#edf2ff",
            Quadrant::Partner => "#f5effb",
            Quadrant::Parity => "#f1f3f5",
            Quadrant::WhoCares => "#faf9f5",
        }
    }
}

/// A sourcing decision at odds with its quadrant.
pub(super) struct AtOdds {
    /// Short, for the chart: "build in parity".
    pub label: &'static str,
    /// Why it matters, for the table.
    pub why: &'static str,
    /// The rule whose waiver makes it an accepted risk, if one finds it.
    pub rule: Option<&'static str>,
}

pub(super) fn at_odds(decision: Option<Decision>, q: Quadrant) -> Option<AtOdds> {
    let decision = decision.filter(|d| q.is_against(*d))?;
    let (label, why) = match decision {
        Decision::Build if q == Quadrant::Parity => (
            "build in parity",
            "Critical but not a differentiator: buy or adopt it and reach parity; building it spends the team where it cannot set the company apart.",
        ),
        Decision::Build => (
            "build in “who cares”",
            "Neither critical nor a differentiator: minimise it or drop it rather than build it.",
        ),
        _ => (
            "buying a differentiator",
            "It sets the company apart and is critical: what everyone can buy cannot set us apart.",
        ),
    };
    Some(AtOdds {
        label,
        why,
        rule: crate::rules::rule_against_quadrant(decision, q).map(|r| r.id),
    })
}

/// How a product's decision stands against its quadrant, its waivers
/// considered: at odds, or an accepted risk when its charter waives the
/// rule that finds it (a waiver is a decision, not a problem).
fn judged(c: &CharterRecord, q: Quadrant) -> Option<(AtOdds, bool)> {
    let odd = at_odds(c.decision, q)?;
    let waived = odd.rule.is_some_and(|r| c.waived.iter().any(|w| w == r));
    Some((odd, waived))
}

/// The product's decision at odds with its quadrant, unless waived.
pub(super) fn odds(c: &CharterRecord, q: Quadrant) -> Option<AtOdds> {
    judged(c, q).filter(|(_, waived)| !waived).map(|(o, _)| o)
}

/// The product's decision at odds with its quadrant, waived: accepted risk.
pub(super) fn accepted(c: &CharterRecord, q: Quadrant) -> Option<AtOdds> {
    judged(c, q).filter(|(_, waived)| *waived).map(|(o, _)| o)
}

/// How the chart marks each sourcing decision of SPEC section 2.
fn decision_colour(decision: &str) -> Option<&'static str> {
    Some(match Decision::from_name(decision)? {
        Decision::Build => "#3b5bdb",
        Decision::Buy => "#0c8599",
        Decision::Partner => "#ae3ec9",
        Decision::OpenSource => "#2f9e44",
        Decision::Retire => "#868e96",
    })
}

const ALERT: &str = "#e03131";
/// Accepted risk: a decision at odds that the charter waives.
const ACCEPTED: &str = "#5c7cfa";

/// A product's mark: its decision by shape and colour (shape alone tells
/// them apart, for readers who do not see the colours).
pub(super) fn marker(decision: Option<&str>, cx: f64, cy: f64, r: f64) -> Markup {
    let colour = decision.and_then(decision_colour);
    let f = |v: f64| format!("{v:.1}");
    match (decision, colour) {
        (Some("build"), Some(c)) => html! { circle cx=(f(cx)) cy=(f(cy)) r=(f(r)) fill=(c) {} },
        (Some("buy"), Some(c)) => {
            let s = r * 1.7;
            html! { rect x=(f(cx - s / 2.0)) y=(f(cy - s / 2.0)) width=(f(s)) height=(f(s)) rx="1" fill=(c) {} }
        }
        (Some("partner"), Some(c)) => {
            let d = r * 1.3;
            html! { polygon points=(format!("{},{} {},{} {},{} {},{}", f(cx), f(cy - d), f(cx + d), f(cy), f(cx), f(cy + d), f(cx - d), f(cy))) fill=(c) {} }
        }
        (Some("open-source"), Some(c)) => {
            let d = r * 1.25;
            html! { polygon points=(format!("{},{} {},{} {},{}", f(cx), f(cy - d), f(cx + d), f(cy + d * 0.8), f(cx - d), f(cy + d * 0.8))) fill=(c) {} }
        }
        (Some("retire"), Some(c)) => {
            let d = r * 0.7;
            html! {
                circle cx=(f(cx)) cy=(f(cy)) r=(f(r)) fill="#fff" stroke=(c) stroke-width="1.6" {}
                path d=(format!("M{} {}L{} {}", f(cx - d), f(cy + d), f(cx + d), f(cy - d))) stroke=(c) stroke-width="1.6" {}
            }
        }
        _ => {
            html! { circle cx=(f(cx)) cy=(f(cy)) r=(f(r)) fill="#fff" stroke="#868e96" stroke-width="1.4" stroke-dasharray="2 2" {} }
        }
    }
}

fn product_class(odd: bool, accepted: bool) -> &'static str {
    match (odd, accepted) {
        (true, _) => "product at-odds",
        (false, true) => "product accepted",
        (false, false) => "product",
    }
}

/// The dashed ring of an accepted risk.
fn accepted_ring(cx: f64, cy: f64, r: f64) -> Markup {
    html! { circle cx=(format!("{cx:.1}")) cy=(format!("{cy:.1}")) r=(format!("{r:.1}")) fill="none" stroke=(ACCEPTED) stroke-width="1.6" stroke-dasharray="3 2" {} }
}

/// A card's repository line: the repository, and the charter's path when it
/// is not the repository's one `charter.toml`.
fn card_place(c: &CharterRecord) -> String {
    match (&c.repo, c.path.as_str()) {
        (Some(r), "charter.toml") => visible(r),
        (Some(r), p) => format!("{}/{}", visible(r), visible(p)),
        (None, p) => visible(p),
    }
}

/// The ring drawn around a product whose decision is at odds.
fn ring(cx: f64, cy: f64, r: f64) -> Markup {
    html! { circle cx=(format!("{cx:.1}")) cy=(format!("{cy:.1}")) r=(format!("{r:.1}")) fill="none" stroke=(ALERT) stroke-width="2.2" {} }
}

fn tooltip(c: &CharterRecord, q: Quadrant) -> String {
    let mut t = display_name(c);
    if let Some(id) = &c.product_id {
        t.push_str(&format!(" ({})", visible(id)));
    }
    t.push_str(&format!(
        "\n{} · {}\n{}",
        c.decision
            .map(|d| visible(d.as_str()))
            .unwrap_or_else(|| "no decision".into()),
        q.name(),
        location(c)
    ));
    if let Some(odd) = odds(c, q) {
        t.push_str(&format!("\n⚠ {}", odd.label));
    } else if let Some(ok) = accepted(c, q) {
        t.push_str(&format!("\naccepted risk (waived): {}", ok.label));
    }
    t
}

const WIDTH: f64 = 960.0;
const AXIS: f64 = 44.0;
const GAP: f64 = 8.0;
const QW: f64 = (WIDTH - AXIS - GAP) / 2.0;
/// A quadrant's height when it packs dots; with few products it is as tall
/// as its longest list.
const QH_DOTS: f64 = 316.0;
const QH_MIN: f64 = 140.0;
const HEADER: f64 = 58.0;
const PAD: f64 = 14.0;
/// Up to this many products a quadrant names each one; up to `DOTS_AT_MOST`
/// it packs them as dots; past that it counts them per decision.
const LABELS_AT_MOST: usize = 14;
const DOTS_AT_MOST: usize = 2500;
const LABEL_ROW: f64 = 62.0;

/// The products of one quadrant, the ones at odds first.
fn members(charters: &[CharterRecord], q: Quadrant) -> Vec<&CharterRecord> {
    let mut m: Vec<&CharterRecord> = charters
        .iter()
        .filter(|c| c.quadrant() == Some(q))
        .collect();
    m.sort_by_cached_key(|c| {
        (
            odds(c, q).is_none(),
            c.decision.map(Decision::as_str),
            display_name(c).to_lowercase(),
            c.repo.clone(),
            c.path.clone(),
        )
    });
    m
}

/// How many rows of names a quadrant of `n` products has: one column up to
/// half the limit, then two.
fn label_rows(n: usize) -> usize {
    if n <= LABELS_AT_MOST / 2 {
        n
    } else {
        n.div_ceil(2)
    }
}

fn quadrant_height(placed: &[(Quadrant, Vec<&CharterRecord>)]) -> f64 {
    if placed.iter().any(|(_, m)| m.len() > LABELS_AT_MOST) {
        return QH_DOTS;
    }
    let rows = placed
        .iter()
        .map(|(_, m)| label_rows(m.len()))
        .max()
        .unwrap_or(0);
    (HEADER + 8.0 + rows as f64 * LABEL_ROW + 8.0).max(QH_MIN)
}

fn quadrant_chart(
    q: Quadrant,
    products: &[&CharterRecord],
    qh: f64,
    info: Option<&ScanInfo>,
) -> Markup {
    let (col, row) = q.cell();
    let x = AXIS + col * (QW + GAP);
    let y = row * (qh + GAP);
    let odd = products.iter().filter(|c| odds(c, q).is_some()).count();
    html! {
        g.quadrant data-quadrant=(q.slug()) {
            rect x=(x) y=(y) width=(QW) height=(qh) rx="10" fill=(q.fill()) stroke="#d8dee4" {}
            text x=(x + PAD) y=(y + 26.0) font-size="16" font-weight="700" fill="#1f2328" { (q.name()) }
            text x=(x + PAD) y=(y + 45.0) font-size="12" fill="#59636e" { (q.advice()) }
            text x=(x + QW - PAD) y=(y + 26.0) font-size="13" fill="#59636e" text-anchor="end" {
                @if odd > 0 {
                    tspan font-weight="700" fill=(ALERT) { "⚠ " (odd) " at odds" }
                    " · "
                }
                (plural(products.len(), "product", "products"))
            }
            @if products.len() <= LABELS_AT_MOST {
                (labelled(q, products, x, y, info))
            } @else if products.len() <= DOTS_AT_MOST {
                (dots(q, products, x, y, qh))
            } @else {
                (counted(q, products, x, y))
            }
        }
    }
}

/// A few products: each named, with its decision written under it.
fn labelled(
    q: Quadrant,
    products: &[&CharterRecord],
    x: f64,
    y: f64,
    info: Option<&ScanInfo>,
) -> Markup {
    let column = (QW - 2.0 * PAD) / 2.0;
    let rows = label_rows(products.len()).max(1);
    html! {
        @for (i, c) in products.iter().enumerate() {
            @let ix = x + PAD + (i / rows) as f64 * column;
            @let iy = y + HEADER + 6.0 + (i % rows) as f64 * LABEL_ROW;
            @let odd = odds(c, q);
            @let ok = accepted(c, q);
            g class=(product_class(odd.is_some(), ok.is_some())) data-product=(c.product_id.as_deref().map(visible).unwrap_or_default()) {
                title { (tooltip(c, q)) }
                @if odd.is_some() { (ring(ix + 8.0, iy + 11.0, 10.0)) }
                @if ok.is_some() { (accepted_ring(ix + 8.0, iy + 11.0, 10.0)) }
                (marker(c.decision.map(Decision::as_str), ix + 8.0, iy + 11.0, 6.0))
                @let name = html! { text x=(ix + 24.0) y=(iy + 15.0) font-size="13" font-weight="600" fill="#1f2328" { (clip(&display_name(c), 25)) } };
                @match product_link(c, info) {
                    Some(href) => a.source href=(href) rel="noreferrer" { (name) },
                    None => (name),
                }
                @if let Some(odd) = odd {
                    text x=(ix + 24.0) y=(iy + 30.0) font-size="11.5" font-weight="700" fill=(ALERT) { "⚠ " (odd.label) }
                } @else if let Some(ok) = ok {
                    text.accepted x=(ix + 24.0) y=(iy + 30.0) font-size="11.5" font-weight="600" fill=(ACCEPTED) { "accepted risk: " (ok.label) }
                } @else {
                    text x=(ix + 24.0) y=(iy + 30.0) font-size="11.5" fill="#59636e" {
                        (c.decision.map(Decision::as_str).unwrap_or("no decision"))
                    }
                }
                // The repository on every card: products that share a name
                // stay apart.
                text.repo x=(ix + 24.0) y=(iy + 44.0) font-size="11" fill="#59636e" { (clip(&card_place(c), 36)) }
                // Its team, a link to the team in the Teams section.
                @if let Some(team) = c.owner.as_deref() {
                    a.team-link href=(format!("#{}", crate::teams::anchor(&crate::teams::of_charter(c)))) {
                        title { "Team " (visible(team)) }
                        text.team x=(ix + 24.0) y=(iy + 57.0) font-size="11" fill="#3451b2" { "team: " (clip(team, 30)) }
                    }
                }
            }
        }
    }
}

/// Many products: packed as dots, largest size that fits; each keeps its
/// tooltip, and the ones at odds keep their ring.
fn dots(q: Quadrant, products: &[&CharterRecord], x: f64, y: f64, qh: f64) -> Markup {
    let (w, h) = (QW - 2.0 * PAD, qh - HEADER - PAD);
    let n = products.len() as f64;
    let mut size = (w * h / n).sqrt().floor().min(26.0);
    while size > 4.0 && (w / size).floor() * (h / size).floor() < n {
        size -= 1.0;
    }
    let cols = ((w / size).floor() as usize).max(1);
    html! {
        @for (i, c) in products.iter().enumerate() {
            @let cx = x + PAD + ((i % cols) as f64 + 0.5) * size;
            @let cy = y + HEADER + ((i / cols) as f64 + 0.5) * size;
            @let odd = odds(c, q).is_some();
            g class=(product_class(odd, accepted(c, q).is_some())) data-product=(c.product_id.as_deref().map(visible).unwrap_or_default()) {
                title { (tooltip(c, q)) }
                @if odd { (ring(cx, cy, size * 0.45)) }
                (marker(c.decision.map(Decision::as_str), cx, cy, size * 0.27))
            }
        }
    }
}

/// Too many to draw one by one: a bar per decision.
fn counted(q: Quadrant, products: &[&CharterRecord], x: f64, y: f64) -> Markup {
    let count = |d: Option<&str>| {
        products
            .iter()
            .filter(|c| c.decision.map(Decision::as_str) == d)
            .count()
    };
    let mut rows: Vec<(Option<&str>, usize)> = Decision::NAMES
        .iter()
        .map(|d| (Some(*d), count(Some(d))))
        .collect();
    let other = products.len() - rows.iter().map(|(_, n)| n).sum::<usize>();
    rows.push((None, other));
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    html! {
        @for (i, (d, n)) in rows.iter().enumerate() {
            @let iy = y + HEADER + 10.0 + i as f64 * 30.0;
            @let odd = at_odds(d.and_then(Decision::from_name), q);
            g.decision-count {
                @if odd.is_some() { (ring(x + PAD + 8.0, iy + 8.0, 10.0)) }
                (marker(*d, x + PAD + 8.0, iy + 8.0, 6.0))
                text x=(x + PAD + 24.0) y=(iy + 13.0) font-size="13" fill="#1f2328" { (d.unwrap_or("other")) }
                rect x=(x + PAD + 120.0) y=(iy + 1.0) width=(format!("{:.1}", 220.0 * *n as f64 / max)) height="14" rx="3"
                    fill=(if odd.is_some() { ALERT } else { "#adb5bd" }) {}
                text x=(x + PAD + 348.0) y=(iy + 13.0) font-size="13" font-weight="600" fill="#1f2328" { (n) }
            }
        }
    }
}

/// The legend shared by the grid's readers: shapes for decisions, the ring.
fn legend() -> Markup {
    html! {
        ul.legend aria-label="Legend" {
            @for d in Decision::NAMES {
                li { svg viewBox="0 0 18 18" aria-hidden="true" { (marker(Some(d), 9.0, 9.0, 6.0)) } (d) }
            }
            li { svg viewBox="0 0 18 18" aria-hidden="true" { (marker(None, 9.0, 9.0, 6.0)) } "no decision" }
            li {
                svg viewBox="0 0 18 18" aria-hidden="true" { (ring(9.0, 9.0, 7.5)) }
                span.flag { "⚠ at odds" } " — the decision goes against its quadrant"
            }
            li {
                svg viewBox="0 0 18 18" aria-hidden="true" { (accepted_ring(9.0, 9.0, 7.5)) }
                span.accepted { "accepted risk" } " — at odds, but the charter waives the finding"
            }
        }
    }
}

/// The products whose decision is at odds with their quadrant, quadrant by quadrant.
fn odd_ones<'a>(
    placed: &[(Quadrant, Vec<&'a CharterRecord>)],
) -> Vec<(&'a CharterRecord, Quadrant, AtOdds)> {
    placed
        .iter()
        .flat_map(|(q, m)| {
            m.iter()
                .filter_map(move |c| odds(c, *q).map(|o| (*c, *q, o)))
        })
        .collect()
}

/// The products at odds with their quadrant, for the summary.
pub(super) fn at_odds_products(charters: &[CharterRecord]) -> Vec<(&CharterRecord, AtOdds)> {
    let placed: Vec<(Quadrant, Vec<&CharterRecord>)> = Quadrant::ALL
        .iter()
        .map(|&q| (q, members(charters, q)))
        .collect();
    odd_ones(&placed)
        .into_iter()
        .map(|(c, _, o)| (c, o))
        .collect()
}

/// Where a product's charter is, as a link, when the report has a link template.
fn product_link(c: &CharterRecord, info: Option<&ScanInfo>) -> Option<String> {
    let line = c.anchors.product_id.as_ref().map_or(1, |a| a.position.line);
    link(info, c.repo.as_deref(), c.commit.as_deref(), &c.path, line)
}

pub(super) fn section(charters: &[CharterRecord], info: Option<&ScanInfo>) -> Markup {
    let placed: Vec<(Quadrant, Vec<&CharterRecord>)> = Quadrant::ALL
        .iter()
        .map(|&q| (q, members(charters, q)))
        .collect();
    let unplaced: Vec<&CharterRecord> =
        charters.iter().filter(|c| c.quadrant().is_none()).collect();
    let odd = odd_ones(&placed);
    let qh = quadrant_height(&placed);
    let grid = 2.0 * qh + GAP;
    let height = grid + 44.0;
    html! {
        section #portfolio {
            h2 { "Buy or build: the products on the alignment grid" }
            p.lede {
                "Each product where its charter places it: does it set the company apart (differentiation), "
                "and is it mission critical (criticality)? Its mark shows the sourcing decision. "
                "The Purpose Based Alignment Model says what each quadrant calls for."
            }
            figure.chart {
                svg viewBox=(format!("0 0 {WIDTH} {height}")) role="img" aria-labelledby="grid-title grid-desc"
                    font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" {
                    title #grid-title { "Products by differentiation and criticality" }
                    desc #grid-desc {
                        @for (q, m) in &placed { (q.name()) ": " (m.len()) ". " }
                        (odd.len()) " at odds with their quadrant."
                    }
                    @for (q, m) in &placed { (quadrant_chart(*q, m, qh, info)) }
                    text transform=(format!("translate(14 {:.1}) rotate(-90)", grid / 2.0)) text-anchor="middle" font-size="13" font-weight="700" fill="#1f2328" {
                        "Differentiation"
                    }
                    text transform=(format!("translate(32 {:.1}) rotate(-90)", qh / 2.0)) text-anchor="middle" font-size="12" fill="#59636e" { "high" }
                    text transform=(format!("translate(32 {:.1}) rotate(-90)", qh + GAP + qh / 2.0)) text-anchor="middle" font-size="12" fill="#59636e" { "low" }
                    text x=(AXIS + QW / 2.0) y=(grid + 18.0) text-anchor="middle" font-size="12" fill="#59636e" { "low" }
                    text x=(AXIS + QW + GAP + QW / 2.0) y=(grid + 18.0) text-anchor="middle" font-size="12" fill="#59636e" { "high" }
                    text x=(AXIS + QW + GAP / 2.0) y=(grid + 38.0) text-anchor="middle" font-size="13" font-weight="700" fill="#1f2328" { "Criticality" }
                }
                figcaption { (legend()) }
            }
            @if !unplaced.is_empty() {
                p.muted.small {
                    (plural(unplaced.len(), "charter is", "charters are")) " not on the grid: "
                    "their sourcing does not state both differentiation and criticality ("
                    @for (i, c) in unplaced.iter().take(12).enumerate() {
                        @if i > 0 { ", " }
                        (display_name(c))
                    }
                    @if unplaced.len() > 12 { ", …" }
                    ")."
                }
            }
            @if odd.is_empty() {
                p { "Every sourcing decision agrees with its quadrant." }
            } @else {
                h3 { "Decisions at odds with their quadrant (" (odd.len()) ")" }
                (foldable(odd.len() > 15, "The products to question first", html! {
                    div.table-scroll {
                        table {
                            thead { tr { th { "Product" } th { "Decision" } th { "Quadrant" } th { "Why it stands out" } th { "Charter" } } }
                            tbody {
                                @for (c, q, o) in &odd {
                                    tr.at-odds {
                                        td { strong { (display_name(c)) } }
                                        td { span.flag { "⚠ " (c.decision.map(Decision::as_str).map(visible).unwrap_or_default()) } }
                                        td { (q.name()) }
                                        td.small { (o.why) }
                                        td.mono.small { (linked(product_link(c, info), html! { (location(c)) })) }
                                    }
                                }
                            }
                        }
                    }
                }))
            }
            (decision_table(&placed))
        }
    }
}

/// A block shown as it is when short, folded away when long.
fn foldable(fold: bool, summary: &str, body: Markup) -> Markup {
    html! {
        @if fold {
            details { summary { (summary) } div.body { (body) } }
        } @else {
            (body)
        }
    }
}

/// Decisions counted per quadrant, and every product listed: the grid as text.
fn decision_table(placed: &[(Quadrant, Vec<&CharterRecord>)]) -> Markup {
    let total: usize = placed.iter().map(|(_, m)| m.len()).sum();
    html! {
        details {
            summary { "The grid as a table: decisions per quadrant, and every product" }
            div.body.table-scroll {
                table {
                    thead {
                        tr {
                            th { "Quadrant" }
                            @for d in Decision::NAMES { th.num { (d) } }
                            th.num { "other" }
                            th.num { "total" }
                        }
                    }
                    tbody {
                        @for (q, m) in placed {
                            tr {
                                td { (q.name()) }
                                @for d in Decision::NAMES {
                                    @let n = m.iter().filter(|c| c.decision.map(Decision::as_str) == Some(d)).count();
                                    @if m.iter().any(|c| c.decision.map(Decision::as_str) == Some(d) && odds(c, *q).is_some()) {
                                        td.num { span.flag { "⚠ " (n) } }
                                    } @else {
                                        td.num { (n) }
                                    }
                                }
                                td.num { (m.iter().filter(|c| c.decision.is_none()).count()) }
                                td.num { (m.len()) }
                            }
                        }
                    }
                }
                @if total > 0 {
                    table {
                        thead { tr { th { "Product" } th { "Quadrant" } th { "Decision" } th { "Capability" } th { "Team" } th { "Charter" } } }
                        tbody {
                            @for (q, m) in placed {
                                @for c in m {
                                    tr {
                                        td { (display_name(c)) }
                                        td { (q.name()) }
                                        td {
                                            (c.decision.map(Decision::as_str).map(visible).unwrap_or_default())
                                            @if let Some(o) = odds(c, *q) { " " span.flag { "⚠ " (o.label) } }
                                            @if let Some(o) = accepted(c, *q) { " " span.accepted { "accepted risk: " (o.label) } }
                                        }
                                        td.mono { (c.capability.as_deref().map(visible).unwrap_or_default()) }
                                        td {
                                            @if let Some(owner) = &c.owner {
                                                a.team-link href=(format!("#{}", crate::teams::anchor(&crate::teams::of_charter(c)))) { (visible(owner)) }
                                            }
                                        }
                                        td.mono.small { (location(c)) }
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

#[cfg(test)]
mod tests {
    use super::super::tests::product;
    use super::*;

    /// The part of the page drawn inside one quadrant.
    fn quadrant_of_page(page: &str, q: Quadrant) -> &str {
        let start = page
            .find(&format!("data-quadrant=\"{}\"", q.slug()))
            .expect("the quadrant is drawn");
        let rest = &page[start..];
        &rest[..rest
            .find("</g><g class=\"quadrant\"")
            .or(rest.find("</svg>"))
            .unwrap()]
    }

    #[test]
    fn products_are_placed_in_their_quadrant() {
        let charters = vec![
            product("r", "core", "build", "high", "high"),
            product("r", "ledger", "buy", "low", "high"),
            product("r", "ads", "partner", "high", "low"),
            product("r", "wiki", "open-source", "low", "low"),
        ];
        let expected = [
            (Quadrant::Differentiating, "core"),
            (Quadrant::Parity, "ledger"),
            (Quadrant::Partner, "ads"),
            (Quadrant::WhoCares, "wiki"),
        ];
        for (c, (q, _)) in charters.iter().zip(expected) {
            assert_eq!(c.quadrant(), Some(q));
        }
        let page = section(&charters, None).into_string();
        for (q, id) in expected {
            let drawn = quadrant_of_page(&page, q);
            assert!(
                drawn.contains(&format!("data-product=\"{id}\"")),
                "{id} not in {}",
                q.name()
            );
            assert_eq!(
                drawn.matches("data-product=").count(),
                1,
                "{}: {drawn}",
                q.name()
            );
        }
        assert_eq!(page.matches("class=\"product at-odds\"").count(), 0);
        assert!(page.contains("Every sourcing decision agrees with its quadrant."));
    }

    #[test]
    fn unplaced_charters_are_named_not_drawn() {
        let mut half = product("r", "half", "build", "high", "high");
        half.criticality = None;
        let page = section(&[half], None).into_string();
        assert!(!page.contains("data-product=\"half\""));
        assert!(page.contains("1 charter is not on the grid"));
        assert!(page.contains("Product half"));
    }

    #[test]
    fn a_build_in_parity_or_who_cares_stands_out_in_words() {
        let charters = vec![
            product("r", "payroll", "build", "low", "high"),
            product("r", "intranet", "build", "low", "low"),
            product("r", "pricing", "buy", "high", "high"),
            product("r", "core", "build", "high", "high"),
        ];
        let page = section(&charters, None).into_string();
        let parity = quadrant_of_page(&page, Quadrant::Parity);
        assert!(parity.contains("class=\"product at-odds\" data-product=\"payroll\""));
        assert!(parity.contains("⚠ build in parity"));
        assert!(parity.contains("⚠ 1 at odds</tspan> · 1 product"));
        let who = quadrant_of_page(&page, Quadrant::WhoCares);
        assert!(who.contains("class=\"product at-odds\" data-product=\"intranet\""));
        assert!(who.contains("⚠ build in “who cares”"));
        let diff = quadrant_of_page(&page, Quadrant::Differentiating);
        assert!(diff.contains("class=\"product at-odds\" data-product=\"pricing\""));
        assert!(diff.contains("class=\"product\" data-product=\"core\""));
        assert!(page.contains("Decisions at odds with their quadrant (3)"));
    }

    /// Issue 9 item 13: a waiver is accepted risk, not a problem.
    #[test]
    fn a_waived_decision_is_accepted_risk_not_at_odds() {
        let mut waived = product("it/intranet", "intranet", "build", "low", "low");
        waived.waived = vec!["build-who-cares".into()];
        let mut other_waiver = product("it/wiki", "wiki", "build", "low", "low");
        other_waiver.waived = vec!["build-without-alternatives".into()];
        let page = section(&[waived.clone(), other_waiver], None).into_string();
        let who = quadrant_of_page(&page, Quadrant::WhoCares);
        assert!(who.contains("class=\"product accepted\" data-product=\"intranet\""));
        assert!(who.contains("accepted risk: build in “who cares”"));
        assert!(who.contains("class=\"product at-odds\" data-product=\"wiki\""));
        assert!(who.contains("⚠ 1 at odds</tspan> · 2 products"), "{who}");
        assert!(page.contains("Decisions at odds with their quadrant (1)"));
        let page = section(&[waived], None).into_string();
        assert!(!page.contains("at-odds"), "{page}");
        assert!(page.contains("Every sourcing decision agrees with its quadrant."));
        // The rules the grid honours waivers of exist.
        for q in Quadrant::ALL {
            for d in ["build", "buy"] {
                if let Some(rule) = at_odds(Decision::from_name(d), q).and_then(|o| o.rule) {
                    assert!(crate::rules::find(rule).is_some(), "{rule}");
                }
            }
        }
    }

    /// Issue 9 item 13: cards of products that share a name name their
    /// repository, at odds or not.
    #[test]
    fn every_card_names_its_repository() {
        let mut charters: Vec<CharterRecord> = ["a/payroll", "b/payroll", "c/payroll"]
            .iter()
            .map(|r| product(r, &r.replace('/', "-"), "build", "low", "high"))
            .collect();
        charters.push(product("d/payroll", "d", "buy", "low", "high"));
        for c in &mut charters {
            c.name = Some("Payroll".into());
        }
        charters[3].path = "products/payroll/charter.toml".into();
        let page = section(&charters, None).into_string();
        let parity = quadrant_of_page(&page, Quadrant::Parity);
        for repo in ["a/payroll", "b/payroll", "c/payroll"] {
            assert!(
                parity.contains(&format!(">{repo}</text>")),
                "{repo} is not on its card: {parity}"
            );
        }
        assert!(
            parity.contains(">d/payroll/products/payroll/charter.…</text>"),
            "{parity}"
        );
    }

    #[test]
    fn many_products_become_dots_then_counts() {
        let many: Vec<CharterRecord> = (0..600)
            .map(|i| {
                product(
                    "r",
                    &format!("p{i}"),
                    if i % 2 == 0 { "build" } else { "buy" },
                    "low",
                    "high",
                )
            })
            .collect();
        let page = section(&many, None).into_string();
        let parity = quadrant_of_page(&page, Quadrant::Parity);
        assert_eq!(parity.matches("data-product=").count(), 600);
        assert_eq!(parity.matches("class=\"product at-odds\"").count(), 300);
        assert!(
            !parity.contains("Product p1<"),
            "dots carry no label, only a tooltip"
        );
        let crowd: Vec<CharterRecord> = (0..DOTS_AT_MOST + 1)
            .map(|i| product("r", &format!("p{i}"), "build", "low", "low"))
            .collect();
        let page = section(&crowd, None).into_string();
        let who = quadrant_of_page(&page, Quadrant::WhoCares);
        assert_eq!(who.matches("data-product=").count(), 0);
        assert!(who.contains(&format!(">{}</text>", DOTS_AT_MOST + 1)));
    }
}
