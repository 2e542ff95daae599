//! Format detection and lenient base64 decoding that remembers every character a strict
//! base64url verifier would reject.

use std::ops::Range;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde_json::{Map, Value};

use super::{Jwt, Legacy, Token};

/// base64url without padding, tolerant of non-zero trailing bits. Input is normalised to this
/// alphabet before decoding.
pub(super) const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// A character of a segment that base64url without padding does not allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Offence {
    /// 1-based character position in the segment.
    pub position: usize,
    pub ch: char,
}

/// One segment of the token (a JWT has three, a legacy signature one).
#[derive(Clone, Debug)]
pub(super) struct Segment {
    pub name: &'static str,
    /// 1-based.
    pub number: usize,
    /// Bytes of the inspected text.
    pub range: Range<usize>,
    pub offences: Vec<Offence>,
}

impl Segment {
    pub fn label(&self) -> String {
        if self.name == "signature" && self.number == 0 {
            "the legacy signature".into()
        } else {
            format!("segment {} ({})", self.number, self.name)
        }
    }
}

/// A decoded token with what its encoding got wrong.
pub(super) struct Decoded {
    pub token: Token,
    pub segments: Vec<Segment>,
}

/// A base64 text decoded leniently.
#[derive(Debug)]
pub(super) struct Base64 {
    pub bytes: Vec<u8>,
    pub offences: Vec<Offence>,
}

/// Why a text is not base64: the 1-based position of the bad character when there is one.
#[derive(Debug)]
pub(super) struct BadBase64 {
    pub position: Option<usize>,
    pub detail: String,
}

impl BadBase64 {
    /// `bad base64 in segment 2 (payload) at position 17: ...`.
    pub fn within(&self, place: &str) -> String {
        match self.position {
            Some(p) => format!("bad base64 in {place} at position {p}: {}", self.detail),
            None => format!("bad base64 in {place}: {}", self.detail),
        }
    }
}

/// Decodes base64 in either alphabet, with or without padding. Spaces are read as `+` (what URL
/// form decoding turns `+` into), tabs and line breaks are skipped; each of them, `+`, `/` and
/// `=` is recorded as an offence. Errors name the 1-based position.
pub(super) fn base64(seg: &str) -> Result<Base64, BadBase64> {
    let mut norm = String::with_capacity(seg.len());
    let mut offences = Vec::new();
    let mut padding_at: Option<usize> = None;
    for (i, ch) in seg.chars().enumerate() {
        let position = i + 1;
        let mapped = match ch {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => Some(ch),
            '+' | ' ' => Some('-'),
            '/' => Some('_'),
            '=' => {
                padding_at.get_or_insert(position);
                None
            }
            '\t' | '\n' | '\r' => None,
            _ => {
                return Err(BadBase64 {
                    position: Some(position),
                    detail: format!("{} is not a base64 character", describe(ch)),
                })
            }
        };
        if !matches!(ch, 'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_') && offences.len() < 10_000 {
            offences.push(Offence { position, ch });
        }
        if let Some(m) = mapped {
            if let Some(p) = padding_at {
                return Err(BadBase64 {
                    position: Some(position),
                    detail: format!("{} after the `=` padding at position {p}", describe(ch)),
                });
            }
            norm.push(m);
        }
    }
    if norm.len() % 4 == 1 {
        return Err(BadBase64 {
            position: None,
            detail: format!(
                "{} characters cannot encode whole bytes (one too many or too few)",
                norm.len()
            ),
        });
    }
    let bytes = LENIENT.decode(norm.as_bytes()).map_err(|e| BadBase64 {
        position: None,
        detail: e.to_string(),
    })?;
    Ok(Base64 { bytes, offences })
}

/// `` `é` `` or `the control character U+0007`.
pub(super) fn describe(ch: char) -> String {
    if ch.is_control() {
        format!("the control character U+{:04X}", ch as u32)
    } else if ch == '`' {
        "a backtick".into()
    } else {
        format!("`{ch}`")
    }
}

/// Detects the format of `token` (already trimmed; `base` is its offset in the inspected text).
pub(super) fn decode(token: &str, base: usize) -> Result<Decoded, String> {
    let dots = token.bytes().filter(|b| *b == b'.').count();
    match dots {
        2 => jwt(token, base),
        0 => legacy(token, base),
        4 if raw_legacy_shape(token) => Err(
            "this is an unencoded legacy signature `key.meetingNumber.timestamp.role.hash`; \
             the signature sent to the Web SDK is its base64 encoding"
                .into(),
        ),
        1 => Err(
            "one `.`: a Meeting SDK JWT has three segments header.payload.signature (two dots), \
             and a legacy signature has none"
                .into(),
        ),
        n => Err(format!(
            "{n} dots: a Meeting SDK JWT has exactly two (header.payload.signature), and a legacy \
             signature has none"
        )),
    }
}

/// The text under one more layer of base64, when `token` (no dots) decodes to a JWT or a legacy
/// signature: `ZXlK…` (base64 of `eyJ…`), or a legacy signature encoded twice.
pub(super) fn unwrap_layer(token: &str) -> Option<String> {
    if token.contains('.') {
        return None;
    }
    let bytes = base64(token).ok()?.bytes;
    let text = std::str::from_utf8(&bytes).ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    decode(text, 0).ok().map(|_| text.to_string())
}

fn raw_legacy_shape(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 5
        && !parts[0].is_empty()
        && parts[1..4]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

const NAMES: [&str; 3] = ["header", "payload", "signature"];

fn jwt(token: &str, base: usize) -> Result<Decoded, String> {
    let mut segments = Vec::with_capacity(3);
    let mut decoded = Vec::with_capacity(3);
    let mut at = 0;
    for (i, part) in token.split('.').enumerate() {
        let range = base + at..base + at + part.len();
        at += part.len() + 1;
        let name = NAMES[i];
        let label = format!("segment {} ({name})", i + 1);
        if part.is_empty() && i < 2 {
            return Err(format!("the {name} (segment {}) is empty", i + 1));
        }
        let b = base64(part).map_err(|e| e.within(&label))?;
        segments.push(Segment {
            name,
            number: i + 1,
            range,
            offences: b.offences,
        });
        decoded.push(b.bytes);
    }
    let header = object(&decoded[0], "header", "segment 1")?;
    let payload = object(&decoded[1], "payload", "segment 2")?;
    let signature = std::mem::take(&mut decoded[2]);
    let ranges = [
        segments[0].range.clone(),
        segments[1].range.clone(),
        segments[2].range.clone(),
    ];
    Ok(Decoded {
        token: Token::Jwt(Jwt {
            header,
            payload,
            signature,
            segments: ranges,
        }),
        segments,
    })
}

fn object(bytes: &[u8], name: &str, seg: &str) -> Result<Map<String, Value>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the {name} ({seg}) decodes to binary data, not JSON (invalid UTF-8 at byte {})",
            e.valid_up_to() + 1
        )
    })?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!(
            "the {name} ({seg}) is JSON but not an object (it is {})",
            kind(&other)
        )),
        Err(e) => Err(format!("the {name} ({seg}) is not JSON: {e}")),
    }
}

/// `a string`, `an array`, ...
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn legacy(token: &str, base: usize) -> Result<Decoded, String> {
    const NOT_JWT: &str = "no `.`, so not a JWT (header.payload.signature)";
    let b = base64(token).map_err(|e| {
        format!(
            "{NOT_JWT}, and not a legacy signature: {}",
            e.within("the input")
        )
    })?;
    let text = std::str::from_utf8(&b.bytes)
        .ok()
        .filter(|t| t.chars().all(|c| c.is_ascii_graphic()))
        .ok_or_else(|| {
            format!(
                "{NOT_JWT}; its base64 decoding is binary data, not a legacy signature \
                 `key.meetingNumber.timestamp.role.hash`"
            )
        })?;
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 5 || parts.iter().any(|p| p.is_empty()) {
        return Err(format!(
            "{NOT_JWT}; its base64 decoding is text but not a legacy signature \
             `key.meetingNumber.timestamp.role.hash` (it has {} `.`-separated part{})",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(Decoded {
        token: Token::Legacy(Legacy {
            api_key: parts[0].into(),
            meeting_number: parts[1].into(),
            timestamp: parts[2].into(),
            role: parts[3].into(),
            hash: parts[4].into(),
        }),
        segments: vec![Segment {
            name: "signature",
            number: 0,
            range: base..base + token.len(),
            offences: b.offences,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_base64_reads_both_alphabets_and_records_offences() {
        let b = base64("+/8=").unwrap();
        assert_eq!(b.bytes, vec![0xfb, 0xff]);
        let chars: Vec<char> = b.offences.iter().map(|o| o.ch).collect();
        assert_eq!(chars, vec!['+', '/', '=']);
        assert_eq!(b.offences[2].position, 4);
        assert_eq!(base64("-_8").unwrap().bytes, vec![0xfb, 0xff]);
        assert!(base64("-_8").unwrap().offences.is_empty());
        assert_eq!(base64("ab!c").unwrap_err().position, Some(3));
        assert!(base64("ab=c")
            .unwrap_err()
            .detail
            .contains("after the `=` padding"));
        assert!(base64("abcde").unwrap_err().detail.contains("5 characters"));
        assert_eq!(
            base64("aé").unwrap_err().within("segment 1 (header)"),
            "bad base64 in segment 1 (header) at position 2: `é` is not a base64 character"
        );
    }
}
