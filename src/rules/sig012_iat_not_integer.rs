//! SIG012 iat-not-integer: a time claim that is a string or a fractional number.
//!
//! Fix (safe): a conversion to text written inside the claim (`iat: String(iat)`,
//! `'iat' => (string) $iat`, `str(iat)`) is removed; otherwise the claim is converted to an
//! integer where it is written (`Math.floor(…)`, `int(…)`, `….to_i`, `(int) …`, `(long) …`). A
//! number quoted by a hand-written JSON template (`"iat":"%d"`) has no fix: the template must
//! change.

use crate::diagnostic::Finding;
use crate::eval::Value;
use crate::fix::{Edit, Fix};
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
                                // Quoted by the JSON text around it.
                                Vec::new()
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
