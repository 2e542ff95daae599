//! The token inspector: tokens generated here with a test secret for every defect and for a
//! correct one, garbage that must be a clean "not a token", `find_tokens`, a seeded stress run,
//! and the `siglint token` command end to end.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::{Sha256, Sha512};
use siglint::token::{
    self, find_tokens, find_tokens_with, inspect, inspect_bytes, Options, Secret, Token,
    TokenReport,
};

const SECRET: &str = "test-sdk-secret-Zx81kQ3vLm";
const OTHER_SECRET: &str = "another-secret-9f8e7d6c5b";
const NOW: i64 = 1_700_000_000;
const IAT: i64 = NOW - 30;

// ---------------------------------------------------------------------------------------------
// Token builders

fn b64u(b: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(b)
}

fn hs256(secret: &str, data: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    m.update(data.as_bytes());
    m.finalize().into_bytes().to_vec()
}

fn hs512(secret: &str, data: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha512>::new_from_slice(secret.as_bytes()).unwrap();
    m.update(data.as_bytes());
    m.finalize().into_bytes().to_vec()
}

fn header() -> Value {
    json!({"alg": "HS256", "typ": "JWT"})
}

/// A correct Web SDK payload: iat backdated 30 s, two hours of lifetime.
fn payload() -> Value {
    json!({
        "appKey": "sdkKeyABC123", "sdkKey": "sdkKeyABC123", "mn": "123456789", "role": 1,
        "iat": IAT, "exp": IAT + 7200, "tokenExp": IAT + 7200
    })
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

/// base64url segments, HMAC-SHA256 with `secret` over them, as a correct generator does.
fn jwt_signed(header: &Value, payload: &Value, secret: &str) -> String {
    let h = b64u(header.to_string().as_bytes());
    let p = b64u(payload.to_string().as_bytes());
    let s = b64u(&hs256(secret, &format!("{h}.{p}")));
    format!("{h}.{p}.{s}")
}

fn jwt(payload: &Value) -> String {
    jwt_signed(&header(), payload, SECRET)
}

/// A payload whose standard-base64 encoding contains both `+` or `/` and `=` padding.
fn payload_with_std_chars() -> (Value, String) {
    for n in 0..10_000 {
        let p = with(payload(), "mn", json!(format!("9{n:08}")));
        let p = with(p, "appKey", json!("k?>~k"));
        let std = STANDARD.encode(p.to_string());
        if std.contains('+') && std.ends_with('=') {
            return (p, std);
        }
    }
    panic!("no payload with `+` and padding found");
}

/// The legacy signature of SPEC §1.1.
fn legacy(key: &str, mn: &str, ts: &str, role: &str, secret: &str) -> String {
    let message = STANDARD.encode(format!("{key}{mn}{ts}{role}"));
    let hash = STANDARD.encode(hs256(secret, &message));
    b64u(format!("{key}.{mn}.{ts}.{role}.{hash}").as_bytes())
}

fn opts() -> Options {
    Options {
        now: Some(NOW),
        secret: Some(Secret::new(SECRET)),
    }
}

fn no_secret() -> Options {
    Options {
        now: Some(NOW),
        secret: None,
    }
}

fn codes(r: &TokenReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

fn messages(r: &TokenReport, code: &str) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| f.message.clone())
        .collect()
}

fn only(r: &TokenReport, code: &str) -> String {
    assert_eq!(codes(r), vec![code], "{:#?}", r.findings);
    r.findings[0].message.clone()
}

// ---------------------------------------------------------------------------------------------
// Correct tokens

#[test]
fn a_correct_token_has_no_findings_and_verifies() {
    let t = jwt(&payload());
    let r = inspect(&t, &opts());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.hmac, token::Hmac::Verified { alg: "HS256" });
    assert_eq!(r.exit_code(), 0);
    assert_eq!(r.format(), Some("jwt"));
    let Ok(Token::Jwt(j)) = &r.token else {
        panic!()
    };
    assert_eq!(j.payload["mn"], json!("123456789"));
    assert_eq!(j.signature.len(), 32);
    // Segment ranges are byte ranges of the input.
    let h_len = t.find('.').unwrap();
    assert_eq!(j.segments[0], 0..h_len);
    assert_eq!(&t[j.segments[2].clone()], t.rsplit('.').next().unwrap());
    // Without a secret nothing is verified and nothing is wrong.
    let r = inspect(&t, &no_secret());
    assert!(r.findings.is_empty());
    assert_eq!(r.hmac, token::Hmac::NotChecked);
}

#[test]
fn a_native_token_without_mn_needs_no_role() {
    let p = without(without(payload(), "mn"), "role");
    assert!(inspect(&jwt(&p), &opts()).findings.is_empty());
}

#[test]
fn lifetimes_of_exactly_30_min_and_48_h_are_inside_the_window() {
    for life in [1800, 172_800] {
        let p = with(payload(), "exp", json!(IAT + life));
        let p = with(p, "tokenExp", json!(IAT + life));
        assert!(inspect(&jwt(&p), &opts()).findings.is_empty(), "{life}");
    }
}

#[test]
fn whitespace_and_quotes_around_the_token_are_ignored() {
    let t = jwt(&payload());
    let quoted = format!("  \"{t}\"\n");
    let r = inspect(&quoted, &opts());
    assert!(r.findings.is_empty());
    assert_eq!(r.span, 3..3 + t.len());
}

// ---------------------------------------------------------------------------------------------
// One defect each

#[test]
fn sig001_legacy_signature_is_decoded() {
    let t = legacy(
        "LegacyApiKey123",
        "123456789",
        &((IAT) * 1000).to_string(),
        "1",
        SECRET,
    );
    let r = inspect(&t, &opts());
    assert_eq!(r.format(), Some("legacy"));
    let m = only(&r, "SIG001");
    for part in [
        "LegacyApiKey123",
        "123456789",
        "1699999970000",
        "2023-11-14 22:12:50 UTC",
        "role 1 (host)",
        "Web SDK 2.7",
    ] {
        assert!(m.contains(part), "{m}");
    }
    assert_eq!(r.hmac, token::Hmac::Verified { alg: "HS256" });
    let Ok(Token::Legacy(l)) = &r.token else {
        panic!()
    };
    assert_eq!(l.api_key, "LegacyApiKey123");
    assert_eq!(l.role, "1");
    // Signed with another secret.
    let r = inspect(
        &t,
        &Options {
            now: Some(NOW),
            secret: Some(Secret::new(OTHER_SECRET)),
        },
    );
    assert_eq!(r.hmac, token::Hmac::Mismatch);
    assert!(messages(&r, "TOK003")[0].starts_with("HMAC mismatch"));
}

#[test]
fn sig001_legacy_with_standard_padding_and_a_bad_role() {
    let ts = (IAT * 1000).to_string();
    let message = STANDARD.encode(format!("Key123456789012987654321{ts}2"));
    let hash = STANDARD.encode(hs256(SECRET, &message));
    let t = STANDARD.encode(format!("Key123456789012.987654321.{ts}.2.{hash}"));
    assert!(t.ends_with('='));
    let r = inspect(&t, &opts());
    let mut c = codes(&r);
    c.sort();
    assert_eq!(c, vec!["SIG001", "SIG002", "SIG004"], "{:#?}", r.findings);
    assert!(messages(&r, "SIG004")[0].contains("the legacy signature contains"));
}

#[test]
fn sig002_role_missing_or_not_0_or_1() {
    let m = only(
        &inspect(&jwt(&without(payload(), "role")), &opts()),
        "SIG002",
    );
    assert!(m.contains("no `role`"), "{m}");
    let m = only(
        &inspect(&jwt(&with(payload(), "role", json!("1"))), &opts()),
        "SIG002",
    );
    assert!(
        m.contains("the string \"1\"") && m.contains("number 1"),
        "{m}"
    );
    let m = only(
        &inspect(&jwt(&with(payload(), "role", json!(2))), &opts()),
        "SIG002",
    );
    assert!(m.contains("`role` is 2"), "{m}");
    let p = with(payload(), "role", json!("participant"));
    let m = only(&inspect(&jwt(&p), &opts()), "SIG002");
    assert!(m.contains("\"participant\""), "{m}");
}

#[test]
fn sig004_standard_alphabet_and_padding_name_segment_and_position() {
    let (p, std_payload) = payload_with_std_chars();
    let h = STANDARD.encode(header().to_string());
    let sig = STANDARD.encode(hs256(SECRET, &format!("{h}.{std_payload}")));
    let t = format!("{h}.{std_payload}.{sig}");
    let r = inspect(&t, &opts());
    let m = messages(&r, "SIG004");
    let payload_msg = m
        .iter()
        .find(|m| m.starts_with("segment 2 (payload)"))
        .expect("payload reported");
    let first = std_payload
        .chars()
        .position(|c| matches!(c, '+' | '/' | '='))
        .unwrap()
        + 1;
    assert!(
        payload_msg.contains(&format!("at position {first}")),
        "{payload_msg} (expected position {first})"
    );
    // Signed over exactly this text: the HMAC itself matches.
    assert_eq!(r.hmac, token::Hmac::Verified { alg: "HS256" });
    // The finding's range is the payload segment.
    let f = r
        .findings
        .iter()
        .find(|f| f.message.starts_with("segment 2"))
        .unwrap();
    assert_eq!(&t[f.span.clone()], std_payload);
    let _ = p;
}

#[test]
fn sig004_spaces_from_url_decoding_are_explained() {
    let (_, std_payload) = payload_with_std_chars();
    let h = b64u(header().to_string().as_bytes());
    let t = format!("{h}.{std_payload}.abc").replace('+', " ");
    let r = inspect(&t, &no_secret());
    let m = messages(&r, "SIG004").join("\n");
    assert!(m.contains("a space"), "{m}");
    assert!(m.contains("URL or form decoding"), "{m}");
}

#[test]
fn sig005_lifetime_outside_the_window_in_minutes_and_hours() {
    let p = with(payload(), "exp", json!(IAT + 600));
    let p = with(p, "tokenExp", json!(IAT + 600));
    let r = inspect(&jwt(&p), &opts());
    assert_eq!(codes(&r), vec!["SIG005", "SIG005"]);
    assert!(
        r.findings[0].message.contains("600 s (10 min)"),
        "{:?}",
        r.findings
    );
    let p = with(payload(), "exp", json!(IAT + 3 * 86_400 + 7200));
    let p = with(p, "tokenExp", json!(IAT + 7200));
    let m = only(&inspect(&jwt(&p), &no_secret()), "SIG005");
    assert!(m.contains("3 d 2 h") && m.contains("`exp - iat`"), "{m}");
}

#[test]
fn sig005_missing_exp_and_a_duration_in_exp() {
    let p = without(without(payload(), "exp"), "tokenExp");
    let m = only(&inspect(&jwt(&p), &opts()), "SIG005");
    assert!(m.contains("no `exp`"), "{m}");
    let p = with(payload(), "exp", json!(7200));
    let r = inspect(&jwt(&p), &opts());
    let m = messages(&r, "SIG005").join("\n");
    assert!(m.contains("looks like a lifetime"), "{m}");
}

#[test]
fn sig006_milliseconds() {
    let ms = IAT * 1000;
    let p = with(payload(), "iat", json!(ms));
    let p = with(p, "exp", json!(ms + 7_200_000));
    let p = with(p, "tokenExp", json!(ms + 7_200_000));
    let r = inspect(&jwt(&p), &opts());
    assert_eq!(
        codes(&r),
        vec!["SIG006", "SIG006", "SIG006"],
        "{:#?}",
        r.findings
    );
    assert!(r.findings[0].message.contains("milliseconds"));
    assert!(r.findings[0].message.contains("2023-11-14 22:12:50 UTC"));
}

#[test]
fn sig007_missing_or_legacy_key_names() {
    let p = without(without(payload(), "appKey"), "sdkKey");
    let m = only(&inspect(&jwt(&p), &opts()), "SIG007");
    assert!(m.contains("neither `appKey` nor `sdkKey`"), "{m}");
    let p = with(
        without(without(payload(), "appKey"), "sdkKey"),
        "apiKey",
        json!("k"),
    );
    let r = inspect(&jwt(&p), &opts());
    assert_eq!(codes(&r), vec!["SIG007", "SIG007"]);
    assert!(r.findings.iter().any(|f| f.message.contains("`apiKey`")));
    // A Zoom API (JWT app) token is not a Meeting SDK signature.
    let p = json!({"iss": "apiKey123", "exp": IAT + 3600, "iat": IAT});
    let m = only(&inspect(&jwt(&p), &opts()), "SIG007");
    assert!(
        m.contains("`iss`") && m.contains("not a Meeting SDK signature"),
        "{m}"
    );
}

#[test]
fn sig009_wrong_algorithm() {
    let h = json!({"alg": "HS512", "typ": "JWT"});
    let hs = b64u(h.to_string().as_bytes());
    let ps = b64u(payload().to_string().as_bytes());
    let t = format!("{hs}.{ps}.{}", b64u(&hs512(SECRET, &format!("{hs}.{ps}"))));
    let r = inspect(&t, &opts());
    let m = only(&r, "SIG009");
    assert!(m.contains("`HS512`"), "{m}");
    assert_eq!(r.hmac, token::Hmac::Verified { alg: "HS512" });
    // Header says HS256, signature is HS512.
    let hs = b64u(header().to_string().as_bytes());
    let t = format!("{hs}.{ps}.{}", b64u(&hs512(SECRET, &format!("{hs}.{ps}"))));
    let m = only(&inspect(&t, &opts()), "SIG009");
    assert!(
        m.contains("an HS512 HMAC but the header says `HS256`"),
        "{m}"
    );
    // alg none, unsigned.
    let h = b64u(br#"{"alg":"none"}"#);
    let t = format!("{h}.{ps}.");
    let r = inspect(&t, &opts());
    assert_eq!(codes(&r), vec!["SIG009", "TOK003"], "{:#?}", r.findings);
}

#[test]
fn sig010_token_exp_after_exp() {
    let p = with(payload(), "tokenExp", json!(IAT + 7200 + 3600));
    let r = inspect(&jwt(&p), &opts());
    let m = only(&r, "SIG010");
    assert!(m.contains("1 h later"), "{m}");
    assert_eq!(r.findings[0].severity().as_str(), "warning");
    assert_eq!(r.exit_code(), 1);
}

#[test]
fn sig012_quoted_and_fractional_times() {
    let r = inspect(
        &jwt(&with(payload(), "iat", json!(IAT.to_string()))),
        &opts(),
    );
    let m = only(&r, "SIG012");
    assert!(m.contains("quoted number"), "{m}");
    let r = inspect(
        &jwt(&with(payload(), "iat", json!(IAT as f64 + 0.5))),
        &opts(),
    );
    let m = only(&r, "SIG012");
    assert!(m.contains("fractional"), "{m}");
    // A whole number written with a decimal point.
    let body = payload().to_string().replace(
        &format!("\"exp\":{}", IAT + 7200),
        &format!("\"exp\":{}.0", IAT + 7200),
    );
    let h = b64u(header().to_string().as_bytes());
    let p = b64u(body.as_bytes());
    let t2 = format!("{h}.{p}.{}", b64u(&hs256(SECRET, &format!("{h}.{p}"))));
    let m = only(&inspect(&t2, &opts()), "SIG012");
    assert!(m.contains("floating-point"), "{m}");
}

#[test]
fn sig014_a_video_sdk_token_checked_as_a_meeting_sdk_token() {
    let video = json!({
        "app_key": "sdkKeyABC123", "tpc": "support-session", "role_type": 1, "version": 1,
        "iat": IAT, "exp": IAT + 7200
    });
    let r = inspect(&jwt(&video), &opts());
    // One finding per claim Zoom reads under another name; no SIG002/SIG007 cascade.
    assert_eq!(
        codes(&r),
        vec!["SIG014", "SIG014", "SIG014"],
        "{:#?}",
        r.findings
    );
    let all = messages(&r, "SIG014").join("\n");
    for (claim, expected) in [
        ("tpc", "`mn`"),
        ("role_type", "`role`"),
        ("app_key", "`appKey` and `sdkKey`"),
    ] {
        assert!(
            all.contains(&format!(
                "`{claim}` is a Video SDK claim: a Meeting SDK token carries it as {expected}"
            )),
            "{all}"
        );
    }
    // The note that it is a Video SDK token, once.
    assert_eq!(all.matches("this is a Video SDK token").count(), 1, "{all}");
    let Ok(Token::Jwt(j)) = &r.token else {
        panic!()
    };
    assert!(r.findings.iter().all(|f| f.span == j.segments[1]));
    assert_eq!(r.hmac, token::Hmac::Verified { alg: "HS256" });
}

#[test]
fn sig014_a_misspelt_claim_is_reported_only_when_the_real_one_is_missing() {
    let p = with(
        without(payload(), "mn"),
        "meetingNumber",
        json!("123456789"),
    );
    let m = only(&inspect(&jwt(&p), &opts()), "SIG014");
    assert!(
        m.starts_with(
            "`meetingNumber` is not a claim Zoom reads: a Meeting SDK token carries it as `mn`"
        ),
        "{m}"
    );
    assert!(!m.contains("Video SDK token"), "{m}");
    let p = with(without(payload(), "role"), "userRole", json!(1));
    assert!(only(&inspect(&jwt(&p), &opts()), "SIG014").starts_with("`userRole`"));
    // Extra claims next to the real ones are fine.
    let extra = with(
        with(payload(), "meetingNumber", json!("123456789")),
        "tpc",
        json!("x"),
    );
    assert!(inspect(&jwt(&extra), &opts()).findings.is_empty());
}

#[test]
fn sig015_base64_of_a_jwt_is_decoded_once_more_and_verified() {
    let inner = jwt(&payload());
    for wrapped in [STANDARD.encode(&inner), b64u(inner.as_bytes())] {
        assert!(wrapped.starts_with("ZXlK"));
        let r = inspect(&wrapped, &opts());
        assert!(r.encoded_twice);
        assert_eq!(r.format(), Some("jwt"));
        let m = only(&r, "SIG015");
        assert!(m.contains("base64 encoding of a Meeting SDK JWT"), "{m}");
        assert_eq!(r.findings[0].span, 0..wrapped.len());
        // The HMAC is checked on the token inside.
        assert_eq!(r.hmac, token::Hmac::Verified { alg: "HS256" });
        let other = Options {
            now: Some(NOW),
            secret: Some(Secret::new(OTHER_SECRET)),
        };
        assert_eq!(codes(&inspect(&wrapped, &other)), vec!["SIG015", "TOK003"]);
    }
    // The inner token's own defects are reported too, on the whole input.
    let wrapped = STANDARD.encode(jwt(&without(payload(), "role")));
    let r = inspect(&wrapped, &opts());
    assert_eq!(codes(&r), vec!["SIG015", "SIG002"]);
    assert!(r.findings.iter().all(|f| f.span == (0..wrapped.len())));
    // base64 of something that is not a token stays "not a token".
    let r = inspect(
        &STANDARD.encode("eyJ0aGlzIjoibm90In0.plain.text.more"),
        &opts(),
    );
    assert!(r.token.is_err());
}

#[test]
fn sig015_a_legacy_signature_encoded_twice() {
    let leg = legacy("LegacyApiKey123", "123456789", "1699999970000", "0", SECRET);
    let twice = STANDARD.encode(&leg);
    let r = inspect(&twice, &opts());
    assert!(r.encoded_twice);
    assert_eq!(r.format(), Some("legacy"));
    assert_eq!(codes(&r), vec!["SIG015", "SIG001"], "{:#?}", r.findings);
    assert!(messages(&r, "SIG015")[0].contains("base64-encoded twice"));
    assert_eq!(r.hmac, token::Hmac::Verified { alg: "HS256" });
}

#[test]
fn find_tokens_finds_tokens_encoded_twice_and_nothing_else() {
    let wrapped = STANDARD.encode(jwt(&payload()));
    let leg_twice =
        b64u(legacy("LegacyApiKey123", "123456789", "1699999970000", "1", SECRET).as_bytes());
    // Look-alikes: base64 of another service's JWT, of JSON, of random bytes.
    let other = STANDARD.encode(jwt_signed(
        &header(),
        &json!({"sub": "user-1", "iss": "auth.example"}),
        "x",
    ));
    let json_b64 = STANDARD.encode(payload().to_string());
    let random = STANDARD.encode((0u8..=200).rev().collect::<Vec<u8>>());
    let text = format!(
        "ZOOM_SIGNATURE_B64={wrapped}\nconst legacySig = '{leg_twice}';\nAUTH={other}\nPAYLOAD={json_b64}\nIMG={random}\n"
    );
    let found = find_tokens(&text);
    let got: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
    assert_eq!(got, vec![wrapped.as_str(), leg_twice.as_str()]);
    assert_eq!(codes(&found[0].1), vec!["SIG015"]);
    assert_eq!(codes(&found[1].1), vec!["SIG015", "SIG001"]);
    assert!(found[0].1.describe().contains("base64-encoded once more"));
    for (range, report) in &found {
        assert!(report.findings.iter().all(|f| f.span == *range));
    }
}

#[test]
fn expired_and_not_yet_valid_are_judged_against_now() {
    let t = jwt(&payload());
    let later = Options {
        now: Some(IAT + 7200 + 3600 + 180),
        secret: None,
    };
    let m = only(&inspect(&t, &later), "TOK001");
    assert!(m.contains("expired 1 h 3 min ago"), "{m}");
    assert!(m.contains("`exp` 2023-11-15 00:12:50 UTC"), "{m}");
    let earlier = Options {
        now: Some(IAT - 300),
        secret: None,
    };
    let m = only(&inspect(&t, &earlier), "TOK002");
    assert!(m.contains("`iat` is 5 min in the future"), "{m}");
    // Without a clock neither is checked.
    assert!(inspect(&t, &Options::default()).findings.is_empty());
}

#[test]
fn secrets_in_the_payload_are_reported_and_masked() {
    let p = with(payload(), "sdkSecret", json!("my-real-sdk-secret-value"));
    let p = with(p, "note", json!(SECRET));
    let r = inspect(&jwt(&p), &opts());
    assert_eq!(codes(&r), vec!["TOK004", "TOK004"], "{:#?}", r.findings);
    let Ok(Token::Jwt(j)) = &r.token else {
        panic!()
    };
    let masked = Value::Object(j.masked_payload(opts().secret.as_ref())).to_string();
    assert!(!masked.contains("my-real-sdk-secret-value"));
    assert!(!masked.contains(SECRET));
    for f in &r.findings {
        assert!(!f.message.contains(SECRET) && !f.message.contains("real-sdk-secret"));
    }
}

// ---------------------------------------------------------------------------------------------
// HMAC verification

#[test]
fn hmac_mismatch_with_another_secret() {
    let t = jwt_signed(&header(), &payload(), OTHER_SECRET);
    let r = inspect(&t, &opts());
    let m = only(&r, "TOK003");
    assert!(
        m.starts_with(
            "HMAC mismatch: the token was signed with another secret or re-encoded after signing"
        ),
        "{m}"
    );
    assert_eq!(r.hmac, token::Hmac::Mismatch);
}

#[test]
fn hmac_mismatch_only_from_the_alphabet_signed_before_conversion() {
    // Signed over the standard-alphabet segments, then the whole token converted to base64url.
    let (_, std_payload) = payload_with_std_chars();
    let h = STANDARD.encode(header().to_string());
    let sig = STANDARD.encode(hs256(SECRET, &format!("{h}.{std_payload}")));
    let t = format!("{h}.{std_payload}.{sig}")
        .replace('+', "-")
        .replace('/', "_")
        .replace('=', "");
    let r = inspect(&t, &opts());
    let m = only(&r, "SIG004");
    assert!(m.contains("only from the base64 alphabet"), "{m}");
    assert!(m.contains("standard-base64 encoding"), "{m}");
    assert_eq!(r.hmac, token::Hmac::AlphabetMismatch { alg: "HS256" });
}

#[test]
fn hmac_mismatch_only_from_the_alphabet_reencoded_after_signing() {
    let (p, _) = payload_with_std_chars();
    let t = jwt(&p).replace('-', "+").replace('_', "/");
    let r = inspect(&t, &opts());
    assert_eq!(r.hmac, token::Hmac::AlphabetMismatch { alg: "HS256" });
    let m = messages(&r, "SIG004").join("\n");
    assert!(
        m.contains("re-encoded with the standard alphabet afterwards"),
        "{m}"
    );
}

#[test]
fn a_hex_digest_signature_is_explained() {
    let h = b64u(header().to_string().as_bytes());
    let p = b64u(payload().to_string().as_bytes());
    let hex: String = hs256(SECRET, &format!("{h}.{p}"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // The hex text base64url-encoded.
    let t = format!("{h}.{p}.{}", b64u(hex.as_bytes()));
    let m = only(&inspect(&t, &opts()), "TOK003");
    assert!(m.contains("hex digest"), "{m}");
    // Without the secret the length gives it away.
    let m = only(&inspect(&t, &no_secret()), "TOK003");
    assert!(m.contains("hex digits"), "{m}");
}

// ---------------------------------------------------------------------------------------------
// Garbage

fn not_a_token(input: &[u8]) -> String {
    let r = inspect_bytes(input, &opts());
    assert_eq!(r.exit_code(), 2, "{:?}", r.findings);
    match r.token {
        Err(e) => e.reason,
        Ok(_) => panic!("decoded as a token: {}", String::from_utf8_lossy(input)),
    }
}

#[test]
fn garbage_is_a_clean_not_a_token_with_a_plain_reason() {
    assert_eq!(not_a_token(b""), "the input is empty");
    assert_eq!(not_a_token(b"  \n"), "the input is empty");
    assert!(not_a_token(b"..").contains("header (segment 1) is empty"));
    assert!(not_a_token(b"a.b").contains("one `.`"));
    assert!(not_a_token(b"a.b.c.d").contains("3 dots"));
    assert!(not_a_token(&[0, 159, 146, 150, 255]).contains("not text"));
    assert!(not_a_token(b"abc\0def").contains("binary"));
    let h = b64u(header().to_string().as_bytes());
    let bad_json = format!("{h}.{}.sig", b64u(b"{not json"));
    assert!(not_a_token(bad_json.as_bytes()).contains("payload (segment 2) is not JSON"));
    let array = format!("{h}.{}.sig", b64u(b"[1,2]"));
    assert!(not_a_token(array.as_bytes()).contains("not an object (it is an array)"));
    let header_not_json = format!("{}.{}.sig", b64u(b"alg"), b64u(b"{}"));
    assert!(not_a_token(header_not_json.as_bytes()).contains("header (segment 1) is not JSON"));
    assert_eq!(
        not_a_token(format!("{h}.ab!cd.sig").as_bytes()),
        "bad base64 in segment 2 (payload) at position 3: `!` is not a base64 character"
    );
    assert!(not_a_token("é.ü.ß".as_bytes()).contains("position 1: `é`"));
    assert!(not_a_token("🙂🙂🙂".as_bytes()).contains("`🙂`"));
    assert!(not_a_token(b"hello").contains("not a legacy signature"));
    assert!(not_a_token(b"k.123.1700000000000.1.aGFzaA==").contains("unencoded legacy"));
}

#[test]
fn a_huge_input_is_refused_quickly() {
    let huge = vec![b'A'; 10 * 1024 * 1024];
    let start = std::time::Instant::now();
    assert!(not_a_token(&huge).contains("10485760 bytes"));
    let mut dotted = huge.clone();
    dotted[100] = b'.';
    dotted[200] = b'.';
    assert!(not_a_token(&dotted).contains("bytes"));
    assert!(start.elapsed().as_secs() < 5);
    // find_tokens over 10 MB of base64-like text stays fast and finds nothing.
    let text = "eyJ".repeat(3 * 1024 * 1024) + &"a/eyJ.".repeat(100_000);
    let start = std::time::Instant::now();
    assert!(find_tokens(&text).is_empty());
    assert!(
        start.elapsed().as_secs() < 20,
        "find_tokens took {:?}",
        start.elapsed()
    );
}

/// A small seeded PRNG (xorshift64*), so the stress run is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn stress_random_and_mutated_inputs_never_panic() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let valid = jwt(&payload());
    let legacy_sig = legacy("LegacyApiKey123", "123456789", "1699999970000", "0", SECRET);
    let alphabet = b"ABCXYZabcxyz0189-_+/=. \n\t\"'{}:,\\\x00\xff";
    let opts = opts();
    for i in 0..20_000 {
        let input: Vec<u8> = match i % 4 {
            // Random bytes.
            0 => (0..rng.below(200))
                .map(|_| (rng.next() & 0xff) as u8)
                .collect(),
            // Random base64-ish text with dots.
            1 => (0..rng.below(300))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect(),
            // A valid token with a few characters changed, inserted or deleted.
            _ => {
                let base = if i % 4 == 2 { &valid } else { &legacy_sig };
                let mut b = base.as_bytes().to_vec();
                for _ in 0..=rng.below(3) {
                    let at = rng.below(b.len().max(1));
                    match rng.below(3) {
                        0 if !b.is_empty() => b[at] = alphabet[rng.below(alphabet.len())],
                        1 => b.insert(at.min(b.len()), alphabet[rng.below(alphabet.len())]),
                        _ if !b.is_empty() => {
                            b.remove(at);
                        }
                        _ => {}
                    }
                }
                b
            }
        };
        let r = inspect_bytes(&input, &opts);
        // Every span lies inside the input.
        for f in &r.findings {
            assert!(f.span.end <= input.len(), "{f:?}");
        }
        let _ = token::render::text(&r, &String::from_utf8_lossy(&input), "<t>", &opts);
        let _ = token::render::json(&r, &String::from_utf8_lossy(&input), "<t>", &opts);
        if let Ok(text) = std::str::from_utf8(&input) {
            let _ = find_tokens(text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// find_tokens

#[test]
fn find_tokens_finds_meeting_sdk_jwts_and_legacy_signatures_in_any_text() {
    let good = jwt(&payload());
    let bad = jwt(&without(payload(), "role"));
    let leg = legacy("LegacyApiKey123", "123456789", "1699999970000", "1", SECRET);
    // Look-alikes: another service's JWT, random base64, a data URI.
    let other = jwt_signed(
        &header(),
        &json!({"sub": "user-1", "iss": "auth.example"}),
        "x",
    );
    let random = STANDARD.encode((0u8..=200).collect::<Vec<u8>>());
    let text = format!(
        "const SIGNATURE = '{good}';\n\
         // https://zoom.us/wc/join/123?signature={bad}&x=1\n\
         ZOOM_SIGNATURE={leg}\n\
         const other = \"{other}\";\n\
         const img = \"data:image/png;base64,{random}\";\n\
         {{\"token\": \"Bearer {good}\"}}\n"
    );
    let found = find_tokens(&text);
    let got: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
    assert_eq!(
        got,
        vec![good.as_str(), bad.as_str(), leg.as_str(), good.as_str()]
    );
    // No clock, no secret: the correct one has no findings; spans are offsets into `text`.
    assert!(found[0].1.findings.is_empty());
    let (range, report) = &found[1];
    assert_eq!(codes(report), vec!["SIG002"]);
    let f = &report.findings[0];
    assert!(range.start <= f.span.start && f.span.end <= range.end);
    assert!(text[f.span.clone()].starts_with("ey"));
    assert_eq!(codes(&found[2].1), vec!["SIG001"]);
    assert!(found[2].1.describe().contains("LegacyApiKey123"));
    assert!(found[0].1.describe().contains("sdkKeyABC123"));
    // With a clock the same scan reports expiry.
    let later = Options {
        now: Some(NOW + 86_400),
        secret: None,
    };
    assert_eq!(codes(&find_tokens_with(&text, &later)[0].1), vec!["TOK001"]);
}

#[test]
fn find_tokens_on_text_without_tokens_is_empty() {
    for text in [
        "",
        "eyJ",
        "eyJ.eyJ.",
        "plain words and a.b.c",
        "const x = 'eyJhbGciOiJIUzI1NiJ9.e30.abc';",
    ] {
        assert!(find_tokens(text).is_empty(), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// The command

fn siglint(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_siglint"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("siglint runs");
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.unwrap_or(b"").to_vec();
    // Written from a thread: the command may stop reading early.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Neither stream may contain the secret.
fn assert_no_secret(o: &Output) {
    for stream in [&o.stdout, &o.stderr] {
        let s = String::from_utf8_lossy(stream);
        assert!(!s.contains(SECRET), "secret printed:\n{s}");
        assert!(
            !s.contains("my-real-sdk-secret-value"),
            "secret printed:\n{s}"
        );
    }
}

const NOW_ARG: &str = "1700000000";

#[test]
fn cli_exit_codes() {
    let good = jwt(&payload());
    let o = siglint(&["token", &good, "--now", NOW_ARG], None, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("No problems found"));
    let bad = jwt(&without(payload(), "role"));
    let o = siglint(&["token", &bad, "--now", NOW_ARG], None, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[SIG002/missing-role]"));
    let o = siglint(&["token", "not.a.token!"], None, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).starts_with("not a token: "));
    // An unset secret variable is a usage error.
    let o = siglint(
        &["token", &good, "--secret-env", "SIGLINT_TEST_UNSET_VAR"],
        None,
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("SIGLINT_TEST_UNSET_VAR is not set"));
    // No secret on the command line.
    let o = siglint(&["token", &good, "--secret", SECRET], None, &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn cli_verifies_with_secret_env_and_never_prints_the_secret() {
    let env = [("ZOOM_SDK_SECRET", SECRET)];
    let args = |t: &str| {
        vec![
            "token".to_string(),
            t.to_string(),
            "--now".into(),
            NOW_ARG.into(),
            "--secret-env".into(),
            "ZOOM_SDK_SECRET".into(),
        ]
    };
    let run = |t: &str, format: &str| {
        let mut a = args(t);
        a.push("--format".into());
        a.push(format.into());
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        siglint(&a, None, &env)
    };
    // Match.
    let good = jwt(&payload());
    let o = run(&good, "text");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("signature verified"));
    assert_no_secret(&o);
    // Mismatch.
    let other = jwt_signed(&header(), &payload(), OTHER_SECRET);
    let o = run(&other, "text");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(
        "HMAC mismatch: the token was signed with another secret or re-encoded after signing"
    ));
    assert_no_secret(&o);
    // Alphabet only.
    let (p, _) = payload_with_std_chars();
    let reencoded = jwt(&p).replace('-', "+").replace('_', "/");
    let o = run(&reencoded, "json");
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["token"]["hmac"]["status"], "alphabet-mismatch");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "SIG004"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("only from the base64 alphabet")));
    assert_no_secret(&o);
    // Secrets carried in the payload, in both formats.
    let leaky = jwt(&with(
        with(payload(), "sdkSecret", json!("my-real-sdk-secret-value")),
        "copy",
        json!(SECRET),
    ));
    for format in ["text", "json"] {
        let o = run(&leaky, format);
        assert_eq!(o.status.code(), Some(1));
        assert!(stdout(&o).contains("TOK004"));
        assert_no_secret(&o);
    }
}

#[test]
fn cli_secret_file_ignores_one_trailing_newline() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("secret");
    std::fs::write(&path, format!("{SECRET}\n")).unwrap();
    let good = jwt(&payload());
    let o = siglint(
        &[
            "token",
            &good,
            "--now",
            NOW_ARG,
            "--secret-file",
            path.to_str().unwrap(),
        ],
        None,
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("signature verified"));
    assert_no_secret(&o);
}

#[test]
fn cli_now_makes_output_reproducible() {
    let good = jwt(&payload());
    let a = siglint(&["token", &good, "--now", NOW_ARG], None, &[]);
    let b = siglint(&["token", &good, "--now", NOW_ARG], None, &[]);
    assert_eq!(a.stdout, b.stdout);
    let s = stdout(&a);
    assert!(s.contains("in 1 h 59 min"), "{s}");
    assert!(s.contains("2023-11-15 00:12:50 UTC"), "{s}");
    assert!(s.contains("30 s ago"), "{s}");
    // Two hours and three minutes after expiry.
    let later = (IAT + 7200 + 2 * 3600 + 180).to_string();
    let o = siglint(&["token", &good, "--now", &later], None, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[TOK001/token-expired]: the token expired 2 h 3 min ago"));
}

#[test]
fn cli_reads_standard_input() {
    let good = jwt(&payload());
    let input = format!("{good}\n");
    for args in [
        vec!["token", "--now", NOW_ARG],
        vec!["token", "-", "--now", NOW_ARG],
    ] {
        let o = siglint(&args, Some(input.as_bytes()), &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    }
    let bad = jwt(&without(payload(), "role"));
    let o = siglint(
        &["token", "--now", NOW_ARG, "--format", "json"],
        Some(bad.as_bytes()),
        &[],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["path"], "<stdin>");
    // Garbage on standard input: binary, empty, huge.
    for data in [
        vec![0u8, 1, 2, 255, 254],
        Vec::new(),
        vec![b'x'; 10 * 1024 * 1024],
    ] {
        let o = siglint(&["token"], Some(&data), &[]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stdout(&o).starts_with("not a token: "), "{}", stdout(&o));
    }
}

#[test]
fn cli_json_follows_the_finding_schema_of_check() {
    let t = jwt(&with(payload(), "exp", json!(IAT + 600)));
    let o = siglint(
        &["token", &t, "--now", NOW_ARG, "--format", "json"],
        None,
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["findings"][0];
    for key in [
        "code",
        "name",
        "severity",
        "path",
        "range",
        "byte_range",
        "message",
        "summary",
        "help",
        "fix",
    ] {
        assert!(!f[key].is_null(), "{key} missing in {f}");
    }
    assert_eq!(f["code"], "SIG005");
    assert_eq!(f["name"], "exp-out-of-window");
    assert_eq!(f["path"], "<token>");
    // The range is the payload segment's columns.
    let start = t.find('.').unwrap() + 1;
    let end = t.rfind('.').unwrap();
    assert_eq!(f["range"]["start"]["column"], start + 1);
    assert_eq!(f["range"]["end"]["column"], end + 1);
    assert_eq!(f["byte_range"]["start"], start);
    let tok = &v["token"];
    assert_eq!(tok["format"], "jwt");
    assert_eq!(tok["header"]["alg"], "HS256");
    assert_eq!(tok["payload"]["mn"], "123456789");
    assert_eq!(tok["times"]["iat"]["utc"], "2023-11-14 22:12:50 UTC");
    assert_eq!(tok["times"]["iat"]["relative"], "30 s ago");
    assert_eq!(tok["lifetime_seconds"]["exp"], 600);
    assert_eq!(v["summary"]["errors"], 1);
    // Not a token: still JSON, with the reason.
    let o = siglint(&["token", "..", "--format", "json"], None, &[]);
    assert_eq!(o.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["token"]["format"], Value::Null);
    assert!(v["token"]["error"].as_str().unwrap().contains("empty"));
}

#[test]
fn cli_inspects_a_token_encoded_twice_and_a_committed_one_stays_masked() {
    let inner = jwt(&payload());
    let wrapped = STANDARD.encode(&inner);
    let o = siglint(
        &[
            "token",
            &wrapped,
            "--now",
            NOW_ARG,
            "--secret-env",
            "ZOOM_TEST_SECRET",
        ],
        None,
        &[("ZOOM_TEST_SECRET", SECRET)],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("base64-encoded once more (SIG015)"), "{out}");
    assert!(
        out.contains("error[SIG015/double-encoded-signature]"),
        "{out}"
    );
    assert!(out.contains("signature verified"), "{out}");
    assert!(out.contains("\"mn\": \"123456789\""), "{out}");
    assert_no_secret(&o);
    // The same token committed in a file: SIG015 and TOK005, the token never printed.
    let dir = std::env::temp_dir().join(format!("siglint-token-twice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.js"),
        format!("export const SIGNATURE = '{wrapped}';\n"),
    )
    .unwrap();
    let o = siglint(
        &["check", "--format", "json", dir.to_str().unwrap()],
        None,
        &[],
    );
    let _ = std::fs::remove_dir_all(&dir);
    let out = stdout(&o);
    let v: Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["SIG015", "TOK005"], "{out}");
    assert!(!out.contains(&wrapped[..wrapped.len() - 8]), "{out}");
    assert!(!out.contains(&inner[inner.len() - 20..]), "{out}");
}

#[test]
fn cli_shows_a_legacy_signature() {
    let leg = legacy("LegacyApiKey123", "123456789", "1699999970000", "0", SECRET);
    let o = siglint(&["token", &leg, "--now", NOW_ARG], None, &[]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    for part in [
        "Legacy Web SDK signature",
        "API key         LegacyApiKey123",
        "meeting number  123456789",
        "2023-11-14 22:12:50 UTC  30 s ago",
        "role            0 (participant)",
        "error[SIG001/legacy-signature]",
    ] {
        assert!(s.contains(part), "{part} missing:\n{s}");
    }
}
