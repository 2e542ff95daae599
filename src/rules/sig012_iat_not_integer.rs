//! SIG012 iat-not-integer: a time claim that is a string or a fractional number.
//!
//! Fix (safe): a conversion to text written inside the claim (`iat: String(iat)`,
//! `'iat' => (string) $iat`, `str(iat)`) is removed; otherwise the claim is converted to an
//! integer where it is written (`Math.floor(…)`, `int(…)`, `….to_i`, `(int) …`, `(long) …`). A
//! number quoted by a hand-written JSON template (`"iat":"%d"`) is unquoted in the template,
//! when exactly one string literal of the file holds that quoted conversion. A number that
//! Java's `MessageFormat` writes with grouping separators (`"iat":{3}` gives `1,733,500,000`)
//! gets the pattern `{3,number,#}` in the template, under the same condition.

use crate::diagnostic::Finding;
use crate::diagnostic::{Edit, Fix};
use crate::eval::Value;
use crate::model::ExprKind;
use crate::rules::rewrite::{convert_claim, text, Conversion};
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        for claim in ["iat", "exp", "tokenExp"] {
            let Some(c) = p.claim(claim) else { continue };
            // A conversion of the whole claim is offered once; removing a `String(…)` written
            // in one branch is that branch's own fix.
            let mut converted = false;
            for alt in c.value.alternatives() {
                let mut whole_claim = true;
                let (problem, edits) = match &alt.value {
                    Value::Text(inner) => match inner.value {
                        Value::Int(_) | Value::Float(_) | Value::Time(_) => {
                            let site = c.value.site;
                            let edits = if site.contains(alt.span)
                                && alt.span.contains(inner.site)
                                && alt.span != inner.site
                            {
                                // `String(iat)` written in the claim: keep only `iat`.
                                whole_claim = false;
                                vec![Edit::replace(alt.span, text(input, inner.site))]
                            } else if alt.span == inner.site {
                                // Quoted by the JSON text around it: unquote the template.
                                unquote_template(input, claim).unwrap_or_default()
                            } else {
                                convert_claim(input, c, Conversion::Parse)
                            };
                            (
                                format!("`{claim}` is a string; JWT times are integer seconds"),
                                edits,
                            )
                        }
                        _ => continue,
                    },
                    Value::Grouped(_) => (
                        format!("`{claim}` is written by `MessageFormat` with grouping separators (a Unix time comes out as `1,733,500,000`), which is no JSON number: the payload is invalid JSON; JWT times are integer seconds"),
                        ungroup_template(input, claim).unwrap_or_default(),
                    ),
                    Value::Time(t) if t.fractional => (
                        format!("`{claim}` has a fractional part; JWT times are integer seconds"),
                        convert_claim(input, c, Conversion::Floor),
                    ),
                    Value::Float(f) if f.fract() != 0.0 => (
                        format!("`{claim}` is the fraction {f}; JWT times are integer seconds"),
                        convert_claim(input, c, Conversion::Floor),
                    ),
                    _ => continue,
                };
                let mut finding = Finding::new("SIG012", alt.span, problem);
                let first = !(whole_claim && converted);
                if first && !edits.is_empty() {
                    converted |= whole_claim;
                    finding = finding.with_fix(Fix::safe(
                        format!("make `{claim}` an integer number of seconds"),
                        edits,
                    ));
                }
                out.push(finding);
            }
        }
    }
}

/// `"iat":"%d"` in the one format template of the file that quotes the claim's conversion:
/// the two quotes around `%d` are removed (escaped `\"` in the source, or plain quotes).
fn unquote_template(input: &Input, claim: &str) -> Option<Vec<Edit>> {
    let m = input.model;
    let quoted = format!("\"{claim}\":\"%");
    let mut literals = m
        .expr_ids()
        .filter(|id| matches!(m.kind(*id), ExprKind::Str(s) if s.contains(&quoted)));
    let (Some(literal), None) = (literals.next(), literals.next()) else {
        return None;
    };
    let span = m.span(literal);
    let src = text(input, span);
    for q in ["\\\"", "\""] {
        let pattern = format!("{q}{claim}{q}:{q}%");
        let Some(i) = src.find(&pattern) else {
            continue;
        };
        if src[i + 1..].contains(&pattern) {
            return None;
        }
        let open = i + pattern.len() - 1 - q.len();
        let spec = &src[i + pattern.len()..];
        let letter = spec.find(|c: char| c.is_ascii_alphabetic())?;
        let close = i + pattern.len() + letter + 1;
        if !src[close..].starts_with(q) {
            return None;
        }
        let at = |k: usize| span.with_range(span.start + k, span.start + k + q.len());
        return Some(vec![Edit::delete(at(open)), Edit::delete(at(close))]);
    }
    None
}

/// `"iat":{3}` (or `{3,number}`, `{3,number,integer}`) in the one `MessageFormat` template of
/// the file that writes the claim: the placeholder becomes `{3,number,#}`, digits without
/// grouping separators.
fn ungroup_template(input: &Input, claim: &str) -> Option<Vec<Edit>> {
    let m = input.model;
    let key = format!("\"{claim}\":{{");
    let mut literals = m
        .expr_ids()
        .filter(|id| matches!(m.kind(*id), ExprKind::Str(s) if s.contains(&key)));
    let (Some(literal), None) = (literals.next(), literals.next()) else {
        return None;
    };
    let span = m.span(literal);
    let src = text(input, span);
    for q in ["\\\"", "\""] {
        let pattern = format!("{q}{claim}{q}:{{");
        let Some(i) = src.find(&pattern) else {
            continue;
        };
        if src[i + 1..].contains(&pattern) {
            return None;
        }
        let open = i + pattern.len();
        let close = open + src[open..].find('}')?;
        let spec = &src[open..close];
        let mut fields = spec.split(',').map(str::trim);
        let index = fields.next()?;
        if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match (fields.next(), fields.next(), fields.next()) {
            (None, None, None) | (Some("number"), None | Some("integer"), None) => {}
            _ => return None,
        }
        return Some(vec![Edit::replace(
            span.with_range(span.start + open, span.start + close),
            format!("{index},number,#"),
        )]);
    }
    None
}
