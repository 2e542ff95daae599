//! SIG005 exp-out-of-window: `exp - iat` or `tokenExp - iat` outside [1800, 172800] seconds
//! (or the `[window]` of `siglint.toml`).
//!
//! Fix (safe): the claim is written as `iat + 7200` (two hours, or the nearest bound of a
//! configured window), copying the expression written for `iat` when it is the source's own
//! timestamp in the same function; a `tokenExp` next to a valid `exp` becomes a copy of `exp`.
//! Otherwise the claim's own expression is shifted by the difference (`… - 252000`). Claims a
//! library computes (`expiresIn: '3d'`, a date object) have no fix.

use crate::diagnostic::Finding;
use crate::diagnostic::Fix;
use crate::eval::{ObjEntry, Value};
use crate::rules::rewrite::{
    claim_text, offset_text, replace_claim, shifted_claim, token_exp_as_exp,
};
use crate::rules::{claim_pairs, human_duration, human_seconds, Input, Settings};
use crate::sites::JwtPayload;

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
                let mut finding = Finding::new(
                    "SIG005",
                    e.span,
                    format!("`{claim} - iat` is {}, {bound}", human_seconds(lifetime)),
                );
                if let Some(fix) = fix(input, p, claim, exp, iat, lifetime) {
                    finding = finding.with_fix(fix);
                }
                out.push(finding);
            }
        }
    }
}

/// The lifetime a fix gives a token: two hours, within the configured window.
pub(crate) fn target_lifetime(settings: &Settings) -> u64 {
    7200u64.clamp(settings.min_lifetime, settings.max_lifetime)
}

fn fix(
    input: &Input,
    p: &JwtPayload,
    claim: &str,
    exp: &ObjEntry,
    iat: &ObjEntry,
    lifetime: f64,
) -> Option<Fix> {
    // One value each, computed by the source: a choice or a library's date has no single fix.
    let (Value::Time(et), Value::Time(it)) = (&exp.value.value, &iat.value.value) else {
        return None;
    };
    let target = target_lifetime(input.settings);
    let per_second = et.unit.per_second();
    let window = input.settings.min_lifetime as f64..=input.settings.max_lifetime as f64;
    // A tokenExp next to a valid exp: the same expression.
    if claim == "tokenExp" {
        if let Some(valid_exp) = p.claim("exp").filter(|x| match &x.value.value {
            Value::Time(t) => {
                t.unit == it.unit && window.contains(&(t.offset_seconds() - it.offset_seconds()))
            }
            _ => false,
        }) {
            if let Some(fix) = token_exp_as_exp(input, valid_exp, exp) {
                return Some(fix);
            }
        }
    }
    let seconds_text = human_duration(target);
    if let Some(t) = claim_text(input, iat, exp, false) {
        let written = offset_text(input, iat.value.site, t, target as i64 * per_second);
        return Some(Fix::safe(
            format!("set `{claim}` to `{written}` ({seconds_text} after iat)"),
            replace_claim(input, exp, &written),
        ));
    }
    let delta = ((target as f64 - lifetime) * per_second as f64).round() as i64;
    let (written, edits) = shifted_claim(input, exp, delta);
    Some(Fix::safe(
        format!("shift `{claim}` to {seconds_text} after iat (`{written}`)"),
        edits,
    ))
}
