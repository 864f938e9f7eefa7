//! The VS Code extension (editors/vscode) and what its client needs of
//! `charterlint server`.
//!
//! - In-process, always: a client that declares pull diagnostics, as
//!   vscode-languageclient 9 does, gets each finding once, in one model
//!   (pulled, never pushed); a client that does not is pushed to, and is not
//!   offered pulls.
//! - End to end under CHARTERLINT_E2E=1 (`.ci/run` installs code-server,
//!   Chromium and the extension's npm packages): the extension packaged as a
//!   `.vsix`, installed into code-server (VS Code 1.100) and driven in headless
//!   Chromium by `editors/vscode/test/e2e/run.js`. It fails, never skips, when
//!   a tool is missing.

use crate::common;

use std::process::Command;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

use common::{CLEAN, TODAY};

const REGISTRY: &str = "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Be the bank customers trust\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close the books in a day\"\nends = 2999-12-31\n";

/// A charter with exactly one finding: a customer without a choice.
fn one_finding() -> String {
    CLEAN
        .replace("type = \"partner\"", "type = \"customer\"")
        .replace("value_exchange = \"none\"", "value_exchange = \"payment\"")
}

/// Everything the server says to a client, in order.
#[derive(Default)]
struct Heard {
    /// `textDocument/publishDiagnostics` notifications: (uri, diagnostics).
    published: Vec<(String, Vec<Value>)>,
    /// Requests the server made of the client, by method.
    requests: Vec<String>,
}

struct Client {
    conn: Connection,
    thread: Option<std::thread::JoinHandle<()>>,
    next: i32,
    root: tempfile::TempDir,
    heard: Heard,
}

impl Client {
    fn start(capabilities: Value) -> (Client, Value) {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("okrs.toml"), REGISTRY).unwrap();
        std::fs::write(
            root.path().join("charterlint.toml"),
            "registry = \"okrs.toml\"\n",
        )
        .unwrap();
        let (server, conn) = Connection::memory();
        let today = TODAY.parse().unwrap();
        let thread = std::thread::spawn(move || {
            charterlint::server::serve(&server, Some(today)).unwrap();
        });
        let mut client = Client {
            conn,
            thread: Some(thread),
            next: 0,
            root,
            heard: Heard::default(),
        };
        let uri = client.uri("");
        let init = client.request(
            "initialize",
            json!({ "capabilities": capabilities, "workspaceFolders": [{ "uri": uri.trim_end_matches('/'), "name": "w" }] }),
        );
        client.notify("initialized", json!({}));
        (client, init)
    }

    fn uri(&self, rel: &str) -> String {
        format!(
            "file://{}/{rel}",
            self.root.path().canonicalize().unwrap().display()
        )
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    /// Sends a request and reads every message up to its response,
    /// recording what the server published or asked meanwhile (the server
    /// handles messages in order: whatever a notification sent before it
    /// made the server say is heard before this response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        loop {
            let msg = self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(10))
                .expect("a message from the server");
            match msg {
                Message::Response(r) if r.id == id => {
                    return r
                        .response_result
                        .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message));
                }
                Message::Response(_) => {}
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    self.heard.published.push((
                        n.params["uri"].as_str().unwrap().to_string(),
                        n.params["diagnostics"].as_array().unwrap().clone(),
                    ));
                }
                Message::Notification(_) => {}
                Message::Request(r) => {
                    self.heard.requests.push(r.method.clone());
                    self.conn
                        .sender
                        .send(Message::Response(Response::new_ok(r.id, Value::Null)))
                        .unwrap();
                }
            }
        }
    }

    fn open(&self, rel: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": self.uri(rel), "languageId": "plaintext", "version": version, "text": text } }),
        );
    }

    fn change(&self, rel: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": self.uri(rel), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn pull(&mut self, rel: &str) -> Vec<Value> {
        let report = self.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": self.uri(rel) }, "identifier": "charterlint" }),
        );
        assert_eq!(report["kind"], "full", "{report}");
        report["items"].as_array().unwrap().clone()
    }

    /// Shuts the server down, hearing whatever it still had to say.
    fn stop(mut self) -> Heard {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.thread.take().unwrap().join().unwrap();
        std::mem::take(&mut self.heard)
    }
}

/// What vscode-languageclient 9 declares of diagnostics (among much else).
fn vscode_capabilities() -> Value {
    json!({
        "textDocument": {
            "publishDiagnostics": { "relatedInformation": true, "versionSupport": false, "codeDescriptionSupport": true, "dataSupport": true },
            "diagnostic": { "dynamicRegistration": true, "relatedDocumentSupport": false }
        },
        "workspace": { "diagnostics": { "refreshSupport": true }, "diagnostic": { "refreshSupport": true } },
        "general": { "positionEncodings": ["utf-16"] }
    })
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_client_that_pulls_gets_each_finding_once_and_is_never_pushed_to() {
    let (mut client, init) = Client::start(vscode_capabilities());
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"], "charterlint",
        "{init}"
    );
    client.open("charter.toml", 1, &one_finding());
    let pulled = client.pull("charter.toml");
    assert_eq!(codes(&pulled), ["customer-without-choice"], "{pulled:?}");
    // A change: the client pulls again, and still nothing is pushed.
    let two = one_finding().replace("[product]", "[product]\ncolour = \"blue\"");
    client.change("charter.toml", 2, &two);
    let pulled = client.pull("charter.toml");
    assert_eq!(
        codes(&pulled),
        ["unknown-key", "customer-without-choice"],
        "{pulled:?}"
    );
    // Fixed: the pull says so.
    client.change("charter.toml", 3, CLEAN);
    assert!(client.pull("charter.toml").is_empty());
    // A change to the configuration concerns every charter: the client is
    // asked to pull again, not pushed to.
    client.change("charter.toml", 4, &one_finding());
    client.open(
        "charterlint.toml",
        1,
        "registry = \"okrs.toml\"\n[rules]\ncustomer-without-choice = \"off\"\n",
    );
    assert!(client.pull("charter.toml").is_empty());
    assert!(client.pull("charterlint.toml").is_empty());
    // An invalid configuration's problems are pulled for its own document.
    client.change(
        "charterlint.toml",
        2,
        "registry = \"okrs.toml\"\nbogus = 1\n",
    );
    let config = client.pull("charterlint.toml");
    assert_eq!(codes(&config), ["config"], "{config:?}");
    let heard = client.stop();
    assert!(
        heard.published.is_empty(),
        "a client that pulls was also pushed to (each finding would show twice): {:?}",
        heard.published
    );
    assert_eq!(
        heard.requests,
        [
            "workspace/diagnostic/refresh",
            "workspace/diagnostic/refresh"
        ],
        "one refresh per change of the configuration, none for a charter's own change"
    );
}

#[test]
fn a_pulling_client_is_asked_to_pull_again_when_another_open_charter_is_concerned() {
    let (mut client, _) = Client::start(vscode_capabilities());
    client.open("a/charter.toml", 1, CLEAN);
    assert!(client.pull("a/charter.toml").is_empty());
    // Alone, a charter's change concerns only itself: no refresh.
    client.change("a/charter.toml", 2, CLEAN);
    assert!(client.pull("a/charter.toml").is_empty());
    // Two charters with one product id: each is labelled.
    client.open("b/charter.toml", 1, CLEAN);
    assert_eq!(
        codes(&client.pull("a/charter.toml")),
        ["duplicate-product-id"]
    );
    assert_eq!(
        codes(&client.pull("b/charter.toml")),
        ["duplicate-product-id"]
    );
    // b's id changes: a's finding goes too, and the client is told to pull a again.
    client.change(
        "b/charter.toml",
        2,
        &CLEAN.replace("id = \"ledger\"", "id = \"billing\""),
    );
    assert!(client.pull("b/charter.toml").is_empty());
    assert!(client.pull("a/charter.toml").is_empty());
    let heard = client.stop();
    assert!(heard.published.is_empty(), "{:?}", heard.published);
    assert_eq!(
        heard.requests,
        [
            "workspace/diagnostic/refresh",
            "workspace/diagnostic/refresh"
        ],
        "a refresh when b opened beside a and when b changed, none for a alone"
    );
}

#[test]
fn a_client_that_does_not_pull_is_pushed_to_once_per_change() {
    let caps = json!({ "textDocument": { "publishDiagnostics": { "relatedInformation": true } } });
    let (mut client, init) = Client::start(caps);
    assert!(
        init["capabilities"].get("diagnosticProvider").is_none(),
        "pulls offered to a client that cannot pull: {init}"
    );
    client.open("charter.toml", 1, &one_finding());
    // A round trip, so that everything the open caused is heard.
    client.request("textDocument/hover", json!({ "textDocument": { "uri": client.uri("charter.toml") }, "position": { "line": 0, "character": 0 } }));
    let heard = client.stop();
    let charter = client_uri_suffix(&heard, "/charter.toml");
    assert_eq!(charter.len(), 1, "{:?}", heard.published);
    assert_eq!(codes(&charter[0]), ["customer-without-choice"]);
    assert!(heard.requests.is_empty(), "{:?}", heard.requests);
}

fn client_uri_suffix(heard: &Heard, suffix: &str) -> Vec<Vec<Value>> {
    heard
        .published
        .iter()
        .filter(|(uri, _)| uri.ends_with(suffix))
        .map(|(_, d)| d.clone())
        .collect()
}

fn e2e() -> bool {
    std::env::var_os("CHARTERLINT_E2E").is_some()
}

/// The extension in real VS Code: `editors/vscode/test/e2e/run.js` packages
/// it with this build's binary bundled, installs it into code-server
/// (CHARTERLINT_CODE_SERVER) and reads the rendered workbench in headless
/// Chromium: the Problems panel lists the finding once, a hover explains
/// its rule, and the quick fix changes the buffer. Screenshots go to
/// `target/tmp/vscode-e2e/`.
#[test]
fn vs_code_shows_the_finding_its_explanation_and_applies_the_quick_fix() {
    if !e2e() {
        return;
    }
    let code_server = std::env::var_os("CHARTERLINT_CODE_SERVER").expect(
        "CHARTERLINT_CODE_SERVER names code-server (CHARTERLINT_E2E=1 needs it: .ci/run installs it)",
    );
    let ext = common::manifest_dir().join("editors/vscode");
    assert!(
        ext.join("node_modules/puppeteer-core").is_dir()
            && ext.join("node_modules/.bin/vsce").exists(),
        "the extension's npm packages are missing: run `npm ci` in {} (.ci/run does)",
        ext.display()
    );
    let out_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("vscode-e2e");
    let _ = std::fs::remove_dir_all(&out_dir);
    let started = std::time::Instant::now();
    let out = Command::new("node")
        .arg("test/e2e/run.js")
        .current_dir(&ext)
        .env("CHARTERLINT_BIN", env!("CARGO_BIN_EXE_charterlint"))
        .env("CHARTERLINT_CODE_SERVER", code_server)
        .env("CHARTERLINT_E2E_OUT", &out_dir)
        .output()
        .expect("node runs (CHARTERLINT_E2E=1 needs Node.js)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the VS Code end-to-end test failed (screenshots in {}):\n{text}",
        out_dir.display()
    );
    assert!(text.contains("e2e: ok"), "{text}");
    eprintln!(
        "VS Code end to end: {:.1} s\n{text}",
        started.elapsed().as_secs_f64()
    );
}
