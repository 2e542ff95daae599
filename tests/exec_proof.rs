//! Proof by execution (issue 4): the programs under `exec/<language>/` print a signature from fixed
//! inputs, and the signature is checked by a verifier written here, independently of siglint's own
//! token decoder (it uses the `base64`, `hmac` and `sha2` crates directly).
//!
//! - The verifier itself is tested first: it accepts a correct token and rejects each defect with
//!   one reason.
//! - Every program runs today and prints a token the verifier rejects, for exactly the reasons
//!   listed in [`PROGRAMS`] (legacy programs are also checked to be real legacy signatures).
//! - `fixed_programs_produce_valid_tokens` copies the programs,
//!   runs `siglint check --fix --unsafe-fixes` on the copy and requires every fixed program to
//!   print a token the verifier accepts, with the inputs' key, meeting number and role.
//!
//! Runtimes: `node`, `ruby`, `php`, `java` (single-file source launch), `python3`; TypeScript is
//! compiled with `tsc` (Node 20 has no type stripping; `SIGLINT_TSC` may name the binary) and the
//! output run with `node`. A language whose runtime is absent is skipped with a
//! `SKIPPED: <runtime> not installed` line, unless `SIGLINT_REQUIRE_RUNTIMES=1` (CI), which makes
//! a missing runtime a failure.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{
    GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD,
};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

// ---------------------------------------------------------------------------------------------
// Fixed inputs
// ---------------------------------------------------------------------------------------------

const SDK_KEY: &str = "xLuXgW0rTrGvT6mC0cGQ1A";
const SDK_SECRET: &str = "q8Zt4Jm2Rw7Yp1Lk9Xv3Bn6Hc5Gd0Fs";
const MEETING_NUMBER: &str = "85746065432";
/// 1, not 0: a fix that drops the caller's role and falls back to 0 is caught.
const ROLE: &str = "1";

// ---------------------------------------------------------------------------------------------
// The verifier
// ---------------------------------------------------------------------------------------------

/// `iat` must lie at most this many seconds before the verifier's clock.
const MAX_IAT_AGE: i64 = 120;
/// ... and at least this many: the token must still be valid for a Zoom server whose clock is up
/// to 15 s behind ours (SPEC §1.2: generators backdate iat by about 30 s). A token whose iat is
/// the current time (SIG003) fails this; one backdated by 30 s passes as long as the program ran
/// in under 90 s.
const MIN_IAT_BACKDATE: i64 = 15;
const MIN_LIFETIME: i64 = 1800;
const MAX_LIFETIME: i64 = 172_800;

/// The claims of an accepted token.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// `sdkKey` (or `appKey` when there is no `sdkKey`; when both are present they are equal).
    pub app_key: String,
    /// `mn`, as a string whether the token carries a string or a number.
    pub mn: String,
    pub role: u8,
    pub iat: i64,
    pub exp: i64,
    pub token_exp: Option<i64>,
}

/// Reason tags. A rejection is `"<tag>: <detail>"` for each violation, joined by `"; "`.
mod reason {
    pub const SEGMENTS: &str = "segments";
    pub const BASE64URL: &str = "base64url";
    pub const DECODE: &str = "decode";
    pub const HEADER: &str = "header";
    pub const SIGNATURE: &str = "signature";
    pub const APP_KEY: &str = "app-key";
    pub const MN: &str = "mn";
    pub const ROLE: &str = "role";
    pub const IAT_TYPE: &str = "iat-type";
    pub const IAT_TIME: &str = "iat-time";
    pub const EXP_TYPE: &str = "exp-type";
    pub const EXP_WINDOW: &str = "exp-window";
    pub const TOKEN_EXP_TYPE: &str = "token-exp-type";
    pub const TOKEN_EXP_WINDOW: &str = "token-exp-window";
    pub const TOKEN_EXP_AFTER_EXP: &str = "token-exp-after-exp";
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// Verifies a Meeting SDK JWT against the SDK secret and the current time.
pub fn verify_meeting_sdk_jwt(token: &str, secret: &str) -> Result<Claims, String> {
    verify_at(token, secret, unix_now())
}

/// Lenient base64: either alphabet, padded or not. Used only to keep checking a token whose
/// alphabet is already reported as wrong, so that every defect is named at once.
fn decode_lenient(segment: &str) -> Option<Vec<u8>> {
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let url = GeneralPurpose::new(&base64::alphabet::URL_SAFE, config);
    let std = GeneralPurpose::new(&base64::alphabet::STANDARD, config);
    url.decode(segment).or_else(|_| std.decode(segment)).ok()
}

fn is_base64url_no_pad(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An integer JSON number (not a float, not a string).
fn int_claim(v: &Value) -> Option<i64> {
    v.as_i64()
}

/// The value a lenient reader would take, so that later checks still run on a mistyped claim.
fn lenient_number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.floor() as i64)),
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .or_else(|| s.trim().parse::<f64>().ok().map(|f| f.floor() as i64)),
        _ => None,
    }
}

/// The violations found so far: `"<tag>: <detail>"` each.
#[derive(Default)]
struct Violations(Vec<String>);

impl Violations {
    fn add(&mut self, tag: &str, detail: impl std::fmt::Display) {
        self.0.push(format!("{tag}: {detail}"));
    }

    fn into_error(self) -> String {
        self.0.join("; ")
    }
}

fn verify_at(token: &str, secret: &str, now: i64) -> Result<Claims, String> {
    use reason::*;
    let mut v = Violations::default();

    // Structure and encoding.
    let segments: Vec<&str> = token.split('.').collect();
    if segments.len() != 3 {
        v.add(
            SEGMENTS,
            format!(
                "expected 3 dot-separated segments, found {}",
                segments.len()
            ),
        );
        return Err(v.into_error());
    }
    for (i, s) in segments.iter().enumerate() {
        if !is_base64url_no_pad(s) {
            let url = |c: &char| c.is_ascii_alphanumeric() || *c == '-' || *c == '_';
            let bad: BTreeSet<char> = s.chars().filter(|c| !url(c)).collect();
            v.add(
                BASE64URL,
                format!("segment {} is not unpadded base64url (has {bad:?})", i + 1),
            );
        }
    }
    let Some(decoded) = segments
        .iter()
        .map(|s| decode_lenient(s))
        .collect::<Option<Vec<_>>>()
    else {
        v.add(DECODE, "a segment is not base64 at all");
        return Err(v.into_error());
    };
    let (Ok(header @ Value::Object(_)), Ok(Value::Object(claims))) = (
        serde_json::from_slice::<Value>(&decoded[0]),
        serde_json::from_slice::<Value>(&decoded[1]),
    ) else {
        v.add(DECODE, "the header or the payload is not a JSON object");
        return Err(v.into_error());
    };

    // Header and signature. The HMAC covers the segments exactly as they were printed.
    if header.get("alg") != Some(&json!("HS256")) || header.get("typ") != Some(&json!("JWT")) {
        v.add(
            HEADER,
            format!("expected {{\"alg\":\"HS256\",\"typ\":\"JWT\"}}, found {header}"),
        );
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{}.{}", segments[0], segments[1]).as_bytes());
    if mac.verify_slice(&decoded[2]).is_err() {
        v.add(
            SIGNATURE,
            "not an HMAC-SHA256 of the first two segments under the secret",
        );
    }

    // appKey / sdkKey, mn, role.
    let key = match (claims.get("appKey"), claims.get("sdkKey")) {
        (None, None) => {
            let legacy = claims.contains_key("apiKey") || claims.contains_key("api_key");
            let note = if legacy {
                " (has the legacy apiKey)"
            } else {
                ""
            };
            v.add(APP_KEY, format!("neither appKey nor sdkKey{note}"));
            None
        }
        (Some(a), Some(s)) if a != s => {
            v.add(APP_KEY, format!("appKey {a} and sdkKey {s} differ"));
            None
        }
        (a, s) => match s.or(a) {
            Some(Value::String(k)) if !k.is_empty() => Some(k.clone()),
            other => {
                v.add(APP_KEY, format!("not a non-empty string: {other:?}"));
                None
            }
        },
    };
    let mn = match claims.get("mn") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) if n.is_u64() => Some(n.to_string()),
        Some(other) => {
            v.add(MN, format!("not a meeting number: {other}"));
            None
        }
        None => {
            v.add(MN, "missing (required for a Web SDK token)");
            None
        }
    };
    let role = match claims.get("role") {
        Some(r) if matches!(r.as_u64(), Some(0 | 1)) => r.as_u64().map(|r| r as u8),
        Some(other) => {
            v.add(ROLE, format!("must be the number 0 or 1, found {other}"));
            None
        }
        None => {
            v.add(ROLE, "missing");
            None
        }
    };

    // Time claims: the type first, then the windows (on the leniently read value, so that a
    // mistyped claim does not hide a wrong time).
    let mut time_claim = |name: &str, type_tag: &str, required: bool| match claims.get(name) {
        None => {
            if required {
                v.add(type_tag, format!("{name} is missing"));
            }
            None
        }
        Some(value) => {
            if int_claim(value).is_none() {
                v.add(
                    type_tag,
                    format!("{name} must be integer seconds, found {value}"),
                );
            }
            lenient_number(value)
        }
    };
    let iat = time_claim("iat", IAT_TYPE, true);
    let exp = time_claim("exp", EXP_TYPE, true);
    let token_exp = time_claim("tokenExp", TOKEN_EXP_TYPE, false);
    let window = MIN_LIFETIME..=MAX_LIFETIME;
    if let Some(iat) = iat {
        let age = now - iat;
        if !(MIN_IAT_BACKDATE..=MAX_IAT_AGE).contains(&age) {
            let expected = format!("{MIN_IAT_BACKDATE}..={MAX_IAT_AGE} s");
            v.add(
                IAT_TIME,
                format!("iat is {age} s before now, not {expected} (backdated, not stale)"),
            );
        }
        if let Some(exp) = exp.filter(|exp| !window.contains(&(exp - iat))) {
            v.add(
                EXP_WINDOW,
                format!("exp - iat = {} s, outside {window:?}", exp - iat),
            );
        }
        if let Some(te) = token_exp.filter(|te| !window.contains(&(te - iat))) {
            v.add(
                TOKEN_EXP_WINDOW,
                format!("tokenExp - iat = {} s, outside {window:?}", te - iat),
            );
        }
    }
    if let (Some(exp), Some(te)) = (exp, token_exp) {
        if te > exp {
            v.add(
                TOKEN_EXP_AFTER_EXP,
                format!("tokenExp is {} s after exp", te - exp),
            );
        }
    }

    match (key, mn, role, iat, exp) {
        (Some(app_key), Some(mn), Some(role), Some(iat), Some(exp)) if v.0.is_empty() => {
            Ok(Claims {
                app_key,
                mn,
                role,
                iat,
                exp,
                token_exp,
            })
        }
        _ => Err(v.into_error()),
    }
}

/// The reason tags of a rejection (no detail contains "; ").
fn reasons(error: &str) -> BTreeSet<String> {
    error
        .split("; ")
        .map(|e| e.split(':').next().unwrap_or(e).to_string())
        .collect()
}

fn tags(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Checks a legacy Web SDK signature (SPEC §1.1), so the legacy programs are known to be real
/// legacy generators and not just broken output.
fn verify_legacy_signature(
    signature: &str,
    key: &str,
    secret: &str,
    now_ms: i64,
) -> Result<(), String> {
    let raw = decode_lenient(signature).ok_or("not base64")?;
    let raw = String::from_utf8(raw).map_err(|_| "not UTF-8")?;
    let parts: Vec<&str> = raw.split('.').collect();
    let [k, mn, ts, role, hash] = parts[..] else {
        return Err(format!("expected key.mn.timestamp.role.hash, got {raw:?}"));
    };
    if k != key || mn != MEETING_NUMBER || role != ROLE {
        return Err(format!("key/mn/role are {k}/{mn}/{role}"));
    }
    let ts_ms: i64 = ts
        .parse()
        .map_err(|_| format!("timestamp {ts:?} is not an integer"))?;
    if !(0..=MAX_IAT_AGE * 1000).contains(&(now_ms - ts_ms)) {
        return Err(format!(
            "timestamp {ts_ms} is not milliseconds shortly before {now_ms}"
        ));
    }
    let message = STANDARD.encode(format!("{k}{mn}{ts}{role}"));
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(message.as_bytes());
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    if hash != expected {
        return Err(format!(
            "hash {hash} is not base64(HMAC-SHA256(secret, base64(key+mn+ts+role)))"
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// (a) The verifier accepts a correct token and rejects each defect
// ---------------------------------------------------------------------------------------------

fn hs256(input: &str, secret: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn make_token_with(
    header: &Value,
    claims: &Value,
    secret: &str,
    engine: &GeneralPurpose,
) -> String {
    let header = engine.encode(header.to_string());
    let input = format!("{header}.{}", engine.encode(claims.to_string()));
    let sig = engine.encode(hs256(&input, secret));
    format!("{input}.{sig}")
}

fn hs256_header() -> Value {
    json!({"alg": "HS256", "typ": "JWT"})
}

fn make_token(claims: &Value) -> String {
    make_token_with(&hs256_header(), claims, SDK_SECRET, &URL_SAFE_NO_PAD)
}

/// The claims of a correct token issued at `now`: iat backdated 30 s, a 2 h lifetime.
fn good_claims(now: i64) -> Value {
    let iat = now - 30;
    json!({
        "appKey": SDK_KEY, "sdkKey": SDK_KEY, "mn": MEETING_NUMBER, "role": 1,
        "iat": iat, "exp": iat + 7200, "tokenExp": iat + 7200,
    })
}

/// `good_claims(now)` with claims set (a `Value::Null` removes the claim).
fn claims(now: i64, set: &[(&str, Value)]) -> Value {
    let mut c = good_claims(now);
    let map = c.as_object_mut().unwrap();
    for (name, value) in set {
        match value {
            Value::Null => map.remove(*name),
            v => map.insert(name.to_string(), v.clone()),
        };
    }
    c
}

fn assert_rejected_for(token: &str, expected: &[&str], what: &str) {
    match verify_meeting_sdk_jwt(token, SDK_SECRET) {
        Ok(c) => panic!("{what}: accepted {c:?}"),
        Err(e) => assert_eq!(reasons(&e), tags(expected), "{what}: {e}"),
    }
}

#[test]
fn verifier_accepts_a_correct_token() {
    let now = unix_now();
    let (iat, null) = (now - 30, Value::Null);
    let accepted = verify_meeting_sdk_jwt(&make_token(&good_claims(now)), SDK_SECRET);
    let expected = Claims {
        app_key: SDK_KEY.into(),
        mn: MEETING_NUMBER.into(),
        role: 1,
        iat,
        exp: iat + 7200,
        token_exp: Some(iat + 7200),
    };
    assert_eq!(accepted, Ok(expected));
    // The variants Zoom accepts: sdkKey or appKey alone, mn as a number, role 0, no tokenExp,
    // the window bounds (inclusive), iat backdated 60 s.
    let variants = [
        claims(now, &[("appKey", null.clone())]),
        claims(now, &[("sdkKey", null.clone())]),
        claims(now, &[("mn", json!(85746065432u64))]),
        claims(now, &[("role", json!(0))]),
        claims(now, &[("tokenExp", null.clone())]),
        claims(
            now,
            &[("exp", json!(iat + 1800)), ("tokenExp", json!(iat + 1800))],
        ),
        claims(
            now,
            &[
                ("exp", json!(iat + 172_800)),
                ("tokenExp", json!(iat + 3600)),
            ],
        ),
        claims(
            now,
            &[
                ("iat", json!(now - 60)),
                ("exp", json!(now + 7140)),
                ("tokenExp", null),
            ],
        ),
    ];
    for c in variants {
        let verdict = verify_meeting_sdk_jwt(&make_token(&c), SDK_SECRET);
        assert!(verdict.is_ok(), "{c}: {verdict:?}");
    }
}

#[test]
fn verifier_rejects_each_defect() {
    use reason::*;
    let now = unix_now();
    let (iat, null) = (now - 30, Value::Null);
    let good = make_token(&good_claims(now));
    let header = hs256_header();
    let engine = |alphabet, padding| {
        GeneralPurpose::new(
            alphabet,
            GeneralPurposeConfig::new().with_encode_padding(padding),
        )
    };
    let encoded_with = |alphabet, padding| {
        make_token_with(
            &header,
            &good_claims(now),
            SDK_SECRET,
            &engine(alphabet, padding),
        )
    };

    // Structure and encoding. A 32-byte HMAC always ends in '=' when padded.
    assert_rejected_for(&good.replacen('.', "", 1), &[SEGMENTS], "two segments");
    assert_rejected_for(&format!("{good}.x"), &[SEGMENTS], "four segments");
    let std_padded = encoded_with(&base64::alphabet::STANDARD, true);
    assert_rejected_for(&std_padded, &[BASE64URL], "standard base64, padded");
    let url_padded = encoded_with(&base64::alphabet::URL_SAFE, true);
    assert_rejected_for(&url_padded, &[BASE64URL], "base64url, padded");
    // Standard alphabet without padding: find a meeting whose token has '+' or '/'.
    let std_no_pad = engine(&base64::alphabet::STANDARD, false);
    let token = (0u64..)
        .map(|n| claims(now, &[("mn", json!(n.to_string()))]))
        .map(|c| make_token_with(&header, &c, SDK_SECRET, &std_no_pad))
        .find(|t| t.contains('+') || t.contains('/'))
        .unwrap();
    assert_rejected_for(&token, &[BASE64URL], "standard alphabet, no padding");
    assert_rejected_for("e30.e30.!!!", &[BASE64URL, DECODE], "not base64");
    let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
    let not_object = format!("{}.{}.{}", b64("{}"), b64("[1]"), b64("x"));
    assert_rejected_for(&not_object, &[DECODE], "payload not an object");

    // Header and signature.
    let hs512 = json!({"alg": "HS512", "typ": "JWT"});
    let token = make_token_with(&hs512, &good_claims(now), SDK_SECRET, &URL_SAFE_NO_PAD);
    assert_rejected_for(&token, &[HEADER], "alg HS512");
    let no_typ = json!({"alg": "HS256"});
    let token = make_token_with(&no_typ, &good_claims(now), SDK_SECRET, &URL_SAFE_NO_PAD);
    assert_rejected_for(&token, &[HEADER], "typ missing");
    let token = make_token_with(
        &header,
        &good_claims(now),
        "another-secret",
        &URL_SAFE_NO_PAD,
    );
    assert_rejected_for(&token, &[SIGNATURE], "wrong secret");
    let parts: Vec<&str> = good.split('.').collect();
    let tampered = b64(&claims(now, &[("role", json!(0))]).to_string());
    let token = format!("{}.{tampered}.{}", parts[0], parts[2]);
    assert_rejected_for(&token, &[SIGNATURE], "payload changed after signing");

    // Claims, one defect each (`null` removes a claim).
    let reject = |what: &str, set: &[(&str, Value)], expected: &[&str]| {
        assert_rejected_for(&make_token(&claims(now, set)), expected, what)
    };
    let no_keys = [("appKey", null.clone()), ("sdkKey", null.clone())];
    reject("no appKey/sdkKey", &no_keys, &[APP_KEY]);
    reject(
        "legacy apiKey",
        &[
            no_keys[0].clone(),
            no_keys[1].clone(),
            ("apiKey", json!(SDK_KEY)),
        ],
        &[APP_KEY],
    );
    reject(
        "sdkKey a number",
        &[no_keys[0].clone(), ("sdkKey", json!(12))],
        &[APP_KEY],
    );
    reject(
        "appKey and sdkKey differ",
        &[("appKey", json!("other"))],
        &[APP_KEY],
    );
    reject("mn missing", &[("mn", null.clone())], &[MN]);
    reject("role missing", &[("role", null.clone())], &[ROLE]);
    reject("role a string", &[("role", json!("1"))], &[ROLE]);
    reject("role 2", &[("role", json!(2))], &[ROLE]);
    reject(
        "iat a string",
        &[("iat", json!(iat.to_string()))],
        &[IAT_TYPE],
    );
    reject(
        "iat a float",
        &[("iat", json!(iat as f64 + 0.25))],
        &[IAT_TYPE],
    );
    reject("iat missing", &[("iat", null.clone())], &[IAT_TYPE]);
    let times = |iat: i64, exp: i64, token_exp: i64| {
        [
            ("iat", json!(iat)),
            ("exp", json!(exp)),
            ("tokenExp", json!(token_exp)),
        ]
    };
    reject(
        "iat not backdated",
        &times(now, now + 7200, now + 7200),
        &[IAT_TIME],
    );
    reject(
        "iat stale",
        &times(now - 600, now + 6600, now + 6600),
        &[IAT_TIME],
    );
    reject(
        "exp a string",
        &[("exp", json!((iat + 7200).to_string()))],
        &[EXP_TYPE],
    );
    reject("exp missing", &[("exp", null.clone())], &[EXP_TYPE]);
    reject(
        "lifetime 1799 s",
        &times(iat, iat + 1799, iat + 1799),
        &[EXP_WINDOW, TOKEN_EXP_WINDOW],
    );
    reject(
        "lifetime 1799 s, no tokenExp",
        &[("exp", json!(iat + 1799)), ("tokenExp", null)],
        &[EXP_WINDOW],
    );
    reject(
        "lifetime 72 h",
        &[("exp", json!(iat + 72 * 3600))],
        &[EXP_WINDOW],
    );
    reject(
        "tokenExp a float",
        &[("tokenExp", json!(iat as f64 + 7199.5))],
        &[TOKEN_EXP_TYPE],
    );
    reject(
        "tokenExp 10 min",
        &[("tokenExp", json!(iat + 600))],
        &[TOKEN_EXP_WINDOW],
    );
    reject(
        "tokenExp after exp",
        &times(iat, iat + 3600, iat + 7200),
        &[TOKEN_EXP_AFTER_EXP],
    );
    // Milliseconds: an exp in ms is a lifetime of decades; an iat in ms lies in the future.
    let (exp_ms, iat_ms) = ((iat + 7200) * 1000, iat * 1000);
    reject(
        "exp in milliseconds",
        &times(iat, exp_ms, exp_ms),
        &[EXP_WINDOW, TOKEN_EXP_WINDOW],
    );
    reject(
        "iat in milliseconds",
        &[("iat", json!(iat_ms))],
        &[IAT_TIME, EXP_WINDOW, TOKEN_EXP_WINDOW],
    );
}

#[test]
fn legacy_verifier_checks_the_legacy_format() {
    let now_ms = unix_now() * 1000;
    let ts = now_ms - 30_000;
    let message = STANDARD.encode(format!("{SDK_KEY}{MEETING_NUMBER}{ts}{ROLE}"));
    let hash = STANDARD.encode(hs256(&message, SDK_SECRET));
    let legacy =
        |ts: i64| URL_SAFE_NO_PAD.encode(format!("{SDK_KEY}.{MEETING_NUMBER}.{ts}.{ROLE}.{hash}"));
    let sig = legacy(ts);
    assert_eq!(
        verify_legacy_signature(&sig, SDK_KEY, SDK_SECRET, now_ms),
        Ok(())
    );
    assert!(verify_legacy_signature(&sig, SDK_KEY, "another-secret", now_ms).is_err());
    assert!(verify_legacy_signature(&legacy(ts / 1000), SDK_KEY, SDK_SECRET, now_ms).is_err());
    let verdict = verify_meeting_sdk_jwt(&sig, SDK_SECRET);
    assert_eq!(reasons(&verdict.unwrap_err()), tags(&[reason::SEGMENTS]));
}

// ---------------------------------------------------------------------------------------------
// The programs and how they fail today
// ---------------------------------------------------------------------------------------------

enum Expect {
    /// A legacy signature (SPEC §1.1): one segment, checked by [`verify_legacy_signature`].
    Legacy,
    /// A legacy generator whose last step is broken (SPEC §5: the five parts handed to
    /// `Buffer.from` as five arguments): one segment, and not even a correct legacy signature.
    BrokenLegacy,
    /// A Meeting SDK JWT rejected for exactly these reasons.
    Jwt(&'static [&'static str]),
}

/// Every program under `exec/`: what `siglint check` reports on it today (the comment above the
/// row) and why the verifier rejects its token.
#[rustfmt::skip]
const PROGRAMS: &[(&str, &str, Expect)] = {
    use reason::*;
    use Expect::*;
    &[
        // SIG001; SIG004 (final signature in standard base64 with padding)
        ("javascript", "legacy_generate_signature.js", Legacy),
        // SIG001 (the five parts handed to Buffer.from as five arguments: base64 of the key alone)
        ("javascript", "legacy_buffer_from_five_args.js", BrokenLegacy),
        // SIG001 (five parts joined with '.', then base64url)
        ("javascript", "legacy_parts_join.js", Legacy),
        // SIG003 (Math.floor(Date.now() / 1000)); SIG004 x3 (toString('base64'), digest('base64'))
        ("javascript", "jwt_std_base64_iat_now.js", Jwt(&[BASE64URL, IAT_TIME])),
        // SIG006 (exp = Date.now() + 2 h in ms); SIG005 (tokenExp = iat + 72 h)
        ("javascript", "jwt_ms_expiry_long_token_exp.js", Jwt(&[EXP_WINDOW, TOKEN_EXP_WINDOW])),
        // SIG004 x3 (Web Crypto HMAC; btoa over a binary string built in a loop)
        ("javascript", "jwt_webcrypto_btoa_loop.js", Jwt(&[BASE64URL])),
        // SIG001; SIG004 (standard alphabet, only '=' stripped)
        ("typescript", "legacy_signature_util.ts", Legacy),
        // SIG002 (no role); SIG012 (iat: String(iat))
        ("typescript", "jwt_string_iat_missing_role.ts", Jwt(&[ROLE, IAT_TYPE])),
        // SIG007 (apiKey, no appKey/sdkKey); SIG010 (tokenExp = iat + 4 h, exp = iat + 2 h)
        ("typescript", "jwt_api_key_token_exp_after_exp.ts", Jwt(&[APP_KEY, TOKEN_EXP_AFTER_EXP])),
        // SIG001 ([...].join('.'), urlsafe_encode64 padding: false)
        ("ruby", "legacy_signature_join.rb", Legacy),
        // SIG003 (Time.now.to_i); SIG004 x3 (strict_encode64)
        ("ruby", "jwt_strict_base64_iat_now.rb", Jwt(&[BASE64URL, IAT_TIME])),
        // SIG004 (urlsafe_encode64 keeps '='); SIG012 (iat = Time.now.to_f - 30)
        ("ruby", "jwt_float_iat_padded_segments.rb", Jwt(&[BASE64URL, IAT_TYPE])),
        // SIG006 (exp from Time.now.to_f * 1000). tokenExp = iat + 24 h is inside the window and
        // below the millisecond exp today; once exp is in seconds it is after exp, so --fix must
        // also apply SIG010 on its next pass.
        ("ruby", "jwt_millis_token_exp_after_exp.rb", Jwt(&[EXP_WINDOW])),
        // SIG001 (concatenation with ".", rtrim(strtr(...)))
        ("php", "legacy_generate_signature.php", Legacy),
        // SIG003 (time()); SIG004 x3 (base64_encode)
        ("php", "jwt_base64_encode_time_now.php", Jwt(&[BASE64URL, IAT_TIME])),
        // SIG006 (exp = time() * 1000 + TTL); SIG012 ((string) $iat)
        ("php", "jwt_millis_string_iat.php", Jwt(&[IAT_TYPE, EXP_WINDOW, TOKEN_EXP_WINDOW])),
        // SIG002 (no role); SIG007 (apiKey)
        ("php", "jwt_api_key_missing_role.php", Jwt(&[APP_KEY, ROLE])),
        // SIG001 (String.format("%s.%s.%s.%d.%s")); SIG004 (getEncoder() + replaceAll("=+$", ""))
        ("java", "LegacySignatureUtil.java", Legacy),
        // SIG003 (Instant.now().getEpochSecond()); SIG004 x3 (Base64.getEncoder())
        ("java", "JwtStdBase64IatNow.java", Jwt(&[BASE64URL, IAT_TIME])),
        // SIG004 (getUrlEncoder() keeps '='); SIG006 (exp = currentTimeMillis() + TTL)
        ("java", "JwtMillisExpUrlPadding.java", Jwt(&[BASE64URL, EXP_WINDOW, TOKEN_EXP_WINDOW])),
        // SIG010 (tokenExp = iat + 4 h); SIG012 (quoted "%d" for iat in the JSON template)
        ("java", "JwtFormatStringIatTokenExp.java", Jwt(&[IAT_TYPE, TOKEN_EXP_AFTER_EXP])),
        // SIG012 x2 (MessageFormat writes iat and exp as 1,733,500,000: no JSON number)
        ("java", "JwtMessageFormatGroupedTimes.java", Jwt(&[DECODE])),
        // SIG002 (no role in the claims map); SIG007 (claims.put("apiKey", key))
        ("java", "JwtClaimsMapApiKeyNoRole.java", Jwt(&[APP_KEY, ROLE])),
        // SIG001 ("%s.%s.%s.%s.%s" % (...), hmac.new(..., hashlib.sha256))
        ("python", "legacy_signature_view.py", Legacy),
        // SIG003 (int(time.time())); SIG004 x2 (base64.b64encode)
        ("python", "jwt_b64encode_iat_now.py", Jwt(&[BASE64URL, IAT_TIME])),
        // SIG012 (iat = time.time() - 30); SIG005 (exp = iat + 3 days; tokenExp = exp)
        ("python", "jwt_float_iat_three_days.py", Jwt(&[IAT_TYPE, EXP_WINDOW, TOKEN_EXP_WINDOW])),
        // SIG002 (no role); SIG007 (apiKey)
        ("python", "jwt_api_key_missing_role.py", Jwt(&[APP_KEY, ROLE])),
        // SIG015 (Buffer.from(token, 'utf8').toString('base64'))
        ("javascript", "jwt_base64_wrapped_token.js", Jwt(&[SEGMENTS])),
        // SIG015 (base64.b64encode(meeting_jwt(...).encode()).decode())
        ("python", "jwt_b64encoded_token.py", Jwt(&[SEGMENTS])),
        // SIG013 programs: right on a UTC server, off by the zone offset on the Tokyo one.
        // SIG013 (Date.now() + getTimezoneOffset() * 60 * 1000)
        ("javascript", "jwt_timezone_offset_epoch.js", Jwt(&[IAT_TIME])),
        // SIG013 (new Date(new Date().toLocaleString('en-US', { timeZone: 'UTC' })))
        ("typescript", "jwt_locale_string_utc_date.ts", Jwt(&[IAT_TIME])),
        // SIG013 (Time.parse(Time.now.utc.strftime('%Y-%m-%d %H:%M:%S')))
        ("ruby", "jwt_parse_utc_text.rb", Jwt(&[IAT_TIME])),
        // SIG013 (strtotime(gmdate('Y-m-d H:i:s')))
        ("php", "jwt_strtotime_gmdate.php", Jwt(&[IAT_TIME])),
        // SIG013 x2 (LocalDateTime.now()....toEpochSecond(ZoneOffset.UTC))
        ("java", "JwtLocalDateTimeAsUtc.java", Jwt(&[IAT_TIME])),
        // SIG013 (int(datetime.utcnow().timestamp()))
        ("python", "jwt_utcnow_timestamp.py", Jwt(&[IAT_TIME])),
        // SIG004 x2 (base64.b64encode inside double-quoted f-strings)
        ("python", "jwt_fstring_std_base64.py", Jwt(&[BASE64URL])),
    ]
};

// ---------------------------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------------------------

const PROGRAM_TIMEOUT: Duration = Duration::from_secs(120);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Printed past libtest's capture, so a skip shows in a plain `cargo test`.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn require_runtimes() -> bool {
    std::env::var("SIGLINT_REQUIRE_RUNTIMES").is_ok_and(|v| v == "1")
}

fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn tsc() -> String {
    std::env::var("SIGLINT_TSC").unwrap_or_else(|_| "tsc".into())
}

/// The runtimes a language needs; `None` when all are installed, else the missing one's name.
fn missing_runtime(lang: &str) -> Option<String> {
    let needs: Vec<(String, &[&str])> = match lang {
        "javascript" => vec![("node".into(), &["--version"])],
        "typescript" => vec![("node".into(), &["--version"]), (tsc(), &["--version"])],
        "ruby" => vec![("ruby".into(), &["--version"])],
        "php" => vec![("php".into(), &["--version"])],
        "java" => vec![("java".into(), &["-version"])],
        "python" => vec![("python3".into(), &["--version"])],
        other => panic!("unknown language {other}"),
    };
    needs
        .into_iter()
        .find(|(bin, args)| !works(bin, args))
        .map(|(bin, _)| bin)
}

/// Whether to run a language: false (with the SKIPPED line) when a runtime is absent.
fn available(lang: &str) -> bool {
    match missing_runtime(lang) {
        None => true,
        Some(bin) if require_runtimes() => {
            panic!("{bin} not installed (SIGLINT_REQUIRE_RUNTIMES=1)")
        }
        Some(bin) => {
            note(&format!(
                "SKIPPED: {bin} not installed ({lang} programs not run)"
            ));
            false
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The program files of `exec/<lang>/`, sorted.
fn program_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| {
            [".js", ".ts", ".rb", ".php", ".java", ".py"]
                .iter()
                .any(|ext| f.ends_with(ext))
        })
        .collect();
    files.sort();
    files
}

/// Runs a command with the fixed inputs in its environment and a time limit; stdout and stderr
/// go to files (no pipe can fill up). Returns stdout, or an error with everything printed.
fn run(mut cmd: Command, cwd: &Path, label: &str) -> Result<String, String> {
    let out_dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (out_dir.path().join("stdout"), out_dir.path().join("stderr"));
    let mut child = cmd
        .current_dir(cwd)
        .env("ZOOM_SDK_KEY", SDK_KEY)
        .env("ZOOM_SDK_SECRET", SDK_SECRET)
        .env("MEETING_NUMBER", MEETING_NUMBER)
        .env("ROLE", ROLE)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .map_err(|e| format!("{label}: cannot start: {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > PROGRAM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{label}: still running after {PROGRAM_TIMEOUT:?}, killed"
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    if !status.success() {
        return Err(format!(
            "{label}: {status}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
        ));
    }
    Ok(stdout)
}

/// Compiles every `.ts` file of `dir` into `out` (CommonJS, strict type check when @types/node
/// is installed next to the compiler, else syntax only).
fn compile_typescript(dir: &Path, out: &Path) -> Result<(), String> {
    let tsc = tsc();
    let mut cmd = Command::new(&tsc);
    cmd.args([
        "--strict",
        "--target",
        "es2020",
        "--module",
        "commonjs",
        "--esModuleInterop",
        "--skipLibCheck",
    ]);
    cmd.arg("--rootDir").arg(dir).arg("--outDir").arg(out);
    let resolved = which(&tsc).and_then(|p| p.canonicalize().ok());
    // <prefix>/node_modules/typescript/bin/tsc -> <prefix>/node_modules/@types
    let type_roots = resolved
        .as_deref()
        .and_then(|p| p.ancestors().nth(3))
        .map(|nm| nm.join("@types"));
    match type_roots.filter(|t| t.join("node").is_dir()) {
        Some(roots) => {
            cmd.arg("--typeRoots").arg(roots).args(["--types", "node"]);
        }
        None => {
            note("note: @types/node not found next to tsc: TypeScript programs are compiled without type checking");
            cmd.arg("--noCheck");
        }
    }
    for f in program_files(dir).iter().filter(|f| f.ends_with(".ts")) {
        cmd.arg(dir.join(f));
    }
    run(cmd, dir, "tsc").map(|_| ())
}

fn which(bin: &str) -> Option<PathBuf> {
    if bin.contains('/') {
        return Some(PathBuf::from(bin));
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(bin))
        .find(|p| p.is_file())
}

/// Runs every program of one language directory (a copy: nothing is written under exec/) and
/// returns `(file, token or error)` per program. Each must print exactly one line.
/// The time zone programs run in unless a test says otherwise: a server east of UTC, where a
/// timestamp that mixes local time and UTC (SIG013) is off by nine hours.
const SERVER_ZONE: &str = "Asia/Tokyo";

fn run_language(lang: &str, dir: &Path) -> Vec<(String, Result<String, String>)> {
    run_language_in(lang, dir, SERVER_ZONE)
}

/// Runs every program of `dir` with its process time zone set to `zone` (`TZ`; PHP reads its
/// zone from `date.timezone`, not from `TZ`).
fn run_language_in(lang: &str, dir: &Path, zone: &str) -> Vec<(String, Result<String, String>)> {
    let files = program_files(dir);
    let build = tempfile::tempdir().unwrap();
    let compiled = if lang == "typescript" {
        compile_typescript(dir, build.path())
    } else {
        Ok(())
    };
    files
        .into_iter()
        .map(|file| {
            let result = compiled.clone().and_then(|()| {
                let mut cmd = match lang {
                    "javascript" => command("node", &[dir.join(&file)]),
                    "typescript" => {
                        command("node", &[build.path().join(file.replace(".ts", ".js"))])
                    }
                    "ruby" => command("ruby", &[dir.join(&file)]),
                    "php" => {
                        let mut c = Command::new("php");
                        c.arg("-d").arg(format!("date.timezone={zone}"));
                        c.arg(dir.join(&file));
                        c
                    }
                    "java" => command("java", &[dir.join(&file)]),
                    "python" => command("python3", &[dir.join(&file)]),
                    other => panic!("unknown language {other}"),
                };
                cmd.env("TZ", zone);
                let stdout = run(cmd, dir, &format!("{lang}/{file}"))?;
                match stdout
                    .strip_suffix('\n')
                    .map(|s| s.strip_suffix('\r').unwrap_or(s))
                {
                    Some(line) if !line.is_empty() && !line.contains('\n') => Ok(line.to_string()),
                    _ => Err(format!(
                        "{lang}/{file}: expected exactly one line, printed {stdout:?}"
                    )),
                }
            });
            (file, result)
        })
        .collect()
}

fn command(program: &str, args: &[PathBuf]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    cmd
}

// ---------------------------------------------------------------------------------------------
// (b) Every program runs today and is rejected for the listed reasons
// ---------------------------------------------------------------------------------------------

fn programs_of(lang: &str) -> Vec<(&'static str, &'static Expect)> {
    PROGRAMS
        .iter()
        .filter(|(l, _, _)| *l == lang)
        .map(|(_, f, e)| (*f, e))
        .collect()
}

fn buggy_programs_are_rejected(lang: &str) {
    let source = repo().join("exec").join(lang);
    let mut listed: Vec<&str> = programs_of(lang).iter().map(|(f, _)| *f).collect();
    listed.sort();
    assert_eq!(
        program_files(&source),
        listed,
        "exec/{lang}/ and the PROGRAMS table must list the same files"
    );
    if !available(lang) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(lang);
    copy_dir(&source, &dir);
    let mut failures = Vec::new();
    for (file, result) in run_language(lang, &dir) {
        let expect = programs_of(lang)
            .into_iter()
            .find(|(f, _)| *f == file)
            .unwrap()
            .1;
        let token = match result {
            Ok(t) => t,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let verdict = verify_meeting_sdk_jwt(&token, SDK_SECRET);
        match (expect, verdict) {
            (_, Ok(claims)) => failures.push(format!(
                "{file}: accepted today ({claims:?}), expected a rejection"
            )),
            (Expect::Legacy, Err(e)) => {
                if reasons(&e) != tags(&[reason::SEGMENTS]) {
                    failures.push(format!(
                        "{file}: legacy signature rejected for {e}, expected only `segments`"
                    ));
                }
                if let Err(e) =
                    verify_legacy_signature(&token, SDK_KEY, SDK_SECRET, unix_now() * 1000)
                {
                    failures.push(format!(
                        "{file}: not a correct legacy signature: {e}\n  {token}"
                    ));
                }
            }
            (Expect::BrokenLegacy, Err(e)) => {
                if reasons(&e) != tags(&[reason::SEGMENTS]) {
                    failures.push(format!(
                        "{file}: broken legacy signature rejected for {e}, expected only `segments`"
                    ));
                }
                if verify_legacy_signature(&token, SDK_KEY, SDK_SECRET, unix_now() * 1000).is_ok() {
                    failures.push(format!(
                        "{file}: a correct legacy signature, expected a broken one\n  {token}"
                    ));
                }
            }
            (Expect::Jwt(expected), Err(e)) => {
                if reasons(&e) != tags(expected) {
                    failures.push(format!(
                        "{file}: rejected for {:?}, expected {expected:?}\n  {e}\n  {token}",
                        reasons(&e)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{lang}:\n{}", failures.join("\n"));
}

#[test]
fn javascript_programs_are_rejected_today() {
    buggy_programs_are_rejected("javascript");
}

#[test]
fn typescript_programs_are_rejected_today() {
    buggy_programs_are_rejected("typescript");
}

#[test]
fn ruby_programs_are_rejected_today() {
    buggy_programs_are_rejected("ruby");
}

#[test]
fn php_programs_are_rejected_today() {
    buggy_programs_are_rejected("php");
}

#[test]
fn java_programs_are_rejected_today() {
    buggy_programs_are_rejected("java");
}

#[test]
fn python_programs_are_rejected_today() {
    buggy_programs_are_rejected("python");
}

#[test]
fn every_program_has_findings_today() {
    let out = Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(["check", "--format", "json", "exec"])
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let with_findings: BTreeSet<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect();
    for (lang, file, _) in PROGRAMS {
        let path = format!("exec/{lang}/{file}");
        assert!(
            with_findings.contains(&path),
            "{path} has no finding; paths with findings: {with_findings:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (c) The proof the autofix must pass
// ---------------------------------------------------------------------------------------------

fn siglint_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn fixed_programs_produce_valid_tokens() {
    let tmp = tempfile::tempdir().unwrap();
    let exec = tmp.path().join("exec");
    copy_dir(&repo().join("exec"), &exec);
    let before = snapshot(&exec);

    let fix = siglint_in(tmp.path(), &["check", "--fix", "--unsafe-fixes", "exec"]);
    let show = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    assert!(
        matches!(fix.status.code(), Some(0 | 1)),
        "--fix failed ({}):\n{}",
        fix.status,
        show(&fix)
    );

    // Every program was rewritten, and nothing is left to report.
    let after = snapshot(&exec);
    let paths = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(
        paths(&before),
        paths(&after),
        "--fix must not add or remove files"
    );
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        assert_ne!(old, new, "{} was not changed by --fix", path.display());
    }
    let recheck = siglint_in(tmp.path(), &["check", "exec"]);
    assert_eq!(
        recheck.status.code(),
        Some(0),
        "findings left after --fix:\n{}",
        show(&recheck)
    );

    // A second --fix changes nothing.
    let again = siglint_in(tmp.path(), &["check", "--fix", "--unsafe-fixes", "exec"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "second --fix:\n{}",
        show(&again)
    );
    assert!(
        snapshot(&exec) == after,
        "a second --fix --unsafe-fixes changed files"
    );

    // Every fixed program prints a token the verifier accepts, for the given inputs.
    let mut failures = Vec::new();
    let mut ran = 0;
    for lang in ["javascript", "typescript", "ruby", "php", "java", "python"] {
        if !available(lang) {
            continue;
        }
        for (file, result) in run_language(lang, &exec.join(lang)) {
            ran += 1;
            let verdict = result.and_then(|token| {
                verify_meeting_sdk_jwt(&token, SDK_SECRET).map_err(|e| format!("{e}\n  {token}"))
            });
            match verdict {
                Ok(c)
                    if c.app_key == SDK_KEY
                        && c.mn == MEETING_NUMBER
                        && c.role.to_string() == ROLE => {}
                Ok(c) => failures.push(format!(
                    "{lang}/{file}: valid token for other inputs: {c:?}"
                )),
                Err(e) => failures.push(format!("{lang}/{file}: {e}")),
            }
        }
    }
    assert!(ran > 0, "no language could run");
    assert!(
        failures.is_empty(),
        "fixed programs:\n{}",
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------------------------
// (d) SIG013: the fixed time is the real epoch time in every zone
// ---------------------------------------------------------------------------------------------

/// The SIG013 programs (those that mix local time and UTC), one per language.
const LOCAL_TIME_PROGRAMS: &[(&str, &str)] = &[
    ("javascript", "jwt_timezone_offset_epoch.js"),
    ("typescript", "jwt_locale_string_utc_date.ts"),
    ("ruby", "jwt_parse_utc_text.rb"),
    ("php", "jwt_strtotime_gmdate.php"),
    ("java", "JwtLocalDateTimeAsUtc.java"),
    ("python", "jwt_utcnow_timestamp.py"),
];

/// The `iat` claim of a printed token.
fn iat_of(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let json: Value = serde_json::from_slice(&decode_lenient(payload)?).ok()?;
    json.get("iat").and_then(lenient_number)
}

#[test]
fn local_time_fixes_give_the_real_epoch_in_every_zone() {
    let programs = LOCAL_TIME_PROGRAMS;
    for (lang, file) in programs {
        assert!(
            programs_of(lang).iter().any(|(f, _)| f == file),
            "{lang}/{file} is not in PROGRAMS"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let exec = tmp.path().join("exec");
    copy_dir(&repo().join("exec"), &exec);
    let zones = ["Asia/Tokyo", "America/Los_Angeles"];
    let mut failures = Vec::new();
    let mut ran = 0;

    // Before the fix: off by hours in both zones.
    for (lang, file) in programs {
        if !available(lang) {
            continue;
        }
        for zone in zones {
            for (f, result) in run_language_in(lang, &exec.join(lang), zone) {
                if f != *file {
                    continue;
                }
                ran += 1;
                match result.map(|t| iat_of(&t)) {
                    Ok(Some(iat)) if (unix_now() - iat).abs() >= 3600 => {}
                    other => failures.push(format!(
                        "{lang}/{file} in {zone} before the fix: iat should be hours off, got {other:?}"
                    )),
                }
            }
        }
    }

    let fix = siglint_in(tmp.path(), &["check", "--fix", "exec"]);
    assert!(matches!(fix.status.code(), Some(0 | 1)), "--fix failed");

    // After the fix: within 60 s of the real epoch time, and a valid token, in both zones.
    for (lang, file) in programs {
        if !available(lang) {
            continue;
        }
        for zone in zones {
            for (f, result) in run_language_in(lang, &exec.join(lang), zone) {
                if f != *file {
                    continue;
                }
                let verdict = result.and_then(|token| {
                    let iat = iat_of(&token).ok_or("no iat")?;
                    let off = (unix_now() - iat).abs();
                    if off > 60 {
                        return Err(format!("iat is {off} s from the real epoch time"));
                    }
                    verify_meeting_sdk_jwt(&token, SDK_SECRET).map(|_| ())
                });
                if let Err(e) = verdict {
                    failures.push(format!("{lang}/{file} in {zone} after the fix: {e}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "SIG013 programs:\n{}",
        failures.join("\n")
    );
    if ran == 0 {
        note("SKIPPED: no runtime for the SIG013 programs");
    }
}
