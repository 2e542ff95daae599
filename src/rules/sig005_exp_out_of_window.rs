//! SIG005 exp-out-of-window: `exp - iat` or `tokenExp - iat` outside [1800, 172800] seconds.

use crate::diagnostic::Finding;
use crate::rules::{claim_pairs, human_seconds};
use crate::sites::Sites;

pub const MIN_LIFETIME: f64 = 1800.0;
pub const MAX_LIFETIME: f64 = 172_800.0;

pub fn check(sites: &Sites, out: &mut Vec<Finding>) {
    for p in &sites.payloads {
        let Some(iat) = p.claim("iat") else { continue };
        for claim in ["exp", "tokenExp"] {
            let Some(exp) = p.claim(claim) else { continue };
            for (e, i) in claim_pairs(&exp.value, &iat.value) {
                {
                    let (Some(et), Some(it)) = (e.time(), i.time()) else {
                        continue;
                    };
                    if it.unit != et.unit {
                        continue; // SIG006 reports the unit mix.
                    }
                    let lifetime = et.offset_seconds() - it.offset_seconds();
                    if (MIN_LIFETIME..=MAX_LIFETIME).contains(&lifetime) {
                        continue;
                    }
                    let bound = if lifetime < MIN_LIFETIME {
                        "below the 30 min minimum"
                    } else {
                        "above the 48 h maximum"
                    };
                    out.push(Finding::new(
                        "SIG005",
                        e.span,
                        format!("`{claim} - iat` is {}, {bound}", human_seconds(lifetime)),
                    ));
                }
            }
        }
    }
}
