//! The token inspector: decodes one Meeting SDK JWT or legacy Web SDK signature and checks it
//! under the rule codes of the catalogue (`siglint token`), and finds such tokens in any text
//! ([`find_tokens`], for `siglint check`).
//!
//! Nothing here depends on the scanner: a token is a string, decoded with a lenient base64
//! decoder that records every character a strict verifier would reject (`+ / =`, whitespace),
//! then checked claim by claim.
//!
//! Codes. Defects of the token's construction use the catalogue's codes (SIG001, SIG002, SIG004,
//! SIG005, SIG006, SIG007, SIG009, SIG010, SIG012, SIG014; SIG015 for a token base64-encoded once
//! more, which is decoded and checked as the token inside). The state of one token, which no line of
//! code causes by itself, has codes of its own outside the catalogue, listed in [`crate::catalogue::TOKEN_RULES`]:
//!
//! | code | name | severity | fires when |
//! |---|---|---|---|
//! | TOK001 | token-expired | error | `exp` or `tokenExp` is at or before now |
//! | TOK002 | token-not-yet-valid | error | `iat` (or `nbf`) lies after now |
//! | TOK003 | bad-signature | error | the signature is empty, has the wrong length, holds a hex or base64 text instead of the raw HMAC, or does not verify with the given secret |
//! | TOK004 | secret-in-payload | error | a claim holds a secret (a `*secret*`/`*password*` claim, or the signing secret itself) |
//!
//! A missing `iat` or `exp` is reported as SIG005 (there is no lifetime to check). Expiry is
//! only checked when [`Options::now`] is set, so [`find_tokens`] gives reproducible results.

mod check;
mod decode;
mod find;
pub mod render;
mod time;
mod verify;

use std::ops::Range;

use serde_json::{Map, Value};

use crate::catalogue::CodeInfo;
use crate::diagnostic::Severity;

pub use find::{find_tokens, find_tokens_with};
pub use time::{duration, relative, utc};

/// Longest input decoded as a token. Real tokens are a few hundred bytes.
pub const MAX_TOKEN_LEN: usize = 1 << 20;

/// A signing secret. Its `Debug` never shows the bytes.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Secret {
        Secret(bytes.into())
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Reads the secret from an environment variable (its exact bytes).
    pub fn from_env(var: &str) -> Result<Secret, String> {
        match std::env::var_os(var) {
            None => Err(format!("environment variable {var} is not set")),
            Some(v) if v.is_empty() => Err(format!("environment variable {var} is empty")),
            Some(v) => Ok(Secret(os_bytes(v))),
        }
    }

    /// Reads the secret from a file; one trailing line break (`\n` or `\r\n`) is removed.
    pub fn from_file(path: &std::path::Path) -> Result<Secret, String> {
        let mut bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if bytes.ends_with(b"\n") {
            bytes.pop();
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
        }
        if bytes.is_empty() {
            return Err(format!("{} is empty", path.display()));
        }
        Ok(Secret(bytes))
    }
}

#[cfg(unix)]
fn os_bytes(v: std::ffi::OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStringExt;
    v.into_vec()
}

#[cfg(not(unix))]
fn os_bytes(v: std::ffi::OsString) -> Vec<u8> {
    v.to_string_lossy().into_owned().into_bytes()
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// What to check beyond the token itself.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Unix seconds to judge expiry against; `None` skips the expired / not-yet-valid checks.
    pub now: Option<i64>,
    /// The SDK secret (or legacy API secret) to verify the HMAC with.
    pub secret: Option<Secret>,
}

/// The current Unix time in seconds.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The outcome of inspecting one token.
#[derive(Clone, Debug)]
pub struct TokenReport {
    /// Byte range of the token in the inspected text (surrounding whitespace and quotes left out).
    pub span: Range<usize>,
    pub token: Result<Token, NotAToken>,
    /// Problems, in order of position then code. Spans are byte ranges into the inspected text.
    pub findings: Vec<TokenFinding>,
    pub hmac: Hmac,
    /// The time expiry was judged against.
    pub now: Option<i64>,
    /// The input is a token base64-encoded once more (SIG015): the token was decoded from it,
    /// and every span of the report covers the whole input.
    pub encoded_twice: bool,
}

/// A decoded token.
#[derive(Clone, Debug)]
pub enum Token {
    Jwt(Jwt),
    Legacy(Legacy),
}

/// A decoded `header.payload.signature`.
#[derive(Clone, Debug)]
pub struct Jwt {
    pub header: Map<String, Value>,
    /// The claims as decoded (secret-like values unmasked: use [`Jwt::masked_payload`] to show it).
    pub payload: Map<String, Value>,
    pub signature: Vec<u8>,
    /// Byte ranges of the header, payload and signature segments in the inspected text.
    pub segments: [Range<usize>; 3],
}

/// A decoded legacy signature `base64(apiKey.meetingNumber.timestamp.role.hash)`.
#[derive(Clone, Debug)]
pub struct Legacy {
    pub api_key: String,
    pub meeting_number: String,
    /// Milliseconds, as written.
    pub timestamp: String,
    pub role: String,
    /// base64 of the HMAC-SHA256.
    pub hash: String,
}

/// Why the input is neither a Meeting SDK JWT nor a legacy signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAToken {
    pub reason: String,
}

/// One problem of one token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFinding {
    /// A catalogue code (`SIG004`) or a token-state code (`TOK001`).
    pub code: &'static str,
    /// The segment (or whole token) the finding is about: bytes of the inspected text.
    pub span: Range<usize>,
    pub message: String,
}

/// The HMAC check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hmac {
    /// No secret given.
    NotChecked,
    /// The signature is the HMAC of the token as given.
    Verified { alg: &'static str },
    /// The secret is right but the bytes signed were another base64 encoding of the same header
    /// and payload (reported as SIG004).
    AlphabetMismatch { alg: &'static str },
    /// Signed with another secret, or changed after signing (TOK003).
    Mismatch,
    /// The token cannot be checked with a shared secret (an RSA/EC algorithm, or not a token).
    Unsupported(String),
}

impl Hmac {
    pub fn status(&self) -> &'static str {
        match self {
            Hmac::NotChecked => "not-checked",
            Hmac::Verified { .. } => "verified",
            Hmac::AlphabetMismatch { .. } => "alphabet-mismatch",
            Hmac::Mismatch => "mismatch",
            Hmac::Unsupported(_) => "unsupported",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Hmac::NotChecked => {
                "not verified (give the secret with --secret-env VAR or --secret-file PATH)".into()
            }
            Hmac::Verified { alg } => format!("signature verified ({alg} with the given secret)"),
            Hmac::AlphabetMismatch { alg } => format!(
                "HMAC mismatch that comes only from the base64 alphabet: the secret is right \
                 ({alg}), but the signed text and the token differ in their encoding (SIG004)"
            ),
            Hmac::Mismatch => "HMAC mismatch: the token was signed with another secret or \
                               re-encoded after signing"
                .into(),
            Hmac::Unsupported(why) => format!("not verified: {why}"),
        }
    }
}

impl TokenFinding {
    /// The finding's rule; `None` only for a code missing from the catalogue.
    pub fn rule(&self) -> Option<CodeInfo> {
        crate::catalogue::code_info(self.code)
    }

    /// The rule's severity (error when unknown).
    pub fn severity(&self) -> Severity {
        self.rule().map(|r| r.severity).unwrap_or(Severity::Error)
    }
}

impl TokenReport {
    /// 0 valid, 1 problems, 2 not a token — the exit status of `siglint token`.
    pub fn exit_code(&self) -> u8 {
        match (&self.token, self.findings.is_empty()) {
            (Err(_), _) => 2,
            (Ok(_), true) => 0,
            (Ok(_), false) => 1,
        }
    }

    /// `jwt`, `legacy` or `None` for not a token.
    pub fn format(&self) -> Option<&'static str> {
        match &self.token {
            Ok(Token::Jwt(_)) => Some("jwt"),
            Ok(Token::Legacy(_)) => Some("legacy"),
            Err(_) => None,
        }
    }

    /// Moves every byte range by `offset` (for a token found inside a larger text).
    pub fn shift(&mut self, offset: usize) {
        let mv = |r: &mut Range<usize>| *r = r.start + offset..r.end + offset;
        mv(&mut self.span);
        for f in &mut self.findings {
            mv(&mut f.span);
        }
        if let Ok(Token::Jwt(jwt)) = &mut self.token {
            for s in &mut jwt.segments {
                mv(s);
            }
        }
    }

    /// One line naming the token, for a finding about a token committed in code: format, key
    /// (not a secret: the SDK key is public), meeting number and expiry.
    pub fn describe(&self) -> String {
        let described = self.describe_token();
        if self.encoded_twice {
            format!("{described}, base64-encoded once more,")
        } else {
            described
        }
    }

    fn describe_token(&self) -> String {
        match &self.token {
            Err(e) => format!("not a token: {}", e.reason),
            Ok(Token::Legacy(l)) => format!(
                "legacy Web SDK signature (API key {}, meeting {}, role {})",
                l.api_key, l.meeting_number, l.role
            ),
            Ok(Token::Jwt(jwt)) => {
                let mut parts = Vec::new();
                let key = jwt
                    .payload
                    .get("sdkKey")
                    .or_else(|| jwt.payload.get("appKey"));
                if let Some(Value::String(k)) = key {
                    parts.push(format!("SDK key {}", check::clip(k, 40)));
                }
                if let Some(mn) = jwt.payload.get("mn") {
                    parts.push(format!("meeting {}", check::clip(&scalar(mn), 24)));
                }
                if let Some(exp) = jwt.payload.get("exp").and_then(check::number) {
                    if exp.abs() < 1e11 {
                        parts.push(format!("expires {}", utc(exp.floor() as i64)));
                    }
                }
                if parts.is_empty() {
                    "Meeting SDK JWT".into()
                } else {
                    format!("Meeting SDK JWT ({})", parts.join(", "))
                }
            }
        }
    }
}

impl Jwt {
    /// The payload with every secret-like value masked (all but 4 characters).
    pub fn masked_payload(&self, secret: Option<&Secret>) -> Map<String, Value> {
        self.payload
            .iter()
            .map(|(k, v)| (k.clone(), check::mask_value(k, v, secret)))
            .collect()
    }
}

/// A JSON scalar as text (`123`, `abc`), other values as JSON.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `abcd…` (40 chars): a secret with all but its first 4 characters hidden (all hidden when
/// it is shorter than 12 characters).
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    if n >= 12 {
        let head: String = secret.chars().take(4).collect();
        format!("{head}… ({n} chars, masked)")
    } else {
        format!("… ({n} chars, masked)")
    }
}

/// Decodes arbitrary bytes as a token (the CLI's and the fuzzer's entry point).
pub fn inspect_bytes(input: &[u8], opts: &Options) -> TokenReport {
    match std::str::from_utf8(input) {
        Ok(text) => inspect(text, opts),
        Err(e) => not_a_token(
            0..input.len(),
            format!(
                "the input is not text (invalid UTF-8 at byte {})",
                e.valid_up_to() + 1
            ),
            opts,
        ),
    }
}

/// Decodes and checks the token in `text` (surrounding whitespace and one pair of quotes are
/// ignored). Never panics.
pub fn inspect(text: &str, opts: &Options) -> TokenReport {
    let span = trim_span(text);
    let token = &text[span.clone()];
    if token.is_empty() {
        return not_a_token(span, "the input is empty".into(), opts);
    }
    if token.len() > MAX_TOKEN_LEN {
        return not_a_token(
            span,
            format!(
                "the input is {} bytes; a Meeting SDK token is a few hundred (longest accepted: {} bytes)",
                token.len(),
                MAX_TOKEN_LEN
            ),
            opts,
        );
    }
    if let Some(i) = token.find('\0') {
        return not_a_token(
            span,
            format!("the input is binary (a NUL byte at byte {})", i + 1),
            opts,
        );
    }
    match decode::decode(token, span.start) {
        Err(reason) => match decode::unwrap_layer(token) {
            Some(inner) => encoded_twice(&inner, span, opts),
            None => not_a_token(span, reason, opts),
        },
        Ok(decoded) => {
            let mut findings = Vec::new();
            let hmac = match &decoded.token {
                Token::Jwt(jwt) => {
                    check::jwt(jwt, &decoded, opts, &mut findings);
                    verify::jwt(jwt, token, span.start, opts, &mut findings)
                }
                Token::Legacy(legacy) => {
                    check::legacy(legacy, &decoded, span.clone(), &mut findings);
                    verify::legacy(legacy, span.clone(), opts, &mut findings)
                }
            };
            findings.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
            findings.dedup();
            TokenReport {
                span,
                token: Ok(decoded.token),
                findings,
                hmac,
                now: opts.now,
                encoded_twice: false,
            }
        }
    }
}

/// The report of a token that was base64-encoded once more (`inner` is the decoded text): the
/// inner token's, with every span on the whole input, and SIG015.
fn encoded_twice(inner: &str, span: Range<usize>, opts: &Options) -> TokenReport {
    let mut report = inspect(inner, opts);
    let message = match &report.token {
        Ok(Token::Jwt(_)) => "this is the base64 encoding of a Meeting SDK JWT (`ZXlK…` is base64 of `eyJ…`): the SDK needs the JWT itself, three base64url segments joined by dots, and rejects this (\"Signature is invalid\"); the JWT inside, decoded once more, is checked here",
        _ => "this legacy signature is base64-encoded twice: the Web SDK decodes one layer and finds no `key.meetingNumber.timestamp.role.hash` (\"Signature is invalid\"); the signature inside, decoded once more, is checked here",
    };
    report.span = span.clone();
    for f in &mut report.findings {
        f.span = span.clone();
    }
    if let Ok(Token::Jwt(jwt)) = &mut report.token {
        jwt.segments = [span.clone(), span.clone(), span.clone()];
    }
    report.findings.insert(
        0,
        TokenFinding {
            code: "SIG015",
            span,
            message: message.into(),
        },
    );
    report.encoded_twice = true;
    report
}

fn not_a_token(span: Range<usize>, reason: String, opts: &Options) -> TokenReport {
    TokenReport {
        span,
        token: Err(NotAToken { reason }),
        findings: Vec::new(),
        hmac: Hmac::Unsupported("not a token".into()),
        now: opts.now,
        encoded_twice: false,
    }
}

/// The token inside `text`: without surrounding whitespace and one pair of matching quotes.
fn trim_span(text: &str) -> Range<usize> {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len().max(start);
    let inner = &text[start..end];
    for q in ['"', '\'', '`'] {
        if inner.len() >= 2 && inner.starts_with(q) && inner.ends_with(q) {
            let s = start + 1;
            let e = end - 1;
            let t = &text[s..e];
            let s2 = s + (t.len() - t.trim_start().len());
            let e2 = s + t.trim_end().len();
            return s2..e2.max(s2);
        }
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_drops_whitespace_and_one_pair_of_quotes() {
        assert_eq!(trim_span("  abc \n"), 2..5);
        assert_eq!(trim_span("\"abc\""), 1..4);
        assert_eq!(trim_span("'"), 0..1);
        assert_eq!(trim_span("   "), 3..3);
        assert_eq!(trim_span("\" \""), 2..2);
    }

    #[test]
    fn every_token_rule_and_used_catalogue_code_has_metadata() {
        for code in [
            "SIG001", "SIG002", "SIG004", "SIG005", "SIG006", "SIG007", "SIG009", "SIG010",
            "SIG012", "SIG014", "SIG015", "TOK001", "TOK002", "TOK003", "TOK004",
        ] {
            assert!(crate::catalogue::code_info(code).is_some(), "{code}");
        }
    }

    #[test]
    fn secrets_are_masked_and_not_debug_printed() {
        assert_eq!(mask("abcdefghijklmnop"), "abcd… (16 chars, masked)");
        assert_eq!(mask("short"), "… (5 chars, masked)");
        let s = Secret::new("hunter2hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
