//! The golden thread drawn from the registry's goals to its objectives to the
//! products whose charters serve them; objectives that no product serves
//! stand out. Without a registry the section says so and lists the threads as
//! the charters state them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use maud::{Markup, html};

use super::parts::{clip, display_name, location, plural, wrap};
use crate::date::Date;
use crate::record::CharterRecord;
use crate::registry::{Goal, Objective, Registry};
use crate::text::visible;

const WIDTH: f64 = 960.0;
const GOAL_X: f64 = 0.0;
const GOAL_W: f64 = 220.0;
const OBJ_X: f64 = 290.0;
const OBJ_W: f64 = 340.0;
const PROD_X: f64 = 710.0;
const PROD_W: f64 = 250.0;
const PROD_H: f64 = 36.0;
const PROD_STEP: f64 = 42.0;
const BLOCK_GAP: f64 = 14.0;
const GOAL_GAP: f64 = 16.0;
/// Past this many products the drawing counts them per objective instead of
/// naming each; past this many objectives it is not drawn (the table stays).
const PRODUCTS_DRAWN_AT_MOST: usize = 40;
const OBJECTIVES_DRAWN_AT_MOST: usize = 150;
/// How many names a table cell or a callout lists before "and N more".
const NAMES_AT_MOST: usize = 50;
const ALERT: &str = "#e03131";
const PALETTE: [&str; 6] = [
    "#3b5bdb", "#0c8599", "#ae3ec9", "#e8590c", "#2f9e44", "#c2255c",
];

/// A goal and its objectives, in registry order. `goal` is `None` for the
/// objectives whose goal the registry does not hold.
struct Branch<'a> {
    goal: Option<&'a Goal>,
    objectives: Vec<&'a Objective>,
}

/// Which products serve which objective, and which charters' threads do not
/// reach the registry.
struct Thread<'a> {
    branches: Vec<Branch<'a>>,
    served: HashMap<&'a str, Vec<&'a CharterRecord>>,
    /// Charters naming a goal or objective the registry does not hold, with those ids.
    unresolved: Vec<(&'a CharterRecord, Vec<&'a str>)>,
    /// Charters that state no golden thread at all.
    threadless: Vec<&'a CharterRecord>,
}

impl<'a> Thread<'a> {
    fn new(charters: &'a [CharterRecord], registry: &'a Registry) -> Thread<'a> {
        let mut seen = HashSet::new();
        let objectives: Vec<&Objective> = registry
            .objectives()
            .iter()
            .filter(|o| seen.insert(o.id.as_str()))
            .collect();
        let mut seen = HashSet::new();
        let mut branches: Vec<Branch> = registry
            .goals()
            .iter()
            .filter(|g| seen.insert(g.id.as_str()))
            .map(|g| Branch {
                goal: Some(g),
                objectives: objectives
                    .iter()
                    .copied()
                    .filter(|o| o.goal.as_deref() == Some(g.id.as_str()))
                    .collect(),
            })
            .collect();
        let orphans: Vec<&Objective> = objectives
            .iter()
            .copied()
            .filter(|o| o.goal.as_deref().and_then(|g| registry.goal(g)).is_none())
            .collect();
        if !orphans.is_empty() {
            branches.push(Branch {
                goal: None,
                objectives: orphans,
            });
        }
        let mut served: HashMap<&str, Vec<&CharterRecord>> = HashMap::new();
        let mut unresolved = Vec::new();
        let mut threadless = Vec::new();
        for c in charters {
            let ids: BTreeSet<&str> = c.objectives.iter().flatten().map(String::as_str).collect();
            if c.goal.is_none() && ids.is_empty() {
                threadless.push(c);
                continue;
            }
            let mut unknown: Vec<&str> = c
                .goal
                .as_deref()
                .filter(|g| registry.goal(g).is_none())
                .into_iter()
                .collect();
            for id in ids {
                match registry.objective(id) {
                    Some(o) => served.entry(o.id.as_str()).or_default().push(c),
                    None => unknown.push(id),
                }
            }
            if !unknown.is_empty() {
                unresolved.push((c, unknown));
            }
        }
        Thread {
            branches,
            served,
            unresolved,
            threadless,
        }
    }

    fn objectives(&self) -> impl Iterator<Item = (Option<&'a Goal>, &'a Objective)> + '_ {
        self.branches
            .iter()
            .flat_map(|b| b.objectives.iter().map(move |o| (b.goal, *o)))
    }

    fn products_of(&self, o: &Objective) -> &[&'a CharterRecord] {
        self.served
            .get(o.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn unserved(&self) -> Vec<(Option<&'a Goal>, &'a Objective)> {
        self.objectives()
            .filter(|(_, o)| self.products_of(o).is_empty())
            .collect()
    }
}

/// The ids of the objectives no product serves, and how many objectives
/// there are, for the summary.
pub(super) fn unserved<'a>(
    charters: &'a [CharterRecord],
    registry: &'a Registry,
) -> (Vec<&'a str>, usize) {
    let thread = Thread::new(charters, registry);
    let ids = thread
        .unserved()
        .into_iter()
        .map(|(_, o)| o.id.as_str())
        .collect();
    (ids, thread.objectives().count())
}

/// The objectives that ended before `today`, and the products whose every
/// objective in the registry has ended.
#[derive(Default)]
pub(super) struct Ended<'a> {
    pub objectives: Vec<&'a Objective>,
    pub stranded: Vec<&'a CharterRecord>,
}

pub(super) fn ended<'a>(
    charters: &'a [CharterRecord],
    registry: &'a Registry,
    today: Date,
) -> Ended<'a> {
    let is_ended = |o: &Objective| o.ends.is_some_and(|e| e < today);
    let mut seen = HashSet::new();
    let objectives = registry
        .objectives()
        .iter()
        .filter(|o| is_ended(o) && seen.insert(o.id.as_str()))
        .collect();
    let stranded = charters
        .iter()
        .filter(|c| {
            let known: Vec<&Objective> = c
                .objectives
                .iter()
                .flatten()
                .filter_map(|id| registry.objective(id))
                .collect();
            !known.is_empty() && known.iter().all(|o| is_ended(o))
        })
        .collect();
    Ended {
        objectives,
        stranded,
    }
}

pub(super) fn section(
    charters: &[CharterRecord],
    registry: Option<&Registry>,
    today: Option<Date>,
) -> Markup {
    html! {
        section #golden-thread {
            h2 { "The golden thread: from the company's goals to the products" }
            @match registry {
                Some(r) => (with_registry(charters, r, today)),
                None => (without_registry(charters)),
            }
        }
    }
}

fn goal_label(goal: Option<&Goal>) -> String {
    match goal {
        Some(g) => visible(&g.id),
        None => "(goal not in the registry)".into(),
    }
}

fn names(products: &[&CharterRecord]) -> Markup {
    html! {
        @for (i, c) in products.iter().take(NAMES_AT_MOST).enumerate() {
            @if i > 0 { ", " }
            span title=(location(c)) { (display_name(c)) }
        }
        @if products.len() > NAMES_AT_MOST { " and " (products.len() - NAMES_AT_MOST) " more" }
    }
}

fn with_registry(charters: &[CharterRecord], registry: &Registry, today: Option<Date>) -> Markup {
    let thread = Thread::new(charters, registry);
    let ended = today
        .map(|t| ended(charters, registry, t))
        .unwrap_or_default();
    let is_ended = |o: &Objective| ended.objectives.iter().any(|e| e.id == o.id);
    let total = thread.objectives().count();
    let unserved = thread.unserved();
    let drawn = total > 0 && total <= OBJECTIVES_DRAWN_AT_MOST;
    html! {
        p.lede {
            "Each objective of the OKR registry (" code { (visible(&registry.path)) } ") under its goal, "
            "linked to the products whose charters say they serve it."
        }
        @if total == 0 {
            p { "The registry holds no objectives." }
        } @else if unserved.is_empty() {
            div.callout {
                p { "✓ Every one of the " (total) " objectives is served by at least one product." }
            }
        } @else {
            div.callout.alert {
                p {
                    strong { "⚠ " (unserved.len()) " of " (total) " objectives " (if unserved.len() == 1 { "is" } else { "are" }) " served by no product." }
                    " No charter names " (if unserved.len() == 1 { "it" } else { "them" }) " in its golden thread."
                }
                ul {
                    @for (g, o) in unserved.iter().take(20) {
                        li {
                            strong.mono { (visible(&o.id)) } " — " (o.statement.as_deref().map(visible).unwrap_or_default())
                            span.muted { " (" (goal_label(*g)) ")" }
                        }
                    }
                    @if unserved.len() > 20 { li.muted { "and " (unserved.len() - 20) " more, in the table below" } }
                }
            }
        }
        @if !ended.objectives.is_empty() {
            div.callout.ended #ended-objectives {
                p {
                    strong { (plural(ended.objectives.len(), "objective has", "objectives have")) " ended" }
                    " (their " code { "ends" } " date is before " (today.map(|t| t.to_string()).unwrap_or_default()) "): "
                    @for (i, o) in ended.objectives.iter().enumerate().take(NAMES_AT_MOST) {
                        @if i > 0 { ", " }
                        code { (visible(&o.id)) } span.muted { " (" (o.ends.map(|d| d.to_string()).unwrap_or_default()) ")" }
                    }
                    "."
                }
                @if ended.stranded.is_empty() {
                    p.muted { "Every product serving one of them also serves an objective still running." }
                } @else {
                    p {
                        strong.flag { "⚠ " (plural(ended.stranded.len(), "product is", "products are")) " tied only to ended objectives:" }
                        " " (names(&ended.stranded)) ". Their charters need a current objective."
                    }
                }
            }
        }
        @if drawn {
            figure.chart { (drawing(&thread, &ended)) }
            ul.legend aria-label="Legend" {
                li { svg viewBox="0 0 18 18" aria-hidden="true" { rect x="1" y="3" width="16" height="12" rx="3" fill="#fff" stroke="#8c959f" {} } "goal, objective, product" }
                li {
                    svg viewBox="0 0 18 18" aria-hidden="true" { rect x="1" y="3" width="16" height="12" rx="3" fill="#fff0f0" stroke=(ALERT) stroke-dasharray="3 2" stroke-width="1.6" {} }
                    span.flag { "⚠ no product" } " — an objective no product serves"
                }
                @if !ended.objectives.is_empty() {
                    li {
                        svg viewBox="0 0 18 18" aria-hidden="true" { rect x="1" y="3" width="16" height="12" rx="3" fill="#f1f3f5" stroke="#868e96" stroke-dasharray="2 2" stroke-width="1.6" {} }
                        "ended — an objective past its " code { "ends" } " date"
                    }
                }
                @if !ended.stranded.is_empty() {
                    li {
                        svg viewBox="0 0 18 18" aria-hidden="true" { rect x="1" y="3" width="16" height="12" rx="3" fill="#fff0f0" stroke=(ALERT) {} }
                        "a product tied only to ended objectives"
                    }
                }
                li { "Lines take the colour of their goal." }
            }
        } @else if total > 0 {
            p.muted { "With " (total) " objectives the drawing is left out; the table below holds the whole thread." }
        }
        @if !thread.unresolved.is_empty() {
            div.callout.warn {
                p { strong { (plural(thread.unresolved.len(), "charter's golden thread does", "charters' golden threads do")) " not reach the registry:" } " they name goals or objectives it does not hold." }
                ul {
                    @for (c, ids) in thread.unresolved.iter().take(NAMES_AT_MOST) {
                        li {
                            (display_name(c)) " "
                            span.muted.small { "(" (location(c)) ")" }
                            " names "
                            @for (i, id) in ids.iter().enumerate() { @if i > 0 { ", " } code { (visible(id)) } }
                        }
                    }
                    @if thread.unresolved.len() > NAMES_AT_MOST { li.muted { "and " (thread.unresolved.len() - NAMES_AT_MOST) " more" } }
                }
            }
        }
        @if !thread.threadless.is_empty() {
            p.muted {
                (plural(thread.threadless.len(), "charter states", "charters state")) " no golden thread: "
                (names(&thread.threadless)) "."
            }
        }
        @if total > 0 {
            details open[!drawn] {
                summary { "The golden thread as a table" }
                div.body.table-scroll {
                    table {
                        thead { tr { th { "Goal" } th { "Objective" } th { "Ends" } th { "Products serving it" } } }
                        tbody {
                            @for (g, o) in thread.objectives() {
                                @let products = thread.products_of(o);
                                tr.at-odds[products.is_empty()] data-objective=(visible(&o.id)) {
                                    td.mono { (goal_label(g)) }
                                    td {
                                        strong.mono { (visible(&o.id)) }
                                        @if let Some(s) = &o.statement { div.small { (visible(s)) } }
                                    }
                                    td.mono.small {
                                        (o.ends.map(|d| d.to_string()).unwrap_or_default())
                                        @if is_ended(o) { " " span.ended-flag { "ended" } }
                                    }
                                    td {
                                        @if products.is_empty() { span.flag { "⚠ none" } } @else { (names(products)) }
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

/// Where each part of the drawing goes, top to bottom.
struct Layout {
    height: f64,
    /// Per branch: its goal node's top and height.
    goals: Vec<(f64, f64)>,
    /// Per objective, in `Thread::objectives` order: its node's top and height.
    objectives: Vec<(f64, f64)>,
    /// Per objective: the tops of the product nodes drawn beside it.
    products: Vec<Vec<f64>>,
}

fn goal_lines(g: Option<&Goal>) -> Vec<String> {
    g.and_then(|g| g.statement.as_deref())
        .map(|s| wrap(s, 30, 3))
        .unwrap_or_default()
}

fn objective_lines(o: &Objective) -> Vec<String> {
    o.statement
        .as_deref()
        .map(|s| wrap(s, 48, 2))
        .unwrap_or_default()
}

fn node_height(lines: usize) -> f64 {
    30.0 + 15.0 * lines as f64
}

/// A charter's identity within a run.
type Key<'a> = (Option<&'a str>, &'a str);

fn key(c: &CharterRecord) -> Key<'_> {
    (c.repo.as_deref(), c.path.as_str())
}

/// The product column. Few products: each drawn once, beside the first
/// objective it serves, and linked to every objective it serves. Many: one
/// node per objective counting its products.
enum Column<'a> {
    Named(Vec<Vec<&'a CharterRecord>>),
    Counted,
}

impl<'a> Column<'a> {
    fn of(thread: &Thread<'a>) -> Column<'a> {
        let distinct: HashSet<Key> = thread.served.values().flatten().map(|c| key(c)).collect();
        if distinct.len() > PRODUCTS_DRAWN_AT_MOST {
            return Column::Counted;
        }
        let mut placed = HashSet::new();
        Column::Named(
            thread
                .objectives()
                .map(|(_, o)| {
                    thread
                        .products_of(o)
                        .iter()
                        .copied()
                        .filter(|c| placed.insert(key(c)))
                        .collect()
                })
                .collect(),
        )
    }

    /// How many product nodes stand beside the `i`th objective (at least one
    /// slot, for the count or the "no product" placeholder).
    fn slots(&self, i: usize) -> usize {
        match self {
            Column::Named(homes) => homes[i].len().max(1),
            Column::Counted => 1,
        }
    }
}

fn layout(thread: &Thread, column: &Column) -> Layout {
    let mut y = 0.0;
    let mut out = Layout {
        height: 0.0,
        goals: Vec::new(),
        objectives: Vec::new(),
        products: Vec::new(),
    };
    for branch in &thread.branches {
        let top = y;
        let goal_h = node_height(goal_lines(branch.goal).len());
        for o in &branch.objectives {
            let slots = column.slots(out.objectives.len());
            let obj_h = node_height(objective_lines(o).len());
            let stack = slots as f64 * PROD_STEP - (PROD_STEP - PROD_H);
            let block = obj_h.max(stack);
            out.objectives.push((y + (block - obj_h) / 2.0, obj_h));
            let first = y + (block - stack) / 2.0;
            out.products
                .push((0..slots).map(|i| first + i as f64 * PROD_STEP).collect());
            y += block + BLOCK_GAP;
        }
        let block = (y - BLOCK_GAP - top).max(goal_h);
        out.goals.push((top + (block - goal_h) / 2.0, goal_h));
        y = top + block + BLOCK_GAP + GOAL_GAP;
    }
    out.height = (y - BLOCK_GAP - GOAL_GAP).max(0.0) + 2.0;
    out
}

fn curve(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let mid = (x1 + x2) / 2.0;
    format!("M{x1:.1} {y1:.1}C{mid:.1} {y1:.1} {mid:.1} {y2:.1} {x2:.1} {y2:.1}")
}

fn drawing(thread: &Thread, ended: &Ended) -> Markup {
    let is_ended = |o: &Objective| ended.objectives.iter().any(|e| e.id == o.id);
    let column = Column::of(thread);
    let at = layout(thread, &column);
    // Each objective with the index of its branch, in drawing order.
    let rows: Vec<(usize, &Objective)> = thread
        .branches
        .iter()
        .enumerate()
        .flat_map(|(b, branch)| branch.objectives.iter().map(move |o| (b, *o)))
        .collect();
    let colour = |b: usize| match thread.branches[b].goal {
        Some(_) => PALETTE[b % PALETTE.len()],
        None => "#8c959f",
    };
    let mut product_at: HashMap<Key, f64> = HashMap::new();
    if let Column::Named(homes) = &column {
        for (home, tops) in homes.iter().zip(&at.products) {
            for (c, top) in home.iter().zip(tops) {
                product_at.insert(key(c), *top + PROD_H / 2.0);
            }
        }
    }
    let middle = |(top, h): (f64, f64)| top + h / 2.0;
    html! {
        svg viewBox=(format!("0 0 {WIDTH} {:.0}", at.height)) role="img" aria-labelledby="thread-title"
            font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" {
            title #thread-title {
                "Goals, their objectives, and the products that serve them; "
                (thread.unserved().len()) " objectives served by no product"
            }
            // Lines first, under the nodes.
            g.edges fill="none" stroke-width="1.6" {
                @for (i, (b, o)) in rows.iter().enumerate() {
                    @let from = middle(at.objectives[i]);
                    path d=(curve(GOAL_X + GOAL_W, middle(at.goals[*b]), OBJ_X, from)) stroke=(colour(*b)) stroke-opacity="0.55" {}
                    @let products = thread.products_of(o);
                    @if products.is_empty() {
                        path d=(curve(OBJ_X + OBJ_W, from, PROD_X, at.products[i][0] + PROD_H / 2.0)) stroke=(ALERT) stroke-dasharray="4 3" {}
                    } @else if let Column::Counted = column {
                        path d=(curve(OBJ_X + OBJ_W, from, PROD_X, at.products[i][0] + PROD_H / 2.0)) stroke=(colour(*b)) stroke-opacity="0.75" {}
                    } @else {
                        @for to in products.iter().filter_map(|c| product_at.get(&key(c))) {
                            path d=(curve(OBJ_X + OBJ_W, from, PROD_X, *to)) stroke=(colour(*b)) stroke-opacity="0.75" {}
                        }
                    }
                }
            }
            @for (b, branch) in thread.branches.iter().enumerate() {
                @let (gy, gh) = at.goals[b];
                g.goal data-goal=(branch.goal.map(|g| visible(&g.id)).unwrap_or_default()) {
                    rect x=(GOAL_X + 0.5) y=(gy) width=(GOAL_W - 1.0) height=(gh) rx="8" fill="#f6f8fa" stroke="#d0d7de" {}
                    rect x=(GOAL_X + 0.5) y=(gy) width="5" height=(gh) rx="2" fill=(colour(b)) {}
                    text x=(GOAL_X + 16.0) y=(gy + 20.0) font-size="13" font-weight="700" fill="#1f2328" { (clip(&goal_label(branch.goal), 30)) }
                    @for (l, line) in goal_lines(branch.goal).iter().enumerate() {
                        text x=(GOAL_X + 16.0) y=(gy + 37.0 + 15.0 * l as f64) font-size="12" fill="#424a53" { (line) }
                    }
                }
            }
            @for (i, (_, o)) in rows.iter().enumerate() {
                @let (oy, oh) = at.objectives[i];
                @let products = thread.products_of(o);
                @let slot = at.products[i][0];
                @if products.is_empty() {
                    g class=(if is_ended(o) { "objective unserved ended" } else { "objective unserved" }) data-objective=(visible(&o.id)) {
                        rect x=(OBJ_X) y=(oy) width=(OBJ_W) height=(oh) rx="8" fill="#fff0f0" stroke=(ALERT) stroke-width="1.8" stroke-dasharray="5 3" {}
                        text x=(OBJ_X + OBJ_W - 12.0) y=(oy + 20.0) font-size="11.5" font-weight="700" fill=(ALERT) text-anchor="end" { "⚠ no product" }
                        (objective_text(o, oy))
                    }
                    g.placeholder {
                        rect x=(PROD_X) y=(slot) width=(PROD_W) height=(PROD_H) rx="8" fill="none" stroke=(ALERT) stroke-dasharray="4 3" {}
                        text x=(PROD_X + 12.0) y=(slot + 22.0) font-size="12" font-style="italic" fill=(ALERT) { "No product serves this objective" }
                    }
                } @else {
                    @if is_ended(o) {
                        g.objective.ended data-objective=(visible(&o.id)) {
                            rect x=(OBJ_X) y=(oy) width=(OBJ_W) height=(oh) rx="8" fill="#f1f3f5" stroke="#868e96" stroke-width="1.6" stroke-dasharray="2 2" {}
                            text x=(OBJ_X + OBJ_W - 12.0) y=(oy + 20.0) font-size="11.5" font-weight="700" fill="#495057" text-anchor="end" {
                                "ended " (o.ends.map(|d| d.to_string()).unwrap_or_default())
                            }
                            (objective_text(o, oy))
                        }
                    } @else {
                        g.objective data-objective=(visible(&o.id)) {
                            rect x=(OBJ_X) y=(oy) width=(OBJ_W) height=(oh) rx="8" fill="#fff" stroke="#d0d7de" {}
                            @if let Some(ends) = o.ends {
                                text x=(OBJ_X + OBJ_W - 12.0) y=(oy + 20.0) font-size="11.5" fill="#59636e" text-anchor="end" { "ends " (ends.to_string()) }
                            }
                            (objective_text(o, oy))
                        }
                    }
                    @match &column {
                        Column::Counted => {
                            g.product-count {
                                title { (products.iter().take(NAMES_AT_MOST).map(|c| display_name(c)).collect::<Vec<_>>().join(", ")) }
                                rect x=(PROD_X) y=(slot) width=(PROD_W) height=(PROD_H) rx="8" fill="#fff" stroke="#d0d7de" {}
                                text x=(PROD_X + 12.0) y=(slot + 15.0) font-size="12.5" font-weight="700" fill="#1f2328" { (plural(products.len(), "product", "products")) }
                                text x=(PROD_X + 12.0) y=(slot + 29.0) font-size="11" fill="#59636e" {
                                    (clip(&format!("e.g. {}", products.iter().take(3).map(|c| display_name(c)).collect::<Vec<_>>().join(", ")), 40))
                                }
                            }
                        }
                        Column::Named(homes) => {
                            @for (c, top) in homes[i].iter().zip(&at.products[i]) {
                                @let stranded = ended.stranded.iter().any(|s| key(s) == key(c));
                                g class=(if stranded { "product stranded" } else { "product" }) data-product=(c.product_id.as_deref().map(visible).unwrap_or_default()) {
                                    title { (display_name(c)) "\n" (location(c)) @if stranded { "\n⚠ tied only to ended objectives" } }
                                    rect x=(PROD_X) y=(top) width=(PROD_W) height=(PROD_H) rx="8" fill=(if stranded { "#fff0f0" } else { "#fff" }) stroke=(if stranded { ALERT } else { "#d0d7de" }) {}
                                    text x=(PROD_X + 12.0) y=(top + 15.0) font-size="12.5" font-weight="700" fill="#1f2328" { (clip(&display_name(c), 32)) }
                                    text x=(PROD_X + 12.0) y=(top + 29.0) font-size="11" fill="#59636e" {
                                        (clip(c.repo.as_deref().unwrap_or(&c.path), 38))
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

fn objective_text(o: &Objective, top: f64) -> Markup {
    html! {
        text x=(OBJ_X + 12.0) y=(top + 20.0) font-size="13" font-weight="700" fill="#1f2328" { (clip(&o.id, 28)) }
        @for (l, line) in objective_lines(o).iter().enumerate() {
            text x=(OBJ_X + 12.0) y=(top + 37.0 + 15.0 * l as f64) font-size="12" fill="#424a53" { (line) }
        }
    }
}

fn without_registry(charters: &[CharterRecord]) -> Markup {
    let mut by_goal: BTreeMap<Option<&str>, (BTreeSet<&str>, Vec<&CharterRecord>)> =
        BTreeMap::new();
    for c in charters {
        let entry = by_goal.entry(c.goal.as_deref()).or_default();
        entry
            .0
            .extend(c.objectives.iter().flatten().map(String::as_str));
        entry.1.push(c);
    }
    html! {
        div.callout.warn {
            p {
                strong { "No OKR registry was given to this run," }
                " so the golden thread cannot be traced to the company's goals, and no objective can be shown "
                "unserved. Name one with " code { "registry" } " in " code { "charterlint.toml" } " or with "
                code { "--registry" } "."
            }
        }
        @if !by_goal.is_empty() {
            details {
                summary { "The golden thread as the charters state it (not checked against a registry)" }
                div.body.table-scroll {
                    table {
                        thead { tr { th { "Goal" } th { "Objectives" } th { "Products" } } }
                        tbody {
                            @for (goal, (objectives, products)) in &by_goal {
                                tr {
                                    td.mono { (goal.map(visible).unwrap_or_else(|| "(none stated)".into())) }
                                    td.mono.small {
                                        @for (i, o) in objectives.iter().enumerate() { @if i > 0 { ", " } (visible(o)) }
                                    }
                                    td { (names(products)) }
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
    use super::super::tests::{product, registry};
    use super::*;

    const OKRS: &str = r#"okrs = 1
[[goals]]
id = "G-TRUST"
statement = "Be trusted"
[[goals]]
id = "G-GROW"
statement = "Grow"
[[objectives]]
id = "O-PAY"
goal = "G-TRUST"
statement = "Payouts on time"
[[objectives]]
id = "O-CLOSE"
goal = "G-TRUST"
statement = "Close in a day"
ends = 2026-12-31
[[objectives]]
id = "O-ONBOARD"
goal = "G-GROW"
statement = "Open an account in ten minutes"
"#;

    fn serving(id: &str, goal: &str, objectives: &[&str]) -> CharterRecord {
        let mut c = product(&format!("repo-{id}"), id, "build", "high", "high");
        c.goal = Some(goal.into());
        c.objectives = Some(objectives.iter().map(|s| s.to_string()).collect());
        c
    }

    /// The opening tag of the drawn node of an objective.
    fn node<'a>(page: &'a str, id: &str) -> &'a str {
        let at = page
            .find(&format!("data-objective=\"{id}\""))
            .expect("objective drawn");
        let start = page[..at].rfind('<').unwrap();
        &page[start..at]
    }

    #[test]
    fn unserved_objectives_stand_out() {
        let reg = registry(OKRS);
        let charters = vec![
            serving("payouts", "G-TRUST", &["O-PAY"]),
            serving("signup", "G-GROW", &["O-ONBOARD", "O-PAY"]),
        ];
        let page = section(&charters, Some(&reg), None).into_string();
        assert_eq!(node(&page, "O-CLOSE"), "<g class=\"objective unserved\" ");
        assert_eq!(node(&page, "O-PAY"), "<g class=\"objective\" ");
        assert_eq!(node(&page, "O-ONBOARD"), "<g class=\"objective\" ");
        assert_eq!(page.matches("No product serves this objective").count(), 1);
        assert!(page.contains("1 of 3 objectives is served by no product"));
        assert!(page.contains("<tr class=\"at-odds\" data-objective=\"O-CLOSE\">"));
        assert!(!page.contains("class=\"at-odds\" data-objective=\"O-PAY\""));
        // Each product drawn once, linked to every objective it serves.
        assert_eq!(page.matches("data-product=\"signup\"").count(), 1);
        let edges = page
            .split("<g class=\"edges\"")
            .nth(1)
            .unwrap()
            .split("</g>")
            .next()
            .unwrap();
        assert_eq!(
            edges.matches("<path").count(),
            3 + 3 + 1,
            "goal→objective, objective→product, unserved"
        );
    }

    #[test]
    fn every_objective_served_is_said_so() {
        let reg = registry(OKRS);
        let charters = vec![serving(
            "all",
            "G-TRUST",
            &["O-PAY", "O-CLOSE", "O-ONBOARD"],
        )];
        let page = section(&charters, Some(&reg), None).into_string();
        assert!(!page.contains("objective unserved"));
        assert!(page.contains("Every one of the 3 objectives is served by at least one product."));
    }

    #[test]
    fn threads_that_miss_the_registry_are_listed() {
        let reg = registry(OKRS);
        let mut bare = product("r", "bare", "buy", "low", "high");
        bare.goal = None;
        let charters = vec![serving("lost", "G-NOPE", &["O-PAY", "O-GONE"]), bare];
        let page = section(&charters, Some(&reg), None).into_string();
        assert!(page.contains("1 charter's golden thread does not reach the registry"));
        assert!(page.contains("<code>G-NOPE</code>, <code>O-GONE</code>"));
        assert!(page.contains("1 charter states no golden thread"));
    }

    #[test]
    fn without_a_registry_the_section_says_so() {
        let charters = vec![serving("payouts", "G-TRUST", &["O-PAY"])];
        let page = section(&charters, None, None).into_string();
        assert!(page.contains("No OKR registry was given to this run"));
        assert!(!page.contains("<svg"));
        assert!(page.contains("G-TRUST") && page.contains("O-PAY"));
    }

    #[test]
    fn many_products_are_counted_per_objective() {
        let reg = registry(OKRS);
        let charters: Vec<CharterRecord> = (0..PRODUCTS_DRAWN_AT_MOST + 10)
            .map(|i| serving(&format!("p{i}"), "G-TRUST", &["O-PAY"]))
            .collect();
        let page = section(&charters, Some(&reg), None).into_string();
        assert!(page.contains(&format!(">{} products</text>", PRODUCTS_DRAWN_AT_MOST + 10)));
        assert!(!page.contains("class=\"product\" data-product="));
    }
}
