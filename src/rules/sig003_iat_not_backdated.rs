//! SIG003 iat-not-backdated: iat evaluates to exactly the current time (or later).

use crate::diagnostic::Finding;
use crate::sites::Sites;

pub fn check(sites: &Sites, out: &mut Vec<Finding>) {
    for p in &sites.payloads {
        let Some(iat) = p.claim("iat") else { continue };
        for alt in iat.value.alternatives() {
            let Some(t) = alt.time() else { continue };
            let ahead = t.offset_seconds();
            let message = if ahead == 0.0 {
                "`iat` is the current time; a clock running ahead of Zoom's makes the token \"issued in the future\"".to_string()
            } else if ahead > 0.0 {
                format!(
                    "`iat` is {ahead} s in the future; Zoom rejects a token issued in its future"
                )
            } else {
                continue;
            };
            out.push(Finding::new("SIG003", alt.span, message));
        }
    }
}
