//! The checks of a decoded token's encoding, header and claims.

use std::ops::Range;

use serde_json::{Map, Value};

use super::decode::{kind, Decoded, Segment};
use super::time::{duration, relative, utc};
use super::{mask, Jwt, Legacy, Options, Secret, TokenFinding};

/// Lifetime bounds of `exp - iat` in seconds (inclusive).
pub(super) const MIN_LIFETIME: f64 = 1800.0;
pub(super) const MAX_LIFETIME: f64 = 172_800.0;
/// A time claim above this is in milliseconds.
pub(super) const MS_THRESHOLD: f64 = 1e11;

fn push(out: &mut Vec<TokenFinding>, code: &'static str, span: &Range<usize>, message: String) {
    out.push(TokenFinding {
        code,
        span: span.clone(),
        message,
    });
}

/// At most `n` characters of `s`, with `…` when cut.
pub(crate) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let head: String = s.chars().take(n).collect();
        format!("{head}…")
    }
}

/// A JSON value for a message, clipped.
fn show(v: &Value) -> String {
    clip(&v.to_string(), 60)
}

/// A number for a message: an integer when it is one.
pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The numeric value of a JSON number or numeric string.
pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

fn secs(v: f64) -> i64 {
    v.floor().clamp(i64::MIN as f64, i64::MAX as f64) as i64
}

/// A claim name that holds a secret.
pub(super) fn secret_like_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    ["secret", "password", "passwd", "privatekey", "private_key"]
        .iter()
        .any(|s| k.contains(s))
}

fn is_secret(s: &str, secret: Option<&Secret>) -> bool {
    secret.is_some_and(|sec| !s.is_empty() && s.as_bytes() == sec.bytes())
}

/// `v` with secret-like strings masked (recursively).
pub(super) fn mask_value(key: &str, v: &Value, secret: Option<&Secret>) -> Value {
    match v {
        Value::String(s) if !s.is_empty() && (secret_like_key(key) || is_secret(s, secret)) => {
            Value::String(mask(s))
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), mask_value(k, v, secret)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| mask_value(key, v, secret)).collect()),
        other => other.clone(),
    }
}

/// SIG004: characters of a segment that base64url without padding does not have.
fn encoding(d: &Decoded, out: &mut Vec<TokenFinding>) {
    for seg in &d.segments {
        encoding_of(seg, out);
    }
}

fn encoding_of(seg: &Segment, out: &mut Vec<TokenFinding>) {
    let Some(first) = seg.offences.first() else {
        return;
    };
    let what = |c: char| match c {
        '+' => "`+` (standard alphabet)",
        '/' => "`/` (standard alphabet)",
        '=' => "`=` padding",
        ' ' => "a space",
        '\t' => "a tab",
        _ => "a line break",
    };
    let short = |c: char| match c {
        ' ' => "space".to_string(),
        '\t' => "tab".to_string(),
        '\n' | '\r' => "line break".to_string(),
        c => format!("`{c}`"),
    };
    let mut kinds: Vec<String> = Vec::new();
    for o in &seg.offences {
        let w = short(o.ch);
        if !kinds.contains(&w) {
            kinds.push(w);
        }
    }
    let n = seg.offences.len();
    let all = if n == 1 {
        String::new()
    } else {
        format!(" ({n} such characters in all: {})", kinds.join(", "))
    };
    let space = if seg.offences.iter().any(|o| o.ch == ' ') {
        "; a space where `+` was means the token went through URL or form decoding"
    } else {
        ""
    };
    push(
        out,
        "SIG004",
        &seg.range,
        format!(
            "{} contains {} at position {}{all}; Zoom expects base64url without padding (A-Z a-z 0-9 - _){space}",
            seg.label(),
            what(first.ch),
            first.position
        ),
    );
}

/// A time claim's numeric value and whether it is in milliseconds.
#[derive(Clone, Copy)]
pub(super) struct Time {
    pub value: f64,
    pub ms: bool,
}

/// SIG012 and SIG006 for one time claim; returns its value when it has one.
fn time_claim(
    pl: &Map<String, Value>,
    name: &str,
    span: &Range<usize>,
    out: &mut Vec<TokenFinding>,
) -> Option<Time> {
    let v = pl.get(name)?;
    let value = match v {
        Value::Number(n) => {
            let f = n.as_f64()?;
            if n.is_f64() {
                let msg = if f.fract() != 0.0 {
                    format!(
                        "`{name}` is {n}, a fractional number; Zoom expects integer Unix seconds"
                    )
                } else {
                    format!(
                        "`{name}` is written as {n}, a floating-point number; Zoom expects an integer (no decimal point or exponent)"
                    )
                };
                push(out, "SIG012", span, msg);
            }
            f
        }
        Value::String(s) => {
            let parsed = number(v);
            let msg = match parsed {
                Some(_) => format!(
                    "`{name}` is the string {}, a quoted number; time claims must be JSON numbers (integer Unix seconds)",
                    show(v)
                ),
                None => format!(
                    "`{name}` is the string {}; time claims must be JSON numbers (integer Unix seconds)",
                    clip(&Value::String(s.clone()).to_string(), 60)
                ),
            };
            push(out, "SIG012", span, msg);
            parsed?
        }
        other => {
            push(
                out,
                "SIG012",
                span,
                format!(
                    "`{name}` is {} ({}); time claims must be integer Unix seconds",
                    kind(other),
                    show(other)
                ),
            );
            return None;
        }
    };
    let ms = value.abs() > MS_THRESHOLD;
    if ms {
        push(
            out,
            "SIG006",
            span,
            format!(
                "`{name}` is {}: above 10^11, so it is in milliseconds ({} read as milliseconds); Zoom reads it as seconds, {}",
                num(value),
                utc(secs(value / 1000.0)),
                utc(secs(value))
            ),
        );
    }
    Some(Time { value, ms })
}

/// Every check of a JWT except the signature (see `verify`).
pub(super) fn jwt(jwt: &Jwt, d: &Decoded, opts: &Options, out: &mut Vec<TokenFinding>) {
    encoding(d, out);
    let [h, p, _] = &jwt.segments;
    // SIG009: the algorithm.
    match jwt.header.get("alg") {
        Some(Value::String(a)) if a == "HS256" => {}
        Some(Value::String(a)) => push(
            out,
            "SIG009",
            h,
            format!(
                "the header's `alg` is `{}`; Zoom verifies Meeting SDK signatures with HS256 only",
                clip(a, 40)
            ),
        ),
        Some(other) => push(
            out,
            "SIG009",
            h,
            format!(
                "the header's `alg` is {} ({}), not \"HS256\"",
                kind(other),
                show(other)
            ),
        ),
        None => push(
            out,
            "SIG009",
            h,
            "the header has no `alg`; Zoom verifies Meeting SDK signatures with HS256 only".into(),
        ),
    }
    let pl = &jwt.payload;
    let aliases = foreign_claims(pl, p, out);
    if !aliases.contains(&"appKey") {
        key_claims(pl, p, out);
    }
    if !aliases.contains(&"role") {
        role_claim(pl, p, out);
    }
    secrets_in_payload(pl, p, opts, out);
    // Time claims.
    let iat = time_claim(pl, "iat", p, out);
    let exp = time_claim(pl, "exp", p, out);
    let token_exp = time_claim(pl, "tokenExp", p, out);
    for name in ["iat", "exp"] {
        if !pl.contains_key(name) {
            push(
                out,
                "SIG005",
                p,
                format!(
                    "the payload has no `{name}`; Zoom requires iat and exp, 30 min to 48 h apart"
                ),
            );
        }
    }
    if let Some(i) = iat.filter(|t| !t.ms) {
        for (name, end) in [("exp", exp), ("tokenExp", token_exp)] {
            let Some(e) = end.filter(|t| !t.ms) else {
                continue;
            };
            let life = e.value - i.value;
            if (MIN_LIFETIME..=MAX_LIFETIME).contains(&life) {
                continue;
            }
            let msg = if life < 0.0 && e.value > 0.0 && e.value <= 31_536_000.0 && i.value > 1e9 {
                format!(
                    "`{name}` is {} ({}), before `iat`: it looks like a lifetime, not a Unix time; set {name} = iat + {}",
                    num(e.value),
                    utc(secs(e.value)),
                    num(e.value)
                )
            } else if life < 0.0 {
                format!(
                    "`{name}` is {} before `iat` ({name} - iat = {} s); Zoom accepts a lifetime of 30 min to 48 h",
                    duration((-life) as u64),
                    num(life)
                )
            } else {
                format!(
                    "`{name} - iat` is {} s ({}); Zoom accepts 30 min to 48 h (1800 to 172800 s)",
                    num(life),
                    duration(life as u64)
                )
            };
            push(out, "SIG005", p, msg);
        }
    }
    // SIG010: tokenExp after exp.
    if let (Some(t), Some(e)) = (token_exp, exp) {
        if t.ms == e.ms && t.value > e.value {
            let d = t.value - e.value;
            let d = if t.ms { d / 1000.0 } else { d };
            push(
                out,
                "SIG010",
                p,
                format!(
                    "`tokenExp` is {} later than `exp`; the token ends at exp anyway",
                    duration(d as u64)
                ),
            );
        }
    }
    // Expiry relative to now.
    if let Some(now) = opts.now {
        let nowf = now as f64;
        let mut ends: Vec<(&str, f64)> = [("exp", exp), ("tokenExp", token_exp)]
            .into_iter()
            .filter_map(|(n, t)| t.filter(|t| !t.ms).map(|t| (n, t.value)))
            .collect();
        ends.sort_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((name, t)) = ends.first().filter(|(_, t)| *t <= nowf) {
            let t = secs(*t);
            push(
                out,
                "TOK001",
                p,
                format!(
                    "the token expired {} (`{name}` {}; now {})",
                    if t == now {
                        "just now".to_string()
                    } else {
                        relative(t, now)
                    },
                    utc(t),
                    utc(now)
                ),
            );
        }
        let nbf = pl.get("nbf").and_then(number).map(|v| Time {
            value: v,
            ms: false,
        });
        for (name, t) in [("iat", iat), ("nbf", nbf)] {
            if let Some(t) = t.filter(|t| !t.ms && t.value > nowf) {
                let t = secs(t.value);
                push(
                    out,
                    "TOK002",
                    p,
                    format!(
                        "`{name}` is {} in the future ({}; now {}): Zoom rejects a token issued after its own clock; the generating server's clock runs ahead, or iat is not backdated",
                        duration(t.saturating_sub(now) as u64),
                        utc(t),
                        utc(now)
                    ),
                );
            }
        }
    }
}

/// SIG014: claims under names Zoom does not read (Video SDK claims, misspellings), each where the
/// claim Zoom reads is missing. Returns the claims (`mn`, `role`, `appKey`) found under another
/// name, whose absence is not reported again (SIG002, SIG007).
fn foreign_claims(
    pl: &Map<String, Value>,
    p: &Range<usize>,
    out: &mut Vec<TokenFinding>,
) -> Vec<&'static str> {
    let has = |k: &str| pl.contains_key(k);
    let before = out.len();
    let mut aliased = Vec::new();
    let mut video = Vec::new();
    for (name, target, video_claim) in crate::catalogue::FOREIGN_CLAIMS {
        if !has(name) {
            continue;
        }
        if video_claim {
            video.push(name);
        }
        let Some(target) = target else { continue };
        let present = match target {
            "appKey" => has("appKey") || has("sdkKey"),
            t => has(t),
        };
        if present {
            continue;
        }
        aliased.push(target);
        push(
            out,
            "SIG014",
            p,
            crate::catalogue::foreign_claim_message(name, target, video_claim),
        );
    }
    // A token made for the Video SDK: say so once, on its first finding.
    let meeting = ["mn", "sdkKey", "tokenExp"].iter().any(|k| has(k));
    if !aliased.is_empty() && video.len() >= 2 && !meeting {
        if let Some(first) = out[before..].iter_mut().find(|f| f.code == "SIG014") {
            first.message.push_str(&format!(
                " (note: with {} this is a Video SDK token; the Video SDK accepts it, the Meeting SDK does not: sign a Meeting SDK token with appKey, sdkKey, mn, role, iat, exp and tokenExp)",
                video.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    aliased
}

/// SIG007: the SDK key claims.
fn key_claims(pl: &Map<String, Value>, p: &Range<usize>, out: &mut Vec<TokenFinding>) {
    for name in ["apiKey", "api_key"] {
        if pl.contains_key(name) {
            push(
                out,
                "SIG007",
                p,
                format!(
                    "the payload has `{name}`, the legacy API-key claim; a Meeting SDK token carries the SDK key as `appKey` and `sdkKey`"
                ),
            );
        }
    }
    let good = |k: &str| matches!(pl.get(k), Some(Value::String(s)) if !s.trim().is_empty());
    if good("appKey") || good("sdkKey") {
        return;
    }
    let present: Vec<&str> = ["appKey", "sdkKey"]
        .into_iter()
        .filter(|k| pl.contains_key(*k))
        .collect();
    let msg = if let Some(k) = present.first() {
        let v = &pl[*k];
        let what = match v {
            Value::String(_) => "an empty string".to_string(),
            other => format!("{} ({})", kind(other), show(other)),
        };
        format!("`{k}` is {what}; it must be the SDK key (Client ID) as a string")
    } else if ["mn", "role", "tokenExp", "apiKey", "api_key"]
        .iter()
        .any(|k| pl.contains_key(*k))
    {
        "the payload has neither `appKey` nor `sdkKey`; Zoom cannot tell which app signed the token"
            .into()
    } else {
        let hint = if pl.contains_key("iss") {
            "; its `iss` claim suggests a Zoom API (JWT app) token or another service's token"
        } else {
            ""
        };
        format!(
            "the payload has none of the Meeting SDK claims (appKey, sdkKey, mn, role, tokenExp){hint}: this is not a Meeting SDK signature"
        )
    };
    push(out, "SIG007", p, msg);
}

/// SIG002: the role claim.
fn role_claim(pl: &Map<String, Value>, p: &Range<usize>, out: &mut Vec<TokenFinding>) {
    let msg = match pl.get("role") {
        None if pl.contains_key("mn") => {
            "the payload has `mn` (a Web SDK token) but no `role`; the Web SDK needs role 0 (participant) or 1 (host)".to_string()
        }
        None => return,
        Some(Value::Number(n)) if !n.is_f64() && matches!(n.as_u64(), Some(0 | 1)) => return,
        Some(Value::Number(n)) => {
            format!("`role` is {n}; Meeting SDK roles are the number 0 (participant) or 1 (host)")
        }
        Some(Value::String(s)) if matches!(s.trim(), "0" | "1") => format!(
            "`role` is the string \"{}\", a quoted number; it must be the number {} (unquoted)",
            clip(s, 20),
            s.trim()
        ),
        Some(v @ Value::String(_)) => format!(
            "`role` is the string {}; use the number 0 (participant) or 1 (host)",
            show(v)
        ),
        Some(other) => format!(
            "`role` is {} ({}); use the number 0 (participant) or 1 (host)",
            kind(other),
            show(other)
        ),
    };
    push(out, "SIG002", p, msg);
}

/// TOK004: secrets carried in the payload.
fn secrets_in_payload(
    pl: &Map<String, Value>,
    p: &Range<usize>,
    opts: &Options,
    out: &mut Vec<TokenFinding>,
) {
    for (k, v) in pl {
        let Value::String(s) = v else { continue };
        if s.is_empty() {
            continue;
        }
        if is_secret(s, opts.secret.as_ref()) {
            push(
                out,
                "TOK004",
                p,
                format!(
                    "claim `{}` is the signing secret itself; anyone holding the token can read it",
                    clip(k, 40)
                ),
            );
        } else if secret_like_key(k) {
            push(
                out,
                "TOK004",
                p,
                format!(
                    "claim `{}` holds a secret, `{}`; anyone holding the token can read its payload",
                    clip(k, 40),
                    mask(s)
                ),
            );
        }
    }
}

/// The checks of a legacy signature (the HMAC is in `verify`).
pub(super) fn legacy(l: &Legacy, d: &Decoded, span: Range<usize>, out: &mut Vec<TokenFinding>) {
    let ts = l
        .timestamp
        .parse::<u64>()
        .ok()
        .map(|t| {
            if (t as f64) > MS_THRESHOLD {
                format!("{} = {}", l.timestamp, utc((t / 1000) as i64))
            } else {
                format!(
                    "{} = {} if seconds (legacy timestamps are milliseconds)",
                    l.timestamp,
                    utc(t.min(i64::MAX as u64) as i64)
                )
            }
        })
        .unwrap_or_else(|| format!("`{}`, not a number", clip(&l.timestamp, 30)));
    let role = match l.role.as_str() {
        "0" => "0 (participant)".to_string(),
        "1" => "1 (host)".to_string(),
        r => format!("`{}`", clip(r, 20)),
    };
    push(
        out,
        "SIG001",
        &span,
        format!(
            "legacy Web SDK signature (API key `{}`, meeting number {}, timestamp {ts}, role {role}); Web SDK 2.7 and later reject it",
            clip(&l.api_key, 60),
            clip(&l.meeting_number, 30),
        ),
    );
    encoding(d, out);
    if !matches!(l.role.as_str(), "0" | "1") {
        push(
            out,
            "SIG002",
            &span,
            format!(
                "the legacy signature's role is `{}`; roles are 0 (participant) or 1 (host)",
                clip(&l.role, 20)
            ),
        );
    }
}
