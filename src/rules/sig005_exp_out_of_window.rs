//! SIG005 exp-out-of-window: `exp - iat` or `tokenExp - iat` outside [1800, 172800] seconds
//! (or the `[window]` of `siglint.toml`).

use crate::diagnostic::Finding;
use crate::rules::Input;
use crate::rules::{claim_pairs, human_duration, human_seconds, Settings};

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let (sites, settings) = (input.sites, input.settings);
    let (min, max) = (settings.min_lifetime as f64, settings.max_lifetime as f64);
    // Messages name Zoom's limits, or say that the bound is the project's own.
    let zoom_window = (settings.min_lifetime, settings.max_lifetime)
        == (Settings::ZOOM_MIN_LIFETIME, Settings::ZOOM_MAX_LIFETIME);
    let (min_text, max_text) = if zoom_window {
        (
            "the 30 min minimum".to_string(),
            "the 48 h maximum".to_string(),
        )
    } else {
        (
            format!(
                "the configured {} minimum",
                human_duration(settings.min_lifetime)
            ),
            format!(
                "the configured {} maximum",
                human_duration(settings.max_lifetime)
            ),
        )
    };
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
                    if (min..=max).contains(&lifetime) {
                        continue;
                    }
                    let bound = if lifetime < min {
                        format!("below {min_text}")
                    } else {
                        format!("above {max_text}")
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
