//! SIG006 timestamp-in-milliseconds: iat/exp/tokenExp computed in milliseconds.

use crate::diagnostic::Finding;
use crate::eval::Unit;
use crate::rules::Input;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for p in &sites.payloads {
        for claim in ["iat", "exp", "tokenExp"] {
            let Some(c) = p.claim(claim) else { continue };
            for alt in c.value.alternatives() {
                if let Some(t) = alt.time() {
                    if t.unit == Unit::Millis {
                        out.push(Finding::new(
                            "SIG006",
                            alt.span,
                            format!(
                                "`{claim}` is a Unix time in milliseconds; JWT times are seconds"
                            ),
                        ));
                    }
                }
            }
        }
    }
}
