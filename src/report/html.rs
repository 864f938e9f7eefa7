//! `--html FILE`: one self-contained page. A placeholder: a plain table of
//! the findings; the full report (grid, golden thread) replaces it.

use crate::engine::Report;
use crate::registry::Registry;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report, _registry: Option<&Registry>, title: &str) -> String {
    let mut rows = String::new();
    for c in &report.charters {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td></td></tr>\n",
            escape(c.repo.as_deref().unwrap_or("")),
            escape(&c.path),
            escape(c.name.as_deref().or(c.product_id.as_deref()).unwrap_or("")),
        ));
    }
    for f in &report.findings {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}:{}</td><td>{}</td><td>{}: {}</td></tr>\n",
            escape(f.repo.as_deref().unwrap_or("")),
            escape(&f.path),
            f.position.line,
            escape(f.rule),
            f.severity,
            escape(&f.message),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title></head>\n<body><h1>{t}</h1>\n<table>\n<tr><th>repository</th><th>file</th><th>product or rule</th><th>finding</th></tr>\n{rows}</table></body></html>\n",
        t = escape(title)
    )
}
