//! The protocol's framing over standard input and output (`Content-Length` headers, JSON
//! bodies), with a reader and a writer thread feeding an [`lsp_server::Connection`].
//!
//! `lsp_server::Connection::stdio` ends the connection on the first body that is not a JSON-RPC
//! message; an editor's bug (or a hand-typed message) must not kill the server, so this reader
//! answers such a body with the JSON-RPC error (`-32700` parse error for text that is not JSON,
//! `-32600` invalid request for JSON that is not a message) and reads on. Only broken framing
//! (a header without `Content-Length`, a body cut short) ends it: after that nothing can be
//! read reliably.

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{bounded, unbounded};
use lsp_server::{Connection, Message};

/// The reader and writer threads; [`IoThreads::join`] waits for both.
pub struct IoThreads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits until every message sent was written (the writer ends when every sender of the
    /// connection is dropped). The reader is not waited for: after `exit` it has stopped, and
    /// after a failure it may be blocked on input that never comes.
    pub fn join_writer(self) {
        let _ = self.writer.join();
        if self.reader.is_finished() {
            let _ = self.reader.join();
        }
    }
}

/// A connection over this process's standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_server, from_client) = bounded::<Message>(64);
    let (to_client, outgoing) = unbounded::<Message>();
    let writer = thread::Builder::new()
        .name("siglint-lsp-writer".into())
        .spawn(move || {
            for message in outgoing {
                let text = serde_json::to_string(&WithVersion {
                    jsonrpc: "2.0",
                    message: &message,
                })?;
                write_frame(&text)?;
            }
            Ok(())
        })
        .expect("spawn the writer thread");
    let reader = thread::Builder::new()
        .name("siglint-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            loop {
                let Some(body) = read_frame(&mut input)? else {
                    return Ok(());
                };
                match parse(&body) {
                    Ok(message) => {
                        let exit =
                            matches!(&message, Message::Notification(n) if n.method == "exit");
                        if to_server.send(message).is_err() || exit {
                            return Ok(());
                        }
                    }
                    Err(error) => write_frame(&error)?,
                }
            }
        })
        .expect("spawn the reader thread");
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { reader, writer },
    )
}

#[derive(serde::Serialize)]
struct WithVersion<'a> {
    jsonrpc: &'static str,
    #[serde(flatten)]
    message: &'a Message,
}

/// Writes one framed message; frames from the two threads never interleave (stdout's lock is
/// held for the whole frame).
fn write_frame(body: &str) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body.as_bytes())?;
    out.flush()
}

/// Reads one frame's body; `None` at the end of input.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue; // a stray blank line between frames
        }
        let (name, value) = header.split_once(':').ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, format!("bad header {header:?}"))
        })?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n: usize = value.trim().parse().map_err(|_| {
                io::Error::new(io::ErrorKind::InvalidData, format!("bad length {value:?}"))
            })?;
            length = Some(n);
        }
    }
    let mut body = vec![0; length.unwrap_or(0)];
    input.read_exact(&mut body)?;
    Ok(Some(String::from_utf8_lossy(&body).into_owned()))
}

/// A body as a message, or the error response to send back.
fn parse(body: &str) -> Result<Message, String> {
    let value: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => return Err(error_response(None, -32700, &format!("parse error: {e}"))),
    };
    let id = value.get("id").cloned();
    serde_json::from_value::<Message>(value).map_err(|e| {
        let id = id.filter(|id| id.is_number() || id.is_string());
        error_response(id, -32600, &format!("invalid request: {e}"))
    })
}

fn error_response(id: Option<serde_json::Value>, code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(serde_json::Value::Null),
        "error": { "code": code, "message": message },
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_and_bad_bodies_become_errors() {
        let text = "Content-Length: 5\r\n\r\n{oops\
                    Content-Length: 17\r\ncontent-type: x\r\n\r\n{\"id\":3,\"x\":true}";
        let mut input = io::Cursor::new(text.as_bytes());
        let first = read_frame(&mut input).unwrap().unwrap();
        assert_eq!(first, "{oops");
        let e = parse(&first).unwrap_err();
        assert!(e.contains("-32700") && e.contains("\"id\":null"), "{e}");
        let second = read_frame(&mut input).unwrap().unwrap();
        let e = parse(&second).unwrap_err();
        assert!(e.contains("-32600") && e.contains("\"id\":3"), "{e}");
        assert!(read_frame(&mut input).unwrap().is_none());
    }
}
