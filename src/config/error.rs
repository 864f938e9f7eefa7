//! A configuration that cannot be used, and its problems drawn as
//! diagnostics under their lines.

use crate::span::Span;

/// A configuration that cannot be used; the run stops with exit 2. Its
/// message names the first problem; [`ConfigError::render`] draws them all.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "invalid configuration {path}{}",
    .problems.first().map(|p| format!(": {}", p.message)).unwrap_or_default()
)]
pub struct ConfigError {
    pub path: String,
    pub text: String,
    pub problems: Vec<ConfigProblem>,
}

#[derive(Debug, Clone)]
pub struct ConfigProblem {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// One problem of a configuration as a diagnostic: drawn under its line of
/// the file, with a help.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(config))]
pub struct ConfigDiagnostic {
    message: String,
    #[source_code]
    file: miette::NamedSource<String>,
    #[label(primary, "here")]
    at: miette::SourceSpan,
    #[help]
    help: Option<String>,
}

impl ConfigError {
    /// Each problem as a diagnostic pointing into the file.
    pub fn diagnostics(&self) -> impl Iterator<Item = ConfigDiagnostic> + '_ {
        self.problems.iter().map(|p| ConfigDiagnostic {
            message: p.message.clone(),
            file: miette::NamedSource::new(self.path.clone(), self.text.clone()),
            at: (p.span.start, p.span.len()).into(),
            help: p.help.clone(),
        })
    }

    /// What the user reads: the file, then every problem drawn under its
    /// line (no colour), `width` columns wide.
    pub fn render(&self, width: usize) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        let handler =
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(width);
        let mut out = format!("invalid configuration in {}:", self.path);
        for d in self.diagnostics() {
            let mut s = String::new();
            let _ = handler.render_report(&mut s, &d);
            out.push('\n');
            out.push_str(&s);
        }
        out
    }
}
