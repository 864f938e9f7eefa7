//! The server's own framing of the Language Server Protocol over a byte
//! stream (issue 23). lsp_server's reader thread ends on the first frame it
//! cannot read (and allocates whatever `Content-Length` says), which ended
//! the server; here a frame is read with size limits, a body that is not a
//! JSON-RPC message is answered (`-32700`, `-32600`) and the stream is
//! resynchronised on the next `Content-Length` header. Messages are handed
//! to the server through an `lsp_server::Connection` made of memory
//! channels, so the server's loop is unchanged.

use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use lsp_server::{Connection, Message};
use serde_json::{Value, json};

/// The largest header block read: a few headers, never more.
pub const MAX_HEADER: usize = 8 << 10;

/// The largest body accepted. A charter is at most 1 MiB; an editor sends
/// it whole, JSON-escaped (up to six bytes a character), with room to spare.
pub const MAX_BODY: u64 = 64 << 20;

/// The header every frame begins with (matched regardless of case).
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// JSON-RPC's error codes for a body that cannot be served.
pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// What the next frame of the stream holds.
#[derive(Debug)]
pub enum Frame {
    /// A message for the server.
    Message(Message),
    /// A body that is not a message: the error response to write back
    /// (its id null when none could be read), and why, for the log.
    Reply(Value, String),
    /// Bytes skipped to find the next frame, and why, for the log.
    Skipped(String),
}

/// Reads frames from a byte stream, resynchronising after a bad one.
pub struct Framer<R> {
    input: R,
    buf: Vec<u8>,
    eof: bool,
}

impl<R: Read> Framer<R> {
    pub fn new(input: R) -> Framer<R> {
        Framer {
            input,
            buf: Vec::new(),
            eof: false,
        }
    }

    /// Reads more of the stream into the buffer; `false` at its end.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        let mut chunk = [0u8; 16 << 10];
        loop {
            match self.input.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    /// Drops bytes up to the next `Content-Length` header at or after
    /// `from` (keeping a tail that may be the start of one).
    fn resync(&mut self, from: usize) -> usize {
        let from = from.min(self.buf.len());
        let cut = match find_ci(&self.buf[from..], CONTENT_LENGTH) {
            Some(i) => from + i,
            None => self
                .buf
                .len()
                .saturating_sub(CONTENT_LENGTH.len() - 1)
                .max(from),
        };
        self.buf.drain(..cut);
        cut
    }

    /// The next frame, or `None` at the end of the stream.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            // White space between frames is not a frame.
            let blank = self
                .buf
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.buf.drain(..blank);
            let Some((header_len, total)) = header_end(&self.buf) else {
                if self.buf.len() > MAX_HEADER {
                    let skipped = self.resync(1);
                    return Some(Frame::Skipped(format!(
                        "{skipped} bytes without the end of a header block (over {MAX_HEADER} bytes)"
                    )));
                }
                if !self.fill() {
                    if self.buf.is_empty() {
                        return None;
                    }
                    let n = self.buf.len();
                    self.buf.clear();
                    return Some(Frame::Skipped(format!(
                        "{n} bytes at the end of the stream that are not a whole frame"
                    )));
                }
                continue;
            };
            let length = match content_length(&self.buf[..header_len]) {
                Ok(n) if n <= MAX_BODY => n as usize,
                Ok(n) => {
                    let skipped = self.resync(1);
                    return Some(Frame::Skipped(format!(
                        "a frame of {n} bytes refused (the limit is {MAX_BODY}); {skipped} bytes skipped"
                    )));
                }
                Err(why) => {
                    let skipped = self.resync(1);
                    return Some(Frame::Skipped(format!(
                        "{why}; {skipped} bytes skipped to the next header"
                    )));
                }
            };
            while self.buf.len() < total + length {
                if !self.fill() {
                    let n = self.buf.len();
                    self.buf.clear();
                    return Some(Frame::Skipped(format!(
                        "the stream ended inside a frame ({n} bytes of {} read)",
                        total + length
                    )));
                }
            }
            let body = &self.buf[total..total + length];
            if let Ok(value) = serde_json::from_slice::<Value>(body) {
                self.buf.drain(..total + length);
                return Some(classify(value));
            }
            // A wrong Content-Length: the message may still be whole, a
            // JSON value followed by the next frame's header (a length too
            // long), or one that goes on into it (too short).
            let rest = &self.buf[total..];
            let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<Value>();
            if let Some(Ok(value)) = values.next() {
                let end = values.byte_offset();
                let after = &rest[end..];
                let after = &after[after.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
                if starts_with_ci(after, CONTENT_LENGTH) {
                    self.buf.drain(..total + end);
                    return Some(classify(value));
                }
            }
            let why = match std::str::from_utf8(body) {
                Ok(_) => "the body is not JSON".to_string(),
                Err(_) => "the body is not UTF-8".to_string(),
            };
            // What follows a bad body may be the rest of it: go on from
            // the next header after the frame's start.
            self.buf.drain(..total);
            let within = find_ci(&self.buf[..length], CONTENT_LENGTH).unwrap_or(length);
            self.buf.drain(..within);
            return Some(Frame::Reply(error(Value::Null, PARSE_ERROR, &why), why));
        }
    }
}

/// Where the header block ends: its length without the blank line, and
/// with it.
fn header_end(buf: &[u8]) -> Option<(usize, usize)> {
    let crlf = find(buf, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = find(buf, b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The `Content-Length` of a header block, or why there is none.
fn content_length(block: &[u8]) -> Result<u64, String> {
    let text = std::str::from_utf8(block).map_err(|_| "a header that is not ASCII".to_string())?;
    let mut length = None;
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!(
                "a malformed header {:?}",
                crate::text::visible(line)
            ));
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(format!(
                "a malformed header {:?}",
                crate::text::visible(line)
            ));
        }
        if name.eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            let n = value.parse::<u64>().map_err(|_| {
                format!(
                    "Content-Length {:?} is not a number",
                    crate::text::visible(value)
                )
            })?;
            if length.replace(n).is_some() {
                return Err("two Content-Length headers".into());
            }
        }
    }
    length.ok_or_else(|| "a header block without Content-Length".to_string())
}

/// A JSON value as a message for the server, or the error response it
/// calls for.
pub fn classify(value: Value) -> Frame {
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let invalid = |why: String| Frame::Reply(error(id.clone(), INVALID_REQUEST, &why), why);
    let Value::Object(object) = &value else {
        return invalid("a message is a JSON object (batches are not part of LSP)".into());
    };
    match object.get("method") {
        Some(Value::String(_)) => {}
        Some(other) => {
            return invalid(format!(
                "`method` is {}, not a string",
                match other {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::String(_) => "a string",
                    Value::Array(_) => "an array",
                    Value::Object(_) => "an object",
                }
            ));
        }
        None if object.contains_key("id") => {
            // A response to a request of ours: we send none, so it
            // answers nothing; a malformed one is only logged.
            return match serde_json::from_value::<Message>(value) {
                Ok(m) => Frame::Message(m),
                Err(e) => Frame::Skipped(format!("a malformed response: {e}")),
            };
        }
        None => return invalid("a message without `method`".into()),
    }
    if let Some(raw) = object.get("id")
        && !matches!(raw, Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()))
        && !raw.is_string()
    {
        return invalid("`id` is neither a string nor a 32-bit integer".into());
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Frame::Message(m),
        Err(e) => invalid(format!("not a JSON-RPC message: {e}")),
    }
}

/// A JSON-RPC error response.
pub fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// Writes one frame.
pub fn write_frame(out: &mut dyn Write, body: &[u8]) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)?;
    out.flush()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// The threads that move bytes between the streams and the server.
pub struct IoThreads {
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits until everything the server sent is written.
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    connect(io::stdin(), io::stdout())
}

/// A connection reading frames from `input` and writing to `output`. The
/// reader ends at the end of the input or after the `exit` notification;
/// problems are logged on standard error.
pub fn connect(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
) -> (Connection, IoThreads) {
    let (server, client) = Connection::memory();
    let output: Arc<Mutex<Box<dyn Write + Send>>> = Arc::new(Mutex::new(Box::new(output)));
    let to_server = client.sender;
    let replies = Arc::clone(&output);
    // Detached: it may be blocked reading when the server ends.
    std::thread::spawn(move || {
        let mut framer = Framer::new(input);
        while let Some(frame) = framer.next_frame() {
            match frame {
                Frame::Message(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || exit {
                        break;
                    }
                }
                Frame::Reply(reply, why) => {
                    log(&why);
                    let body = serde_json::to_vec(&reply).unwrap_or_default();
                    let mut out = output.lock().unwrap_or_else(|p| p.into_inner());
                    if write_frame(&mut *out, &body).is_err() {
                        break;
                    }
                }
                Frame::Skipped(why) => log(&why),
            }
        }
    });
    let from_server = client.receiver;
    let writer = std::thread::spawn(move || {
        for message in from_server {
            let mut out = replies.lock().unwrap_or_else(|p| p.into_inner());
            message.write(&mut *out)?;
        }
        Ok(())
    });
    (server, IoThreads { writer })
}

/// A line on standard error, where an editor shows a server's log.
pub fn log(message: &str) {
    eprintln!(
        "charterlint server: {}",
        crate::text::visible_multiline(message)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(bytes: &[u8]) -> Vec<Frame> {
        let mut framer = Framer::new(bytes);
        std::iter::from_fn(|| framer.next_frame()).collect()
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#;

    fn ids(frames: &[Frame]) -> Vec<String> {
        frames
            .iter()
            .map(|f| match f {
                Frame::Message(Message::Request(r)) => format!("req {}", r.id),
                Frame::Message(_) => "other".into(),
                Frame::Reply(v, _) => format!("err {} {}", v["error"]["code"], v["id"]),
                Frame::Skipped(_) => "skipped".into(),
            })
            .collect()
    }

    #[test]
    fn wrong_lengths_recover_at_the_next_frame() {
        let short = format!("Content-Length: {}\r\n\r\n{PING}", PING.len() - 8) + &framed(PING);
        assert_eq!(ids(&frames(short.as_bytes())), ["req 7", "req 7"]);
        let long = format!("Content-Length: {}\r\n\r\n{PING}", PING.len() + 30) + &framed(PING);
        assert_eq!(ids(&frames(long.as_bytes())), ["req 7", "req 7"]);
        let broken = framed(r#"{"jsonrpc":"2.0","id":41,"method":"textDocument/hover","params":{"#)
            + &framed(PING);
        assert_eq!(
            ids(&frames(broken.as_bytes())),
            ["err -32700 null", "req 7"]
        );
    }

    #[test]
    fn bad_headers_and_huge_lengths_are_skipped() {
        let input = "Content-Type: x\r\n\r\n{}".to_string()
            + &framed(PING)
            + "Content-Length: 99999999999999999\r\n\r\n"
            + &framed(PING)
            + "Content-Length: 99999999999999999999999\r\n\r\n"
            + &framed(PING);
        assert_eq!(
            ids(&frames(input.as_bytes())),
            ["skipped", "req 7", "skipped", "req 7", "skipped", "req 7"]
        );
    }

    #[test]
    fn invalid_requests_are_answered_with_their_id() {
        let input = framed(r#"{"jsonrpc":"2.0","id":42,"method":42}"#)
            + &framed("[1,2]")
            + &framed(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#);
        assert_eq!(
            ids(&frames(input.as_bytes())),
            ["err -32600 42", "err -32600 null", "err -32600 1.5"]
        );
    }
}
