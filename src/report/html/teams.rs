//! The Teams section: the products grouped by `product.owner`, each team
//! with its products and their status, findings by severity, waivers (those
//! ending within 30 days standing out), stale charters and the objectives
//! it serves. Each team has an anchor (`#team-…`) the product cards link to.

use maud::{Markup, html};

use super::parts::plural;
use crate::result_file::{Team, TeamProduct};
use crate::teams::{EXPIRING_WITHIN_DAYS, anchor};
use crate::text::visible;

/// Up to this many teams, each starts open.
const OPEN_TEAMS_AT_MOST: usize = 12;

/// A team as headings and links name it.
pub(super) fn team_name(team: &Team) -> String {
    team.owner
        .as_deref()
        .map(visible)
        .unwrap_or_else(|| "No owner".into())
}

fn product_name(p: &TeamProduct) -> String {
    visible(
        p.name
            .as_deref()
            .or(p.product_id.as_deref())
            .unwrap_or(&p.path),
    )
}

fn status_badge(status: &str) -> Markup {
    let label = match status {
        "fails" => "fails",
        "warnings" => "warnings only",
        _ => "passes",
    };
    html! { span class=(format!("sev status-{status}")) { (label) } }
}

fn counts(team: &Team) -> Markup {
    html! {
        span.counts {
            (plural(team.products.len(), "product", "products")) " · "
            span.e { (plural(team.errors, "error", "errors")) } " · "
            (plural(team.warnings, "warning", "warnings")) " · "
            (plural(team.notes, "note", "notes"))
            @if team.stale > 0 { " · " span.flag { (plural(team.stale, "stale charter", "stale charters")) } }
            @if team.expiring > 0 {
                " · " span.flag.expiring-count { "⚠ " (plural(team.expiring, "waiver ends", "waivers end")) " within " (EXPIRING_WITHIN_DAYS) " days" }
            }
        }
    }
}

fn body(team: &Team) -> Markup {
    // A waiver's product by name, as the products table names it.
    let name_of = |repo: &Option<String>, path: &str| {
        team.products
            .iter()
            .find(|p| &p.repo == repo && p.path == path)
            .map(product_name)
            .unwrap_or_else(|| visible(path))
    };
    html! {
        div.table-scroll {
            table.team-products {
                thead { tr { th { "Product" } th { "Repository" } th { "Status" } th.num { "Errors" } th.num { "Warnings" } th.num { "Notes" } th { "Objectives" } } }
                tbody {
                    @for p in &team.products {
                        tr data-product=(p.product_id.as_deref().map(visible).unwrap_or_default()) data-status=(p.status) {
                            td {
                                strong { (product_name(p)) }
                                @if p.stale { " " span.flag.stale { "stale" } }
                            }
                            td.mono.small { (visible(p.repo.as_deref().unwrap_or(&p.path))) }
                            td { (status_badge(&p.status)) }
                            td.num { (p.errors) }
                            td.num { (p.warnings) }
                            td.num { (p.notes) }
                            td.mono.small { (p.objectives.iter().map(|o| visible(o)).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
            }
        }
        @if !team.waivers.is_empty() {
            h4 { "Waivers" }
            div.table-scroll {
                table.team-waivers {
                    thead { tr { th { "Product" } th { "Rule waived" } th { "Reason" } th { "Expires" } } }
                    tbody {
                        @for w in &team.waivers {
                            @let class = if w.expiring { "waiver expiring" } else if w.in_force { "waiver" } else { "waiver not-in-force" };
                            tr class=(class) {
                                td { (name_of(&w.repo, &w.path)) }
                                td.mono { (w.rule.as_deref().map(visible).unwrap_or_default()) }
                                td.small { (w.reason.as_deref().map(visible).unwrap_or_default()) }
                                td.nowrap {
                                    (w.expires.as_deref().map(visible).unwrap_or_default())
                                    @if let (true, Some(d)) = (w.expiring, w.days_left) {
                                        " " span.flag { "⚠ ends in " (plural(d.max(0) as usize, "day", "days")) }
                                    } @else if !w.in_force {
                                        " " span.muted { "(not in force)" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !team.objectives.is_empty() {
            p.small.objectives {
                "Objectives served: "
                @for (i, o) in team.objectives.iter().enumerate() {
                    @if i > 0 { ", " }
                    span.mono { (visible(o)) }
                }
            }
        }
    }
}

pub(super) fn section(teams: &[Team]) -> Markup {
    let open = teams.len() <= OPEN_TEAMS_AT_MOST;
    let expiring: usize = teams.iter().map(|t| t.expiring).sum();
    let failing = teams.iter().filter(|t| t.errors > 0).count();
    html! {
        section #teams {
            h2 { "Teams" }
            @if teams.is_empty() {
                p.lede { "No charter was read." }
            } @else {
                p.lede {
                    "The products grouped by their charter's " code { "product.owner" } ": "
                    (plural(teams.len(), "team", "teams")) ", "
                    (failing) " with errors to fix."
                    @if expiring > 0 { " " strong.flag { "⚠ " (plural(expiring, "waiver ends", "waivers end")) " within " (EXPIRING_WITHIN_DAYS) " days." } }
                }
                @for team in teams {
                    details.team id=(anchor(&team.key)) data-team=(team.key) open[open] {
                        summary {
                            span.name { (team_name(team)) }
                            (counts(team))
                        }
                        div.body { (body(team)) }
                    }
                }
            }
        }
    }
}
