//! `charterlint server`: a Language Server Protocol server over stdio, with
//! rust-analyzer's synchronous `lsp-server` and `lsp-types` (the choice
//! ruff's server made too). Every open charter is checked on open and on
//! every change, from the unsaved buffer, by the same engine as `check`;
//! a change to `charterlint.toml` or the registry re-checks them all.
//! Hover, completion and code actions (the findings' fixes, "waive until…",
//! "open the rule's documentation") come from `features`.

mod features;
pub mod framing;
mod text;
mod workspace;

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as n, Notification as _};
use lsp_types::request::{self as r, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeDescription, Command, CompletionItem, CompletionItemKind,
    CompletionOptions, CompletionParams, CompletionResponse, Diagnostic, DiagnosticOptions,
    DiagnosticRelatedInformation, DiagnosticServerCapabilities, DiagnosticSeverity,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    ExecuteCommandOptions, ExecuteCommandParams, FullDocumentDiagnosticReport, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, Location, MarkupContent,
    MarkupKind, NumberOrString, PublishDiagnosticsParams, RelatedFullDocumentDiagnosticReport,
    ServerCapabilities, ServerInfo, ShowDocumentParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};

use crate::date::Date;
use crate::finding::{Finding, Severity};
use text::{Encoding, Lines};
use workspace::{Checked, Document, Workspace};

/// The command a code action runs to open a rule's documentation.
const OPEN_DOCS: &str = "charterlint.openRuleDocumentation";

/// Days a waiver added from the editor holds: a quarter.
const WAIVER_DAYS: i64 = 90;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("the language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("the connection closed: {0}")]
    Closed(String),
    #[error("the initialize request: {0}")]
    Initialize(#[from] serde_json::Error),
    #[error("stdio: {0}")]
    Io(#[from] std::io::Error),
    /// `exit` before `shutdown`: the LSP specification's exit status 1.
    #[error("the client sent exit without shutdown")]
    ExitWithoutShutdown,
}

/// Serves over standard input and output until the client says exit; the
/// exit status: 0 after `shutdown` and `exit`, 1 after `exit` alone. The
/// frames are read by [`framing`], which survives malformed ones.
pub fn run(today: Option<Date>) -> Result<u8, ServerError> {
    let (connection, io) = framing::stdio();
    let status = match serve(&connection, today) {
        Ok(()) => 0,
        Err(ServerError::ExitWithoutShutdown) => 1,
        Err(e) => return Err(e),
    };
    drop(connection);
    io.join()?;
    Ok(status)
}

/// Serves one client on `connection` (stdio, or memory in tests).
pub fn serve(connection: &Connection, today: Option<Date>) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    // One model of diagnostics per client, by what it declares: a client
    // that can pull is answered only when it pulls (declaring both models
    // makes such a client, vscode-languageclient 9 for one, show every
    // finding twice); any other is pushed to.
    let pull = params
        .capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let refresh = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostic.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    let root =
        workspace_root(&params).unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    let result = serde_json::json!({
        "capabilities": capabilities(encoding, pull),
        "serverInfo": ServerInfo { name: "charterlint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        encoding,
        workspace: Workspace::new(
            root.canonicalize().unwrap_or(root),
            today.unwrap_or_else(Date::today),
        ),
        checked: Checked::default(),
        published: HashMap::new(),
        pull,
        refresh,
        refreshes: 0,
    };
    server.main_loop()
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    text::path_of(uri)
}

fn capabilities(encoding: Encoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), "[".into(), "=".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![OPEN_DOCS.into()],
            ..ExecuteCommandOptions::default()
        }),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("charterlint".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    workspace: Workspace,
    /// The last check of the open documents.
    checked: Checked,
    /// The diagnostics last published, by document path, so that a
    /// document whose findings went away is cleared.
    published: HashMap<String, Uri>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): they are
    /// never pushed to it.
    pull: bool,
    /// The client takes `workspace/diagnostic/refresh`: asked to pull again
    /// when a change may concern documents other than the one changed.
    refresh: bool,
    /// Refreshes asked for so far (their request ids).
    refreshes: u64,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), ServerError> {
        for msg in &self.connection.receiver {
            match msg {
                Message::Request(req) => {
                    if self.connection.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    self.on_request(req)?;
                }
                Message::Notification(note) if note.method == n::Exit::METHOD => {
                    return Err(ServerError::ExitWithoutShutdown);
                }
                Message::Notification(note) => self.on_notification(note)?,
                Message::Response(_) => {}
            }
        }
        Err(ServerError::Closed(
            "the client went away without exit".into(),
        ))
    }

    fn send(&self, msg: impl Into<Message>) -> Result<(), ServerError> {
        self.connection
            .sender
            .send(msg.into())
            .map_err(|e| ServerError::Closed(e.to_string()))
    }

    fn reply<T: serde::Serialize>(&self, id: RequestId, result: T) -> Result<(), ServerError> {
        self.send(Response::new_ok(id, result))
    }

    fn on_request(&mut self, req: Request) -> Result<(), ServerError> {
        let Request { id, method, params } = req;
        // Parameters that do not fit the method are the client's error.
        macro_rules! params {
            () => {
                match serde_json::from_value(params) {
                    Ok(p) => p,
                    Err(e) => {
                        return self.send(Response::new_err(
                            id,
                            lsp_server::ErrorCode::InvalidParams as i32,
                            format!("{method}: {e}"),
                        ));
                    }
                }
            };
        }
        match method.as_str() {
            r::HoverRequest::METHOD => {
                let p = params!();
                self.reply(id, self.hover(p))
            }
            r::Completion::METHOD => {
                let p = params!();
                self.reply(id, self.complete(p))
            }
            r::CodeActionRequest::METHOD => {
                let p = params!();
                self.reply(id, self.code_actions(p))
            }
            r::DocumentDiagnosticRequest::METHOD => {
                let p = params!();
                self.reply(id, self.pull_diagnostics(p))
            }
            r::ExecuteCommand::METHOD => {
                self.execute(params!())?;
                self.reply(id, serde_json::Value::Null)
            }
            _ => self.send(Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("charterlint does not handle {method}"),
            )),
        }
    }

    fn on_notification(&mut self, note: Notification) -> Result<(), ServerError> {
        match note.method.as_str() {
            n::DidOpenTextDocument::METHOD => {
                let Some(p) =
                    parse::<lsp_types::DidOpenTextDocumentParams>(&note.method, note.params)
                else {
                    return Ok(());
                };
                if let Some(rel) = self.relative(&p.text_document.uri) {
                    self.workspace.documents.insert(
                        rel.clone(),
                        Document {
                            text: p.text_document.text,
                            version: p.text_document.version,
                        },
                    );
                    self.recheck(Some(&rel))?;
                }
            }
            n::DidChangeTextDocument::METHOD => {
                let Some(p) =
                    parse::<lsp_types::DidChangeTextDocumentParams>(&note.method, note.params)
                else {
                    return Ok(());
                };
                // Full sync: the last change holds the whole text.
                if let (Some(rel), Some(change)) = (
                    self.relative(&p.text_document.uri),
                    p.content_changes.into_iter().last(),
                ) {
                    self.workspace.documents.insert(
                        rel.clone(),
                        Document {
                            text: change.text,
                            version: p.text_document.version,
                        },
                    );
                    self.recheck(Some(&rel))?;
                }
            }
            n::DidCloseTextDocument::METHOD => {
                let Some(p) =
                    parse::<lsp_types::DidCloseTextDocumentParams>(&note.method, note.params)
                else {
                    return Ok(());
                };
                if let Some(rel) = self.relative(&p.text_document.uri) {
                    self.workspace.documents.remove(&rel);
                    self.recheck(None)?;
                }
            }
            // A saved or changed file on disk (charterlint.toml, the
            // registry) concerns every open charter.
            n::DidSaveTextDocument::METHOD | n::DidChangeWatchedFiles::METHOD => {
                self.recheck(None)?
            }
            _ => {}
        }
        Ok(())
    }

    fn relative(&self, uri: &Uri) -> Option<String> {
        self.workspace.relative(&text::path_of(uri)?)
    }

    fn uri(&self, rel: &str) -> Option<Uri> {
        text::uri_of(&self.workspace.root.join(rel))
    }

    /// Checks the open charters again and publishes what changed (`changed`:
    /// the document whose change asks for it, if one did).
    fn recheck(&mut self, changed: Option<&str>) -> Result<(), ServerError> {
        self.checked = self.workspace.check();
        if self.pull {
            // The client pulls each document it shows, after each change of
            // it; it is asked to pull again when the change may concern
            // others (the configuration, the registry, a file on disk, or a
            // charter while another is open: `duplicate-product-id`).
            let others = changed.is_none_or(|rel| !self.checked.findings.contains_key(rel))
                || self.checked.findings.len() > 1;
            if self.refresh && others {
                self.refreshes += 1;
                return self.send(Request::new(
                    RequestId::from(format!("refresh-{}", self.refreshes)),
                    r::WorkspaceDiagnosticRefresh::METHOD.into(),
                    serde_json::Value::Null,
                ));
            }
            return Ok(());
        }
        let mut now: HashMap<String, Uri> = HashMap::new();
        let mut batches: Vec<(Uri, Vec<Diagnostic>, Option<i32>)> = Vec::new();
        for (rel, findings) in &self.checked.findings {
            let Some(uri) = self.uri(rel) else { continue };
            let diagnostics = self.diagnostics(rel, findings);
            let version = self.workspace.documents.get(rel).map(|d| d.version);
            now.insert(rel.clone(), uri.clone());
            batches.push((uri, diagnostics, version));
        }
        if let Some(diagnostics) = self.config_diagnostics()
            && let Some(uri) = self.uri(crate::config::FILE_NAME)
        {
            now.insert(crate::config::FILE_NAME.into(), uri.clone());
            batches.push((uri, diagnostics, None));
        }
        for (rel, uri) in std::mem::take(&mut self.published) {
            if !now.contains_key(&rel) {
                batches.push((uri, Vec::new(), None));
            }
        }
        self.published = now;
        for (uri, diagnostics, version) in batches {
            self.send(Notification::new(
                n::PublishDiagnostics::METHOD.into(),
                PublishDiagnosticsParams {
                    uri,
                    diagnostics,
                    version,
                },
            ))?;
        }
        Ok(())
    }

    /// The problems of an invalid `charterlint.toml`, as its diagnostics.
    fn config_diagnostics(&self) -> Option<Vec<Diagnostic>> {
        let e = self.checked.config_problems.as_ref()?;
        let lines = Lines::new(&e.text, self.encoding);
        Some(
            e.problems
                .iter()
                .map(|p| Diagnostic {
                    range: lines.range(p.span),
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String("config".into())),
                    source: Some("charterlint".into()),
                    message: match &p.help {
                        Some(h) => format!("{}\nhelp: {h}", p.message),
                        None => p.message.clone(),
                    },
                    ..Diagnostic::default()
                })
                .collect(),
        )
    }

    /// The text of a document: the open buffer, else the file.
    fn text_of(&self, rel: &str) -> String {
        match self.workspace.documents.get(rel) {
            Some(d) => d.text.clone(),
            None => std::fs::read_to_string(self.workspace.root.join(rel)).unwrap_or_default(),
        }
    }

    fn diagnostics(&self, rel: &str, findings: &[Finding]) -> Vec<Diagnostic> {
        let text = self.text_of(rel);
        let lines = Lines::new(&text, self.encoding);
        let uri = self.uri(rel);
        findings
            .iter()
            .map(|f| Diagnostic {
                range: lines.range(f.span),
                severity: Some(match f.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Note => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(f.rule.into())),
                code_description: crate::rules::documentation_url(f.rule)
                    .parse()
                    .ok()
                    .map(|href| CodeDescription { href }),
                source: Some("charterlint".into()),
                message: match &f.help {
                    Some(h) => format!("{}\nhelp: {h}", f.message),
                    None => f.message.clone(),
                },
                related_information: uri.as_ref().and_then(|uri| {
                    (!f.labels.is_empty()).then(|| {
                        f.labels
                            .iter()
                            .map(|l| DiagnosticRelatedInformation {
                                location: Location::new(uri.clone(), lines.range(l.span)),
                                message: l.message.clone(),
                            })
                            .collect()
                    })
                }),
                data: Some(serde_json::json!({ "rule": f.rule, "field": f.field })),
                ..Diagnostic::default()
            })
            .collect()
    }

    fn findings_of(&self, rel: &str) -> &[Finding] {
        self.checked.findings.get(rel).map_or(&[], Vec::as_slice)
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let doc = &p.text_document_position_params;
        let rel = self.relative(&doc.text_document.uri)?;
        let text = self.text_of(&rel);
        let offset = Lines::new(&text, self.encoding).offset(doc.position);
        let value = features::hover(
            &text,
            offset,
            self.findings_of(&rel),
            self.checked.registry.as_ref(),
        )?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: None,
        })
    }

    fn complete(&self, p: CompletionParams) -> Option<CompletionResponse> {
        let doc = &p.text_document_position;
        let rel = self.relative(&doc.text_document.uri)?;
        let text = self.text_of(&rel);
        let lines = Lines::new(&text, self.encoding);
        let offset = lines.offset(doc.position);
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        // Inside an opened string the value goes in bare; else quoted.
        let in_string = text[line_start..offset].matches('"').count() % 2 == 1;
        let items = features::complete(&text, offset, self.checked.registry.as_ref())
            .into_iter()
            .enumerate()
            .map(|(i, c)| CompletionItem {
                insert_text: Some(if c.is_value && !in_string {
                    format!("\"{}\"", c.label)
                } else {
                    c.label.clone()
                }),
                kind: Some(if c.is_value {
                    CompletionItemKind::VALUE
                } else {
                    CompletionItemKind::PROPERTY
                }),
                detail: Some(c.detail),
                sort_text: Some(format!("{i:04}")),
                label: c.label,
                ..CompletionItem::default()
            })
            .collect();
        Some(CompletionResponse::Array(items))
    }

    fn code_actions(&self, p: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = p.text_document.uri;
        let rel = self.relative(&uri)?;
        let text = self.text_of(&rel);
        let lines = Lines::new(&text, self.encoding);
        let (from, to) = (lines.offset(p.range.start), lines.offset(p.range.end));
        let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        };
        let mut actions = Vec::new();
        let until = Date::from_days(self.workspace.today.days() + WAIVER_DAYS);
        let mut waived = Vec::new();
        let findings = self.findings_of(&rel);
        let diagnostics = self.diagnostics(&rel, findings);
        for (f, diagnostic) in findings.iter().zip(diagnostics) {
            // The findings the range touches (a cursor touches those it is in).
            if f.span.end < from || f.span.start > to {
                continue;
            }
            let diagnostic = vec![diagnostic];
            if let Some(fix) = &f.fix
                && fix.applicability != crate::fix::Applicability::DisplayOnly
            {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(lines.range(e.span), e.content.clone()))
                    .collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{} ({})", fix.message, fix.applicability.as_str()),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(diagnostic.clone()),
                    edit: Some(edit(edits)),
                    is_preferred: Some(fix.applicability == crate::fix::Applicability::Safe),
                    ..CodeAction::default()
                }));
            }
            if waived.contains(&f.rule) {
                continue;
            }
            waived.push(f.rule);
            if !f.rule.starts_with("waiver-") && f.rule != crate::rules::PARSE_ERROR.id {
                let end = lines.position(text.len());
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Waive `{}` in this charter until {until}", f.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(diagnostic),
                    edit: Some(edit(vec![TextEdit::new(
                        lsp_types::Range::new(end, end),
                        features::waiver_text(&text, f.rule, until),
                    )])),
                    ..CodeAction::default()
                }));
            }
            actions.push(CodeActionOrCommand::Command(Command {
                title: format!("Open the documentation of `{}`", f.rule),
                command: OPEN_DOCS.into(),
                arguments: Some(vec![serde_json::Value::String(
                    crate::rules::documentation_url(f.rule),
                )]),
            }));
        }
        if let Some(registry) = &self.checked.registry {
            for choice in features::objective_choices(&text, from, registry, self.workspace.today) {
                let at = lines.position(choice.at);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: choice.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(edit(vec![TextEdit::new(
                        lsp_types::Range::new(at, at),
                        choice.insert,
                    )])),
                    ..CodeAction::default()
                }));
            }
        }
        Some(actions)
    }

    fn pull_diagnostics(&self, p: DocumentDiagnosticParams) -> DocumentDiagnosticReportResult {
        let items = self
            .relative(&p.text_document.uri)
            .map(|rel| match self.config_diagnostics() {
                Some(d) if rel == crate::config::FILE_NAME => d,
                _ => self.diagnostics(&rel, self.findings_of(&rel)),
            })
            .unwrap_or_default();
        DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            },
        ))
    }

    /// `charterlint.openRuleDocumentation URL`: asks the client to open it.
    fn execute(&self, p: ExecuteCommandParams) -> Result<(), ServerError> {
        if p.command != OPEN_DOCS {
            return Ok(());
        }
        let Some(uri) = p
            .arguments
            .first()
            .and_then(|a| a.as_str())
            .and_then(|s| s.parse::<Uri>().ok())
        else {
            return Ok(());
        };
        self.send(Request::new(
            RequestId::from(format!("show-{}", uri.as_str())),
            r::ShowDocument::METHOD.into(),
            ShowDocumentParams {
                uri,
                external: Some(true),
                take_focus: Some(true),
                selection: None,
            },
        ))
    }
}

/// A notification's parameters; `None` (logged) when they do not fit its
/// method: a bad notification is ignored, never the end of the server.
fn parse<T: serde::de::DeserializeOwned>(method: &str, params: serde_json::Value) -> Option<T> {
    match serde_json::from_value(params) {
        Ok(p) => Some(p),
        Err(e) => {
            framing::log(&format!("{method} ignored: its params do not fit: {e}"));
            None
        }
    }
}
