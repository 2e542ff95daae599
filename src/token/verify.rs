//! HMAC verification, and the explanation of a mismatch: another base64 alphabet at signing
//! time, `+` turned into spaces, another HMAC algorithm, a hex digest instead of raw bytes.

use std::ops::Range;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac as HmacImpl, Mac};
use serde_json::Value;
use sha2::{Sha256, Sha384, Sha512};

use super::decode;
use super::{Hmac, Jwt, Legacy, Options, TokenFinding};

const ALGS: [&str; 3] = ["HS256", "HS384", "HS512"];

fn mac(alg: &str, key: &[u8], data: &[u8]) -> Vec<u8> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = <M as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length");
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
    match alg {
        "HS384" => run::<HmacImpl<Sha384>>(key, data),
        "HS512" => run::<HmacImpl<Sha512>>(key, data),
        _ => run::<HmacImpl<Sha256>>(key, data),
    }
}

fn mac_len(alg: &str) -> usize {
    match alg {
        "HS384" => 48,
        "HS512" => 64,
        _ => 32,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How the signing input was encoded, relative to the token as given.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Input {
    AsGiven,
    SpacesAsPlus,
    UrlSafe,
    UrlSafePadded,
    Standard,
    StandardNoPad,
}

/// How the HMAC bytes were put into the signature segment.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Repr {
    Raw,
    HexText,
    HexEncoded,
    Base64Encoded,
}

fn push(out: &mut Vec<TokenFinding>, code: &'static str, span: Range<usize>, message: String) {
    out.push(TokenFinding {
        code,
        span,
        message,
    });
}

/// The signature checks of a JWT. Without a secret only the shape is checked.
pub(super) fn jwt(
    jwt: &Jwt,
    token: &str,
    base: usize,
    opts: &Options,
    out: &mut Vec<TokenFinding>,
) -> Hmac {
    let [h, p, s] = &jwt.segments;
    let header_alg = match jwt.header.get("alg") {
        Some(Value::String(a)) => Some(a.as_str()),
        _ => None,
    };
    // The algorithm the signature should be: the header's when it is an HMAC, else Zoom's.
    let expected = header_alg
        .and_then(|a| ALGS.iter().find(|x| **x == a).copied())
        .unwrap_or("HS256");
    let non_hmac = header_alg.is_some_and(|a| !ALGS.contains(&a));
    if jwt.signature.is_empty() {
        push(
            out,
            "TOK003",
            s.clone(),
            "the signature segment is empty: the token is not signed".into(),
        );
        return Hmac::Unsupported("the token is not signed".into());
    }
    let rel = |r: &Range<usize>| &token[r.start - base..r.end - base];
    let sig_text = rel(s);
    let Some(secret) = &opts.secret else {
        let n = jwt.signature.len();
        let want = mac_len(expected);
        if !non_hmac && n != want {
            let sig = &jwt.signature;
            let msg = if n == 2 * want && sig.iter().all(u8::is_ascii_hexdigit) {
                format!("the signature is {n} hex digits, base64url-encoded: the hex digest of the HMAC was encoded instead of its raw {want} bytes")
            } else if sig_text.len() == 2 * want && sig_text.bytes().all(|b| b.is_ascii_hexdigit())
            {
                format!("the signature segment is a {} hex-digit digest; it must be the raw {want} HMAC bytes, base64url-encoded", sig_text.len())
            } else if decode::base64(std::str::from_utf8(sig).unwrap_or("!"))
                .is_ok_and(|b| b.bytes.len() == want)
            {
                format!("the signature is base64 text encoded again (base64 of base64): encode the raw {want} HMAC bytes once")
            } else {
                format!("the signature is {n} bytes; {expected} (HMAC) gives {want}")
            };
            push(out, "TOK003", s.clone(), msg);
        }
        return if non_hmac {
            Hmac::Unsupported(format!(
                "`{}` is not an HMAC algorithm",
                super::check::clip(header_alg.unwrap_or(""), 20)
            ))
        } else {
            Hmac::NotChecked
        };
    };
    let key = secret.bytes();
    let (ht, pt) = (rel(h), rel(p));
    let hb = decode::base64(ht).map(|b| b.bytes).unwrap_or_default();
    let pb = decode::base64(pt).map(|b| b.bytes).unwrap_or_default();
    let mut inputs: Vec<(Input, String)> = vec![(Input::AsGiven, format!("{ht}.{pt}"))];
    if ht.contains(' ') || pt.contains(' ') {
        inputs.push((Input::SpacesAsPlus, format!("{ht}.{pt}").replace(' ', "+")));
    }
    for (kind, engine) in [
        (Input::UrlSafe, &URL_SAFE_NO_PAD),
        (Input::UrlSafePadded, &URL_SAFE),
        (Input::Standard, &STANDARD),
        (Input::StandardNoPad, &STANDARD_NO_PAD),
    ] {
        let text = format!("{}.{}", engine.encode(&hb), engine.encode(&pb));
        if !inputs.iter().any(|(_, t)| *t == text) {
            inputs.push((kind, text));
        }
    }
    let mut algs = vec![expected];
    algs.extend(ALGS.iter().filter(|a| **a != expected));
    let sig = &jwt.signature;
    let found = inputs.iter().find_map(|(kind, text)| {
        algs.iter().find_map(|alg| {
            let m = mac(alg, key, text.as_bytes());
            let hx = hex(&m);
            let repr = if *sig == m {
                Some(Repr::Raw)
            } else if sig_text.eq_ignore_ascii_case(&hx) {
                Some(Repr::HexText)
            } else if sig.eq_ignore_ascii_case(hx.as_bytes()) {
                Some(Repr::HexEncoded)
            } else if *sig == STANDARD.encode(&m).into_bytes()
                || *sig == STANDARD_NO_PAD.encode(&m).into_bytes()
                || *sig == URL_SAFE_NO_PAD.encode(&m).into_bytes()
                || *sig == URL_SAFE.encode(&m).into_bytes()
            {
                Some(Repr::Base64Encoded)
            } else {
                None
            };
            repr.map(|r| (*kind, *alg, r))
        })
    });
    let Some((input, alg, repr)) = found else {
        push(
            out,
            "TOK003",
            s.clone(),
            "HMAC mismatch: the token was signed with another secret or re-encoded after signing \
             (checked HS256, HS384 and HS512 over the segments as given and re-encoded in both \
             base64 alphabets)"
                .into(),
        );
        return Hmac::Mismatch;
    };
    let signed = h.start..p.end;
    let alphabet = match input {
        Input::AsGiven => None,
        Input::SpacesAsPlus => Some(
            "the signature matches once the spaces in the token are read as `+`, so the token \
             was signed as is and `+` became a space on the way (URL query or form decoding); \
             encode the segments as base64url, which has no `+`"
                .to_string(),
        ),
        Input::UrlSafe => Some(
            "the signature matches the base64url encoding of the same header and payload, so the \
             token was signed correctly and re-encoded with the standard alphabet afterwards"
                .to_string(),
        ),
        Input::UrlSafePadded => Some(
            "the signature matches the padded base64url encoding of the same header and payload, \
             so the `=` padding was stripped after signing; strip it before signing"
                .to_string(),
        ),
        Input::Standard | Input::StandardNoPad => Some(format!(
            "the signature matches the standard-base64 encoding{} of the same header and payload, \
             so it was computed before the segments were converted to base64url; sign the \
             base64url text",
            if input == Input::Standard {
                " (with `+`, `/`, `=`)"
            } else {
                " (with `+`, `/`)"
            }
        )),
    };
    if let Some(why) = &alphabet {
        push(
            out,
            "SIG004",
            signed,
            format!("HMAC mismatch that comes only from the base64 alphabet: {why}"),
        );
    }
    if alg != expected || non_hmac {
        let said = match header_alg {
            Some(a) => format!("the header says `{}`", super::check::clip(a, 20)),
            None => "the header names no algorithm".into(),
        };
        push(
            out,
            "SIG009",
            s.clone(),
            format!("the signature is an {alg} HMAC but {said}; Zoom expects HS256 in both"),
        );
    }
    let want = mac_len(alg);
    let repr_msg = match repr {
        Repr::Raw => None,
        Repr::HexText => Some(format!(
            "the signature segment is the hex digest of the HMAC; it must be the raw {want} HMAC bytes, base64url-encoded"
        )),
        Repr::HexEncoded => Some(format!(
            "the signature is the hex digest of the HMAC, base64url-encoded; encode the raw {want} HMAC bytes instead"
        )),
        Repr::Base64Encoded => Some(format!(
            "the signature is the base64 text of the HMAC, encoded again; encode the raw {want} HMAC bytes once"
        )),
    };
    if let Some(msg) = repr_msg {
        push(out, "TOK003", s.clone(), msg);
    }
    match (alphabet.is_some(), repr) {
        (true, _) => Hmac::AlphabetMismatch { alg },
        (false, Repr::Raw) => Hmac::Verified { alg },
        (false, _) => Hmac::Mismatch,
    }
}

/// The HMAC of a legacy signature: `base64(HMAC-SHA256(secret, base64(key + mn + ts + role)))`.
pub(super) fn legacy(
    l: &Legacy,
    span: Range<usize>,
    opts: &Options,
    out: &mut Vec<TokenFinding>,
) -> Hmac {
    let Some(secret) = &opts.secret else {
        return Hmac::NotChecked;
    };
    let message = STANDARD.encode(format!(
        "{}{}{}{}",
        l.api_key, l.meeting_number, l.timestamp, l.role
    ));
    let m = mac("HS256", secret.bytes(), message.as_bytes());
    let hash = decode::base64(&l.hash).map(|b| b.bytes).unwrap_or_default();
    if hash == m {
        Hmac::Verified { alg: "HS256" }
    } else {
        push(
            out,
            "TOK003",
            span,
            "HMAC mismatch: the token was signed with another secret or re-encoded after signing \
             (a legacy signature is signed with the API secret, not the SDK secret)"
                .into(),
        );
        Hmac::Mismatch
    }
}
