//! `charterlint server` in-process, over `lsp_server::Connection::memory()`:
//! a client that speaks the protocol as an editor would.

use crate::common;

use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

use common::{CLEAN, TODAY};

const REGISTRY: &str = "okrs = 1\n[[goals]]\nid = \"G-TRUST\"\nstatement = \"Be the bank customers trust\"\n[[goals]]\nid = \"G-GROWTH\"\nstatement = \"Grow\"\n[[objectives]]\nid = \"O-2026Q4-CLOSE\"\ngoal = \"G-TRUST\"\nstatement = \"Close the books in a day\"\nends = 2999-12-31\nkey_results = [\"KR-CLOSE-1\"]\n[[objectives]]\nid = \"O-2026Q4-GROW\"\ngoal = \"G-GROWTH\"\nstatement = \"Grow in Spain\"\nends = 2999-12-31\nkey_results = [\"KR-GROW-1\"]\n";

struct Client {
    conn: Connection,
    thread: Option<std::thread::JoinHandle<()>>,
    next: i32,
    root: tempfile::TempDir,
}

impl Client {
    fn start(encodings: Option<&[&str]>) -> (Client, Value) {
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
        };
        let mut caps = json!({});
        if let Some(e) = encodings {
            caps = json!({ "general": { "positionEncodings": e } });
        }
        let uri = format!(
            "file://{}",
            client.root.path().canonicalize().unwrap().display()
        );
        let init = client.request(
            "initialize",
            json!({ "capabilities": caps, "workspaceFolders": [{ "uri": uri, "name": "w" }] }),
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

    fn next_message(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(10))
            .expect("a message from the server")
    }

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
            if let Message::Response(r) = self.next_message()
                && r.id == id
            {
                return r
                    .response_result
                    .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message));
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics_for(&self, uri: &str) -> Vec<Value> {
        loop {
            if let Message::Notification(n) = self.next_message()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
            {
                return n.params["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&self, rel: &str, text: &str) -> Vec<Value> {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": text } }),
        );
        self.diagnostics_for(&uri)
    }

    fn change(&self, rel: &str, version: i32, text: &str) -> Vec<Value> {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics_for(&uri)
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.thread.take().unwrap().join().unwrap();
    }
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// A customer with no choice, after a name with characters outside the BMP
/// and accents, so that UTF-16 and UTF-8 columns differ.
fn contradicting() -> String {
    CLEAN
        .replace("name = \"General Ledger\"", "name = \"Grand Livre 😀 é\"")
        .replace("type = \"partner\"", "type = \"customer\"")
        .replace("value_exchange = \"none\"", "value_exchange = \"payment\"")
        .replace("choice = false", "choice = false # 😀 é")
}

#[test]
fn diagnostics_as_check_gives_them_with_codes_links_labels_and_utf16_positions() {
    let (client, init) = Client::start(None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "charterlint");
    let text = contradicting();
    let diagnostics = client.open("products/ledger/charter.toml", &text);
    assert_eq!(
        codes(&diagnostics),
        ["customer-without-choice"],
        "{diagnostics:?}"
    );
    let d = &diagnostics[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "charterlint");
    assert!(
        d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("#customer-without-choice")
    );
    assert!(d["message"].as_str().unwrap().contains("help: "), "{d}");
    let label = &d["relatedInformation"][0];
    assert_eq!(label["message"], "they cannot choose");
    let type_line = text.lines().position(|l| l.starts_with("type =")).unwrap();
    assert_eq!(
        d["range"]["start"],
        json!({ "line": type_line, "character": 0 })
    );
    assert_eq!(d["range"]["end"]["character"], "type = \"customer\"".len());

    // A finding after non-ASCII text on its line: UTF-16 counts the emoji
    // as two units, the é as one.
    let with_emoji = format!("{text}\n[team]\nskills = [\"😀\", 3]\n");
    let diagnostics = client.change("products/ledger/charter.toml", 2, &with_emoji);
    let skills = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("team.skills[1]"))
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    assert_eq!(
        skills["range"]["start"]["character"],
        "skills = [\"😀\", ".encode_utf16().count()
    );
    client.stop();
}

#[test]
fn utf8_is_used_when_the_client_offers_it() {
    let (client, init) = Client::start(Some(&["utf-8", "utf-16"]));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let text = format!("{CLEAN}\n[team]\nskills = [\"😀\", 3]\n");
    let diagnostics = client.open("charter.toml", &text);
    let d = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("team.skills[1]"))
        .unwrap();
    assert_eq!(d["range"]["start"]["character"], "skills = [\"😀\", ".len());
    client.stop();
}

#[test]
fn unsaved_changes_and_config_changes_recheck() {
    let (client, _) = Client::start(None);
    let uri = client.uri("charter.toml");
    assert!(client.open("charter.toml", CLEAN).is_empty());
    let d = client.change(
        "charter.toml",
        2,
        &CLEAN.replace("\"O-2026Q4-CLOSE\"", "\"O-2026Q4-GROW\""),
    );
    assert_eq!(
        codes(&d),
        ["golden-thread-broken"],
        "the registry on disk is used: {d:?}"
    );
    // Turning the rule off in an unsaved charterlint.toml re-checks the charter.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": client.uri("charterlint.toml"), "languageId": "toml", "version": 1,
            "text": "registry = \"okrs.toml\"\n[rules]\ngolden-thread-broken = \"off\"\n" } }),
    );
    assert!(client.diagnostics_for(&uri).is_empty());
    client.stop();
}

#[test]
fn hover_explains_keys_findings_and_okr_ids() {
    let (mut client, _) = Client::start(None);
    let text = contradicting();
    client.open("charter.toml", &text);
    let uri = client.uri("charter.toml");
    let at = |needle: &str| {
        let line = text.lines().position(|l| l.contains(needle)).unwrap();
        let character = text.lines().nth(line).unwrap().find(needle).unwrap() + 1;
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
    };
    let on_goal = client.request("textDocument/hover", at("G-TRUST"));
    let v = on_goal["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("Goal `G-TRUST`") && v.contains("Be the bank customers trust"),
        "{v}"
    );
    let on_objective = client.request("textDocument/hover", at("O-2026Q4-CLOSE"));
    let v = on_objective["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("ends 2999-12-31") && v.contains("Close the books in a day"),
        "{v}"
    );
    let on_finding = client.request("textDocument/hover", at("type = \"customer\""));
    let v = on_finding["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("customer-without-choice") && v.contains("A customer has a choice"),
        "{v}"
    );
    let on_key = client.request("textDocument/hover", at("criticality"));
    let v = on_key["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("`sourcing.criticality`") && v.contains("`high`"),
        "{v}"
    );
    client.stop();
}

#[test]
fn completion_offers_values_and_registry_ids_in_order() {
    let (mut client, _) = Client::start(None);
    let text = CLEAN.replace("objectives = [\"O-2026Q4-CLOSE\"]", "objectives = [\"");
    client.open("charter.toml", &text);
    let line = text
        .lines()
        .position(|l| l.starts_with("objectives"))
        .unwrap();
    let result = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": client.uri("charter.toml") }, "position": { "line": line, "character": "objectives = [\"".len() } }),
    );
    let labels: Vec<&str> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["O-2026Q4-CLOSE", "O-2026Q4-GROW"],
        "the charter's goal first"
    );
    assert_eq!(
        result[0]["insertText"], "O-2026Q4-CLOSE",
        "inside quotes: bare"
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("decision"))
        .unwrap();
    let result = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": client.uri("charter.toml") }, "position": { "line": line, "character": "decision = ".len() } }),
    );
    let inserts: Vec<&str> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["insertText"].as_str().unwrap())
        .collect();
    assert!(inserts.contains(&"\"open-source\""), "{inserts:?}");
    client.stop();
}

#[test]
fn code_actions_fix_waive_and_open_the_docs() {
    let (mut client, _) = Client::start(None);
    let text = CLEAN.replace("[vision]", "[visoin]");
    let d = client.open("charter.toml", &text);
    assert!(codes(&d).contains(&"unknown-key"), "{d:?}");
    let line = text.lines().position(|l| l == "[visoin]").unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": client.uri("charter.toml") },
            "range": { "start": { "line": line, "character": 2 }, "end": { "line": line, "character": 2 } },
            "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"rename `visoin` to `vision` (safe)"),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Waive `unknown-key` in this charter until 2027-02-20")),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Open the documentation of `unknown-key`"),
        "{titles:?}"
    );
    let rename = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "rename `visoin` to `vision` (safe)")
        .unwrap();
    let edits = &rename["edit"]["changes"][client.uri("charter.toml")];
    assert_eq!(edits[0]["newText"], "vision");
    assert_eq!(
        edits[0]["range"]["start"],
        json!({ "line": line, "character": 1 })
    );
    let waive = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Waive `unknown-key`")
        })
        .unwrap();
    let inserted = waive["edit"]["changes"][client.uri("charter.toml")][0]["newText"]
        .as_str()
        .unwrap();
    assert!(inserted.contains("rule = \"unknown-key\"\nreason = \"<why this is accepted for now>\"\nexpires = 2027-02-20"), "{inserted}");
    // Applying the waiver: waiver-incomplete asks for a real reason.
    let waived = format!("{text}{inserted}");
    let d = client.change("charter.toml", 2, &waived);
    assert!(codes(&d).contains(&"waiver-incomplete"), "{d:?}");
    client.stop();
}

#[test]
fn pull_diagnostics_answer_with_the_same_findings() {
    let (mut client, _) = Client::start(None);
    let text = contradicting();
    client.open("charter.toml", &text);
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": client.uri("charter.toml") } }),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "customer-without-choice");
    client.stop();
}

/// A registry or a configuration that cannot be read is not dropped in
/// silence: each is a diagnostic on `charterlint.toml`, at the key that names
/// it (a registry), or at its top (a file that is no text).
#[test]
fn unreadable_registry_and_configuration_are_shown_on_charterlint_toml() {
    let (client, _) = Client::start(None);
    let config = client.uri("charterlint.toml");
    std::fs::write(
        client.root.path().join("charterlint.toml"),
        "# the registry moved\nregistry = \"strategy/okrs.toml\"\n",
    )
    .unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": client.uri("charter.toml"), "languageId": "toml", "version": 1, "text": CLEAN } }),
    );
    let d = client.diagnostics_for(&config);
    assert_eq!(d.len(), 1, "{d:?}");
    let message = d[0]["message"].as_str().unwrap();
    assert!(message.contains("strategy/okrs.toml"), "{message}");
    assert!(message.contains("shape only"), "{message}");
    assert_eq!(d[0]["range"]["start"]["line"], 1, "at `registry`: {d:?}");
    // Not UTF-8: the configuration cannot be read at all.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": client.uri("other.charter.toml"), "languageId": "toml", "version": 1, "text": CLEAN } }),
    );
    let _ = client.diagnostics_for(&config);
    std::fs::write(
        client.root.path().join("charterlint.toml"),
        b"rules = \xff\n",
    )
    .unwrap();
    client.change("charter.toml", 2, &format!("{CLEAN}\n"));
    let d = client.diagnostics_for(&config);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("charterlint.toml"),
        "{d:?}"
    );
    assert_eq!(d[0]["range"]["start"]["line"], 0, "{d:?}");
    client.stop();
}

/// In `[golden_thread]`, code actions offer the registry's objectives of
/// the charter's goal that it does not list (current ones first, an ended
/// one marked), like completion does; applying one lists the objective,
/// and adds the `objectives` line when there is none.
#[test]
fn code_actions_complete_the_golden_thread_from_the_registry() {
    let (client, _) = Client::start(None);
    let registry = format!(
        "{REGISTRY}[[objectives]]\nid = \"O-2027Q1-AUDIT\"\ngoal = \"G-TRUST\"\nstatement = \"Pass the audit\"\nends = 2999-12-31\n[[objectives]]\nid = \"O-2025Q1-OLD\"\ngoal = \"G-TRUST\"\nstatement = \"Old news\"\nends = 2025-03-31\n"
    );
    std::fs::write(client.root.path().join("okrs.toml"), registry).unwrap();
    let mut client = client;
    assert!(client.open("charter.toml", CLEAN).is_empty());
    let actions_at = |client: &mut Client, text: &str, line_of: &str| {
        let line = text.lines().position(|l| l.starts_with(line_of)).unwrap();
        client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": client.uri("charter.toml") },
                "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
                "context": { "diagnostics": [] } }),
        )
    };
    let titled = |actions: &Value| -> Vec<(String, Value)> {
        actions
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["title"].as_str().unwrap().starts_with("Add objective"))
            .map(|a| (a["title"].as_str().unwrap().to_string(), a.clone()))
            .collect()
    };
    let apply = |text: &str, action: &Value, uri: &str| -> String {
        let edit = &action["edit"]["changes"][uri][0];
        let line = edit["range"]["start"]["line"].as_u64().unwrap() as usize;
        let character = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
        let offset: usize = text
            .split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + character;
        format!(
            "{}{}{}",
            &text[..offset],
            edit["newText"].as_str().unwrap(),
            &text[offset..]
        )
    };
    let uri = client.uri("charter.toml");
    // Outside the golden thread: none offered.
    let actions = actions_at(&mut client, CLEAN, "type = ");
    assert!(titled(&actions).is_empty(), "{actions}");
    let actions = actions_at(&mut client, CLEAN, "goal = ");
    let offered = titled(&actions);
    let titles: Vec<&str> = offered.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Add objective O-2027Q1-AUDIT: Pass the audit to the golden thread",
            "Add objective O-2025Q1-OLD: Old news (ended) to the golden thread"
        ],
        "the listed O-2026Q4-CLOSE and other goals' objectives are not offered"
    );
    let added = apply(CLEAN, &offered[0].1, &uri);
    assert!(
        added.contains("objectives = [\"O-2026Q4-CLOSE\", \"O-2027Q1-AUDIT\"]"),
        "{added}"
    );
    assert!(client.change("charter.toml", 2, &added).is_empty());
    // Without an `objectives` line, the action writes one.
    let start = CLEAN.find("objectives = ").unwrap();
    let end = start + CLEAN[start..].find('\n').unwrap() + 1;
    let without = format!("{}{}", &CLEAN[..start], &CLEAN[end..]);
    let d = client.change("charter.toml", 3, &without);
    assert!(codes(&d).contains(&"golden-thread-missing"), "{d:?}");
    let actions = actions_at(&mut client, &without, "[golden_thread]");
    let offered = titled(&actions);
    assert_eq!(offered.len(), 3, "{actions}");
    let added = apply(&without, &offered[0].1, &uri);
    assert!(
        added.contains("[golden_thread]\nobjectives = [\"O-2026Q4-CLOSE\"]\n"),
        "{added}"
    );
    assert!(client.change("charter.toml", 4, &added).is_empty());
    client.stop();
}
