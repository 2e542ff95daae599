//! SIG003 iat-not-backdated: iat evaluates to exactly the current time (or later), or, with
//! `min-backdate-seconds` configured, to less than that many seconds before now.

use crate::diagnostic::Finding;
use crate::diagnostic::Fix;
use crate::eval::Value;
use crate::rules::Input;
use crate::rules::{wrap, Tightness};

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let (sites, settings) = (input.sites, input.settings);
    let min_backdate = settings.min_backdate as f64;
    for p in &sites.payloads {
        let Some(iat) = p.claim("iat") else { continue };
        for alt in iat.value.alternatives() {
            let Some(t) = alt.time() else { continue };
            let ahead = t.offset_seconds();
            let backdate = -ahead;
            // A backdate of `min_backdate` or more is enough; `min_backdate = 0` accepts now.
            // With the default of 1, any backdate at all is enough (a fractional `now - 0.5`
            // is not "now"), as before the setting existed.
            let enough = match settings.min_backdate {
                1 => backdate > 0.0,
                _ => backdate >= min_backdate,
            };
            if enough {
                continue;
            }
            let message = if ahead == 0.0 {
                "`iat` is the current time; a clock running ahead of Zoom's makes the token \"issued in the future\"".to_string()
            } else if ahead > 0.0 {
                format!(
                    "`iat` is {ahead} s in the future; Zoom rejects a token issued in its future"
                )
            } else {
                format!(
                    "`iat` is backdated by only {backdate} s; the project asks for at least {} s (`min-backdate-seconds`)",
                    settings.min_backdate
                )
            };
            let mut finding = Finding::new("SIG003", alt.span, message);
            // `now - 30` in the expression's own unit. Only for a timestamp the source computes
            // itself: a date handed to a library (`setIssuedAt(new Date())`) or text is not
            // something to subtract from.
            if let (Value::Time(t), true) = (&alt.value, ahead == 0.0) {
                let amount = 30 * t.unit.per_second();
                let edits = wrap(
                    input,
                    alt.span,
                    "",
                    &format!(" - {amount}"),
                    Tightness::Additive,
                );
                finding = finding.with_fix(Fix::safe(
                    format!("backdate iat by 30 seconds (`- {amount}`)"),
                    edits,
                ));
            }
            out.push(finding);
        }
    }
}
