//! Signature sites: where code builds a Meeting SDK JWT or a legacy signature.
//!
//! The finder evaluates every expression that can build one (object literals, calls, string
//! concatenations) and reads the resulting values: Meeting SDK payloads (object literals, maps,
//! JWT builders, JSON written by string formatting), hand-rolled `header.payload.signature`
//! assemblies with the encoding of each segment, and legacy signatures (SPEC §1.1).

use std::collections::HashMap;

use crate::eval::{Encoding, Evaluator, Obj, ObjEntry, Unit, Val, Value};
use crate::model::{ExprId, ExprKind, Model, Span};

/// Claims of a Meeting SDK token.
const MEETING_SDK_CLAIMS: [&str; 7] = ["appKey", "sdkKey", "mn", "role", "iat", "exp", "tokenExp"];
/// Claims only Meeting SDK tokens use. `appKey` and `role` are not among them: service tokens
/// of other APIs carry them too (`{appKey, iat}` for a hotel API must stay silent).
const SPECIFIC_CLAIMS: [&str; 3] = ["sdkKey", "mn", "tokenExp"];

#[derive(Debug, Clone)]
pub struct JwtPayload {
    pub obj: Obj,
}

impl JwtPayload {
    pub fn claim(&self, name: &str) -> Option<&ObjEntry> {
        self.obj.get(name)
    }
}

#[derive(Debug, Clone)]
pub struct LegacySignature {
    /// The HMAC call (or the `ZoomMtg.generateSignature` call).
    pub span: Span,
    /// The HMAC key (the API secret), when the HMAC is visible.
    pub key: Option<Val>,
    /// The timestamps the signed message holds (milliseconds).
    pub timestamps: Vec<Val>,
    /// The function that builds and returns this signature and nothing else, with the values
    /// it signs: what the SIG001 migration rewrites.
    pub generator: Option<LegacyGenerator>,
}

/// A function whose every return is a legacy signature `base64(key.mn.ts.role.hash)`.
#[derive(Debug, Clone)]
pub struct LegacyGenerator {
    pub function: crate::model::FunctionId,
    /// The API key, meeting number and role parts of the signature.
    pub key: Val,
    pub mn: Val,
    pub role: Val,
    /// The HMAC key.
    pub secret: Val,
}

/// How a Meeting SDK token is signed.
#[derive(Debug, Clone)]
pub struct Signing {
    /// The payload literal of the token.
    pub payload: Span,
    /// The signing secret (a library call's key argument, the HMAC key of a hand-rolled token).
    pub key: Option<Val>,
    /// Algorithm expressions: a library's algorithm argument, the header's `alg`.
    pub algorithms: Vec<Val>,
    /// The hash of the HMAC of a hand-rolled token (`sha256`), with the HMAC call.
    pub hmac: Option<(Option<String>, Span)>,
    /// The call that signs, where it is what a reader looks for: the Web SDK's page helper
    /// `ZoomMtg.generateSDKSignature(…)`.
    pub call: Option<Span>,
}

pub use crate::catalogue::{foreign_claim_message, FOREIGN_CLAIMS};

/// Whether a payload carries, under a foreign name, a claim that maps to `target` (`role` for
/// `roleType`).
pub fn has_alias_of(obj: &Obj, target: &str) -> bool {
    FOREIGN_CLAIMS
        .iter()
        .any(|(name, t, _)| *t == Some(target) && obj.get(name).is_some())
}

/// A signed payload that is no Meeting SDK payload by its claims but carries claims of one
/// under foreign names (a Video SDK token, `{appKey, meetingNumber, role, iat, exp}`): a
/// Meeting SDK token when the file or project joins with the Meeting SDK (SIG014).
fn is_foreign_payload(obj: &Obj) -> bool {
    let foreign = FOREIGN_CLAIMS
        .iter()
        .filter(|(name, target, _)| target.is_some() && obj.get(name).is_some())
        .count();
    foreign >= 1
        && (obj.get("iat").is_some() || obj.get("exp").is_some())
        && !is_meeting_sdk_payload(obj)
}

/// A finished signature encoded again before it reaches the SDK (SIG015).
#[derive(Debug, Clone)]
pub struct DoubleEncoded {
    /// The expression that encodes it again: the outer base64 call, the `JSON.stringify`.
    pub span: Span,
    /// The finished token (or once-encoded legacy message) as that expression uses it.
    pub token: Val,
    pub kind: Twice,
}

/// What is encoded twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twice {
    /// Base64 of a Meeting SDK JWT.
    Jwt,
    /// Base64 of a finished legacy signature.
    Legacy,
    /// The legacy message base64-encoded a second time before the HMAC.
    LegacyMessage,
    /// JSON text of a token (its quotes included) put into other text.
    JsonInText,
}

/// Why a file is taken for code that runs in the browser (SIG011).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserSignal(pub String);

/// The encoding of a hand-rolled JWT segment or of a final legacy signature.
#[derive(Debug, Clone)]
pub struct EncodedSegment {
    pub encoding: Encoding,
    pub legacy: bool,
    /// Which of `+`, `/` and `=` the standard base64 of the segment can hold, when the encoded
    /// text is known (a constant header: `{"alg":"HS256","typ":"JWT"}` never has any); `None`
    /// when any may appear.
    pub may_hold: Option<Base64Chars>,
}

/// The characters of the standard base64 alphabet that differ from base64url without padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base64Chars {
    pub plus: bool,
    pub slash: bool,
    pub pad: bool,
}

impl Base64Chars {
    /// What the standard base64 of `text` holds.
    fn of(text: &str) -> Base64Chars {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(text);
        Base64Chars {
            plus: b64.contains('+'),
            slash: b64.contains('/'),
            pad: b64.ends_with('='),
        }
    }
}

#[derive(Debug)]
pub struct Sites {
    pub payloads: Vec<JwtPayload>,
    /// Signed payloads with Meeting SDK claims under foreign names only (see
    /// [`FOREIGN_CLAIMS`]): Meeting SDK tokens or not depending on the SDK the code joins with.
    pub foreign_payloads: Vec<JwtPayload>,
    pub segments: Vec<EncodedSegment>,
    pub legacy: Vec<LegacySignature>,
    pub signings: Vec<Signing>,
    /// Finished signatures encoded again (SIG015), outermost encodings only.
    pub double_encoded: Vec<DoubleEncoded>,
    /// Set when the file is browser code (JavaScript/TypeScript only).
    pub browser: Option<BrowserSignal>,
    /// Set when the file is server code by what it is (a server route, `'use server'`, a
    /// server framework's module): no import makes it browser code.
    pub server_only: bool,
    /// Why some evaluation gave up (its budget or the time limit ran out): sites may be missing.
    pub incomplete: Option<crate::eval::Incomplete>,
    pub language: crate::model::Language,
    /// Library calls that read the clock (see `Evaluator::clock_reads`).
    pub clock_reads: std::collections::HashSet<Span>,
    /// Spans of expressions that bind tighter than any operator (calls, names, members,
    /// literals): a fix can append `- 30` or `.replace(...)` to them without parentheses.
    pub atomic: std::collections::HashSet<Span>,
    /// Spans of arithmetic expressions (`a / 1000`, `a + b`): a fix can append `- 30` to them
    /// without parentheses, but not a method call.
    pub additive: std::collections::HashSet<Span>,
    /// The server values a page echoes into its script, with what each is where siglint reads
    /// the page's server code (a PHP view's constant).
    pub echoes: Vec<(crate::model::Echo, Option<Val>)>,
    /// Environment reads of names a bundler puts into browser code (`NEXT_PUBLIC_…`,
    /// `VITE_…`, `REACT_APP_…`, `EXPO_PUBLIC_…`), by span.
    pub public_env: HashMap<Span, String>,
}

/// Prefixes of environment variables that bundlers inline into browser code: Next.js, Vite,
/// Create React App, Expo, Vue CLI, Gatsby, Nuxt.
pub const PUBLIC_ENV_PREFIXES: [&str; 7] = [
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "VUE_APP_",
    "GATSBY_",
    "NUXT_PUBLIC_",
];

impl Sites {
    /// The echo a value is (a key read from `'<?= API_SECRET ?>'`), if it is one.
    pub fn echo_of(&self, v: &Val) -> Option<&(crate::model::Echo, Option<Val>)> {
        self.echoes
            .iter()
            .find(|(e, _)| v.span.contains(e.span) || e.span.contains(v.span))
    }
}

impl Sites {
    /// Whether the expression at `span` reads the clock (contains a `Date.now()`, `time()`…).
    pub fn reads_clock(&self, span: Span) -> bool {
        self.clock_reads.iter().any(|c| span.contains(*c))
    }
}

#[derive(Default)]
struct Collector {
    /// The language of the file (how its JSON functions write text).
    language: Option<crate::model::Language>,
    /// Per payload literal, its variants: one literal in a claims helper called by several
    /// signers yields one variant per distinct set of claim values.
    payloads: HashMap<Span, Vec<(u8, Obj)>>,
    segments: HashMap<Span, EncodedSegment>,
    legacy: HashMap<Span, LegacySignature>,
    /// Key, meeting number and role of each legacy assembly, by its HMAC's span.
    legacy_parts: HashMap<Span, [Val; 3]>,
    /// Spans of the final (encoded) legacy signature values.
    legacy_results: std::collections::HashSet<Span>,
    signings: HashMap<(Span, Option<(Span, Span)>), Signing>,
    double_encoded: HashMap<Span, DoubleEncoded>,
    foreign_payloads: HashMap<Span, Obj>,
    /// The value collected is handed to a logger, metrics, a cache or a response: its maps are
    /// no payloads unless a JWT library signs them.
    sink: bool,
}

pub fn find(model: &Model) -> Sites {
    find_in(model, None)
}

/// Finds the sites of a file; `path` feeds the browser-code judgement (`pages/api/` is server).
pub fn find_in(model: &Model, path: Option<&std::path::Path>) -> Sites {
    find_in_workspace(model, path, &crate::eval::NoWorkspace)
}

/// Finds the sites of a file whose imports lead into the other files of `workspace`.
pub fn find_in_workspace(
    model: &Model,
    path: Option<&std::path::Path>,
    workspace: &dyn crate::eval::Workspace,
) -> Sites {
    let ev = Evaluator::with_workspace(model, workspace);
    let mut c = Collector {
        language: Some(model.language),
        ..Collector::default()
    };
    // Values bound to names are read at the end of their scope, after later mutations
    // (`payload.role = 1`, `claims.put("role", 1)`).
    let mut bound: HashMap<ExprId, usize> = HashMap::new();
    for (i, a) in model.assignments.iter().enumerate() {
        if matches!(model.kind(a.target), ExprKind::Name(_)) {
            bound.insert(a.value, i);
        }
    }
    let parts = merge_operands(model);
    let sinks = sink_arguments(model);
    for id in model.expr_ids() {
        if parts.contains(&id) {
            continue;
        }
        let candidate = matches!(
            model.kind(id),
            ExprKind::Object { .. }
                | ExprKind::Call { .. }
                | ExprKind::New { .. }
                | ExprKind::Binary { .. }
                | ExprKind::Interpolated { .. }
        );
        if !candidate {
            continue;
        }
        ev.start_candidate();
        // A map handed to a logger, a metrics client, a cache or a response is not a payload.
        c.sink = sinks.iter().any(|s| s.contains(model.span(id)))
            || bound
                .get(&id)
                .is_some_and(|&a| only_used_in(model, &model.assignments[a], &sinks));
        if let Some(&a) = bound.get(&id) {
            let v = ev.eval_binding_at_end(&model.assignments[a]);
            c.collect(&v, 1);
            // A bound literal is what its variable holds after later changes (`p.iat = …`);
            // on its own it would show claims that are overwritten before signing.
            if matches!(model.kind(id), ExprKind::Object { .. }) {
                c.sink = false;
                continue;
            }
        }
        let v = ev.eval(id);
        c.collect(&v, 0);
        // An instance of a project class: what its methods sign with its state.
        if matches!(model.kind(id), ExprKind::New { .. }) {
            for r in ev.instance_methods(&v) {
                c.collect(&r, 0);
            }
        }
        c.sink = false;
        if let ExprKind::Call { callee, args } = model.kind(id) {
            if let Some(path) = model.path(*callee) {
                if model.language.is_javascript() && path.ends_with("Buffer.from") {
                    let vals: Vec<Val> = args.iter().map(|a| ev.eval(a.value)).collect();
                    c.broken_legacy_join(&vals, model.span(id), encoded_parent(model, id));
                }
            }
        }
        // The Web SDK's own browser helpers, wherever evaluating this candidate called them
        // (here, or inside a helper of this or another file called from here).
        for call in ev.take_web_sdk_signings() {
            c.web_sdk(call);
        }
    }
    // …and those of a candidate the loop left early.
    for call in ev.take_web_sdk_signings() {
        c.web_sdk(call);
    }
    let mut sites = Sites {
        payloads: c
            .payloads
            .into_values()
            .flatten()
            .map(|(_, obj)| JwtPayload { obj })
            .collect(),
        segments: c.segments.into_values().collect(),
        legacy: c
            .legacy
            .into_values()
            .map(|mut l| {
                l.generator = generator(model, &ev, &l, &c.legacy_parts, &c.legacy_results);
                l
            })
            .collect(),
        signings: c.signings.into_values().collect(),
        double_encoded: outermost(c.double_encoded),
        foreign_payloads: {
            let mut v: Vec<JwtPayload> = c
                .foreign_payloads
                .into_values()
                .map(|obj| JwtPayload { obj })
                .collect();
            v.sort_by_key(|p| p.obj.span);
            v
        },
        browser: browser_signal(model, path),
        server_only: model.language.is_javascript() && server_only(model, path),
        echoes: model
            .page
            .iter()
            .flat_map(|p| p.echoes.iter())
            .map(|e| (e.clone(), ev.echo_value(e)))
            .collect(),
        public_env: ev
            .env_reads()
            .into_iter()
            .filter(|(_, n)| PUBLIC_ENV_PREFIXES.iter().any(|p| n.starts_with(p)))
            .collect(),
        incomplete: ev.incomplete(),
        language: model.language,
        clock_reads: ev.clock_reads(),
        atomic: model
            .expr_ids()
            .filter(|id| {
                matches!(
                    model.kind(*id),
                    ExprKind::Call { .. }
                        | ExprKind::Name(_)
                        | ExprKind::Member { .. }
                        | ExprKind::Index { .. }
                        | ExprKind::Int(_)
                        | ExprKind::Str(_)
                )
            })
            .map(|id| model.span(id))
            .collect(),
        additive: model
            .expr_ids()
            .filter(|id| {
                use crate::model::BinOp::*;
                matches!(
                    model.kind(*id),
                    ExprKind::Binary {
                        op: Add | Sub | Mul | Div | IntDiv | Mod,
                        ..
                    } | ExprKind::Unary { .. }
                )
            })
            .map(|id| model.span(id))
            .collect(),
    };
    sites.payloads.sort_by_key(|p| p.obj.span);
    sites.segments.sort_by_key(|s| s.encoding.span);
    sites.legacy.sort_by_key(|l| l.span);
    sites
        .signings
        .sort_by_key(|s| (s.payload, s.key.as_ref().map(|k| k.span)));
    sites
}

/// Where a signing key's value comes from: the value itself, or what its bytes were made of.
fn key_origin(k: &Val) -> Span {
    match &k.value {
        Value::Bytes(inner) => key_origin(inner),
        _ => k.span,
    }
}

/// Modules whose import marks browser code (or a mobile app's: React Native, Expo).
const BROWSER_MODULES: [&str; 11] = [
    "@zoom/meetingsdk",
    "@zoomus/websdk",
    "@zoom/videosdk",
    "react",
    "react-dom",
    "@angular/core",
    "vue",
    "svelte",
    "react-native",
    "expo",
    "@zoom/react-native-videosdk",
];

/// Modules only server code imports: server frameworks, server renderers, server SDKs. Node
/// built-ins (`crypto`, `jsonwebtoken`) are not among them: bundlers polyfilled them into
/// browser code (Create React App 4 did).
fn is_server_module(m: &str) -> bool {
    const SERVER: [&str; 12] = [
        "express",
        "fastify",
        "koa",
        "hapi",
        "next/server",
        "react-dom/server",
        "mongoose",
        "pg",
        "mysql2",
        "firebase-admin",
        "@aws-sdk/client-secrets-manager",
        "serverless-http",
    ];
    m.starts_with("node:") || m.starts_with("@nestjs/") || SERVER.contains(&m)
}

/// Decides whether a JS/TS file runs in the browser (rules/SIG011.md lists the signals).
/// Server signals win: a server route or a server-only import makes a file server code
/// whatever else it contains (an SSR page renders JSX on the server).
pub fn browser_signal(model: &Model, path: Option<&std::path::Path>) -> Option<BrowserSignal> {
    if !model.language.is_javascript() {
        return None;
    }
    // Code in a page runs in the browser (SPEC §7).
    if let Some(page) = &model.page {
        return Some(BrowserSignal(format!("it is the script of {}", page.kind)));
    }
    if server_only(model, path) {
        return None;
    }
    let path = path.map(|p| p.to_string_lossy().replace('\\', "/"));
    let signal = |s: String| Some(BrowserSignal(s));
    if model.directives.iter().any(|d| d == "use client") {
        return signal("it is a `'use client'` module".to_string());
    }
    browser_signal_of_shape(model, path.as_deref())
}

/// A JS/TS module that only server code runs: a server route, a test, `'use server'`, or an
/// import of a server framework or server-only SDK.
pub fn server_only(model: &Model, path: Option<&std::path::Path>) -> bool {
    let path = path.map(|p| p.to_string_lossy().replace('\\', "/"));
    if let Some(p) = &path {
        let server_route = p.starts_with("pages/api/")
            || p.contains("/api/")
            || p.starts_with("api/")
            || p.contains("/server/")
            || p.starts_with("server/")
            || p.ends_with("/route.ts")
            || p.ends_with("/route.js")
            || p.contains(".server.");
        // Tests are never bundled for the browser.
        let test = p.contains("__tests__/")
            || p.contains(".test.")
            || p.contains(".spec.")
            || p.starts_with("test/")
            || p.contains("/test/");
        if server_route || test {
            return true;
        }
    }
    model.directives.iter().any(|d| d == "use server")
        || model.imports.iter().any(|m| is_server_module(m))
}

/// The signals of browser code in what a module is and does (its folder, its imports, JSX,
/// browser globals), for a module that is not server-only.
fn browser_signal_of_shape(model: &Model, path: Option<&str>) -> Option<BrowserSignal> {
    let signal = |s: String| Some(BrowserSignal(s));
    if let Some(p) = path {
        for dir in [
            "src/app/",
            "src/components/",
            "public/",
            "pages/",
            "src/pages/",
        ] {
            if p.starts_with(dir) || p.contains(&format!("/{dir}")) {
                return signal(format!("its path is under `{dir}`"));
            }
        }
    }
    if let Some(m) = model.imports.iter().find(|m| {
        BROWSER_MODULES
            .iter()
            .any(|b| m == b || m.starts_with(&format!("{b}/")))
    }) {
        return signal(format!("it imports `{m}`"));
    }
    if model.decorators.iter().any(|d| d == "Component") {
        return signal("it is an Angular component (`@Component`)".to_string());
    }
    if model.has_jsx {
        return signal("it renders JSX".to_string());
    }
    // Names bound in the file (a MongoDB `document`, a `window` parameter) are not the globals.
    let bound: std::collections::HashSet<&str> = model
        .assignments
        .iter()
        .filter_map(|a| match model.kind(a.target) {
            ExprKind::Name(n) => Some(n.as_str()),
            _ => None,
        })
        .chain(
            model
                .functions
                .iter()
                .flat_map(|f| f.params.iter().map(|p| p.name.as_str())),
        )
        .collect();
    for id in model.expr_ids() {
        if let ExprKind::Name(n) = model.kind(id) {
            if bound.contains(n.as_str()) {
                continue;
            }
            match n.as_str() {
                "ZoomMtg" | "ZoomMtgEmbedded" => return signal(format!("it uses `{n}`")),
                "window" | "document" => return signal(format!("it uses `{n}`")),
                "useState" | "useEffect" => return signal(format!("it uses the React hook `{n}`")),
                _ => {}
            }
        }
    }
    None
}

/// The call around `id` that encodes its result: `Buffer.from(…).toString('base64')`.
fn encoded_parent(model: &Model, id: ExprId) -> Option<Span> {
    model.expr_ids().find_map(|p| match model.kind(p) {
        ExprKind::Call { callee, .. } => match model.kind(*callee) {
            ExprKind::Member { object, name } if *object == id && name == "toString" => {
                Some(model.span(p))
            }
            _ => None,
        },
        _ => None,
    })
}

/// The names along a receiver chain, innermost last: `this.logger` gives `logger`,
/// `res.status(200)` gives `status`, `res`; `response()` gives `response`.
fn receiver_words(model: &Model, e: ExprId, out: &mut Vec<String>, depth: usize) {
    if depth > 6 {
        return;
    }
    match model.kind(e) {
        ExprKind::Name(n) => out.push(n.to_ascii_lowercase()),
        ExprKind::Member { object, name } => {
            out.push(name.to_ascii_lowercase());
            receiver_words(model, *object, out, depth + 1);
        }
        ExprKind::Call { callee, .. } | ExprKind::New { class: callee, .. } => {
            receiver_words(model, *callee, out, depth + 1)
        }
        _ => {}
    }
}

/// A call that hands its arguments to a logger, a metrics client, a cache or an HTTP response
/// (SPEC §5: `$this->logger->info('token issued', [...])`, `console.log({ mn, exp })`,
/// `statsd.increment(…, tags)`, `cache.set(key, {mn, exp})`, `res.json({ mn, exp })`): what it
/// is given is logged, counted, stored or sent, never signed there.
fn is_sink_call(model: &Model, callee: ExprId, new: bool) -> bool {
    const LOG_METHODS: [&str; 16] = [
        "log",
        "debug",
        "info",
        "warn",
        "warning",
        "error",
        "notice",
        "critical",
        "alert",
        "emergency",
        "trace",
        "fatal",
        "verbose",
        "exception",
        "dir",
        "table",
    ];
    const LOG_FUNCTIONS: [&str; 12] = [
        "error_log",
        "logger",
        "print_r",
        "var_dump",
        "var_export",
        "dd",
        "dump",
        "puts",
        "pp",
        "print",
        "jsonify",
        "render",
    ];
    const METRIC_WORDS: [&str; 13] = [
        "statsd",
        "metric",
        "datadog",
        "prometheus",
        "telemetry",
        "analytics",
        "tracker",
        "mixpanel",
        "sentry",
        "newrelic",
        "posthog",
        "amplitude",
        "influx",
    ];
    const METRIC_METHODS: [&str; 12] = [
        "increment",
        "incr",
        "decrement",
        "decr",
        "gauge",
        "histogram",
        "timing",
        "distribution",
        "settag",
        "settags",
        "setcontext",
        "setextra",
    ];
    const CACHE_WORDS: [&str; 6] = ["cache", "redis", "memcache", "session", "storage", "kv"];
    const CACHE_METHODS: [&str; 13] = [
        "set",
        "put",
        "add",
        "remember",
        "rememberforever",
        "forever",
        "setex",
        "hset",
        "hmset",
        "setitem",
        "write",
        "store",
        "mset",
    ];
    const RESPONSE_METHODS: [&str; 8] = [
        "json", "jsonp", "send", "ok", "body", "render", "success", "created",
    ];
    let mut words = Vec::new();
    receiver_words(model, callee, &mut words, 0);
    let Some((method, receivers)) = words.split_first() else {
        return false;
    };
    let method = method.as_str();
    let response_word =
        |w: &String| matches!(w.as_str(), "res" | "resp" | "reply") || w.contains("response");
    if new || receivers.is_empty() {
        // `new JsonResponse([...])`, `JsonResponse({...})`, `jsonify(...)`, `error_log(...)`.
        return LOG_FUNCTIONS.contains(&method) || method.contains("response");
    }
    let logger = receivers
        .iter()
        .any(|w| w == "console" || w == "log" || w.contains("logger") || w.contains("logging"));
    (logger && LOG_METHODS.contains(&method))
        || receivers
            .iter()
            .any(|w| METRIC_WORDS.iter().any(|m| w.contains(m)))
        || METRIC_METHODS.contains(&method)
        || (receivers
            .iter()
            .any(|w| CACHE_WORDS.iter().any(|c| w.contains(c)))
            && CACHE_METHODS.contains(&method))
        || (receivers.iter().any(response_word) && RESPONSE_METHODS.contains(&method))
}

/// The spans of the arguments of sink calls (see [`is_sink_call`]).
fn sink_arguments(model: &Model) -> Vec<Span> {
    let mut out = Vec::new();
    for id in model.expr_ids() {
        let (callee, args, new) = match model.kind(id) {
            ExprKind::Call { callee, args } => (*callee, args, false),
            ExprKind::New { class, args } => (*class, args, true),
            _ => continue,
        };
        if !args.is_empty() && is_sink_call(model, callee, new) {
            out.extend(args.iter().map(|a| model.span(a.value)));
        }
    }
    out
}

/// Every later read of the variable `a` binds is an argument of a sink call
/// (`$context = [...]; $this->logger->info('x', $context);`).
fn only_used_in(model: &Model, a: &crate::model::Assignment, sinks: &[Span]) -> bool {
    if sinks.is_empty() {
        return false;
    }
    let ExprKind::Name(name) = model.kind(a.target) else {
        return false;
    };
    let mut uses = model.expr_ids().filter(|id| {
        matches!(model.kind(*id), ExprKind::Name(n) if n == name)
            && model.span(*id).start >= a.span.end
            && model.function_at(model.span(*id)) == model.function_at(a.span)
    });
    let mut any = false;
    let all = uses.all(|id| {
        any = true;
        sinks.iter().any(|s| s.contains(model.span(id)))
    });
    any && all
}

/// Literal maps that are merged into another (`array_merge([...], [...])`, `$a + [...]`,
/// `base.merge(...)`, `Object.assign({}, ...)`, `p.update({...})`): parts of a payload, checked
/// as the merged whole.
fn merge_operands(model: &Model) -> std::collections::HashSet<ExprId> {
    let mut out = std::collections::HashSet::new();
    for id in model.expr_ids() {
        match model.kind(id) {
            ExprKind::Call { callee, args } => {
                let name = match model.kind(*callee) {
                    ExprKind::Member { name, .. } | ExprKind::Name(name) => name.as_str(),
                    _ => continue,
                };
                let merging = crate::eval::library::MERGE_CALLS.contains(&name)
                    || matches!(name, "merge!" | "update" | "putAll");
                if merging {
                    let mut operands: Vec<ExprId> = args.iter().map(|a| a.value).collect();
                    if let ExprKind::Member { object, .. } = model.kind(*callee) {
                        operands.push(*object);
                    }
                    for o in operands {
                        out.insert(o);
                        // `base = {...}; base.merge(role: 1)`: the literal bound to `base` is a
                        // part too.
                        if let ExprKind::Name(n) = model.kind(o) {
                            let scope = model.expr(o).scope;
                            out.extend(model.assignments_to(scope, n).map(|a| a.value));
                        }
                    }
                }
            }
            ExprKind::Binary {
                op: crate::model::BinOp::Add | crate::model::BinOp::BitOr,
                left,
                right,
            } if matches!(
                model.language,
                crate::model::Language::Php | crate::model::Language::Python
            ) =>
            {
                for side in [*left, *right] {
                    if matches!(model.kind(side), ExprKind::Object { .. }) {
                        out.insert(side);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A map that is signed as a JWT and carries Meeting SDK claims. A map that is not seen being
/// signed must also carry a time claim and must not be a join configuration (which holds the
/// signature itself): `{ signature, sdkKey, mn, passWord }` is what the browser gets.
fn is_unsigned_payload(obj: &Obj) -> bool {
    is_meeting_sdk_payload(obj)
        && ["iat", "exp", "tokenExp"]
            .iter()
            .any(|k| obj.get(k).is_some())
        && obj.get("signature").is_none()
}

fn is_meeting_sdk_payload(obj: &Obj) -> bool {
    let count = MEETING_SDK_CLAIMS
        .iter()
        .filter(|k| obj.get(k).is_some())
        .count();
    let specific = SPECIFIC_CLAIMS.iter().any(|k| obj.get(k).is_some());
    // `sub`/`aud` describe a user or an audience: another API's token, unless the SDK key is
    // there to say otherwise.
    let has_key = obj.get("sdkKey").is_some() || obj.get("appKey").is_some();
    if !has_key && (obj.get("sub").is_some() || obj.get("aud").is_some()) {
        return false;
    }
    let legacy_key = obj.get("apiKey").is_some() || obj.get("api_key").is_some();
    specific && (count >= 2 || (legacy_key && count >= 1))
}

impl Collector {
    fn collect(&mut self, v: &Val, priority: u8) {
        v.walk(&mut |x: &Val| match &x.value {
            Value::Object(o) => self.payload(o, priority),
            Value::JwtBuilder(b) => self.payload(&b.claims, priority),
            Value::Signed(t) => {
                let payload = match &t.payload.value {
                    Value::Json(inner) => inner,
                    _ => &t.payload,
                };
                if let Some(o) = payload.as_object() {
                    // The library's view wins a tie: it has converted dates to seconds.
                    self.payload(o, priority + 2);
                    if is_meeting_sdk_payload(o) {
                        let mut algorithms: Vec<Val> = t.algorithm.iter().cloned().collect();
                        algorithms.extend(t.header.as_ref().and_then(header_alg));
                        self.signing(Signing {
                            payload: o.span,
                            key: Some(t.key.clone()),
                            algorithms,
                            hmac: None,
                            call: None,
                        });
                    }
                }
            }
            Value::Concat(parts) => self.concat(parts, x.span),
            Value::Encoded(inner, enc) => {
                let inner = match &inner.value {
                    Value::Bytes(b) => b,
                    _ => inner,
                };
                if let Some(kind) = finished_signature(inner) {
                    self.double_encoded.insert(
                        x.span,
                        DoubleEncoded {
                            span: x.span,
                            token: (**inner).clone(),
                            kind,
                        },
                    );
                }
                if let Value::Concat(parts) = &inner.value {
                    if self.legacy_assembly(parts) {
                        // The five parts handed to `Buffer.from` as five arguments
                        // (`eval::library`): the separators of that join are no text of the
                        // program (their span is empty), and what the broken code encodes is
                        // not the signature, so its alphabet is no finding; SIG001's migration
                        // replaces it.
                        let synthetic = parts
                            .get(1)
                            .is_some_and(|p| p.span.start == p.span.end && p.as_str() == Some("."));
                        if !synthetic {
                            self.segment(enc, true, None);
                        }
                        self.legacy_results.insert(x.span);
                    }
                }
            }
            Value::Digest(h) => {
                // The legacy message: base64 of key + meeting number + ms timestamp + role, a
                // plain concatenation with the millisecond timestamp as one of its parts.
                let legacy_message = h.data.iter().any(|d| {
                    let mut hit = false;
                    d.walk(&mut |y: &Val| {
                        if let Value::Encoded(inner, _) = &y.value {
                            hit |= is_legacy_message(inner);
                        }
                    });
                    hit
                });
                if legacy_message {
                    let mut timestamps = Vec::new();
                    for d in &h.data {
                        d.walk(&mut |y: &Val| {
                            if let Value::Encoded(inner, _) = &y.value {
                                if let Value::Concat(parts) = &unwrap_bytes(inner).value {
                                    timestamps.extend(
                                        parts.iter().filter(|p| p.time().is_some()).cloned(),
                                    );
                                }
                            }
                        });
                    }
                    self.add_legacy(LegacySignature {
                        span: x.span,
                        key: Some(h.key.clone()),
                        timestamps,
                        generator: None,
                    });
                }
            }
            _ => {}
        });
        // A token a helper returns inside an object (`{ meeting, signature: signer.sign(mn) }`).
        if let Value::Object(o) = &v.value {
            for e in &o.entries {
                if matches!(e.value.value, Value::Signed(_)) {
                    self.collect(&e.value, priority);
                }
            }
        }
    }

    /// Records a legacy signature. The same HMAC seen again (a generator evaluated for a call
    /// that passes the secret, and on its own with the secret unknown) keeps the keys that are
    /// known: a literal passed at a call site is the key of that signature.
    fn add_legacy(&mut self, l: LegacySignature) {
        let known = |k: &Option<Val>| k.as_ref().is_some_and(|k| !k.is_unknown());
        if let Some(existing) = self.legacy.get_mut(&l.span) {
            if existing.timestamps.is_empty() {
                existing.timestamps = l.timestamps.clone();
            }
        }
        match self.legacy.get_mut(&l.span) {
            Some(existing) if known(&l.key) && !known(&existing.key) => existing.key = l.key,
            Some(existing) if known(&l.key) => {
                let (old, new) = (existing.key.clone().expect("known"), l.key.expect("known"));
                if old.span != new.span {
                    let alts = vec![old.clone(), new];
                    existing.key = Some(Val::new(Value::Choice(alts.into()), old.span));
                }
            }
            Some(_) => {}
            None => {
                self.legacy.insert(l.span, l);
            }
        }
    }

    /// A call of a Web SDK signing helper, with the secret of its options.
    fn web_sdk(&mut self, call: crate::eval::WebSdkSigning) {
        let secret = |name: &str| {
            call.options
                .as_ref()
                .and_then(|o| o.as_object())
                .and_then(|o| o.get(name))
                .map(|e| e.value.clone())
        };
        let span = call.span;
        if call.legacy {
            // The same call seen alone and through a caller keeps the known secret.
            self.add_legacy(LegacySignature {
                span,
                key: secret("apiSecret"),
                timestamps: Vec::new(),
                generator: None,
            });
        } else {
            self.signing(Signing {
                payload: span,
                key: secret("sdkSecret"),
                algorithms: Vec::new(),
                hmac: None,
                call: Some(span),
            });
        }
    }

    fn signing(&mut self, s: Signing) {
        // One signing per key expression and per value it has there: a helper's key seen
        // alone (unknown) and through a caller or an instance (a literal) are two.
        let id = (s.payload, s.key.as_ref().map(|k| (k.span, key_origin(k))));
        match self.signings.get_mut(&id) {
            Some(existing) => {
                for a in s.algorithms {
                    if !existing.algorithms.iter().any(|b| b.span == a.span) {
                        existing.algorithms.push(a);
                    }
                }
                existing.hmac = existing.hmac.take().or(s.hmac);
            }
            None => {
                self.signings.insert(id, s);
            }
        }
    }

    fn payload(&mut self, o: &Obj, priority: u8) {
        let signed = priority >= 2;
        if signed && is_foreign_payload(o) {
            self.foreign_payloads.insert(o.span, o.clone());
            return;
        }
        if self.sink && !signed {
            return;
        }
        if !(if signed {
            is_meeting_sdk_payload(o)
        } else {
            is_unsigned_payload(o)
        }) {
            return;
        }
        let variants = self.payloads.entry(o.span).or_default();
        let keys = |x: &Obj| -> Vec<String> {
            let mut k: Vec<String> = x.entries.iter().map(|e| e.key.clone()).collect();
            k.sort();
            k
        };
        let sites = |x: &Obj| -> Vec<(String, Span)> {
            let mut v: Vec<(String, Span)> = x
                .entries
                .iter()
                .map(|e| (e.key.clone(), e.value.span))
                .collect();
            v.sort();
            v
        };
        let (new_keys, new_sites) = (keys(o), sites(o));
        let mut i = 0;
        while i < variants.len() {
            let (p, existing) = &variants[i];
            let old_keys = keys(existing);
            if old_keys == new_keys && sites(existing) == new_sites {
                // The same variant seen again: the higher-priority view (a library's) wins.
                if priority > *p {
                    variants[i] = (priority, o.clone());
                }
                return;
            }
            let subset = |a: &[String], b: &[String]| a.iter().all(|k| b.contains(k));
            if subset(&new_keys, &old_keys) && new_keys.len() < old_keys.len() {
                return; // a view before later mutations added claims
            }
            if subset(&old_keys, &new_keys) && old_keys.len() < new_keys.len() {
                variants.remove(i);
                continue;
            }
            i += 1;
        }
        variants.push((priority, o.clone()));
    }

    fn segment(&mut self, enc: &Encoding, legacy: bool, content: Option<String>) {
        let may_hold = content.as_deref().map(Base64Chars::of);
        self.segments
            .entry(enc.span)
            .and_modify(|s| {
                s.encoding.merge(enc);
                // Seen with other content (a helper encoding several texts): anything goes.
                if s.may_hold != may_hold {
                    s.may_hold = None;
                }
            })
            .or_insert(EncodedSegment {
                encoding: enc.clone(),
                legacy,
                may_hold,
            });
    }

    fn concat(&mut self, parts: &[Val], span: Span) {
        // `'?signature=' + JSON.stringify(token)`: the token's JSON text, quotes and all, in
        // other text. After JSON punctuation (`'{"signature":' + JSON.stringify(t)`) it is
        // JSON being written, which is right.
        for (i, p) in parts.iter().enumerate() {
            let Value::Json(inner) = &p.value else {
                continue;
            };
            let before = i.checked_sub(1).and_then(|j| parts[j].as_str());
            let json_context = before.is_none_or(|b| {
                b.trim_end().is_empty() || b.trim_end().ends_with([':', '[', ',', '{'])
            });
            if !json_context && finished_signature(inner).is_some_and(|k| k != Twice::LegacyMessage)
            {
                self.double_encoded.insert(
                    p.span,
                    DoubleEncoded {
                        span: p.span,
                        token: (**inner).clone(),
                        kind: Twice::JsonInText,
                    },
                );
            }
        }
        let segments = dot_segments(parts);
        if segments.len() == 3 {
            let encoded: Vec<(&Encoding, &Val)> = segments
                .iter()
                .filter_map(|seg| match seg.as_slice() {
                    [v] => match &v.value {
                        Value::Encoded(inner, e) => Some((e, &**inner)),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            let jwt_like = segments.iter().any(|seg| {
                seg.iter().any(|v| {
                    let mut hit = false;
                    v.walk(&mut |y: &Val| {
                        hit |= matches!(y.value, Value::Json(_) | Value::Digest(_))
                            || y.as_str().is_some_and(|s| s.contains("\"alg\""));
                    });
                    hit
                })
            });
            // Only Meeting SDK tokens: another API's hand-rolled JWT is not ours to judge.
            if encoded.len() >= 2 && jwt_like && self.hand_rolled_signing(&segments) {
                for (e, inner) in encoded {
                    let content = static_text(inner, self.language);
                    self.segment(e, false, content);
                }
            }
        }
        self.legacy_assembly(parts);
        // JSON written by hand: `String.format("{\"appKey\":\"%s\",…}", …)`.
        if let Some(obj) = json_template(parts, span) {
            self.payload(&obj, 0);
        }
    }

    /// Records how a hand-rolled `header.payload.signature` token is signed; false when its
    /// payload is not a Meeting SDK payload.
    fn hand_rolled_signing(&mut self, segments: &[Vec<Val>]) -> bool {
        let inner = |seg: &[Val]| -> Option<Val> {
            match seg {
                [v] => match &v.value {
                    Value::Encoded(inner, _) => Some(unwrap_bytes(inner).clone()),
                    _ => None,
                },
                _ => None,
            }
        };
        let Some(payload) = segments.get(1).and_then(|s| inner(s)) else {
            return false;
        };
        let obj = match &payload.value {
            Value::Json(o) => o.as_object().cloned(),
            Value::Concat(parts) => json_template(parts, payload.span),
            _ => None,
        };
        if let Some(o) = obj.as_ref().filter(|o| is_foreign_payload(o)) {
            self.foreign_payloads.insert(o.span, o.clone());
            return false;
        }
        let Some(obj) = obj.filter(is_meeting_sdk_payload) else {
            return false;
        };
        self.payload(&obj, 2);
        // A third part of fixed text (`${header}.${payload}.signature`, an empty one) is a
        // placeholder: nothing is signed, no secret is used. The claims and encodings are
        // still the token's.
        if segments
            .get(2)
            .is_some_and(|seg| seg.iter().all(|v| v.as_str().is_some()))
        {
            return true;
        }
        let header = segments.first().and_then(|s| inner(s));
        let digest = segments.get(2).and_then(|s| inner(s));
        let (key, hmac) = match digest.as_ref().map(|d| &d.value) {
            Some(Value::Digest(h)) => (
                Some(h.key.clone()),
                Some((
                    h.algorithm.clone(),
                    digest.as_ref().map(|d| d.span).unwrap_or_default(),
                )),
            ),
            _ => (None, None),
        };
        self.signing(Signing {
            payload: obj.span,
            key,
            algorithms: header.as_ref().and_then(header_alg).into_iter().collect(),
            hmac,
            call: None,
        });
        true
    }

    /// A five-part `key.mn.timestamp.role.hash` join whose last part is the base64 of an HMAC.
    /// Each part is one value (or a plain word such as a literal role), so URLs and host names
    /// with dots do not qualify.
    fn legacy_assembly(&mut self, parts: &[Val]) -> bool {
        let mut segments = dot_segments(parts);
        if segments.len() != 5 {
            return false;
        }
        // An empty key (`const API_KEY = ''`, a sample's blank to fill in) leaves the first part
        // empty: it stands for the key all the same. Such parts are not offered a migration.
        let blank_key = segments[0].is_empty();
        if blank_key {
            let at = parts.first().map(|p| p.span).unwrap_or_default();
            segments[0].push(Val::new(Value::Str(String::new()), at));
        }
        let simple = segments.iter().all(|seg| match seg.as_slice() {
            [v] => v.as_str().is_none_or(|s| {
                // A sample's placeholder (`<ZoomAPIKey>`) stands for a key or a number.
                let word = s
                    .strip_prefix('<')
                    .and_then(|w| w.strip_suffix('>'))
                    .unwrap_or(s);
                word.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            }),
            _ => false,
        });
        if !simple {
            return false;
        }
        // (API keys are base64url: `-` and `_` are part of a key.)
        // key.mn.timestamp.role.hash: the timestamp is in milliseconds (or unknown), the role is
        // 0/1 (or unknown). A version string `1.2.3.…` or a seconds timestamp is something else.
        let ts_ok = segments[2][0]
            .alternatives()
            .iter()
            .all(|v| match v.time() {
                Some(t) => t.unit == Unit::Millis,
                None => v.is_unknown(),
            });
        let role_ok = segments[3][0]
            .alternatives()
            .iter()
            .all(|v| match &v.value {
                Value::Int(n) => *n == 0 || *n == 1,
                Value::Str(s) => s == "0" || s == "1",
                Value::Text(inner) => matches!(inner.value, Value::Int(0 | 1) | Value::Unknown),
                Value::Unknown => true,
                _ => false,
            });
        if !ts_ok || !role_ok {
            return self.reordered_legacy_assembly(&segments);
        }
        let digest = match &segments[4][0].value {
            Value::Encoded(inner, _) => Some(&**inner),
            _ => Some(&segments[4][0]),
        };
        match digest.map(|d| (&d.value, d.span)) {
            Some((Value::Digest(h), span)) => {
                self.add_legacy(LegacySignature {
                    span,
                    key: Some(h.key.clone()),
                    timestamps: vec![segments[2][0].clone()],
                    generator: None,
                });
                if !blank_key {
                    self.legacy_parts.insert(
                        span,
                        [
                            segments[0][0].clone(),
                            segments[1][0].clone(),
                            segments[3][0].clone(),
                        ],
                    );
                }
                true
            }
            _ => false,
        }
    }
}

impl Collector {
    /// The five legacy parts in another order (`[mn, apiKey, ts, role, hash].join('.')`): still
    /// the legacy signature when one part is an HMAC of base64 text and another a millisecond
    /// timestamp. Its
    /// parts are not told apart, so no migration is offered.
    fn reordered_legacy_assembly(&mut self, segments: &[Vec<Val>]) -> bool {
        let digest_of = |v: &Val| -> Option<(crate::eval::Val, Span)> {
            let d = match &v.value {
                Value::Encoded(inner, _) => &**inner,
                _ => v,
            };
            // The legacy HMAC signs the base64 of the message: an HMAC of anything else (a
            // build number in a version tag) is not one.
            match &d.value {
                Value::Digest(h)
                    if h.data.iter().any(|x| matches!(x.value, Value::Encoded(..))) =>
                {
                    Some((h.key.clone(), d.span))
                }
                _ => None,
            }
        };
        let digests: Vec<(Val, Span)> = segments.iter().filter_map(|s| digest_of(&s[0])).collect();
        let millis: Vec<&Vec<Val>> = segments
            .iter()
            .filter(|s| {
                let alts = s[0].alternatives();
                !alts.is_empty()
                    && alts
                        .iter()
                        .all(|v| v.time().is_some_and(|t| t.unit == Unit::Millis))
            })
            .collect();
        let [(key, span)] = digests.as_slice() else {
            return false;
        };
        let [timestamp] = millis.as_slice() else {
            return false;
        };
        self.add_legacy(LegacySignature {
            span: *span,
            key: Some(key.clone()),
            timestamps: vec![timestamp[0].clone()],
            generator: None,
        });
        true
    }

    /// A legacy generator whose last step is broken: the five parts handed to `Buffer.from` as
    /// five arguments (`Buffer.from(apiKey, meetingNumber, timestamp, role, hash)`) instead of
    /// one joined string. Still the legacy signature (SIG001); its function is migrated like
    /// any legacy generator, `result` being the encoded value it returns.
    fn broken_legacy_join(&mut self, args: &[Val], at: Span, result: Option<Span>) {
        if args.len() != 5 {
            return;
        }
        let mut parts = Vec::new();
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                parts.push(Val::new(Value::Str(".".into()), at));
            }
            parts.push(a.clone());
        }
        if self.legacy_assembly(&parts) {
            if let Some(r) = result {
                self.legacy_results.insert(r);
            }
        }
    }
}

/// The function around a legacy signature, when all it returns is that signature.
fn generator(
    model: &Model,
    ev: &Evaluator,
    l: &LegacySignature,
    parts: &HashMap<Span, [Val; 3]>,
    results: &std::collections::HashSet<Span>,
) -> Option<LegacyGenerator> {
    let [key, mn, role] = parts.get(&l.span)?.clone();
    // The parts in another order than key.mn.ts.role (`[meetingNumber, apiKey, ts, …]`), told
    // by their names: no migration that would swap the key and the meeting number.
    let name = |v: &Val| {
        model.expr_ids().find_map(|id| match model.kind(id) {
            ExprKind::Name(n) | ExprKind::Member { name: n, .. } if model.span(id) == v.site => {
                Some(n.to_ascii_lowercase())
            }
            _ => None,
        })
    };
    let meeting_like = |n: &str| n.contains("meeting") || n == "mn" || n.ends_with("_mn");
    let key_like = |n: &str| n.contains("key") || n.contains("secret");
    if name(&key).is_some_and(|n| meeting_like(&n)) || name(&mn).is_some_and(|n| key_like(&n)) {
        return None;
    }
    let function = model.function_at(l.span)?;
    let f = model.function(function);
    if f.returns.is_empty() {
        return None;
    }
    let all_signature = f.returns.iter().all(|r| {
        ev.eval(*r)
            .alternatives()
            .iter()
            .all(|v| results.contains(&v.span))
    });
    all_signature.then(|| LegacyGenerator {
        function,
        key,
        mn,
        role,
        secret: l.key.clone().unwrap_or_else(|| Val::unknown(l.span)),
    })
}

/// What a value is when it is a finished signature (or a once-encoded legacy message): a
/// Meeting SDK JWT from a library or assembled by hand, a legacy signature, the legacy
/// message's base64. Any alternative counts.
fn finished_signature(v: &Val) -> Option<Twice> {
    v.alternatives().into_iter().find_map(|a| match &a.value {
        Value::Text(inner) => finished_signature(inner),
        Value::Signed(t) => {
            let payload = match &t.payload.value {
                Value::Json(inner) => inner,
                _ => &t.payload,
            };
            payload
                .as_object()
                .filter(|o| is_meeting_sdk_payload(o))
                .map(|_| Twice::Jwt)
        }
        Value::Concat(parts) => {
            let segments = dot_segments(parts);
            // The third segment signs: it holds a digest (a "signature" that is the secret
            // itself, or anything else, does not make a finished token).
            if segments.len() != 3 || !segments[2].iter().any(holds_digest) {
                return None;
            }
            let payload = match segments[1].as_slice() {
                [v] => match &v.value {
                    Value::Encoded(inner, _) => unwrap_bytes(inner),
                    _ => return None,
                },
                _ => return None,
            };
            let obj = match &payload.value {
                Value::Json(o) => o.as_object().cloned(),
                Value::Concat(ps) => json_template(ps, payload.span),
                _ => None,
            };
            obj.filter(is_meeting_sdk_payload).map(|_| Twice::Jwt)
        }
        Value::Encoded(inner, _) => {
            let inner = unwrap_bytes(inner);
            if is_legacy_message(inner) {
                return Some(Twice::LegacyMessage);
            }
            let Value::Concat(parts) = &inner.value else {
                return None;
            };
            let segments = dot_segments(parts);
            let signed = segments.len() == 5 && segments[4].iter().any(holds_digest);
            signed.then_some(Twice::Legacy)
        }
        _ => None,
    })
}

/// Whether a value is, or is made from, a digest (an HMAC).
fn holds_digest(v: &Val) -> bool {
    let mut digest = false;
    v.walk(&mut |y: &Val| digest |= matches!(y.value, Value::Digest(_)));
    digest
}

/// The double encodings that no other one encloses (`new String(Base64.getEncoder().encode(…))`
/// is one, at the outer expression).
fn outermost(found: HashMap<Span, DoubleEncoded>) -> Vec<DoubleEncoded> {
    let all: Vec<DoubleEncoded> = found.into_values().collect();
    let mut out: Vec<DoubleEncoded> = all
        .iter()
        .filter(|d| {
            !all.iter().any(|o| {
                o.span != d.span && o.span.contains(d.span) && o.token.span == d.token.span
            })
        })
        .cloned()
        .collect();
    out.sort_by_key(|d| d.span);
    out
}

/// `base64(apiKey + meetingNumber + timestamp + role)`: a concatenation without JSON or
/// separators that has a millisecond timestamp among its parts.
fn is_legacy_message(v: &Val) -> bool {
    let v = match &v.value {
        Value::Bytes(b) => b,
        _ => v,
    };
    let Value::Concat(parts) = &v.value else {
        return false;
    };
    let has_ms = parts
        .iter()
        .any(|p| matches!(&p.value, Value::Time(t) if t.unit == Unit::Millis));
    let plain = parts
        .iter()
        .all(|p| p.as_str().is_none_or(|s| !s.contains(['{', '"', ':', '.'])));
    has_ms && plain && parts.len() >= 3
}

fn unwrap_bytes(v: &Val) -> &Val {
    match &v.value {
        Value::Bytes(b) => b,
        _ => v,
    }
}

/// The `alg` of a JWT header given as an object, JSON of an object, or JSON text.
fn header_alg(h: &Val) -> Option<Val> {
    let h = unwrap_bytes(h);
    match &h.value {
        Value::Object(o) => o.get("alg").map(|e| e.value.clone()),
        Value::Json(inner) => header_alg(inner),
        Value::Str(text) => {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            let alg = v.get("alg")?.as_str()?;
            Some(Val::new(Value::Str(alg.to_string()), h.span))
        }
        _ => None,
    }
}

/// Splits concatenation parts at the `.` characters of their literal pieces.
fn dot_segments(parts: &[Val]) -> Vec<Vec<Val>> {
    let mut segments: Vec<Vec<Val>> = vec![Vec::new()];
    for p in parts {
        match &p.value {
            Value::Str(s) => {
                for (i, piece) in s.split('.').enumerate() {
                    if i > 0 {
                        segments.push(Vec::new());
                    }
                    if !piece.is_empty() {
                        let last = segments.last_mut().expect("non-empty");
                        last.push(Val::new(Value::Str(piece.to_string()), p.span));
                    }
                }
            }
            _ => segments.last_mut().expect("non-empty").push(p.clone()),
        }
    }
    segments
}

/// Reads a JSON object written as text with holes (`{"iat":%d,"role":"%s"}`, concatenation).
/// A hole inside quotes is a string value.
fn json_template(parts: &[Val], span: Span) -> Option<Obj> {
    let first = parts.first()?.as_str()?;
    if !first.trim_start().starts_with('{') {
        return None;
    }
    // Tokens: literal characters and holes.
    enum Tok<'a> {
        Ch(char),
        Hole(&'a Val),
    }
    let mut toks: Vec<Tok> = Vec::new();
    for p in parts {
        match &p.value {
            Value::Str(s) => toks.extend(s.chars().map(Tok::Ch)),
            _ => toks.push(Tok::Hole(p)),
        }
    }
    let mut obj = Obj {
        class: None,
        entries: Vec::new(),
        open: false,
        span,
    };
    let mut i = 0;
    let skip_ws = |i: &mut usize, toks: &[Tok]| {
        while let Some(Tok::Ch(c)) = toks.get(*i) {
            if c.is_whitespace() {
                *i += 1;
            } else {
                break;
            }
        }
    };
    skip_ws(&mut i, &toks);
    if !matches!(toks.get(i), Some(Tok::Ch('{'))) {
        return None;
    }
    i += 1;
    loop {
        skip_ws(&mut i, &toks);
        match toks.get(i) {
            // Only a complete object counts: a prefix of a concatenation is not a payload.
            None => return None,
            Some(Tok::Ch('}')) => break,
            Some(Tok::Ch(',')) => {
                i += 1;
                continue;
            }
            Some(Tok::Ch('"')) => {}
            _ => return None,
        }
        i += 1;
        let mut key = String::new();
        while let Some(Tok::Ch(c)) = toks.get(i) {
            i += 1;
            if *c == '"' {
                break;
            }
            key.push(*c);
        }
        skip_ws(&mut i, &toks);
        if !matches!(toks.get(i), Some(Tok::Ch(':'))) {
            return None;
        }
        i += 1;
        skip_ws(&mut i, &toks);
        let value = match toks.get(i) {
            Some(Tok::Ch('"')) => {
                i += 1;
                let mut text = String::new();
                let mut hole = None;
                while let Some(t) = toks.get(i) {
                    i += 1;
                    match t {
                        Tok::Ch('"') => break,
                        Tok::Ch(c) => text.push(*c),
                        Tok::Hole(v) => hole = Some(*v),
                    }
                }
                match hole {
                    // A number quoted into the JSON text: the defect is at the hole.
                    Some(v) if text.is_empty() => {
                        // Quoted, a grouped number (`"1,733,500,000"`) is a string all the same.
                        let v = match &v.value {
                            Value::Grouped(inner) => inner,
                            _ => v,
                        };
                        Val::new(Value::Text(std::rc::Rc::new(v.clone())), v.site)
                    }
                    Some(v) => Val::unknown(v.span),
                    None => Val::new(Value::Str(text), span),
                }
            }
            // Unquoted in the JSON text: a number, whatever turned it into text on the way.
            Some(Tok::Hole(v)) => {
                i += 1;
                match &v.value {
                    Value::Text(inner) => Val::new(inner.value.clone(), v.span),
                    _ => (*v).clone(),
                }
            }
            Some(Tok::Ch(_)) => {
                let mut text = String::new();
                while let Some(Tok::Ch(c)) = toks.get(i) {
                    if *c == ',' || *c == '}' {
                        break;
                    }
                    text.push(*c);
                    i += 1;
                }
                let t = text.trim();
                match t.parse::<i64>() {
                    Ok(n) => Val::new(Value::Int(n), span),
                    Err(_) => Val::unknown(span),
                }
            }
            None => return None,
        };
        obj.set(key, value, span);
    }
    Some(obj)
}

/// The text a value certainly is, when it is made of constants: a string, or JSON of constants
/// as the language's serializer writes it (compact in JavaScript, PHP, Ruby and Java; Python's
/// `json.dumps` puts a space after `,` and `:`). `None` when any part is not known.
fn static_text(v: &Val, language: Option<crate::model::Language>) -> Option<String> {
    match &v.value {
        Value::Str(s) => Some(s.clone()),
        Value::Bytes(inner) => static_text(inner, language),
        Value::Json(inner) => {
            let mut out = String::new();
            json_text(inner, language?, &mut out, 0)?;
            Some(out)
        }
        _ => None,
    }
}

fn json_text(
    v: &Val,
    language: crate::model::Language,
    out: &mut String,
    depth: usize,
) -> Option<()> {
    use crate::model::Language;
    if depth > 16 {
        return None;
    }
    let (comma, colon) = match language {
        Language::Python => (", ", ": "),
        // Java maps (`HashMap`) serialize in hash order, not the order they were filled.
        Language::Java => return None,
        _ => (",", ":"),
    };
    let string = |s: &str, out: &mut String| {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                // PHP's json_encode escapes the slash.
                '/' if language == Language::Php => out.push_str("\\/"),
                c if (c as u32) < 0x20 || (!c.is_ascii() && language != Language::JavaScript) => {
                    return None;
                }
                c => out.push(c),
            }
        }
        out.push('"');
        Some(())
    };
    match &v.value {
        Value::Str(s) => string(s, out)?,
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        Value::Object(o) if !o.open => {
            out.push('{');
            for (i, e) in o.entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                string(&e.key, out)?;
                out.push_str(colon);
                json_text(&e.value, language, out, depth + 1)?;
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                json_text(item, language, out, depth + 1)?;
            }
            out.push(']');
        }
        _ => return None,
    }
    Some(())
}
