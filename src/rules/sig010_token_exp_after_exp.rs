//! SIG010 token-exp-after-exp: tokenExp is later than exp.

use crate::diagnostic::Finding;
use crate::rules::Input;
use crate::rules::{claim_pairs, human_seconds};

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
                out.push(Finding::new(
                    "SIG010",
                    t.span,
                    format!("`tokenExp` is {} later than `exp`", human_seconds(later)),
                ));
            }
        }
    }
}
