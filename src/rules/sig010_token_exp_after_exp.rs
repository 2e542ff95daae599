//! SIG010 token-exp-after-exp: tokenExp is later than exp.
//!
//! Fix (safe): `tokenExp` is written as the expression written for `exp` (when that is the
//! source's own timestamp, in the same function, reading no clock of its own), or else shifted
//! back by the difference.

use crate::diagnostic::Finding;
use crate::diagnostic::Fix;
use crate::eval::Value;
use crate::rules::rewrite::{shifted_claim, token_exp_as_exp};
use crate::rules::{claim_pairs, human_seconds, Input};

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        let (Some(exp), Some(token_exp)) = (p.claim("exp"), p.claim("tokenExp")) else {
            continue;
        };
        for (t, e) in claim_pairs(&token_exp.value, &exp.value) {
            let (Some(tt), Some(et)) = (t.time(), e.time()) else {
                continue;
            };
            if tt.unit != et.unit {
                continue;
            }
            let later = tt.offset_seconds() - et.offset_seconds();
            if later > 0.0 {
                let mut finding = Finding::new(
                    "SIG010",
                    t.span,
                    format!("`tokenExp` is {} later than `exp`", human_seconds(later)),
                );
                let single = matches!(token_exp.value.value, Value::Time(_))
                    && matches!(exp.value.value, Value::Time(_));
                if single {
                    let fix = token_exp_as_exp(input, exp, token_exp).unwrap_or_else(|| {
                        let delta = -(later * tt.unit.per_second() as f64).round() as i64;
                        let (written, edits) = shifted_claim(input, token_exp, delta);
                        Fix::safe(
                            format!("move `tokenExp` back to `exp` (`{written}`)"),
                            edits,
                        )
                    });
                    finding = finding.with_fix(fix);
                }
                out.push(finding);
            }
        }
    }
}
