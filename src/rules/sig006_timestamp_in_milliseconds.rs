//! SIG006 timestamp-in-milliseconds: iat/exp/tokenExp computed in milliseconds.
//!
//! Fix (safe): the claim is converted to whole seconds where it is written into the payload
//! (`Math.floor(exp / 1000)`, `exp.div(1000)`, `intdiv((int) $exp, 1000)`, `int(exp // 1000)`,
//! `exp / 1000`), when every value the claim may take is in milliseconds. Converting where the
//! claim is written, not where the value was computed, keeps an `exp` derived from a millisecond
//! `iat` right: each claim is divided once.

use crate::diagnostic::Finding;
use crate::diagnostic::Fix;
use crate::eval::Unit;
use crate::rules::rewrite::{convert_claim, Conversion};
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        for claim in ["iat", "exp", "tokenExp"] {
            let Some(c) = p.claim(claim) else { continue };
            let alts = c.value.alternatives();
            let all_ms = alts
                .iter()
                .all(|a| a.time().is_some_and(|t| t.unit == Unit::Millis));
            let mut fixed = false;
            for alt in alts {
                if let Some(t) = alt.time() {
                    if t.unit == Unit::Millis {
                        let mut finding = Finding::new(
                            "SIG006",
                            alt.span,
                            format!(
                                "`{claim}` is a Unix time in milliseconds; JWT times are seconds"
                            ),
                        );
                        // A time written as text is made a number first (SIG012's fix).
                        let plain = matches!(alt.value, crate::eval::Value::Time(_));
                        if all_ms && plain && !fixed {
                            fixed = true;
                            finding = finding.with_fix(Fix::safe(
                                format!("convert `{claim}` to whole seconds"),
                                convert_claim(input, c, Conversion::ToSeconds),
                            ));
                        }
                        out.push(finding);
                    }
                }
            }
        }
    }
}
