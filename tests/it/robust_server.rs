//! Issue 23, item 3: `charterlint server` driven over stdio by a hostile
//! client, with raw bytes. One bad frame or one malformed notification is
//! answered or logged, and the server goes on serving.

use crate::common;

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{CLEAN, TODAY};
use serde_json::{Value, json};

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    frames: Receiver<Value>,
    root: tempfile::TempDir,
}

/// One frame with a correct Content-Length.
fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn message(value: Value) -> Vec<u8> {
    frame(&value.to_string())
}

impl Server {
    fn start() -> Server {
        let root = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_charterlint"))
            .args(["server", "--today", TODAY])
            .current_dir(root.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, frames) = channel();
        // Frames one by one as they arrive, so that a test can wait for one.
        std::thread::spawn(move || {
            let mut stdout = stdout;
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                let n = match stdout.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                buf.extend_from_slice(&chunk[..n]);
                while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let header = String::from_utf8(buf[..end].to_vec()).unwrap();
                    let length: usize = header
                        .strip_prefix("Content-Length: ")
                        .unwrap_or_else(|| panic!("bad header from the server: {header:?}"))
                        .parse()
                        .unwrap();
                    if buf.len() < end + 4 + length {
                        break;
                    }
                    let body: Value = serde_json::from_slice(&buf[end + 4..end + 4 + length])
                        .expect("the server writes JSON");
                    buf.drain(..end + 4 + length);
                    if tx.send(body).is_err() {
                        return;
                    }
                }
            }
        });
        let stdin = child.stdin.take();
        let mut server = Server {
            child,
            stdin,
            frames,
            root,
        };
        let uri = format!(
            "file://{}",
            server.root.path().canonicalize().unwrap().display()
        );
        server.send(&message(json!({
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "capabilities": {}, "workspaceFolders": [{ "uri": uri, "name": "w" }] }
        })));
        let init = server.response(1);
        assert!(init["result"]["capabilities"].is_object(), "{init}");
        server.send(&message(
            json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
        ));
        server
    }

    fn uri(&self, rel: &str) -> String {
        format!(
            "file://{}/{rel}",
            self.root.path().canonicalize().unwrap().display()
        )
    }

    fn send(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        // A dead server is seen by the next expectation, not here.
        let _ = stdin.write_all(bytes);
        let _ = stdin.flush();
    }

    /// The next frame the server writes, within ten seconds.
    fn next(&self) -> Option<Value> {
        self.frames.recv_timeout(Duration::from_secs(10)).ok()
    }

    /// The response with `id` (a JSON value: null, a number, a string).
    fn response(&self, id: impl Into<Value>) -> Value {
        let id = id.into();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            match self.next() {
                Some(v) if v.get("id") == Some(&id) && v.get("method").is_none() => return v,
                Some(_) => {}
                None => break,
            }
        }
        panic!("no response with id {id}");
    }

    /// A hover request that must be answered: the server still serves.
    fn still_serving(&mut self, id: i64) {
        let uri = self.uri("charter.toml");
        self.send(&message(json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": { "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }
        })));
        let r = self.response(id);
        assert!(r.get("error").is_none(), "{r}");
    }

    /// Ends the session with `shutdown` and `exit`: the exit status.
    fn stop(mut self) -> (i32, String) {
        self.send(&message(
            json!({ "jsonrpc": "2.0", "id": 9999, "method": "shutdown" }),
        ));
        self.response(9999);
        self.send(&message(json!({ "jsonrpc": "2.0", "method": "exit" })));
        self.finish()
    }

    fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                self.child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                return (status.code().unwrap_or(-1), err);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

const HOVER_41: &str = r#"{"jsonrpc":"2.0","id":41,"method":"textDocument/hover","params":{"#;

#[test]
fn a_body_that_is_not_json_is_a_parse_error_and_the_server_goes_on() {
    let mut s = Server::start();
    s.send(&frame(HOVER_41));
    let r = s.response(Value::Null);
    assert_eq!(r["error"]["code"], -32700, "{r}");
    s.still_serving(100);
    let (code, _) = s.stop();
    assert_eq!(code, 0);
}

#[test]
fn a_method_that_is_not_a_string_is_an_invalid_request() {
    let mut s = Server::start();
    s.send(&frame(r#"{"jsonrpc":"2.0","id":42,"method":42}"#));
    let r = s.response(42);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    s.still_serving(100);
    assert_eq!(s.stop().0, 0);
}

#[test]
fn a_wrong_content_length_recovers_at_the_next_frame() {
    for delta in [-8i64, 30] {
        let mut s = Server::start();
        let uri = s.uri("charter.toml");
        let hover = json!({
            "jsonrpc": "2.0", "id": 50, "method": "textDocument/hover",
            "params": { "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }
        })
        .to_string();
        let mut bytes = format!(
            "Content-Length: {}\r\n\r\n{hover}",
            hover.len() as i64 + delta
        )
        .into_bytes();
        bytes.extend(message(json!({
            "jsonrpc": "2.0", "id": 51, "method": "textDocument/hover",
            "params": { "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }
        })));
        s.send(&bytes);
        s.response(51);
        s.still_serving(100);
        assert_eq!(s.stop().0, 0, "Content-Length off by {delta}");
    }
}

#[test]
fn a_header_block_without_content_length_is_skipped() {
    let mut s = Server::start();
    let mut bytes = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".to_vec();
    bytes.extend_from_slice(br#"{"jsonrpc":"2.0","id":60,"method":"shutdown"}"#);
    s.send(&bytes);
    s.still_serving(100);
    assert_eq!(s.stop().0, 0);
}

#[test]
fn a_huge_content_length_is_refused_without_allocating_it() {
    let mut s = Server::start();
    s.send(b"Content-Length: 99999999999999999\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    s.still_serving(100);
    s.send(b"Content-Length: 1073741824\r\n\r\n");
    s.still_serving(101);
    let (code, err) = s.stop();
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("refused"), "{err}");
}

#[test]
fn malformed_notifications_are_logged_and_ignored() {
    let mut s = Server::start();
    let uri = s.uri("charter.toml");
    let bad = [
        json!({ "textDocument": { "uri": uri, "version": 1, "text": CLEAN } }),
        Value::Null,
        json!({ "textDocument": { "uri": "not a uri", "languageId": "toml", "version": 1, "text": CLEAN } }),
        json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": "two", "text": CLEAN } }),
        json!({ "textDocument": 7 }),
    ];
    for (i, params) in bad.into_iter().enumerate() {
        s.send(&message(
            json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": params }),
        ));
        s.still_serving(100 + i as i64);
    }
    // Negative positions and a malformed change.
    s.send(&message(json!({
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": { "textDocument": { "uri": uri, "version": 2 },
                    "contentChanges": [{ "range": { "start": { "line": -1, "character": -5 }, "end": { "line": 0, "character": 0 } }, "text": "x" }] }
    })));
    s.still_serving(200);
    s.send(&message(json!({
        "jsonrpc": "2.0", "method": "textDocument/didClose", "params": { "textDocument": {} }
    })));
    s.still_serving(201);
    let hover = json!({
        "jsonrpc": "2.0", "id": 202, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri }, "position": { "line": -1, "character": -1 } }
    });
    s.send(&message(hover));
    assert_eq!(s.response(202)["error"]["code"], -32602);
    let (code, err) = s.stop();
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("textDocument/didOpen ignored"), "{err}");
}

#[test]
fn a_lone_surrogate_in_a_document_does_not_end_the_server() {
    let mut s = Server::start();
    let uri = s.uri("charter.toml");
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"toml","version":1,"text":"charter = 1\n# \ud800\n"}}}}}}"#
    );
    s.send(&frame(&body));
    s.still_serving(100);
    assert_eq!(s.stop().0, 0);
}

#[test]
fn exit_without_shutdown_is_exit_status_1() {
    let mut s = Server::start();
    s.still_serving(100);
    s.send(&message(json!({ "jsonrpc": "2.0", "method": "exit" })));
    let (code, err) = s.finish();
    assert_eq!(code, 1, "{err}");
}

/// Everything at once, in one write: every request is answered once.
#[test]
fn a_hostile_session_gets_every_request_answered() {
    let mut s = Server::start();
    let uri = s.uri("charter.toml");
    let mut bytes = Vec::new();
    bytes.extend(frame(HOVER_41));
    bytes.extend(frame(r#"{"jsonrpc":"2.0","id":42,"method":42}"#));
    bytes.extend(b"\r\nContent-Length: nope\r\n\r\n{}");
    bytes.extend(frame("\u{0}\u{1}binary"));
    bytes.extend(frame("[]"));
    bytes.extend(frame(
        r#"{"jsonrpc":"2.0","id":43,"method":"no/such/method"}"#,
    ));
    bytes.extend(message(json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": CLEAN } }
    })));
    bytes.extend(message(json!({
        "jsonrpc": "2.0", "id": 44, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri }, "position": { "line": 3, "character": 1 } }
    })));
    s.send(&bytes);
    let mut answered = Vec::new();
    while answered.len() < 6 {
        let v = s.next().expect("a frame");
        if v.get("method").is_none() {
            answered.push(v["id"].clone());
        }
    }
    assert_eq!(
        answered,
        [
            Value::Null,
            json!(42),
            Value::Null,
            Value::Null,
            json!(43),
            json!(44)
        ]
    );
    let (code, _) = s.stop();
    assert_eq!(code, 0);
}

/// The fuzz target's property on hostile byte streams, in-process: through
/// the server's framing and message loop every request is answered once.
#[test]
fn framed_garbage_leaves_every_request_answered() {
    let hover = r#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nonexistent-charterlint-fuzz-root/charter.toml"},"position":{"line":0,"character":0}}}"#;
    let framed = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    for input in [
        String::new(),
        framed(HOVER_41),
        format!("Content-Length: 99999999999999999\r\n\r\n{}", framed(hover)),
        format!("garbage\r\n\r\n{}{}", framed("[]"), framed(hover)),
        format!("Content-Length: 5\r\n\r\n{}", framed(hover)),
        framed(r#"{"jsonrpc":"2.0","id":9,"method":"textDocument/didOpen","params":null}"#),
        framed(
            r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":7}}"#,
        ),
        framed(
            r#"{"jsonrpc":"2.0","id":"x","method":"workspace/executeCommand","params":{"command":"charterlint.openRuleDocumentation","arguments":["https://example.com"]}}"#,
        ),
    ] {
        charterlint::fuzzing::server::serve_bytes(input.as_bytes());
    }
}
