//! Rules across the charters of a run or a scan: the portfolio view.

use std::collections::BTreeMap;

use crate::charter::Decision;
use crate::finding::{Finding, Label, Place, Severity, WHOLE_REPOSITORY};
use crate::record::{Anchor, CharterRecord};

use super::framework::{Check, Example, Rule, explanation};

pub static DUPLICATE_PRODUCT_ID: Rule = Rule {
    id: "duplicate-product-id",
    default: Severity::Error,
    summary: "two charters in one check or scan share `product.id`",
    explanation: explanation!("docs/duplicate-product-id.md"),
    fails: Example {
        files: &[
            (
                "payroll/charter.toml",
                include_str!("examples/duplicate-product-id/fails/payroll/charter.toml"),
            ),
            (
                "expenses/charter.toml",
                include_str!("examples/duplicate-product-id/fails/expenses/charter.toml"),
            ),
        ],
        before: &[],
        args: &[],
    },
    passes: Example {
        files: &[
            (
                "payroll/charter.toml",
                include_str!("examples/duplicate-product-id/passes/payroll/charter.toml"),
            ),
            (
                "expenses/charter.toml",
                include_str!("examples/duplicate-product-id/passes/expenses/charter.toml"),
            ),
        ],
        before: &[],
        args: &[],
    },
    check: Check::Portfolio,
};

pub static DUPLICATE_CAPABILITY: Rule = Rule {
    id: "duplicate-capability",
    default: Severity::Warning,
    summary: "two products both `build` the same `capability`",
    explanation: explanation!("docs/duplicate-capability.md"),
    fails: Example {
        files: &[
            (
                "a/charter.toml",
                include_str!("examples/duplicate-capability/fails/a/charter.toml"),
            ),
            (
                "b/charter.toml",
                include_str!("examples/duplicate-capability/fails/b/charter.toml"),
            ),
        ],
        before: &[],
        args: &[],
    },
    passes: Example {
        files: &[
            (
                "a/charter.toml",
                include_str!("examples/duplicate-capability/passes/a/charter.toml"),
            ),
            (
                "b/charter.toml",
                include_str!("examples/duplicate-capability/passes/b/charter.toml"),
            ),
        ],
        before: &[],
        args: &[],
    },
    check: Check::Portfolio,
};

pub static CHARTER_MISSING: Rule = Rule {
    id: "charter-missing",
    default: Severity::Error,
    summary: "`require_charter = true` (or `scan --require-charter`) and a repository has no charter",
    explanation: explanation!("docs/charter-missing.md"),
    fails: Example {
        files: &[
            (
                "charterlint.toml",
                include_str!("examples/charter-missing/fails/charterlint.toml"),
            ),
            (
                "README.md",
                include_str!("examples/charter-missing/fails/README.md"),
            ),
        ],
        before: &[],
        args: &[],
    },
    passes: Example {
        files: &[
            (
                "charterlint.toml",
                include_str!("examples/charter-missing/passes/charterlint.toml"),
            ),
            (
                "charter.toml",
                include_str!("examples/charter-missing/passes/charter.toml"),
            ),
        ],
        before: &[],
        args: &[],
    },
    check: Check::Portfolio,
};

pub static REPO_UNREADABLE: Rule = Rule {
    id: "repo-unreadable",
    default: Severity::Error,
    summary: "in a scan: a repository cannot be read; the message names the cause, and the scan goes on",
    explanation: explanation!("docs/repo-unreadable.md"),
    fails: Example {
        files: &[
            (
                "charter.toml",
                include_str!("examples/repo-unreadable/fails/charter.toml"),
            ),
            (
                ".git/HEAD",
                include_str!("examples/repo-unreadable/fails/dot-git/HEAD"),
            ),
        ],
        before: &[],
        args: &["scan"],
    },
    passes: Example {
        files: &[(
            "charter.toml",
            include_str!("examples/repo-unreadable/passes/charter.toml"),
        )],
        before: &[],
        args: &["scan"],
    },
    check: Check::Scan,
};

/// A finding about the charter of `record`, at one of its anchors.
fn at(
    record: &CharterRecord,
    anchor: &Anchor,
    rule: &'static Rule,
    field: &str,
    message: String,
    help: &str,
) -> Finding {
    rule.finding(record.place(), message)
        .at(anchor.span(), anchor.position)
        .field(field)
        .help(help)
}

/// Where another charter is, for messages: `repo: path` in a scan.
pub fn place(r: &CharterRecord) -> String {
    r.place().to_string()
}

/// The other charters of a group, for a message: a few by name, then how
/// many more, so that N charters sharing an id give N findings, not N².
fn others(group: &[&CharterRecord], me: &CharterRecord) -> String {
    const NAMED: usize = 3;
    let others: Vec<&&CharterRecord> = group.iter().filter(|o| !std::ptr::eq(**o, me)).collect();
    let mut names: Vec<String> = others.iter().take(NAMED).map(|o| place(o)).collect();
    if others.len() > NAMED {
        names.push(format!("{} more", others.len() - NAMED));
    }
    match names.len() {
        0 | 1 => names.concat(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// `duplicate-product-id` and `duplicate-capability` over all the records.
pub fn check_portfolio<'a>(records: impl IntoIterator<Item = &'a CharterRecord>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_id: BTreeMap<&str, Vec<&CharterRecord>> = BTreeMap::new();
    let mut by_capability: BTreeMap<&str, Vec<&CharterRecord>> = BTreeMap::new();
    for r in records {
        if let (Some(id), Some(_)) = (&r.product_id, &r.anchors.product_id) {
            by_id.entry(id.as_str()).or_default().push(r);
        }
        if let (Some(cap), Some(_), Some(Decision::Build)) =
            (&r.capability, &r.anchors.capability, r.decision)
        {
            by_capability.entry(cap.as_str()).or_default().push(r);
        }
    }
    for (id, group) in by_id.iter().filter(|(_, g)| g.len() > 1) {
        for r in group {
            let anchor = r.anchors.product_id.as_ref().expect("grouped by anchor");
            out.push(at(
                r,
                anchor,
                &DUPLICATE_PRODUCT_ID,
                "product.id",
                format!("product id `{id}` is also declared by {}", others(group, r)),
                "give each product its own id; if they are one product, keep one charter",
            ));
        }
    }
    for (cap, group) in by_capability.iter().filter(|(_, g)| g.len() > 1) {
        for r in group {
            let anchor = r.anchors.capability.as_ref().expect("grouped by anchor");
            let f = at(
                r,
                anchor,
                &DUPLICATE_CAPABILITY,
                "sourcing.capability",
                format!("capability `{cap}` is also built by {}", others(group, r)),
                "build it once: adopt the other product's capability, or merge the two",
            );
            out.push(match &r.anchors.decision {
                Some(d) => f.label(Label {
                    message: "built here".into(),
                    span: d.span(),
                    position: d.position,
                }),
                None => f,
            });
        }
    }
    out
}

/// `charter-missing` for a repository (or tree) without a charter. `config`
/// is where `require_charter` was set, if in the repository.
pub fn charter_missing(repo: Option<String>, config: Option<(String, Anchor)>) -> Finding {
    let message = match &repo {
        Some(r) => format!("repository `{r}` has no charter"),
        None => "this repository has no charter".into(),
    };
    let path = config.as_ref().map_or(WHOLE_REPOSITORY, |(path, _)| path);
    let f = CHARTER_MISSING
        .finding(Place::new(repo.as_deref(), path), message)
        .field("charter")
        .help("add a `charter.toml` (`charterlint init` writes a template)");
    match config {
        Some((_, a)) => f.at(a.span(), a.position),
        None => f,
    }
}

/// `repo-unreadable` for a repository a scan could not read, with the cause.
pub fn repo_unreadable(repo: String, cause: &str) -> Finding {
    REPO_UNREADABLE.finding(
        Place::new(Some(&repo), WHOLE_REPOSITORY),
        format!("repository `{repo}` cannot be read: {cause}"),
    )
    .field("repository")
    .help("check the repository with `git fsck`, its permissions, and that HEAD (or --rev) names a commit")
}
