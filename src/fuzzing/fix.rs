//! `fix` on arbitrary charters (issue 23), shared by the fuzz target
//! `fuzz/fuzz_targets/fix.rs` and the property test `tests/it/robust_fix.rs`.

use crate::config::Config;
use crate::date::Date;
use crate::engine::{self, Results, Selection, TreeInput};
use crate::finding::Severity;
use crate::fix_files;
use crate::source::Source;
use crate::source::memory::Memory;

const PATH: &str = "charter.toml";

/// What `check` finds in `source`, as `fix` re-checks it.
pub fn check(source: &dyn Source) -> Results {
    let config = Config::default();
    let tree = engine::check_tree(TreeInput {
        repo: None,
        source,
        config: &config,
        registry: None,
        registry_findings: Vec::new(),
        selection: Selection::All,
        extra_paths: Vec::new(),
        walk: true,
        today: Date::new(2026, 11, 22).expect("a date"),
        keep_text: false,
    });
    engine::finish(vec![tree], false)
}

/// The rules of a file's shape: whether it parses, has its tables and keys,
/// and values of the right type. A fix may let the other rules (the
/// contradictions, the golden thread, waivers) see a value they could not
/// read before (`aSoption = "mandated"` renamed `adoption` makes a
/// customer's mandated adoption a contradiction): those errors were the
/// author's all along, and are not counted against `fix`.
pub const SHAPE_RULES: &[&str] = &[
    "parse-error",
    "unknown-version",
    "invalid-value",
    "placeholder",
    "product-missing",
    "vision-missing",
    "golden-thread-missing",
    "personas-missing",
    "relationship-missing",
    "sourcing-missing",
];

/// The error findings of a report, by rule.
pub fn errors(report: &Results) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

/// The text `fix` leaves, or `None` when it changes nothing.
pub fn fixed(text: &[u8], unsafe_fixes: bool) -> (Option<String>, Results) {
    let source = Memory::new().with(PATH, text.to_vec());
    let outcome = fix_files::fix(&source, &check, unsafe_fixes);
    let after = outcome
        .files
        .into_iter()
        .find(|f| f.path == PATH)
        .map(|f| f.after);
    (after, outcome.report)
}

/// Runs `fix` (safe, then with unsafe fixes) on `data` as a charter and
/// panics unless: the result parses whenever the input did; a second `fix`
/// changes nothing (so `--diff`'s exit status, "something to fix", is
/// honest); the line ending and BOM are kept; and there are no more error
/// findings of the file's shape ([`SHAPE_RULES`]) than before (with unsafe
/// fixes, not counting the `placeholder`
/// findings of the values inserted for a person to fill in, each reported
/// once; and not counting what a renamed key holds: a misspelt table
/// renamed is checked for the first time, and its errors were there
/// before, hidden by the misspelling).
pub fn check_fix(data: &[u8]) {
    let parsed = std::str::from_utf8(data)
        .ok()
        .is_some_and(|t| crate::toml_doc::parse(t).is_ok());
    let before = check(&Memory::new().with(PATH, data.to_vec()));
    for unsafe_fixes in [false, true] {
        let (after, report) = fixed(data, unsafe_fixes);
        let Some(after) = after else { continue };
        let original = std::str::from_utf8(data).expect("fix changed a file that is not UTF-8");
        if parsed {
            assert!(
                crate::toml_doc::parse(&after).is_ok(),
                "fix (unsafe: {unsafe_fixes}) broke a file that parsed:\n{after}"
            );
        }
        assert_eq!(
            original.starts_with('\u{feff}'),
            after.starts_with('\u{feff}'),
            "the BOM"
        );
        if original.contains("\r\n") && !original.replace("\r\n", "").contains('\n') {
            assert!(
                !after.replace("\r\n", "").contains('\n'),
                "a CRLF file came back with mixed line endings:\n{after:?}"
            );
        }
        let (again, _) = fixed(after.as_bytes(), unsafe_fixes);
        assert!(
            again.is_none(),
            "a second fix (unsafe: {unsafe_fixes}) changed the file again:\n{after}\n---\n{}",
            again.unwrap_or_default()
        );
        // A misspelt key renamed is checked for the first time: what is
        // wrong inside it was there before, hidden by the misspelling.
        let renamed: Vec<String> = before
            .findings
            .iter()
            .filter(|f| f.rule == "unknown-key")
            .filter_map(|f| {
                let to = &f.fix.as_ref()?.edits.first()?.content;
                Some(match f.field.rsplit_once('.') {
                    Some((parent, _)) => format!("{parent}.{to}"),
                    None => to.clone(),
                })
            })
            .collect();
        let revealed = |field: &str| {
            renamed.iter().any(|r| {
                field
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
        };
        let left = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && SHAPE_RULES.contains(&f.rule))
            .filter(|f| !revealed(&f.field))
            .filter(|f| !unsafe_fixes || f.rule != "placeholder")
            .count();
        let had = before
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && SHAPE_RULES.contains(&f.rule))
            .count();
        assert!(
            left <= had,
            "fix (unsafe: {unsafe_fixes}) left {left} errors of the file's shape where there were {had}:\n{after}\nbefore: {:#?}\nafter: {:#?}",
            before
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| (f.rule, &f.message))
                .collect::<Vec<_>>(),
            report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| (f.rule, &f.message))
                .collect::<Vec<_>>(),
        );
    }
}
