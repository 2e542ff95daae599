//! The output of `siglint token`: human text, and JSON with the finding schema of `check`.
//!
//! Neither output ever contains the secret: claims named like secrets and any claim equal to the
//! secret are masked, and as a last guard every occurrence of a secret of 6 or more characters in
//! the output is masked too.

use std::fmt::Write as _;
use std::ops::Range;

use serde_json::{json, Map, Value};

use super::check::{mask_value, num, number, MAX_LIFETIME, MIN_LIFETIME, MS_THRESHOLD};
use super::time::{duration, relative, utc};
use super::{mask, Options, Secret, Token, TokenReport};
use crate::diagnostic::Severity;

/// 1-based line and column (columns count characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// What part of the token a span covers.
fn part(report: &TokenReport, span: &Range<usize>) -> &'static str {
    if report.encoded_twice {
        return "the whole input, a token encoded once more";
    }
    match &report.token {
        Ok(Token::Jwt(jwt)) => {
            let [h, p, s] = &jwt.segments;
            if span == h {
                "segment 1, header"
            } else if span == p {
                "segment 2, payload"
            } else if span == s {
                "segment 3, signature"
            } else {
                "segments 1-2, header and payload"
            }
        }
        Ok(Token::Legacy(_)) => "legacy signature",
        Err(_) => "input",
    }
}

fn counts(report: &TokenReport) -> (usize, usize) {
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    (errors, report.findings.len() - errors)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Masks every occurrence of the secret (when it is long enough not to hit ordinary text).
fn scrub(mut out: String, secret: Option<&Secret>) -> String {
    if let Some(s) = secret.and_then(|s| std::str::from_utf8(s.bytes()).ok()) {
        if s.chars().count() >= 6 && out.contains(s) {
            out = out.replace(s, &mask(s));
        }
        // JSON escapes some characters; mask the escaped form as well.
        let escaped = Value::String(s.to_string()).to_string();
        let escaped = &escaped[1..escaped.len() - 1];
        if escaped != s && escaped.chars().count() >= 6 && out.contains(escaped) {
            out = out.replace(escaped, &mask(s));
        }
    }
    out
}

fn indent(text: &str, by: &str) -> String {
    text.lines().map(|l| format!("{by}{l}\n")).collect()
}

/// A time claim for the `times` table: value, UTC date, relative to now.
fn time_row(v: &Value, now: Option<i64>) -> (String, Option<String>, Option<String>) {
    let Some(t) = number(v) else {
        return (v.to_string(), None, None);
    };
    let shown = match v {
        Value::String(_) => v.to_string(),
        _ => num(t),
    };
    if t.abs() > MS_THRESHOLD {
        let secs = (t / 1000.0).floor() as i64;
        return (
            shown,
            Some(format!("{} (as milliseconds)", utc(secs))),
            now.map(|n| format!("{} (as milliseconds)", relative(secs, n))),
        );
    }
    let secs = t.floor() as i64;
    (shown, Some(utc(secs)), now.map(|n| relative(secs, n)))
}

const TIME_CLAIMS: [&str; 4] = ["iat", "nbf", "exp", "tokenExp"];

/// The human report.
pub fn text(report: &TokenReport, input: &str, path: &str, opts: &Options) -> String {
    let mut o = String::new();
    let secret = opts.secret.as_ref();
    let token = match &report.token {
        Err(e) => {
            let _ = writeln!(o, "not a token: {}", e.reason);
            return scrub(o, secret);
        }
        Ok(t) => t,
    };
    match token {
        Token::Jwt(jwt) => {
            let web = if jwt.payload.contains_key("mn") {
                " (Web SDK: it carries `mn`)"
            } else {
                ""
            };
            let _ = writeln!(o, "Meeting SDK JWT{web}");
            if report.encoded_twice {
                let _ = writeln!(
                    o,
                    "base64-encoded once more (SIG015): decoded from the extra layer, shown below"
                );
            }
            let at = |r: &Range<usize>| {
                if report.encoded_twice {
                    "inside the extra base64 layer".to_string()
                } else {
                    columns(input, r)
                }
            };
            if let Some(now) = report.now {
                let _ = writeln!(o, "now: {} ({now})", utc(now));
            }
            let names = ["header", "payload", "signature"];
            for (i, (name, map)) in [
                (names[0], &masked(&jwt.header, secret)),
                (names[1], &jwt.masked_payload(secret)),
            ]
            .into_iter()
            .enumerate()
            {
                let r = &jwt.segments[i];
                let pretty = serde_json::to_string_pretty(map).unwrap_or_else(|_| "{}".to_string());
                let _ = writeln!(o, "\n{name} (segment {}, {}):", i + 1, at(r));
                o.push_str(&indent(&pretty, "    "));
            }
            let rows: Vec<(&str, &Value)> = TIME_CLAIMS
                .iter()
                .filter_map(|k| jwt.payload.get(*k).map(|v| (*k, v)))
                .collect();
            if !rows.is_empty() {
                let _ = writeln!(o, "\ntimes:");
                for (k, v) in rows {
                    let (shown, date, rel) = time_row(v, report.now);
                    let mut line = format!("    {k:<9} {shown:<13}");
                    if let Some(d) = date {
                        let _ = write!(line, " {d}");
                    }
                    if let Some(r) = rel {
                        let _ = write!(line, "  {r}");
                    }
                    let _ = writeln!(o, "{}", line.trim_end());
                }
                for (name, life) in lifetimes(&jwt.payload) {
                    let verdict = if (MIN_LIFETIME..=MAX_LIFETIME).contains(&life) {
                        "within 30 min to 48 h"
                    } else {
                        "outside 30 min to 48 h"
                    };
                    let _ = writeln!(
                        o,
                        "    lifetime  {name} - iat = {} s ({}{}), {verdict}",
                        num(life),
                        if life < 0.0 { "-" } else { "" },
                        duration(life.abs() as u64)
                    );
                }
            }
            let _ = writeln!(
                o,
                "\nsignature (segment 3, {}): {} bytes; {}",
                at(&jwt.segments[2]),
                jwt.signature.len(),
                report.hmac.describe()
            );
        }
        Token::Legacy(l) => {
            let _ = writeln!(
                o,
                "Legacy Web SDK signature (API key + API secret; rejected by Web SDK 2.7 and later)"
            );
            if report.encoded_twice {
                let _ = writeln!(
                    o,
                    "base64-encoded twice (SIG015): decoded from the extra layer, shown below"
                );
            }
            if let Some(now) = report.now {
                let _ = writeln!(o, "now: {} ({now})", utc(now));
            }
            let _ = writeln!(o, "    API key         {}", l.api_key);
            let _ = writeln!(o, "    meeting number  {}", l.meeting_number);
            let mut ts = format!("    timestamp       {}", l.timestamp);
            if let Some(when) = legacy_time(&l.timestamp) {
                let _ = write!(ts, " ms  {}", utc(when));
                if let Some(now) = report.now {
                    let _ = write!(ts, "  {}", relative(when, now));
                }
            }
            let _ = writeln!(o, "{ts}");
            let role = match l.role.as_str() {
                "0" => " (participant)",
                "1" => " (host)",
                _ => "",
            };
            let _ = writeln!(o, "    role            {}{role}", l.role);
            let _ = writeln!(o, "    hash            {} characters", l.hash.len());
            let _ = writeln!(o, "\nsignature check: {}", report.hmac.describe());
        }
    }
    for f in &report.findings {
        let Some(rule) = f.rule() else { continue };
        let (line, column) = position(input, f.span.start);
        let _ = writeln!(
            o,
            "\n{}[{}/{}]: {}\n  --> {path}:{line}:{column} ({})\n  = help: {}",
            rule.severity.as_str(),
            rule.code,
            rule.name,
            f.message,
            part(report, &f.span),
            rule.help
        );
    }
    let (errors, warnings) = counts(report);
    let n = report.findings.len();
    if n == 0 {
        let _ = writeln!(
            o,
            "\nNo problems found{}.",
            match report.hmac {
                super::Hmac::Verified { .. } => "; signature verified",
                _ => " (signature not verified)",
            }
        );
    } else {
        let _ = writeln!(
            o,
            "\nFound {n} problem{} ({errors} error{}, {warnings} warning{}).",
            plural(n),
            plural(errors),
            plural(warnings)
        );
    }
    scrub(o, secret)
}

/// `columns 38-245` (or `line 2, columns …` when the input has several lines).
fn columns(input: &str, r: &Range<usize>) -> String {
    let (l1, c1) = position(input, r.start);
    let (l2, c2) = position(input, r.end);
    let c2 = c2.saturating_sub(1).max(c1);
    if l1 == 1 && l2 == 1 {
        format!("columns {c1}-{c2}")
    } else {
        format!("line {l1} column {c1} to line {l2} column {c2}")
    }
}

/// The legacy timestamp in seconds when it is a millisecond number.
fn legacy_time(ts: &str) -> Option<i64> {
    let t = ts.parse::<u64>().ok()?;
    ((t as f64) > MS_THRESHOLD).then_some((t / 1000) as i64)
}

/// `exp - iat` and `tokenExp - iat` where both are numbers in seconds.
fn lifetimes(pl: &Map<String, Value>) -> Vec<(&'static str, f64)> {
    let sec = |k: &str| {
        pl.get(k)
            .and_then(number)
            .filter(|v| v.abs() <= MS_THRESHOLD)
    };
    let Some(iat) = sec("iat") else {
        return Vec::new();
    };
    ["exp", "tokenExp"]
        .into_iter()
        .filter_map(|k| sec(k).map(|e| (k, e - iat)))
        .collect()
}

/// A JSON object with its secret-like values masked.
fn masked(map: &Map<String, Value>, secret: Option<&Secret>) -> Map<String, Value> {
    map.iter()
        .map(|(k, v)| (k.clone(), mask_value(k, v, secret)))
        .collect()
}

/// An integer JSON number when the value is whole.
fn number_json(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn range_json(input: &str, r: &Range<usize>) -> Value {
    let (l1, c1) = position(input, r.start);
    let (l2, c2) = position(input, r.end);
    json!({
        "start": {"line": l1, "column": c1},
        "end": {"line": l2, "column": c2},
    })
}

/// The JSON report: `{"findings": [...], "token": {...}, "summary": {...}}`.
pub fn json(report: &TokenReport, input: &str, path: &str, opts: &Options) -> String {
    let secret = opts.secret.as_ref();
    let findings: Vec<Value> = report
        .findings
        .iter()
        .filter_map(|f| {
            let rule = f.rule()?;
            Some(json!({
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.as_str(),
                "path": path,
                "range": range_json(input, &f.span),
                "byte_range": {"start": f.span.start, "end": f.span.end},
                "message": f.message,
                "summary": rule.summary,
                "help": rule.help,
                "fix": rule.fix,
            }))
        })
        .collect();
    let mut token = Map::new();
    token.insert("format".into(), json!(report.format()));
    token.insert("encoded_twice".into(), json!(report.encoded_twice));
    token.insert(
        "valid".into(),
        json!(report.token.is_ok() && report.findings.is_empty()),
    );
    token.insert("now".into(), json!(report.now));
    token.insert("now_utc".into(), json!(report.now.map(utc)));
    token.insert(
        "byte_range".into(),
        json!({"start": report.span.start, "end": report.span.end}),
    );
    match &report.token {
        Err(e) => {
            token.insert("error".into(), json!(e.reason));
        }
        Ok(Token::Jwt(jwt)) => {
            token.insert("web_sdk".into(), json!(jwt.payload.contains_key("mn")));
            token.insert("header".into(), Value::Object(masked(&jwt.header, secret)));
            token.insert("payload".into(), Value::Object(jwt.masked_payload(secret)));
            let names = ["header", "payload", "signature"];
            let segs: Vec<Value> = jwt
                .segments
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    json!({
                        "number": i + 1,
                        "name": names[i],
                        "range": range_json(input, r),
                        "byte_range": {"start": r.start, "end": r.end},
                    })
                })
                .collect();
            token.insert("segments".into(), Value::Array(segs));
            token.insert("signature_bytes".into(), json!(jwt.signature.len()));
            let mut times = Map::new();
            for k in TIME_CLAIMS {
                if let Some(v) = jwt.payload.get(k) {
                    let (_, date, rel) = time_row(v, report.now);
                    times.insert(k.into(), json!({"value": v, "utc": date, "relative": rel}));
                }
            }
            token.insert("times".into(), Value::Object(times));
            let lives: Map<String, Value> = lifetimes(&jwt.payload)
                .into_iter()
                .map(|(k, l)| (k.to_string(), number_json(l)))
                .collect();
            token.insert("lifetime_seconds".into(), Value::Object(lives));
        }
        Ok(Token::Legacy(l)) => {
            let when = legacy_time(&l.timestamp);
            token.insert(
                "legacy".into(),
                json!({
                    "api_key": l.api_key,
                    "meeting_number": l.meeting_number,
                    "timestamp": l.timestamp,
                    "timestamp_utc": when.map(utc),
                    "timestamp_relative": when.zip(report.now).map(|(w, n)| relative(w, n)),
                    "role": l.role,
                    "hash_chars": l.hash.len(),
                }),
            );
        }
    }
    token.insert(
        "hmac".into(),
        json!({"status": report.hmac.status(), "message": report.hmac.describe()}),
    );
    let (errors, warnings) = counts(report);
    let mut by_code = std::collections::BTreeMap::new();
    for f in &report.findings {
        *by_code.entry(f.code).or_insert(0usize) += 1;
    }
    let out = json!({
        "findings": findings,
        "token": token,
        "summary": {
            "findings": report.findings.len(),
            "errors": errors,
            "warnings": warnings,
            "by_code": by_code,
            "exit_code": report.exit_code(),
        }
    });
    let mut text = serde_json::to_string_pretty(&out).expect("JSON values serialize");
    text.push('\n');
    scrub(text, secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position("abc", 0), (1, 1));
        assert_eq!(position("abc", 3), (1, 4));
        assert_eq!(position("a\nçb", 4), (2, 2));
    }

    #[test]
    fn scrub_masks_long_secrets_only() {
        let s = Secret::new("topsecretvalue123");
        assert!(!scrub("x topsecretvalue123 y".into(), Some(&s)).contains("topsecretvalue123"));
        let short = Secret::new("HS2");
        assert_eq!(scrub("HS256".into(), Some(&short)), "HS256");
    }
}
