//! SIG009 wrong-jwt-algorithm: a Meeting SDK token signed with something other than HS256.
//!
//! Fix (safe): an algorithm written as a string literal (`'HS512'`, `"HS384"`) or as a constant
//! whose name ends in it (`SignatureAlgorithm.HS512`) becomes HS256; an HMAC hash written as a
//! literal (`'sha512'`) becomes `'sha256'`. Other forms (java-jwt `Algorithm.HMAC512`, an
//! asymmetric key) have no fix.

use crate::diagnostic::Finding;
use crate::diagnostic::{Edit, Fix};
use crate::eval::Value;
use crate::model::{ExprKind, Span};
use crate::rules::rewrite::text;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for s in &sites.signings {
        for alg in &s.algorithms {
            for alt in alg.alternatives() {
                if let Value::Str(name) = &alt.value {
                    if !name.eq_ignore_ascii_case("HS256") {
                        let mut finding = Finding::new(
                            "SIG009",
                            alt.span,
                            format!("the token is signed with {name}; Zoom verifies Meeting SDK signatures with HS256 only"),
                        );
                        if let Some(edit) = rename(input, alt.span, name, "HS256") {
                            finding = finding.with_fix(Fix::safe("sign with HS256", vec![edit]));
                        }
                        out.push(finding);
                    }
                }
            }
        }
        if let Some((Some(hash), span)) = &s.hmac {
            let h = hash.replace(['-', '_'], "").to_ascii_lowercase();
            if h != "sha256" && h != "hmacsha256" {
                let mut finding = Finding::new(
                    "SIG009",
                    *span,
                    format!("the signature is an HMAC with {hash}; HS256 is HMAC-SHA256"),
                );
                if let Some(edit) = hash_argument(input, *span, hash) {
                    finding = finding.with_fix(Fix::safe("use HMAC-SHA256", vec![edit]));
                }
                out.push(finding);
            }
        }
    }
}

/// `'HS512'` → `'HS256'`, `SignatureAlgorithm.HS512` → `SignatureAlgorithm.HS256`.
fn rename(input: &Input, span: Span, name: &str, to: &str) -> Option<Edit> {
    let t = text(input, span);
    let quote = t.chars().next()?;
    if matches!(quote, '\'' | '"') && t.len() == name.len() + 2 && &t[1..t.len() - 1] == name {
        return Some(Edit::replace(span, format!("{quote}{to}{quote}")));
    }
    let is_member =
        t.ends_with(name) && t[..t.len() - name.len()].ends_with(['.', ':']) && !t.contains('(');
    is_member.then(|| Edit::replace(Span::new(span.end - name.len(), span.end), to))
}

/// The hash literal among the arguments of the HMAC call at (or inside) `span`.
fn hash_argument(input: &Input, span: Span, hash: &str) -> Option<Edit> {
    let m = input.model;
    for id in m.expr_ids().filter(|id| span.contains(m.span(*id))) {
        let ExprKind::Call { args, .. } = m.kind(id) else {
            continue;
        };
        for a in args {
            if matches!(m.kind(a.value), ExprKind::Str(s) if s == hash) {
                let replacement = match hash.chars().next() {
                    Some(c) if c.is_ascii_uppercase() => "SHA256",
                    _ => "sha256",
                };
                return rename(input, m.span(a.value), hash, replacement);
            }
        }
    }
    None
}
