//! The language server on arbitrary framed bytes (issue 23), shared by the
//! fuzz target `fuzz/fuzz_targets/server.rs` and `tests/it/robust_server.rs`:
//! the bytes go through the server's own framing (`server::framing`) and
//! its message loop, after a fixed `initialize`; nothing may panic, and
//! every request is answered exactly once.

use std::collections::BTreeMap;
use std::time::Duration;

use lsp_server::{Connection, Message};
use serde_json::{Value, json};

use crate::server::framing::{Frame, Framer};

/// An id as the key of the count of answers it is owed.
fn key(id: &Value) -> String {
    id.to_string()
}

/// Serves `data` after `initialize` and before `shutdown` and `exit`;
/// panics if a request goes unanswered, is answered twice, or the server
/// fails. Lifecycle messages in `data` (`initialize`, `shutdown`, `exit`)
/// are dropped: their handling is tested on its own.
pub fn serve_bytes(data: &[u8]) {
    let mut messages: Vec<Message> = Vec::new();
    let mut owed: BTreeMap<String, i64> = BTreeMap::new();
    let mut owe = |id: &lsp_server::RequestId| {
        *owed
            .entry(key(&serde_json::to_value(id).expect("an id")))
            .or_default() += 1;
    };
    let init = json!({
        "jsonrpc": "2.0", "id": "init", "method": "initialize",
        "params": { "capabilities": {}, "rootUri": "file:///nonexistent-charterlint-fuzz-root" }
    });
    let initialized = json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} });
    let shutdown = json!({ "jsonrpc": "2.0", "id": "last", "method": "shutdown" });
    let exit = json!({ "jsonrpc": "2.0", "method": "exit" });
    let fixed = |v: &Value| serde_json::from_value::<Message>(v.clone()).expect("a message");
    for v in [&init, &initialized] {
        messages.push(fixed(v));
    }
    owe(&"init".to_string().into());
    let mut framer = Framer::new(data);
    while let Some(f) = framer.next_frame() {
        match f {
            Frame::Message(Message::Request(r)) => {
                if matches!(r.method.as_str(), "initialize" | "shutdown") {
                    continue;
                }
                owe(&r.id);
                messages.push(Message::Request(r));
            }
            Frame::Message(Message::Notification(n)) => {
                if n.method != "exit" {
                    messages.push(Message::Notification(n));
                }
            }
            Frame::Message(m) => messages.push(m),
            Frame::Reply(reply, _) => {
                assert_eq!(reply["jsonrpc"], "2.0");
                let code = reply["error"]["code"].as_i64().expect("an error code");
                assert!(code == -32700 || code == -32600, "{reply}");
            }
            Frame::Skipped(_) => {}
        }
    }
    for v in [&shutdown, &exit] {
        messages.push(fixed(v));
    }
    owe(&"last".to_string().into());
    let (server, client) = Connection::memory();
    let serving = std::thread::spawn(move || {
        crate::server::serve(
            &server,
            Some(crate::date::Date::new(2026, 11, 22).expect("a date")),
        )
    });
    let Connection { sender, receiver } = client;
    for m in messages {
        if sender.send(m).is_err() {
            break;
        }
    }
    drop(sender);
    let outcome = serving.join().expect("the server panicked");
    assert!(outcome.is_ok(), "the server failed: {outcome:?}");
    while let Ok(m) = receiver.recv_timeout(Duration::from_millis(0)) {
        if let Message::Response(r) = m {
            let k = key(&serde_json::to_value(&r.id).expect("an id"));
            let n = owed.entry(k.clone()).or_default();
            *n -= 1;
            assert!(*n >= 0, "request {k} answered twice");
        }
    }
    let unanswered: Vec<&String> = owed
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, _)| k)
        .collect();
    assert!(
        unanswered.is_empty(),
        "requests never answered: {unanswered:?}"
    );
}
