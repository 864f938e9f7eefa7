//! The whole pipeline on arbitrary bytes, shared by the fuzz target
//! (`fuzz/`) and by the regression tests of what it found.

pub mod fix;
pub mod server;

use crate::config::Config;
use crate::date::Date;
use crate::engine::{self, Selection, TreeInput};
use crate::report;
use crate::rules::{Emitter, check_registry};
use crate::source::memory::Memory;

/// Runs `data` as a charter, a registry and a configuration through every
/// stage and reporter, and checks the output invariants that must hold
/// whatever the input: no control character from the input reaches human
/// output, and every finding points inside the file. Panics if one fails.
pub fn check_everything(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = Config::parse("charterlint.toml", &text);
    let mut registry_findings = Emitter::default();
    let registry = check_registry("okrs.toml", &text, &mut registry_findings);

    let source = Memory::new()
        .with("charter.toml", data.to_vec())
        .with("other/charter.toml", data.to_vec());
    let config = Config::default();
    let tree = engine::check_tree(TreeInput {
        repo: None,
        source: &source,
        config: &config,
        registry: registry.as_ref(),
        registry_findings: Vec::new(),
        selection: Selection::All,
        extra_paths: Vec::new(),
        walk: true,
        today: Date::new(2026, 11, 22).expect("a date"),
        keep_text: true,
    });
    let report = engine::finish(vec![tree], false);
    for f in &report.findings {
        assert!(f.span.start <= f.span.end, "{f:?}");
        if let Some(text) = report.sources.get(&(f.repo.clone(), f.path.clone())) {
            assert!(
                f.span.end <= text.len(),
                "a span past the end of the file: {f:?}"
            );
        }
        assert!(f.position.line >= 1 && f.position.column >= 1);
    }
    let human = report::human::render(&report, report::human::Color::Never, 100);
    assert!(
        !human.contains('\u{1b}'),
        "an escape character reached the terminal output"
    );
    let json = report::json::render(&report, true);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON output parses");
    let sarif = report::sarif::render(&report);
    serde_json::from_str::<serde_json::Value>(&sarif).expect("the SARIF output parses");
    let gitlab = report::gitlab::render(&report);
    serde_json::from_str::<serde_json::Value>(&gitlab).expect("the GitLab output parses");
    for line in report::github::render(&report).lines() {
        assert!(
            line.starts_with("::"),
            "a workflow command split across lines: {line:?}"
        );
    }
    let _ = report::markdown::render(&report, false);
    let html = report::html::render(&report, registry.as_ref(), "fuzz");
    assert_eq!(
        html.matches("<script").count(),
        1,
        "markup from the input reached the HTML report"
    );
}
