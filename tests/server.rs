//! `siglint server` driven over its standard input and output, as an editor drives it: open,
//! change, quick fixes, fix all, suppressions, hover, pull diagnostics, configuration reload,
//! re-checks of the files that import a changed one, a panic in one document, positions in
//! non-ASCII text, malformed messages, shutdown and exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    backlog: Vec<Value>,
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Client {
    fn start(env: &[(&str, &str)], initialization_options: Value, capabilities: Value) -> Client {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_siglint"));
        cmd.arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("siglint server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut input = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if input.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if input.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            rx,
            next_id: 0,
            backlog: Vec::new(),
        };
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": initialization_options,
            }),
        );
        assert!(init["result"]["capabilities"].is_object(), "{init}");
        client.notify("initialized", json!({}));
        client
    }

    fn plain() -> Client {
        Client::start(&[], json!({}), json!({}))
    }

    fn send(&mut self, v: &Value) {
        self.send_raw(&v.to_string());
    }

    fn send_raw(&mut self, body: &str) {
        self.stdin.write_all(&frame(body)).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message from the server; requests from it are answered.
    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    if m.get("method").is_some() && m.get("id").is_some() {
                        let id = m["id"].clone();
                        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                        self.backlog.push(m);
                        continue;
                    }
                    return Some(m);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            }
        }
    }

    /// Sends a request and returns the whole response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(json!(id))
    }

    fn response(&mut self, id: Value) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if m.get("method").is_none() && m["id"] == id {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// The first notification (from the backlog, then new ones) that `pred` accepts.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            match self.receive(deadline) {
                Some(m) if pred(&m) => return m,
                Some(m) => self.backlog.push(m),
                None => panic!("timed out waiting for {what}; got {:#?}", self.backlog),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(&format!("diagnostics of {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    fn code_actions(&mut self, uri: &str, range: Value, only: Option<&[&str]>) -> Vec<Value> {
        let mut context = json!({ "diagnostics": [] });
        if let Some(only) = only {
            context["only"] = json!(only);
        }
        let r = self.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
        );
        r["result"].as_array().cloned().unwrap_or_default()
    }

    /// Sends shutdown then exit; the server's exit status.
    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r["result"].is_null() && r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    fn wait_exit(mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri_of(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A project folder (it has a `package.json`, so it is its own project root).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"app\"}\n").unwrap();
    dir
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(rel),
    )
    .unwrap()
}

/// The files of fixture project `js-express-config-secret` the editor tests open or import
/// (the route that calls the signer is not needed by them).
const CONFIG_SECRET_FILES: &[&str] = &[
    "package.json",
    "src/config/zoom.js",
    "src/lib/clock.js",
    "src/lib/signature.js",
];

/// A copy of the fixture project `name` (only the files `rels`) in a new temporary folder.
fn fixture_project(name: &str, rels: &[&str]) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/projects")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    for rel in rels {
        write(
            dir.path(),
            rel,
            &std::fs::read_to_string(src.join(rel)).unwrap(),
        );
    }
    dir
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// Applies LSP text edits (UTF-16 positions) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for _ in 0..line {
            start += text[start..]
                .find('\n')
                .map_or(text.len() - start, |i| i + 1);
        }
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

fn edits_of<'a>(action: &'a Value, uri: &str) -> &'a Vec<Value> {
    action["edit"]["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edit for {uri} in {action}"))
}

fn whole_file() -> Value {
    json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 100000, "character": 0 } })
}

const SIGNER: &str = "\
const jwt = require('jsonwebtoken');

function signature(meetingNumber) {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 60 * 60 * 2;
  const payload = { appKey: process.env.ZOOM_SDK_KEY, sdkKey: process.env.ZOOM_SDK_KEY, mn: meetingNumber, role: 0, iat, exp, tokenExp: exp };
  return jwt.sign(payload, process.env.ZOOM_SDK_SECRET, { algorithm: 'HS256' });
}
module.exports = { signature };
";

#[test]
fn open_publishes_diagnostics_with_code_severity_source_and_a_link_to_the_rule() {
    let dir = project();
    let path = write(dir.path(), "src/signature.js", SIGNER);
    let uri = uri_of(&path);
    let mut c = Client::plain();
    c.open(&uri, "javascript", SIGNER);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), ["SIG003"], "{d:#?}");
    let d = &d[0];
    assert_eq!(d["source"], "siglint");
    assert_eq!(d["severity"], 2, "SIG003 is a warning");
    assert_eq!(d["range"]["start"], json!({ "line": 3, "character": 14 }));
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("rules/SIG003.md"));
    assert!(d["message"].as_str().unwrap().contains("current time"));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn changes_are_incremental_debounced_and_only_the_newest_version_is_published() {
    let dir = project();
    let path = write(dir.path(), "src/signature.js", SIGNER);
    let uri = uri_of(&path);
    // A long debounce: the burst below is analysed once, at its last version.
    let mut c = Client::start(&[], json!({ "debounceMs": 300 }), json!({}));
    c.open(&uri, "javascript", SIGNER);
    assert_eq!(codes(&c.diagnostics(&uri, 1)), ["SIG003"]);
    // Type ` - 30` after the iat expression, one character at a time (line 3, after `1000)`).
    let at = SIGNER.find("1000);").unwrap() + "1000)".len();
    let col = (at - SIGNER[..at].rfind('\n').unwrap() - 1) as u64;
    // One write: the five changes arrive together, as fast typing sends them.
    let mut burst = Vec::new();
    for (i, ch) in " - 30".chars().enumerate() {
        let pos = json!({ "line": 3, "character": col + i as u64 });
        let change = json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": uri, "version": 2 + i as i64 },
                "contentChanges": [{ "range": { "start": pos, "end": pos }, "text": ch.to_string() }],
            },
        });
        burst.extend(frame(&change.to_string()));
    }
    c.stdin.write_all(&burst).unwrap();
    c.stdin.flush().unwrap();
    let d = c.diagnostics(&uri, 6);
    assert!(codes(&d).is_empty(), "backdated now: {d:#?}");
    // No version of the burst before the last was published (the first change came after a
    // quiet spell and was analysed at once, but the others came meanwhile: that result was
    // stale and dropped).
    let earlier: Vec<&Value> = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(earlier.is_empty(), "{earlier:#?}");
    // A full-text change.
    c.change(&uri, 7, json!([{ "text": SIGNER }]));
    assert_eq!(codes(&c.diagnostics(&uri, 7)), ["SIG003"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_quick_fix_is_exactly_the_fix_engines_edit() {
    let dir = project();
    let text = fixture("javascript/iat_not_backdated.js");
    let fixed = fixture("javascript/iat_not_backdated.js.fixed");
    let path = write(dir.path(), "iat_not_backdated.js", &text);
    let uri = uri_of(&path);
    let mut c = Client::plain();
    c.open(&uri, "javascript", &text);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), ["SIG003", "SIG003", "SIG003"]);
    // The first finding's line.
    let range = d[0]["range"].clone();
    let actions = c.code_actions(&uri, range.clone(), None);
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix SIG003"))
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "SIG003");
    let after = apply(&text, edits_of(fix, &uri));
    // Line 18 as `--fix` writes it, the rest unchanged.
    let line = |t: &str, n: usize| t.lines().nth(n).unwrap().to_string();
    assert_eq!(line(&after, 17), line(&fixed, 17));
    assert_eq!(line(&after, 24), line(&text, 24));
    // Only the finding under the range gets actions.
    assert!(actions
        .iter()
        .filter(|a| a["kind"] == "quickfix")
        .all(|a| a["diagnostics"][0]["range"] == range));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn unsafe_fixes_say_so_and_are_never_preferred() {
    let dir = project();
    let text = fixture("javascript/hardcoded_secrets_signer.mjs");
    let path = write(dir.path(), "signer.mjs", &text);
    let uri = uri_of(&path);
    let mut c = Client::plain();
    c.open(&uri, "javascript", &text);
    let d = c.diagnostics(&uri, 1);
    let secret = d
        .iter()
        .find(|d| d["code"] == "SIG008")
        .expect("SIG008")
        .clone();
    // The message masks the secret, as every output does.
    let line = text
        .lines()
        .nth(secret["range"]["start"]["line"].as_u64().unwrap() as usize)
        .unwrap();
    let literal = line.split('\'').nth(1).unwrap();
    assert!(literal.len() > 8);
    for d in &d {
        assert!(!d.to_string().contains(literal), "a secret in {d}");
    }
    let actions = c.code_actions(&uri, secret["range"].clone(), Some(&["quickfix"]));
    let fixes: Vec<&Value> = actions
        .iter()
        .filter(|a| a["title"].as_str().unwrap().starts_with("Fix SIG008"))
        .collect();
    assert!(!fixes.is_empty(), "{actions:#?}");
    for f in fixes {
        assert!(f["title"].as_str().unwrap().contains("unsafe"), "{f}");
        assert_eq!(f["isPreferred"], false);
    }
    // Nor does any action (titles, the diagnostics they carry, the edits).
    for a in &actions {
        assert!(!a.to_string().contains(literal), "a secret in {a}");
    }
    // The hover neither.
    let h = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": secret["range"]["start"] }),
    );
    assert!(h["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("SIG008"));
    assert!(!h.to_string().contains(literal), "a secret in {h}");
    assert_eq!(c.shutdown(), 0);
}

/// `source.fixAll.siglint` gives exactly what `siglint check --fix` writes.
#[test]
fn fix_all_equals_check_fix() {
    for (rel, language) in [
        ("javascript/iat_not_backdated.js", "javascript"),
        ("javascript/exp_out_of_window.mjs", "javascript"),
        ("javascript/hand_rolled_std_base64.js", "javascript"),
        ("python/jwt_exp_out_of_window_service.py", "python"),
        ("php/jwt_hand_rolled_std_base64.php", "php"),
        ("ruby/jwt_rack_helper_now_seconds.rb", "ruby"),
        ("templates/html/kjur_jwt_in_page.html", "html"),
    ] {
        let Ok(text) = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(rel),
        ) else {
            continue; // a fixture renamed on main: the others still check
        };
        let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
        let dir = project();
        let path = write(dir.path(), name, &text);
        let cli = project();
        let cli_path = write(cli.path(), name, &text);
        let status = Command::new(env!("CARGO_BIN_EXE_siglint"))
            .args(["check", "--fix"])
            .arg(&cli_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.code().is_some());
        let expected = std::fs::read_to_string(&cli_path).unwrap();
        let uri = uri_of(&path);
        let mut c = Client::plain();
        c.open(&uri, language, &text);
        c.diagnostics(&uri, 1);
        let actions = c.code_actions(&uri, whole_file(), Some(&["source.fixAll"]));
        let got = match actions.first() {
            Some(a) => {
                assert_eq!(a["kind"], "source.fixAll.siglint");
                assert_eq!(actions.len(), 1, "{actions:#?}");
                apply(&text, edits_of(a, &uri))
            }
            None => text.clone(),
        };
        assert_eq!(got, expected, "{rel}");
        assert_ne!(got, text, "{rel}: nothing to fix?");
        assert_eq!(c.shutdown(), 0);
    }
}

#[test]
fn suppression_actions_write_the_comment_of_the_language_and_silence_the_finding() {
    let py = "\
import time
import jwt

def signature(meeting_number):
    iat = int(time.time())
    payload = {'appKey': KEY, 'sdkKey': KEY, 'mn': meeting_number, 'role': 0, 'iat': iat, 'exp': iat + 7200, 'tokenExp': iat + 7200}
    return jwt.encode(payload, SECRET, algorithm='HS256')
";
    let page = "\
<!doctype html>
<html>
<body>
<script>
  const iat = Math.floor(Date.now() / 1000);
  const payload = { appKey: KEY, sdkKey: KEY, mn: 123, role: 0, iat, exp: iat + 7200, tokenExp: iat + 7200 };
  fetch('/sign', { method: 'POST', body: JSON.stringify(payload) });
</script>
</body>
</html>
";
    for (name, language, text, marker) in [
        (
            "signature.js",
            "javascript",
            SIGNER,
            "  // siglint: ignore[SIG003]",
        ),
        (
            "signature.py",
            "python",
            py,
            "    # siglint: ignore[SIG003]",
        ),
        ("join.html", "html", page, "  // siglint: ignore["),
    ] {
        let dir = project();
        let path = write(dir.path(), name, text);
        let uri = uri_of(&path);
        let mut c = Client::plain();
        c.open(&uri, language, text);
        let d = c.diagnostics(&uri, 1);
        assert!(!d.is_empty(), "{name}: no finding to suppress");
        let target = d[0].clone();
        let code = target["code"].as_str().unwrap().to_string();
        let actions = c.code_actions(&uri, target["range"].clone(), Some(&["quickfix"]));
        let suppress = actions
            .iter()
            .find(|a| {
                a["title"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("Suppress {code}"))
            })
            .unwrap_or_else(|| panic!("{name}: {actions:#?}"));
        let after = apply(text, edits_of(suppress, &uri));
        assert!(after.contains(marker), "{name}:\n{after}");
        c.change(&uri, 2, json!([{ "text": after }]));
        let d2 = c.diagnostics(&uri, 2);
        assert!(
            !d2.iter().any(|d| d["code"] == code.as_str()
                && d["range"]["start"]["line"]
                    == target["range"]["start"]["line"].as_u64().unwrap() + 1),
            "{name}: still reported: {d2:#?}"
        );
        assert!(
            !codes(&d2).contains(&"SUP001".to_string()),
            "{name}: {d2:#?}"
        );
        assert_eq!(c.shutdown(), 0);
    }
}

#[test]
fn hover_shows_the_rules_explanation() {
    let dir = project();
    let path = write(dir.path(), "src/signature.js", SIGNER);
    let uri = uri_of(&path);
    let mut c = Client::plain();
    c.open(&uri, "javascript", SIGNER);
    let d = c.diagnostics(&uri, 1);
    let at = d[0]["range"]["start"].clone();
    let h = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": at }),
    );
    let value = h["result"]["contents"]["value"].as_str().unwrap();
    assert_eq!(h["result"]["contents"]["kind"], "markdown");
    assert!(value.contains("SIG003"), "{value}");
    assert!(value.contains("## What it does"), "{value}");
    assert!(value.contains("## Fix safety"), "{value}");
    // Nowhere near a finding: no hover.
    let none = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(none["result"].is_null(), "{none}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_configuration_is_reloaded_when_it_changes() {
    let dir = project();
    let path = write(dir.path(), "src/signature.js", SIGNER);
    let config = write(dir.path(), "siglint.toml", "select = [\"SIG\"]\n");
    let uri = uri_of(&path);
    let mut c = Client::plain();
    c.open(&uri, "javascript", SIGNER);
    assert_eq!(codes(&c.diagnostics(&uri, 1)), ["SIG003"]);
    std::fs::write(&config, "ignore = [\"SIG003\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&config), "type": 2 }] }),
    );
    assert!(codes(&c.diagnostics(&uri, 1)).is_empty());
    // Severity overrides apply too.
    std::fs::write(&config, "[severity]\nSIG003 = \"error\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&config), "type": 2 }] }),
    );
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), ["SIG003"]);
    assert_eq!(d[0]["severity"], 1);
    // A broken file: the user is told, the defaults apply.
    std::fs::write(&config, "select = [\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&config), "type": 2 }] }),
    );
    assert_eq!(codes(&c.diagnostics(&uri, 1)), ["SIG003"]);
    c.wait_for("a message about the broken configuration", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap()
                .contains("siglint.toml")
    });
    assert_eq!(c.shutdown(), 0);
}

/// Whole-project findings: a signer reads its secret and lifetime from a config module. A
/// change of the config module's buffer re-checks the open signer; the config module shows
/// the secret that the signer makes a finding.
#[test]
fn open_files_that_import_a_changed_file_are_rechecked() {
    let dir = fixture_project("js-express-config-secret", CONFIG_SECRET_FILES);
    let signer = uri_of(&dir.path().join("src/lib/signature.js"));
    let config_path = dir.path().join("src/config/zoom.js");
    let config = uri_of(&config_path);
    let config_text = std::fs::read_to_string(&config_path).unwrap();
    let mut c = Client::plain();
    c.open(
        &signer,
        "javascript",
        &std::fs::read_to_string(dir.path().join("src/lib/signature.js")).unwrap(),
    );
    assert_eq!(codes(&c.diagnostics(&signer, 1)), ["SIG003", "SIG005"]);
    c.open(&config, "javascript", &config_text);
    let d = c.diagnostics(&config, 1);
    assert_eq!(
        codes(&d),
        ["SIG008"],
        "the signer's secret, in the config module"
    );
    // The chain: the finding relates to where the signer uses the secret.
    let related = d[0]["relatedInformation"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        related
            .iter()
            .any(|r| r["location"]["uri"] == signer.as_str()),
        "{d:#?}"
    );
    // Opening it re-checked the signer with the buffer (the same text as the disk's here).
    assert_eq!(codes(&c.diagnostics(&signer, 1)), ["SIG003", "SIG005"]);
    // Tokens now live an hour (unsaved): the signer's SIG005 goes, without touching it.
    let longer = config_text.replace("60 * 10", "60 * 60");
    c.change(&config, 2, json!([{ "text": longer }]));
    assert_eq!(codes(&c.diagnostics(&signer, 1)), ["SIG003"]);
    // The secret moves to the environment: the config module's SIG008 goes.
    let moved = longer.replace("'Lq8WcZp3Rt6YvBn2Mx5Kd9Fh'", "process.env.ZOOM_SDK_SECRET");
    c.change(&config, 3, json!([{ "text": moved }]));
    assert!(codes(&c.diagnostics(&config, 3)).is_empty());
    assert_eq!(codes(&c.diagnostics(&signer, 1)), ["SIG003"]);
    // Closing the config module: the signer reads the disk again.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": config } }),
    );
    assert_eq!(codes(&c.diagnostics(&signer, 1)), ["SIG003", "SIG005"]);
    assert_eq!(c.shutdown(), 0);
}

/// A caller without signature words: the Angular component hands `environment.ts`'s secret to
/// the service it is injected with, which signs. Opening the environment module shows the
/// secret as the scan does; an unsaved edit of the component that stops passing it clears it.
#[test]
fn a_secret_handed_to_a_signing_service_by_a_component_is_shown_where_it_is_written() {
    let dir = fixture_project(
        "ts-angular-injected-signer",
        &[
            "package.json",
            "tsconfig.json",
            "src/environments/environment.ts",
            "src/app/meeting/zoom-session.service.ts",
            "src/app/meeting/meeting-room.component.ts",
        ],
    );
    let env_path = dir.path().join("src/environments/environment.ts");
    let env = uri_of(&env_path);
    let component_path = dir.path().join("src/app/meeting/meeting-room.component.ts");
    let component = uri_of(&component_path);
    let component_text = std::fs::read_to_string(&component_path).unwrap();
    let mut c = Client::plain();
    c.open(
        &env,
        "typescript",
        &std::fs::read_to_string(&env_path).unwrap(),
    );
    let d = c.diagnostics(&env, 1);
    assert_eq!(codes(&d), ["SIG008"], "{d:#?}");
    // The component stops handing the secret over (unsaved): the finding goes.
    c.open(&component, "typescript", &component_text);
    c.diagnostics(&component, 1);
    // Opening the component re-checked the environment module with its buffer.
    assert_eq!(codes(&c.diagnostics(&env, 1)), ["SIG008"]);
    let fetched = component_text.replace("secret: environment.zoom.clientSecret,", "secret: '',");
    assert_ne!(fetched, component_text);
    c.change(&component, 2, json!([{ "text": fetched }]));
    assert!(codes(&c.diagnostics(&env, 1)).is_empty());
    assert_eq!(c.shutdown(), 0);
}

/// SIG011 across files: a signing module that browser code of the project imports is reported
/// at its signing, relating to the client's import; when the client stops importing it (an
/// unsaved edit), the module is checked again and the finding goes.
#[test]
fn a_signing_module_imported_by_browser_code_is_reported_with_the_chain() {
    let dir = project();
    let signer_text = SIGNER.replace("1000);", "1000) - 30;");
    let signer = write(dir.path(), "src/lib/zoom.js", &signer_text);
    let client_text = "\
'use client';
import { signature } from '../lib/zoom';

export default function Join({ mn }) {
  return <button onClick={() => window.join(signature(mn))}>Join</button>;
}
";
    let client = write(dir.path(), "src/components/Join.jsx", client_text);
    let (signer, client) = (uri_of(&signer), uri_of(&client));
    let mut c = Client::plain();
    c.open(&signer, "javascript", &signer_text);
    let d = c.diagnostics(&signer, 1);
    assert_eq!(codes(&d), ["SIG011"], "{d:#?}");
    assert!(
        d[0]["message"].as_str().unwrap().contains("Join.jsx"),
        "{d:#?}"
    );
    let related = &d[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], client.as_str());
    assert_eq!(
        related["location"]["range"]["start"],
        json!({ "line": 1, "character": 26 })
    );
    c.open(&client, "javascriptreact", client_text);
    c.diagnostics(&client, 1);
    // Opening the client re-checked the module with the client's buffer.
    assert_eq!(codes(&c.diagnostics(&signer, 1)), ["SIG011"]);
    let no_import = client_text.replace(
        "import { signature } from '../lib/zoom';",
        "const signature = (mn) => fetch('/api/sign?mn=' + mn);",
    );
    c.change(&client, 2, json!([{ "text": no_import }]));
    assert!(codes(&c.diagnostics(&signer, 1)).is_empty());
    assert_eq!(c.shutdown(), 0);
}

/// An editor that does not report changes on disk: a file an open document imports changes
/// there, and the next analysis reads it again (no stale model is kept).
#[test]
fn an_imported_file_changed_on_disk_is_read_again() {
    let dir = fixture_project("js-express-config-secret", CONFIG_SECRET_FILES);
    let text = std::fs::read_to_string(dir.path().join("src/lib/signature.js")).unwrap();
    let signer = uri_of(&dir.path().join("src/lib/signature.js"));
    let mut c = Client::plain();
    c.open(&signer, "javascript", &text);
    assert_eq!(codes(&c.diagnostics(&signer, 1)), ["SIG003", "SIG005"]);
    let config = dir.path().join("src/config/zoom.js");
    let longer = std::fs::read_to_string(&config)
        .unwrap()
        .replace("60 * 10", "60 * 60");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&config, longer).unwrap();
    c.change(&signer, 2, json!([{ "text": format!("{text}\n") }]));
    assert_eq!(codes(&c.diagnostics(&signer, 2)), ["SIG003"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_panic_in_one_document_is_caught_logged_and_the_server_goes_on() {
    let dir = project();
    let bad = write(dir.path(), "src/boom_panics.js", SIGNER);
    let good = write(dir.path(), "src/signature.js", SIGNER);
    let (bad, good) = (uri_of(&bad), uri_of(&good));
    let mut c = Client::start(
        &[("SIGLINT_SERVER_TEST_PANIC", "boom_panics")],
        json!({}),
        json!({}),
    );
    c.open(&bad, "javascript", SIGNER);
    let log = c.wait_for("the panic logged", |m| {
        m["method"] == "window/logMessage" && m["params"]["type"] == 1
    });
    let message = log["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("internal error") && message.contains("boom_panics"),
        "{message}"
    );
    c.open(&good, "javascript", SIGNER);
    assert_eq!(codes(&c.diagnostics(&good, 1)), ["SIG003"]);
    // Requests on the broken document are answered too.
    let h = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": bad }, "position": { "line": 3, "character": 16 } }),
    );
    assert!(h.get("result").is_some(), "{h}");
    let a = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": bad }, "range": whole_file(), "context": { "diagnostics": [] } }),
    );
    assert!(a.get("result").is_some(), "{a}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn positions_count_utf16_units_in_non_ascii_text() {
    // `é` is 2 bytes / 1 unit, `😀` 4 bytes / 2 units: the finding's column is in units.
    let text = "\
const jwt = require('jsonwebtoken');
function signature(mn) {
  const s = '😀é'; const iat = Math.floor(Date.now() / 1000);
  const payload = { appKey: process.env.K, sdkKey: process.env.K, mn, role: 0, iat, exp: iat + 7200, tokenExp: iat + 7200 };
  return jwt.sign(payload, process.env.S, { algorithm: 'HS256' });
}
";
    let dir = project();
    let path = write(dir.path(), "emoji.js", text);
    let uri = uri_of(&path);
    let mut c = Client::plain();
    c.open(&uri, "javascript", text);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), ["SIG003"]);
    let line = text.lines().nth(2).unwrap();
    let byte = line.find("Math").unwrap();
    let units: usize = line[..byte].chars().map(char::len_utf16).sum();
    assert_eq!(units, byte - 3, "the test line holds multi-byte characters");
    assert_eq!(
        d[0]["range"]["start"],
        json!({ "line": 2, "character": units })
    );
    // An incremental edit after the emoji, in units: `é` → `ü` (same line).
    let e = line[..line.find('é').unwrap()]
        .chars()
        .map(char::len_utf16)
        .sum::<usize>();
    c.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": 2, "character": e }, "end": { "line": 2, "character": e + 1 } }, "text": "ü" }]),
    );
    let d = c.diagnostics(&uri, 2);
    assert_eq!(
        d[0]["range"]["start"],
        json!({ "line": 2, "character": units })
    );
    // The quick fix lands at the right place in the edited text.
    let edited = text.replace('é', "ü");
    let actions = c.code_actions(&uri, d[0]["range"].clone(), Some(&["quickfix"]));
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix SIG003"))
        .unwrap();
    let after = apply(&edited, edits_of(fix, &uri));
    assert!(
        after.contains("const s = '😀ü'; const iat = Math.floor(Date.now() / 1000) - 30;"),
        "{after}"
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn pull_diagnostics_answer_with_full_then_unchanged_reports() {
    let dir = project();
    let path = write(dir.path(), "src/signature.js", SIGNER);
    let uri = uri_of(&path);
    let caps = json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } });
    let mut c = Client::start(&[], json!({}), caps);
    c.open(&uri, "javascript", SIGNER);
    let r = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    let result = &r["result"];
    assert_eq!(result["kind"], "full", "{r}");
    assert_eq!(codes(result["items"].as_array().unwrap()), ["SIG003"]);
    let id = result["resultId"].as_str().unwrap().to_string();
    let again = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri }, "previousResultId": id }),
    );
    assert_eq!(again["result"]["kind"], "unchanged", "{again}");
    // After a change, the pull waits for the new version's analysis.
    c.change(
        &uri,
        2,
        json!([{ "text": SIGNER.replace("1000);", "1000) - 30;") }]),
    );
    let r = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri }, "previousResultId": id }),
    );
    assert_eq!(r["result"]["kind"], "full");
    assert!(r["result"]["items"].as_array().unwrap().is_empty(), "{r}");
    // Nothing was pushed to a client that pulls.
    assert!(!c
        .backlog
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics"));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn malformed_messages_get_protocol_errors_and_the_server_goes_on() {
    let dir = project();
    let path = write(dir.path(), "src/signature.js", SIGNER);
    let uri = uri_of(&path);
    let mut c = Client::plain();
    // Not JSON: a parse error, id null.
    c.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    let e = c.response(Value::Null);
    assert_eq!(e["error"]["code"], -32700, "{e}");
    // JSON, not a message.
    c.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 77, \"params\": {}}");
    let e = c.response(json!(77));
    assert_eq!(e["error"]["code"], -32600, "{e}");
    // Parameters of the wrong shape.
    let e = c.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(e["error"]["code"], -32602, "{e}");
    // A method the server does not have.
    let e = c.request("textDocument/rename", json!({}));
    assert_eq!(e["error"]["code"], -32601, "{e}");
    // A malformed notification is ignored (notifications have no answer).
    c.notify("textDocument/didOpen", json!({ "textDocument": "nope" }));
    c.open(&uri, "javascript", SIGNER);
    assert_eq!(codes(&c.diagnostics(&uri, 1)), ["SIG003"]);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1_and_requests_after_shutdown_are_refused() {
    let mut c = Client::plain();
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), 1);
    let mut c = Client::plain();
    let r = c.request("shutdown", Value::Null);
    assert!(r["result"].is_null());
    let e = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///x.js" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(e["error"]["code"], -32600, "{e}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn pages_work_as_in_the_cli() {
    let page = fixture_path("templates");
    let Some((rel, text)) = page else { return };
    let dir = project();
    let name = Path::new(&rel)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let path = write(dir.path(), &name, &text);
    let out = Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected: Vec<(u64, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["range"]["start"]["line"].as_u64().unwrap() - 1,
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    expected.sort();
    let uri = uri_of(&path);
    let mut c = Client::plain();
    c.open(&uri, "html", &text);
    let mut got: Vec<(u64, String)> = c
        .diagnostics(&uri, 1)
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert!(!expected.is_empty(), "{rel}");
    assert_eq!(got, expected, "{rel}");
    assert_eq!(c.shutdown(), 0);
}

/// A page fixture with findings (the first one, by name, under `fixtures/<folder>`).
fn fixture_path(folder: &str) -> Option<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder);
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).ok()?.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html" || x == "vue") {
                files.push(p);
            }
        }
    }
    files.sort();
    files.into_iter().find_map(|p| {
        let text = std::fs::read_to_string(&p).ok()?;
        text.contains("expect:").then(|| {
            (
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                text,
            )
        })
    })
}

/// A utils module that holds both the SDK secret and the signer, imported by a React page: the
/// editor shows one SIG011, at the secret (where it enters the bundle), as the scan does, not a
/// second one at the signing call for the page's import.
#[test]
fn a_secret_and_signer_imported_together_by_a_page_are_one_client_side_finding() {
    let dir = fixture_project(
        "js-react-utils-secret-signer",
        &[
            "package.json",
            "src/index.js",
            "src/App.jsx",
            "src/utils/constants.js",
            "src/utils/zoom.js",
            "src/pages/Webinar.jsx",
        ],
    );
    let utils_path = dir.path().join("src/utils/zoom.js");
    let utils_text = std::fs::read_to_string(&utils_path).unwrap();
    let secret_line = utils_text
        .lines()
        .position(|l| l.contains("SDK_SECRET ="))
        .unwrap();
    let utils = uri_of(&utils_path);
    let mut c = Client::plain();
    c.open(&utils, "javascript", &utils_text);
    let d = c.diagnostics(&utils, 1);
    let mut seen: Vec<(String, u64)> = d
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_string(),
                x["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    seen.sort();
    let at = secret_line as u64;
    assert_eq!(
        seen,
        [("SIG008".to_string(), at), ("SIG011".to_string(), at)],
        "{d:#?}"
    );
    assert_eq!(c.shutdown(), 0);
}
