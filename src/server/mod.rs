//! `siglint server`: the Language Server Protocol over standard input and output. One more
//! caller of the engine beside the CLI (DESIGN.md): it hands the engine an editor's buffer
//! instead of a path and turns findings and fixes into LSP messages.
//!
//! Synchronous, as rust-analyzer's and ruff's main loops are: one thread owns the state and
//! handles each message in turn. Changes are debounced: a change after a quiet spell is
//! analysed at once, a burst of changes (each within `debounce` of the previous one) when no
//! change came for `debounce`; open and save are analysed at once. A result is published only
//! if no newer version of the document arrived while it was computed (it is dropped otherwise;
//! the newer version is analysed next). Requests that need the current findings (code actions,
//! hover, pull diagnostics) analyse a changed document on the spot. A panic while analysing one
//! document is caught, logged to the client, and the server goes on.
//!
//! Layer: beside `output` and `report`, above the engine, the walk and the fix loop.

mod actions;
mod analysis;
mod convert;
mod position;
mod transport;
mod uri;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOrCommand, Diagnostic, DocumentDiagnosticReport,
    FullDocumentDiagnosticReport, Hover, HoverContents, MarkupContent, MarkupKind,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport, Uri,
};
use serde_json::{json, Value};

use crate::config::ConfigResolver;
use crate::diagnostic::Finding;
use crate::engine::FileKind;
use position::LineIndex;

/// The debounce of `siglint server` unless `--debounce-ms` or the editor says otherwise: short
/// enough that diagnostics follow typing, long enough that a burst of keystrokes is analysed
/// once.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(20);

/// The stack of the server's thread: lowering and evaluation recurse (depth-bounded), as in
/// the walk's workers.
const STACK: usize = 64 * 1024 * 1024;

/// A test hook: the analysis of every document whose URI contains this variable's value
/// panics (the protocol tests check that the server survives it).
pub const PANIC_ENV: &str = "SIGLINT_SERVER_TEST_PANIC";

/// What the command line gives the server; the editor's initialization options may override.
#[derive(Clone, Debug)]
pub struct Options {
    /// Use this configuration file for every document (`--config`).
    pub config: Option<PathBuf>,
    pub debounce: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            config: None,
            debounce: DEFAULT_DEBOUNCE,
        }
    }
}

/// Runs the server until the client says `exit`. Returns the process's exit status: 0 after
/// `shutdown` then `exit`, 1 when the client exits without `shutdown` or the connection breaks.
pub fn run(options: Options) -> u8 {
    let (connection, io) = transport::stdio();
    let served = std::thread::Builder::new()
        .name("siglint-server".into())
        .stack_size(STACK)
        .spawn(move || serve(connection, options))
        .map(|h| h.join());
    let status = match served {
        Ok(Ok(Ok(status))) => status,
        Ok(Ok(Err(e))) => {
            eprintln!("siglint server: {e}");
            1
        }
        _ => {
            eprintln!("siglint server: the main loop stopped unexpectedly");
            1
        }
    };
    io.join_writer();
    status
}

fn serve(connection: lsp_server::Connection, options: Options) -> Result<u8, String> {
    let (id, params) = match connection.initialize_start() {
        Ok(x) => x,
        Err(e) => return Err(e.to_string()),
    };
    let mut server = Server::new(
        connection.sender.clone(),
        connection.receiver.clone(),
        options,
    );
    server.configure_from(&params);
    let capabilities = server.capabilities();
    let result = json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "siglint", "version": env!("CARGO_PKG_VERSION") },
    });
    if let Err(e) = connection.initialize_finish(id, result) {
        return Err(e.to_string());
    }
    server.register_watchers();
    Ok(server.main_loop())
}

/// An open document.
struct Document {
    /// Its file (canonical), for a `file:` URI.
    path: Option<PathBuf>,
    kind: Option<FileKind>,
    text: String,
    version: i32,
    index: LineIndex,
    /// When the last change came (`None` before the first).
    changed: Option<Instant>,
}

/// The last analysis of a document, for the version it was made of.
struct DocResult {
    version: i32,
    findings: Vec<Finding>,
    diagnostics: Vec<Diagnostic>,
    depends_on: Vec<PathBuf>,
    result_id: String,
}

/// What handling a message leads to.
enum Flow {
    Continue,
    Exit(u8),
}

struct Server {
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    docs: HashMap<Uri, Document>,
    results: HashMap<Uri, DocResult>,
    /// Documents to analyse, and from when.
    due: HashMap<Uri, Instant>,
    /// Pull-diagnostics requests waiting for an analysis: (request, document, previous id).
    parked: Vec<(RequestId, Uri, Option<String>)>,
    options: Options,
    configs: ConfigResolver,
    signers: analysis::Signers,
    projects: analysis::Projects,
    /// When each file the results depend on (and that is not open) was last modified, as seen
    /// at the last batch: an editor that does not report changes on disk must not leave a
    /// stale model in a project's cache.
    seen_on_disk: HashMap<PathBuf, Option<std::time::SystemTime>>,
    catalogue: convert::Catalogue,
    /// The client pulls diagnostics (`textDocument/diagnostic`): they are not pushed.
    pull: bool,
    /// The client can be asked to pull again (`workspace/diagnostic/refresh`).
    refresh: bool,
    /// The client takes file watchers registered at run time.
    watch: bool,
    shutdown: bool,
    next_id: i32,
    panic_marker: Option<String>,
    reported: HashSet<String>,
}

impl Server {
    fn new(sender: Sender<Message>, receiver: Receiver<Message>, options: Options) -> Server {
        let configs = resolver(&options, &sender);
        Server {
            sender,
            receiver,
            docs: HashMap::new(),
            results: HashMap::new(),
            due: HashMap::new(),
            parked: Vec::new(),
            options,
            configs,
            signers: analysis::Signers::default(),
            projects: analysis::Projects::default(),
            seen_on_disk: HashMap::new(),
            catalogue: convert::Catalogue::new(),
            pull: false,
            refresh: false,
            watch: false,
            shutdown: false,
            next_id: 0,
            panic_marker: std::env::var(PANIC_ENV).ok().filter(|s| !s.is_empty()),
            reported: HashSet::new(),
        }
    }

    /// Reads the client's capabilities and the initialization options.
    fn configure_from(&mut self, params: &Value) {
        let caps = &params["capabilities"];
        self.pull = caps
            .pointer("/textDocument/diagnostic")
            .is_some_and(|v| v.is_object());
        self.refresh = caps
            .pointer("/workspace/diagnostics/refreshSupport")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.watch = caps
            .pointer("/workspace/didChangeWatchedFiles/dynamicRegistration")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.apply_settings(&params["initializationOptions"]);
    }

    /// The editor-side settings: `configPath` (a `siglint.toml` for every document, like
    /// `--config`) and `debounceMs`.
    fn apply_settings(&mut self, settings: &Value) {
        if let Some(ms) = settings.get("debounceMs").and_then(Value::as_u64) {
            self.options.debounce = Duration::from_millis(ms.min(10_000));
        }
        match settings.get("configPath") {
            Some(Value::String(p)) if !p.is_empty() => {
                self.options.config = Some(PathBuf::from(p));
                self.configs = resolver(&self.options, &self.sender);
            }
            Some(Value::Null) => {
                self.options.config = None;
                self.configs = resolver(&self.options, &self.sender);
            }
            _ => {}
        }
    }

    fn capabilities(&self) -> Value {
        json!({
            "positionEncoding": "utf-16",
            "textDocumentSync": {
                "openClose": true,
                "change": 2,
                "save": { "includeText": false },
            },
            "hoverProvider": true,
            "codeActionProvider": {
                "codeActionKinds": ["quickfix", actions::FIX_ALL],
            },
            "diagnosticProvider": {
                "identifier": "siglint",
                "interFileDependencies": true,
                "workspaceDiagnostics": false,
            },
        })
    }

    /// Asks the client to tell about changes of configuration files and of source files on
    /// disk (when it can be asked at run time; otherwise the editor's extension watches them).
    fn register_watchers(&mut self) {
        if !self.watch {
            return;
        }
        let watchers: Vec<Value> = [
            "**/siglint.toml",
            "**/.siglint.toml",
            "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,py,rb,php,java,json,vue,svelte,html,erb,ejs,hbs,twig,jinja,jsp}",
        ]
        .iter()
        .map(|g| json!({ "globPattern": g }))
        .collect();
        let params = json!({
            "registrations": [{
                "id": "siglint-watched-files",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": watchers },
            }]
        });
        self.request("client/registerCapability", params);
    }

    fn main_loop(&mut self) -> u8 {
        loop {
            let next = self.due.values().min().copied();
            let message = match next {
                None => self
                    .receiver
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
                Some(at) => self
                    .receiver
                    .recv_timeout(at.saturating_duration_since(Instant::now())),
            };
            match message {
                Ok(m) => {
                    if let Flow::Exit(status) = self.handle(m) {
                        return status;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                // The client went away without `exit`.
                Err(RecvTimeoutError::Disconnected) => return 1,
            }
            if let Flow::Exit(status) = self.run_due() {
                return status;
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Messages
    // -----------------------------------------------------------------------------------------

    fn handle(&mut self, message: Message) -> Flow {
        // A bug in a handler costs that message, never the server.
        match message {
            Message::Request(r) => {
                let (id, method) = (r.id.clone(), r.method.clone());
                let run =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.on_request(r)));
                if let Err(panic) = run {
                    self.projects.clear();
                    let why = panic_message(&*panic);
                    self.log(1, &format!("siglint: internal error in `{method}` ({why})"));
                    self.error(id, ErrorCode::InternalError, "siglint: internal error");
                }
                Flow::Continue
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.on_notification(n)
                }));
                run.unwrap_or_else(|panic| {
                    self.projects.clear();
                    let why = panic_message(&*panic);
                    self.log(1, &format!("siglint: internal error in `{method}` ({why})"));
                    Flow::Continue
                })
            }
            // Answers to our requests (registrations, refreshes): nothing to do.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn on_request(&mut self, r: Request) {
        if self.shutdown {
            return self.error(
                r.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            );
        }
        let id = r.id.clone();
        let outcome = match r.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Some(Value::Null))
            }
            "textDocument/codeAction" => parse(r.params).map(|p| Some(self.code_actions(p))),
            "textDocument/hover" => parse(r.params).map(|p| Some(self.hover(p))),
            "textDocument/diagnostic" => parse(r.params).map(|p| self.pull(id.clone(), p)),
            _ => {
                let message = format!("siglint does not handle `{}`", r.method);
                return self.error(id, ErrorCode::MethodNotFound, &message);
            }
        };
        match outcome {
            Ok(Some(result)) => self.send(Response::new_ok(id, result)),
            Ok(None) => {} // answered later
            Err(e) => self.error(id, ErrorCode::InvalidParams, &e),
        }
    }

    fn on_notification(&mut self, n: Notification) -> Flow {
        let result = match n.method.as_str() {
            "exit" => return Flow::Exit(if self.shutdown { 0 } else { 1 }),
            "textDocument/didOpen" => parse(n.params).map(|p| self.did_open(p)),
            "textDocument/didChange" => parse(n.params).map(|p| self.did_change(p)),
            "textDocument/didSave" => parse(n.params).map(|p| self.did_save(p)),
            "textDocument/didClose" => parse(n.params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => parse(n.params).map(|p| self.did_change_files(p)),
            "workspace/didChangeConfiguration" => {
                let settings = n.params.pointer("/settings/siglint").cloned();
                if let Some(s) = settings {
                    self.apply_settings(&s);
                    self.reanalyse_all();
                }
                Ok(())
            }
            "$/cancelRequest" => {
                if let Some(id) = n.params.get("id").cloned() {
                    self.cancel(id);
                }
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.log(
                1,
                &format!("siglint: ignored a malformed `{}`: {e}", n.method),
            );
        }
        Flow::Continue
    }

    fn did_open(&mut self, p: lsp_types::DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let path = uri::to_path(&doc.uri).map(|p| crate::project::canonical(&p));
        let kind = path
            .as_deref()
            .and_then(crate::engine::detect_kind)
            .or_else(|| kind_of_language(&doc.language_id));
        let index = LineIndex::new(&doc.text);
        self.docs.insert(
            doc.uri.clone(),
            Document {
                path,
                kind,
                text: doc.text,
                version: doc.version,
                index,
                changed: None,
            },
        );
        self.results.remove(&doc.uri);
        self.due.insert(doc.uri.clone(), Instant::now());
        self.schedule_dependents(&doc.uri, Instant::now());
    }

    fn did_change(&mut self, p: lsp_types::DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(doc) = self.docs.get_mut(&uri) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                None => doc.text = change.text,
                Some(range) => {
                    let start = doc.index.offset(&doc.text, range.start);
                    let end = doc.index.offset(&doc.text, range.end).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
            }
            doc.index = LineIndex::new(&doc.text);
        }
        doc.version = p.text_document.version;
        // A change after a quiet spell is analysed at once; one that follows another closely
        // (a burst of keystrokes, a multi-cursor edit) waits until the burst is over. A result
        // computed while more changes came is dropped as stale (`run_due`).
        let now = Instant::now();
        let burst = doc
            .changed
            .is_some_and(|last| now.duration_since(last) < self.options.debounce);
        doc.changed = Some(now);
        let at = if burst {
            now + self.options.debounce
        } else {
            now
        };
        self.due.insert(uri.clone(), at);
        self.schedule_dependents(&uri, at);
    }

    fn did_save(&mut self, p: lsp_types::DidSaveTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(path) = self.docs.get(&uri).and_then(|d| d.path.clone()) else {
            return;
        };
        if is_config_file(&path) {
            return self.reload_config();
        }
        // The disk changed: what the reverse pass read of it is stale, and the project's caches.
        self.signers.clear();
        self.projects.forget_project_of(&path);
        let now = Instant::now();
        self.due.insert(uri.clone(), now);
        let root = crate::project::Project::root_of(&path);
        let same_project: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| d.path.as_ref().is_some_and(|p| p.starts_with(&root)))
            .map(|(u, _)| u.clone())
            .collect();
        for u in same_project {
            self.due.entry(u).or_insert(now);
        }
    }

    fn did_close(&mut self, p: lsp_types::DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        // Documents that read its buffer now read the disk.
        self.schedule_dependents(&uri, Instant::now());
        if let Some(path) = self.docs.get(&uri).and_then(|d| d.path.clone()) {
            self.projects.forget_project_of(&path);
        }
        self.docs.remove(&uri);
        self.results.remove(&uri);
        self.due.remove(&uri);
        let parked: Vec<RequestId> = self
            .parked
            .iter()
            .filter(|(_, u, _)| *u == uri)
            .map(|(id, _, _)| id.clone())
            .collect();
        self.parked.retain(|(_, u, _)| *u != uri);
        for id in parked {
            self.send(Response::new_ok(id, full_report(None, Vec::new())));
        }
        if !self.pull {
            self.publish(&uri, Vec::new(), None);
        }
    }

    fn did_change_files(&mut self, p: lsp_types::DidChangeWatchedFilesParams) {
        let mut config_changed = false;
        let now = Instant::now();
        for change in p.changes {
            let Some(path) = uri::to_path(&change.uri) else {
                continue;
            };
            if is_config_file(&path) {
                config_changed = true;
                continue;
            }
            self.signers.clear();
            self.projects.forget_project_of(&path);
            let path = crate::project::canonical(&path);
            let created_or_deleted = change.typ != lsp_types::FileChangeType::CHANGED;
            let root = crate::project::Project::root_of(&path);
            let affected: Vec<Uri> = self
                .docs
                .iter()
                .filter(|(u, d)| {
                    self.results
                        .get(*u)
                        .is_some_and(|r| r.depends_on.contains(&path))
                        || created_or_deleted
                            && d.path.as_ref().is_some_and(|p| p.starts_with(&root))
                })
                .map(|(u, _)| u.clone())
                .collect();
            for u in affected {
                self.due.entry(u).or_insert(now);
            }
        }
        if config_changed {
            self.reload_config();
        }
    }

    fn reload_config(&mut self) {
        self.configs = resolver(&self.options, &self.sender);
        self.reported.clear();
        self.reanalyse_all();
    }

    fn reanalyse_all(&mut self) {
        let now = Instant::now();
        let all: Vec<Uri> = self.docs.keys().cloned().collect();
        for u in all {
            self.due.insert(u, now);
        }
    }

    /// Schedules the open documents whose last analysis read `uri`'s file (they import it, or
    /// it causes findings in them).
    fn schedule_dependents(&mut self, uri: &Uri, at: Instant) {
        let Some(path) = self.docs.get(uri).and_then(|d| d.path.clone()) else {
            return;
        };
        let dependents: Vec<Uri> = self
            .results
            .iter()
            .filter(|(u, r)| *u != uri && r.depends_on.contains(&path))
            .map(|(u, _)| u.clone())
            .collect();
        for u in dependents {
            let due = self.due.entry(u).or_insert(at);
            *due = (*due).max(at);
        }
    }

    fn cancel(&mut self, id: Value) {
        let Ok(id) = serde_json::from_value::<RequestId>(id) else {
            return;
        };
        if let Some(i) = self.parked.iter().position(|(p, _, _)| *p == id) {
            self.parked.remove(i);
            self.error(id, ErrorCode::RequestCanceled, "cancelled");
        }
    }

    // -----------------------------------------------------------------------------------------
    // Analysis
    // -----------------------------------------------------------------------------------------

    /// Analyses the documents whose time has come, then publishes each result unless a newer
    /// version of its document arrived meanwhile.
    fn run_due(&mut self) -> Flow {
        let now = Instant::now();
        let ready: Vec<Uri> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        if ready.is_empty() {
            return Flow::Continue;
        }
        for u in &ready {
            self.due.remove(u);
        }
        let computed = self.analyse(&ready);
        // Messages that came in meanwhile first: a newer version makes a result stale.
        while let Ok(m) = self.receiver.try_recv() {
            if let Flow::Exit(status) = self.handle(m) {
                return Flow::Exit(status);
            }
        }
        let mut refresh = false;
        for (uri, result) in computed {
            let current = self.docs.get(&uri).map(|d| d.version);
            if current != Some(result.version) {
                continue; // stale: the newer version is due
            }
            let answered = self.parked.iter().any(|(_, u, _)| *u == uri);
            let changed = self
                .results
                .get(&uri)
                .is_none_or(|r| r.result_id != result.result_id);
            refresh |= self.pull && !answered && changed;
            self.store(uri, result);
        }
        if refresh && self.refresh {
            self.request("workspace/diagnostic/refresh", Value::Null);
        }
        Flow::Continue
    }

    /// Keeps a current result: publishes it (push) or answers the pulls waiting for it.
    fn store(&mut self, uri: Uri, result: DocResult) {
        if self.pull {
            let waiting: Vec<(RequestId, Option<String>)> = self
                .parked
                .iter()
                .filter(|(_, u, _)| *u == uri)
                .map(|(id, _, prev)| (id.clone(), prev.clone()))
                .collect();
            self.parked.retain(|(_, u, _)| *u != uri);
            for (id, previous) in waiting {
                let report = report_for(&result, previous.as_deref());
                self.send(Response::new_ok(id, report));
            }
        } else {
            self.publish(&uri, result.diagnostics.clone(), Some(result.version));
        }
        self.results.insert(uri, result);
    }

    /// The current result of a document, analysing it now if it changed since.
    fn fresh(&mut self, uri: &Uri) -> Option<&DocResult> {
        let version = self.docs.get(uri)?.version;
        let current = self.results.get(uri).is_some_and(|r| r.version == version);
        if !current || self.due.contains_key(uri) {
            self.due.remove(uri);
            let computed = self.analyse(std::slice::from_ref(uri));
            for (u, result) in computed {
                self.store(u, result);
            }
        }
        self.results.get(uri).filter(|r| r.version == version)
    }

    /// Analyses documents (each in its project, over the open buffers), catching a panic per
    /// document.
    fn analyse(&mut self, uris: &[Uri]) -> Vec<(Uri, DocResult)> {
        self.forget_changed_on_disk();
        let buffers = self.buffers();
        let mut ws = analysis::Workspace {
            configs: &self.configs,
            buffers: &buffers,
            projects: &mut self.projects,
            signers: &mut self.signers,
        };
        let mut out = Vec::new();
        let mut failures = Vec::new();
        let mut config_errors = Vec::new();
        for uri in uris {
            let Some(doc) = self.docs.get(uri) else {
                continue;
            };
            let Some(kind) = doc.kind else {
                continue; // not a file siglint reads
            };
            let marker = self.panic_marker.as_deref();
            let catalogue = &self.catalogue;
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if marker.is_some_and(|m| uri.as_str().contains(m)) {
                    panic!("injected by {PANIC_ENV} for a test");
                }
                let subject = analysis::Subject {
                    path: doc.path.as_deref(),
                    kind,
                    text: &doc.text,
                };
                let outcome = analysis::analyse(&subject, &mut ws);
                let secrets = convert::secrets(&doc.text, &outcome.findings);
                let view = convert::DocumentView {
                    uri,
                    text: &doc.text,
                    index: &doc.index,
                    config: outcome.config.as_deref(),
                };
                let mut others = convert::OtherTexts::new(&buffers);
                let diagnostics: Vec<Diagnostic> = outcome
                    .findings
                    .iter()
                    .map(|f| convert::diagnostic(f, &view, catalogue, &secrets, &mut others))
                    .collect();
                (outcome, diagnostics)
            }));
            match run {
                Ok((outcome, diagnostics)) => {
                    if let Some(e) = outcome.config_error {
                        config_errors.push(e);
                    }
                    let result_id = format!(
                        "{}-{:x}",
                        doc.version,
                        hash(&serde_json::to_string(&diagnostics).unwrap_or_default())
                    );
                    out.push((
                        uri.clone(),
                        DocResult {
                            version: doc.version,
                            findings: outcome.findings,
                            diagnostics,
                            depends_on: outcome.depends_on,
                            result_id,
                        },
                    ));
                }
                Err(panic) => failures.push((uri.clone(), panic_message(&*panic))),
            }
        }
        for e in config_errors {
            if self.reported.insert(e.clone()) {
                self.log(1, &format!("siglint: {e}; using the default configuration"));
                self.notify(
                    "window/showMessage",
                    json!({ "type": 2, "message": format!("siglint: {e}") }),
                );
            }
        }
        // The files read for the first time: their state on disk now, to tell a later change.
        for (_, r) in &out {
            for p in &r.depends_on {
                if !self.seen_on_disk.contains_key(p) && !buffers.contains_key(p) {
                    let modified = std::fs::metadata(p).and_then(|m| m.modified()).ok();
                    self.seen_on_disk.insert(p.clone(), modified);
                }
            }
        }
        if !failures.is_empty() {
            // A panic may have left a project's caches half-written.
            self.projects.clear();
        }
        for (uri, why) in failures {
            self.log(
                1,
                &format!(
                    "siglint: internal error while analysing {} ({why}); its diagnostics are not updated. Please report it.",
                    uri.as_str()
                ),
            );
            // A pull waiting for it gets an error rather than no answer.
            let parked: Vec<RequestId> = self
                .parked
                .iter()
                .filter(|(_, u, _)| *u == uri)
                .map(|(id, _, _)| id.clone())
                .collect();
            self.parked.retain(|(_, u, _)| *u != uri);
            for id in parked {
                self.error(
                    id,
                    ErrorCode::InternalError,
                    "siglint failed to analyse this document",
                );
            }
        }
        out
    }

    /// Forgets the projects (and what the reverse pass read) of files that changed on disk
    /// since the last batch, among those the results depend on.
    fn forget_changed_on_disk(&mut self) {
        let open: HashSet<&PathBuf> = self.docs.values().filter_map(|d| d.path.as_ref()).collect();
        let mut changed = Vec::new();
        let mut seen = HashMap::new();
        for p in self.results.values().flat_map(|r| &r.depends_on) {
            if open.contains(p) || seen.contains_key(p) {
                continue;
            }
            let modified = std::fs::metadata(p).and_then(|m| m.modified()).ok();
            if self.seen_on_disk.get(p).is_some_and(|m| *m != modified) {
                changed.push(p.clone());
            }
            seen.insert(p.clone(), modified);
        }
        self.seen_on_disk = seen;
        if !changed.is_empty() {
            self.signers.clear();
        }
        for p in changed {
            self.projects.forget_project_of(&p);
        }
    }

    /// The open documents' texts, by canonical path.
    fn buffers(&self) -> HashMap<PathBuf, Arc<str>> {
        self.docs
            .values()
            .filter_map(|d| Some((d.path.clone()?, Arc::from(d.text.as_str()))))
            .collect()
    }

    // -----------------------------------------------------------------------------------------
    // Requests
    // -----------------------------------------------------------------------------------------

    fn pull(&mut self, id: RequestId, p: lsp_types::DocumentDiagnosticParams) -> Option<Value> {
        let uri = p.text_document.uri;
        let Some(doc) = self.docs.get(&uri) else {
            return Some(full_report(None, Vec::new()));
        };
        if doc.kind.is_none() {
            return Some(full_report(None, Vec::new()));
        }
        let version = doc.version;
        if let Some(r) = self.results.get(&uri) {
            if r.version == version && !self.due.contains_key(&uri) {
                return Some(report_for(r, p.previous_result_id.as_deref()));
            }
        }
        self.parked.push((id, uri.clone(), p.previous_result_id));
        self.due.entry(uri).or_insert_with(Instant::now);
        None
    }

    fn code_actions(&mut self, p: lsp_types::CodeActionParams) -> Value {
        let uri = p.text_document.uri;
        let only = p.context.only.as_deref();
        let want_quick = actions::wanted(only, CodeActionKind::QUICKFIX.as_str());
        let want_all = actions::wanted(only, actions::FIX_ALL);
        if self.fresh(&uri).is_none() {
            return json!([]);
        }
        let (Some(doc), Some(result)) = (self.docs.get(&uri), self.results.get(&uri)) else {
            return json!([]);
        };
        let Some(kind) = doc.kind else {
            return json!([]);
        };
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        let secrets = convert::secrets(&doc.text, &result.findings);
        if want_quick {
            for (f, d) in result.findings.iter().zip(&result.diagnostics) {
                if !actions::meets(f, &doc.text, &doc.index, p.range) {
                    continue;
                }
                out.extend(
                    actions::quick_fix(&uri, &doc.text, &doc.index, f, d, &secrets)
                        .map(CodeActionOrCommand::CodeAction),
                );
                out.extend(
                    actions::suppression(&uri, &doc.text, &doc.index, kind, f, d)
                        .map(CodeActionOrCommand::CodeAction),
                );
            }
        }
        let any_safe = result.findings.iter().any(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == crate::diagnostic::Applicability::Safe)
        });
        if want_all && any_safe {
            if let Some(fixed) = self.fix_all(&uri) {
                let doc = &self.docs[&uri];
                out.push(CodeActionOrCommand::CodeAction(actions::fix_all(
                    &uri, &doc.text, &fixed, &doc.index,
                )));
            }
        }
        serde_json::to_value(out).unwrap_or_else(|_| json!([]))
    }

    /// The document's text after "fix all safe problems", when it changes.
    fn fix_all(&mut self, uri: &Uri) -> Option<String> {
        let buffers = self.buffers();
        let doc = self.docs.get(uri)?;
        let kind = doc.kind?;
        let mut ws = analysis::Workspace {
            configs: &self.configs,
            buffers: &buffers,
            projects: &mut self.projects,
            signers: &mut self.signers,
        };
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let subject = analysis::Subject {
                path: doc.path.as_deref(),
                kind,
                text: &doc.text,
            };
            analysis::fix_all(&subject, &mut ws)
        }));
        match run {
            Ok(fixed) => fixed,
            Err(panic) => {
                let why = panic_message(&*panic);
                self.log(
                    1,
                    &format!(
                        "siglint: internal error while fixing {} ({why})",
                        uri.as_str()
                    ),
                );
                None
            }
        }
    }

    fn hover(&mut self, p: lsp_types::HoverParams) -> Value {
        let uri = p.text_document_position_params.text_document.uri;
        let at = p.text_document_position_params.position;
        if self.fresh(&uri).is_none() {
            return Value::Null;
        }
        let (Some(doc), Some(result)) = (self.docs.get(&uri), self.results.get(&uri)) else {
            return Value::Null;
        };
        let here: Vec<(&Finding, &Diagnostic)> = result
            .findings
            .iter()
            .zip(&result.diagnostics)
            .filter(|(f, _)| actions::holds(f, &doc.text, &doc.index, at))
            .collect();
        let Some((_, first)) = here.first() else {
            return Value::Null;
        };
        let secrets = convert::secrets(&doc.text, &result.findings);
        let findings: Vec<&Finding> = here.iter().map(|(f, _)| *f).collect();
        let hover = Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: convert::hover_markdown(&findings, &self.catalogue, &secrets),
            }),
            range: Some(first.range),
        };
        serde_json::to_value(hover).unwrap_or(Value::Null)
    }

    // -----------------------------------------------------------------------------------------
    // Sending
    // -----------------------------------------------------------------------------------------

    fn send(&self, message: impl Into<Message>) {
        // A closed connection ends the loop at the next receive.
        let _ = self.sender.send(message.into());
    }

    fn error(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Response::new_err(id, code as i32, message.to_string()));
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params));
    }

    fn request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = RequestId::from(format!("siglint-{}", self.next_id));
        self.send(Request::new(id, method.to_string(), params));
    }

    /// `window/logMessage` (1 error, 2 warning, 3 info, 4 log), and standard error.
    fn log(&self, level: u8, message: &str) {
        eprintln!("{message}");
        self.notify(
            "window/logMessage",
            json!({ "type": level, "message": message }),
        );
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = lsp_types::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        };
        self.notify(
            "textDocument/publishDiagnostics",
            serde_json::to_value(params).unwrap_or(Value::Null),
        );
    }
}

/// The configuration resolver: `--config` (or the editor's `configPath`) for every document,
/// else the nearest `siglint.toml` of each. A broken `--config` falls back to discovery, told
/// to the user.
fn resolver(options: &Options, sender: &Sender<Message>) -> ConfigResolver {
    match ConfigResolver::new(options.config.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            let message = format!("siglint: {e}; using the nearest siglint.toml of each file");
            eprintln!("{message}");
            let _ = sender.send(
                Notification::new(
                    "window/showMessage".into(),
                    json!({ "type": 1, "message": message }),
                )
                .into(),
            );
            ConfigResolver::new(None).expect("no configuration file to read")
        }
    }
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| crate::config::FILE_NAMES.contains(&n))
}

/// The kind of an unsaved document from its language identifier (VS Code's names).
fn kind_of_language(id: &str) -> Option<FileKind> {
    use crate::lang::PageKind;
    use crate::model::Language;
    Some(match id {
        "javascript" | "javascriptreact" => FileKind::Source(Language::JavaScript),
        "typescript" => FileKind::Source(Language::TypeScript),
        "typescriptreact" => FileKind::Source(Language::Tsx),
        "python" => FileKind::Source(Language::Python),
        "ruby" => FileKind::Source(Language::Ruby),
        "php" => FileKind::Source(Language::Php),
        "java" => FileKind::Source(Language::Java),
        "html" => FileKind::Page(PageKind::Html),
        "vue" => FileKind::Page(PageKind::Vue),
        "svelte" => FileKind::Page(PageKind::Svelte),
        "blade" => FileKind::Page(PageKind::Blade),
        "erb" | "eruby" => FileKind::Page(PageKind::Erb),
        "ejs" => FileKind::Page(PageKind::Ejs),
        "handlebars" => FileKind::Page(PageKind::Handlebars),
        "twig" => FileKind::Page(PageKind::Twig),
        "jinja" | "jinja-html" => FileKind::Page(PageKind::Jinja),
        "jsp" => FileKind::Page(PageKind::Jsp),
        "dotenv" | "properties" | "yaml" | "toml" | "json" => FileKind::Config,
        _ => return None,
    })
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}

fn full_report(result_id: Option<String>, items: Vec<Diagnostic>) -> Value {
    serde_json::to_value(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
    .unwrap_or(Value::Null)
}

/// A pull's answer: "unchanged" when the client has this result already.
fn report_for(result: &DocResult, previous: Option<&str>) -> Value {
    if previous == Some(result.result_id.as_str()) {
        return serde_json::to_value(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: result.result_id.clone(),
                },
            },
        ))
        .unwrap_or(Value::Null);
    }
    full_report(Some(result.result_id.clone()), result.diagnostics.clone())
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}
