//! Finding Meeting SDK JWTs and legacy signatures inside any text (source, `.env`, JSON, YAML),
//! for `siglint check`. A cheap scan: `eyJ…` shapes with three segments whose payload decodes to
//! an object with Meeting SDK claims, base64 runs that decode to `key.mn.ts.role.hash`, and
//! base64 runs that decode to either of them (a token encoded twice, SIG015).

use std::ops::Range;

use super::decode;
use super::{inspect, Options, Token, TokenReport};

/// Longest header, payload and signature segment considered (real ones are far shorter).
const MAX_HEADER: usize = 512;
const MAX_PAYLOAD: usize = 16 * 1024;
const MAX_SIGNATURE: usize = 1024;
/// Length bounds of a base64 run that may be a legacy signature.
const MIN_LEGACY: usize = 64;
const MAX_LEGACY: usize = 4096;
/// Claims of which one marks a Meeting SDK payload (`appKey` and `role` alone are other APIs'
/// claims too).
const SDK_CLAIMS: [&str; 3] = ["sdkKey", "mn", "tokenExp"];

/// The bytes of a base64 (either alphabet) run, unpadded: `A-Z a-z 0-9 - _ + /`.
static RUN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+' | b'/');
        b += 1;
    }
    t
};

fn is_run(b: u8) -> bool {
    RUN[b as usize]
}

fn is_segment(b: u8) -> bool {
    is_run(b) || b == b'='
}

/// End of the run of segment characters starting at `start`, scanning at most `limit + 1`.
fn segment_end(bytes: &[u8], start: usize, limit: usize) -> usize {
    let mut end = start;
    while end < bytes.len() && is_segment(bytes[end]) && end - start <= limit {
        end += 1;
    }
    end
}

/// Every Meeting SDK JWT and legacy signature in `text`, inspected without a clock (no expiry
/// checks) and without a secret, with the byte range each occupies. The spans inside each report
/// (its findings, its JWT segments) are byte ranges into `text` too.
pub fn find_tokens(text: &str) -> Vec<(Range<usize>, TokenReport)> {
    find_tokens_with(text, &Options::default())
}

/// [`find_tokens`] with a clock and/or a secret.
pub fn find_tokens_with(text: &str, opts: &Options) -> Vec<(Range<usize>, TokenReport)> {
    let mut found = jwts(text, opts);
    let jwt_ranges: Vec<Range<usize>> = found.iter().map(|(r, _)| r.clone()).collect();
    found.extend(legacies(text, &jwt_ranges, opts));
    found.sort_by_key(|(r, _)| r.start);
    found
}

fn jwts(text: &str, opts: &Options) -> Vec<(Range<usize>, TokenReport)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let finder = memchr::memmem::Finder::new(b"eyJ");
    let mut i = 0;
    while let Some(rel) = finder.find(&bytes[i..]) {
        let start = i + rel;
        i = start + 3;
        // Inside a longer word or base64 run (`/` and `=` are boundaries: URL paths, `sig=`).
        if start > 0
            && (bytes[start - 1].is_ascii_alphanumeric()
                || matches!(bytes[start - 1], b'-' | b'_' | b'+'))
        {
            continue;
        }
        let e1 = segment_end(bytes, start, usize::MAX);
        if bytes.get(e1) != Some(&b'.') {
            // Every later candidate in this run ends here too.
            i = i.max(e1);
            continue;
        }
        if e1 - start > MAX_HEADER {
            // Only candidates close enough to the `.` can have a header short enough.
            i = i.max(e1 - MAX_HEADER);
            continue;
        }
        // A cheap look at the header before scanning further.
        let header_ok = decode::base64(&text[start..e1])
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b.bytes).ok())
            .is_some_and(|v| v.is_object());
        if !header_ok || !text[e1 + 1..].starts_with("ey") {
            continue;
        }
        let e2 = segment_end(bytes, e1 + 1, MAX_PAYLOAD);
        if e2 - e1 - 1 > MAX_PAYLOAD || bytes.get(e2) != Some(&b'.') {
            continue;
        }
        let e3 = segment_end(bytes, e2 + 1, MAX_SIGNATURE);
        if e3 - e2 - 1 > MAX_SIGNATURE {
            continue;
        }
        // A fourth segment: a JWE or something else, not a Meeting SDK JWT.
        if bytes.get(e3) == Some(&b'.') && bytes.get(e3 + 1).is_some_and(|b| is_segment(*b)) {
            continue;
        }
        let mut report = inspect(&text[start..e3], opts);
        let sdk = match &report.token {
            Ok(Token::Jwt(jwt)) => SDK_CLAIMS.iter().any(|k| jwt.payload.contains_key(*k)),
            _ => false,
        };
        if sdk {
            report.shift(start);
            out.push((start..e3, report));
            i = e3;
        }
    }
    out
}

fn legacies(text: &str, skip: &[Range<usize>], opts: &Options) -> Vec<(Range<usize>, TokenReport)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // A run long enough has at least MIN_RUN run bytes (two `=` may pad it to MIN_LEGACY). A
    // run of that length starting in `i..=probe` covers `probe`: when `bytes[probe]` is no run
    // byte, none starts there, and the scan jumps past it. Most text is skipped this way, one
    // look per MIN_RUN bytes.
    const MIN_RUN: usize = MIN_LEGACY - 2;
    let mut i = 0;
    while i + MIN_RUN <= bytes.len() {
        let probe = i + MIN_RUN - 1;
        if !is_run(bytes[probe]) {
            i = probe + 1;
            continue;
        }
        // The start of the run through `probe` (`i` follows a non-run byte or a padding `=`,
        // or is 0: runs begin no earlier).
        let mut start = probe;
        while start > i && is_run(bytes[start - 1]) {
            start -= 1;
        }
        i = probe + 1;
        while i < bytes.len() && is_run(bytes[i]) {
            i += 1;
        }
        let mut end = i;
        while end < bytes.len() && end - i < 2 && bytes[end] == b'=' {
            end += 1;
        }
        let len = end - start;
        if !(MIN_LEGACY..=MAX_LEGACY).contains(&len)
            || skip.iter().any(|r| r.start < end && start < r.end)
        {
            continue;
        }
        // The run may begin with a path (`/join/…`): also try what follows each of the first `/`.
        let starts = std::iter::once(start).chain(
            text[start..end]
                .match_indices('/')
                .take(4)
                .map(|(k, _)| start + k + 1),
        );
        for s in starts {
            let run = &text[s..end];
            if end - s >= MIN_LEGACY && token_shape(run) {
                let mut report = inspect(run, opts);
                let token = match &report.token {
                    Ok(Token::Legacy(_)) => true,
                    // base64 of a Meeting SDK JWT (SIG015).
                    Ok(Token::Jwt(jwt)) => {
                        report.encoded_twice
                            && SDK_CLAIMS.iter().any(|k| jwt.payload.contains_key(*k))
                    }
                    Err(_) => false,
                };
                if token {
                    report.shift(s);
                    out.push((s..end, report));
                    break;
                }
            }
        }
        i = end;
    }
    out
}

/// A legacy signature, or a token encoded once more: base64 of a JWT (`ZXlK…`, base64 of
/// `eyJ…`) or of a legacy signature. The run is decoded once.
fn token_shape(run: &str) -> bool {
    if run.starts_with("ZXlK") {
        return true;
    }
    // Every shape accepted below decodes to text (a key, digits, dots, base64): a run whose
    // first bytes decode to anything else (random data, most long names) is no token, and is
    // not decoded whole.
    if !decodes_to_text(run) {
        return false;
    }
    let Ok(b) = decode::base64(run) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&b.bytes) else {
        return false;
    };
    if legacy_text_shape(text) {
        return true;
    }
    let inner = text.trim();
    inner.len() >= MIN_LEGACY && inner.bytes().all(is_segment) && legacy_shape(inner)
}

/// Whether the first 16 characters of a run (base64, either alphabet; runs are at least
/// [`MIN_LEGACY`] long) decode to printable ASCII or blanks. What does not decode there is left
/// to the decoding of the whole run.
fn decodes_to_text(run: &str) -> bool {
    let Some(head) = run.get(..16) else {
        return true;
    };
    decode::base64(head).map_or(true, |b| {
        b.bytes
            .iter()
            .all(|c| matches!(c, b' '..=b'~' | b'\t' | b'\n' | b'\r'))
    })
}

/// `key.mn.ts.role.hash` with a numeric meeting number, a 10–13-digit timestamp, a one-digit
/// role and a base64 HMAC-SHA256.
fn legacy_shape(run: &str) -> bool {
    decode::base64(run)
        .ok()
        .and_then(|b| String::from_utf8(b.bytes).ok())
        .is_some_and(|text| legacy_text_shape(&text))
}

/// [`legacy_shape`] of the decoded text.
fn legacy_text_shape(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 5
        && !parts[0].is_empty()
        && parts[0].bytes().all(|b| b.is_ascii_graphic())
        && digits(parts[1])
        && digits(parts[2])
        && (10..=13).contains(&parts[2].len())
        && parts[3].len() == 1
        && digits(parts[3])
        && decode::base64(parts[4]).is_ok_and(|h| h.bytes.len() == 32)
}
