//! Who owns the product: the team a charter names, and the owners the
//! repository's CODEOWNERS gives the charter. The engine reads CODEOWNERS
//! (`crate::codeowners`) once per tree; the check compares.

use crate::charter::{Charter, has_text};
use crate::codeowners::{self, CodeOwners, Entry};
use crate::finding::Severity;
use crate::text::quoted;

use super::framework::{Check, Context, Emitter, Example, Rule, explanation};

pub static OWNER_NOT_CODEOWNER: Rule = Rule {
    id: "owner-not-codeowner",
    default: Severity::Note,
    summary: "the repository has a CODEOWNERS file and the owners it gives the charter's path do not include `product.owner`",
    explanation: explanation!("docs/owner-not-codeowner.md"),
    fails: Example {
        files: &[
            (
                ".github/CODEOWNERS",
                include_str!("examples/owner-not-codeowner/fails/CODEOWNERS"),
            ),
            (
                "charter.toml",
                include_str!("examples/owner-not-codeowner/fails/charter.toml"),
            ),
        ],
        before: &[],
        args: &[],
    },
    passes: Example {
        files: &[
            (
                ".github/CODEOWNERS",
                include_str!("examples/owner-not-codeowner/passes/CODEOWNERS"),
            ),
            (
                "charter.toml",
                include_str!("examples/owner-not-codeowner/passes/charter.toml"),
            ),
        ],
        before: &[],
        args: &[],
    },
    check: Check::Charter(owner_not_codeowner),
};

/// Quiet without a CODEOWNERS, without a path in the tree (none, or a
/// plain file named by its absolute path), or without a real
/// `product.owner` (a missing or placeholder owner is another rule's). A
/// path no line matches has no owner on GitHub, and is reported as such.
fn owner_not_codeowner(c: &Charter, cx: &Context, out: &mut Emitter) {
    let Some(co) = cx.codeowners else { return };
    if cx.path.is_empty() || cx.path.starts_with('/') {
        return;
    }
    let owner = c.product.as_ref().and_then(|p| p.owner.clone());
    if !has_text(&owner) || c.is_invalid("product.owner") {
        return;
    }
    let Some(owner) = owner else { return };
    let decided = co.owners_of(cx.path);
    if decided.is_some_and(|e| codeowners::is_among(&owner.value, &e.owners)) {
        return;
    }
    let path = quoted(cx.path);
    let file = quoted(&co.path);
    let named = quoted(&owner.value);
    let message = match decided {
        Some(e) if !e.owners.is_empty() => format!(
            "CODEOWNERS gives {path} to {}, not to the product's owner {named} ({file} line {}: {})",
            owners_list(&e.owners),
            e.line,
            quoted(&e.pattern)
        ),
        Some(e) => format!(
            "CODEOWNERS gives {path} no owners, so not the product's owner {named} ({file} line {}: {} names none)",
            e.line,
            quoted(&e.pattern)
        ),
        None => format!(
            "CODEOWNERS gives {path} no owners, so not the product's owner {named} (no line of {file} matches it)"
        ),
    };
    let mut help = format!(
        "add {} at the end of {file} (the last line that matches wins), or set `product.owner` to the team CODEOWNERS names",
        quoted(&format!("/{} {}", cx.path, as_codeowner(&owner.value, co)))
    );
    if let Some(first) = co.skipped.first() {
        help.push_str(&format!(
            "; GitHub skips {} of {file} as invalid (line {}: {})",
            match co.skipped.len() {
                1 => "1 line".to_string(),
                n => format!("{n} lines"),
            },
            first.line,
            first.why
        ));
    }
    out.emit(&OWNER_NOT_CODEOWNER, owner.span, "product.owner", message)
        .help(help);
}

/// `@a`, `@b` and `@c`.
fn owners_list(owners: &[String]) -> String {
    let quoted: Vec<String> = owners.iter().map(|o| quoted(o)).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// The product's owner as CODEOWNERS would name it: as written when it is
/// `@…` or an email address, else a team of the organisation the file's
/// other teams belong to (`@ORG/` when it names none).
fn as_codeowner(owner: &str, co: &CodeOwners) -> String {
    let owner = owner.trim();
    if owner.contains('@') {
        return owner.to_string();
    }
    let org = co
        .entries
        .iter()
        .flat_map(|e: &Entry| &e.owners)
        .find_map(|o| o.strip_prefix('@')?.split_once('/').map(|(org, _)| org))
        .unwrap_or("ORG");
    format!("@{org}/{owner}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_listed_in_words() {
        let list = |o: &[&str]| owners_list(&o.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&["@a"]), "`@a`");
        assert_eq!(list(&["@a", "@b"]), "`@a` and `@b`");
        assert_eq!(list(&["@a", "@b", "@c"]), "`@a`, `@b` and `@c`");
    }

    #[test]
    fn the_help_names_the_owner_as_codeowners_would() {
        let co = CodeOwners::parse("CODEOWNERS", "* @alice\n/src/ @acme/core\n");
        assert_eq!(as_codeowner("ledger", &co), "@acme/ledger");
        assert_eq!(as_codeowner("@other/ledger", &co), "@other/ledger");
        assert_eq!(as_codeowner("bob@example.com", &co), "bob@example.com");
        let co = CodeOwners::parse("CODEOWNERS", "* @alice\n");
        assert_eq!(as_codeowner("ledger", &co), "@ORG/ledger");
    }
}
