//! The Upcoming panel: each rule rolled out on a later date (`{ level, from
//! }` in `[rules]`), the level it takes on that date, and the charters (and
//! their teams) that have its findings today: what will fail then unless
//! they are fixed.

use maud::{Markup, html};

use super::parts::plural;
use crate::date::Date;
use crate::result_file::Upcoming;
use crate::teams::{anchor, key};
use crate::text::visible;

pub(super) fn section(upcoming: &[Upcoming], today: Option<Date>) -> Markup {
    html! {
        section #upcoming {
            h2 { "Upcoming" }
            p.lede {
                "Rules rolled out on a date: until then their findings are notes and fail no run. "
                "On the date they take their level, and the charters below fail (or warn) unless they are fixed."
            }
            div.table-scroll {
                table.upcoming {
                    thead { tr { th { "Rule" } th { "From" } th { "Level then" } th.num { "Charters with findings today" } th { "Teams" } } }
                    tbody {
                        @for u in upcoming {
                            tr data-rule=(visible(&u.rule)) {
                                td.nowrap { a.mono href="#findings" data-rule=(visible(&u.rule)) { (visible(&u.rule)) } }
                                td.nowrap {
                                    (u.from.to_string())
                                    @if let Some(days) = today.map(|t| u.from.days() - t.days()) {
                                        " " span.muted { "(in " (plural(days.max(0) as usize, "day", "days")) ")" }
                                    }
                                }
                                td { span class=(format!("sev {}", visible(&u.level))) { (visible(&u.level)) } }
                                td.num.charters {
                                    @if u.charters > 0 { strong.flag { (u.charters) } } @else { "0" }
                                }
                                td.small.teams {
                                    @if u.teams.is_empty() {
                                        span.muted { "none" }
                                    }
                                    @for (i, team) in u.teams.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a href=(format!("#{}", anchor(&key(team)))) { (visible(team)) }
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
